/**
 * The SQL back end: the Model → `duckdb.sql`, `postgres.sql`, `spark.sql` and
 * `manifest.json` (see generate.ts for what each decision becomes). What SQL
 * cannot express comes back as a diagnostic at the place, never a half-written
 * script.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Model } from '../model/index.js';
import { generateSql, SqlUnsupported, type SqlManifest } from './generate.js';
import { SqlNameError } from './fragment.js';
import './messages.js';
import { t } from '../diagnostics/catalogue.js';

export type { SqlManifest } from './generate.js';
export { INPUT_TYPES } from './generate.js';

/** The files of `dist/sql/`, or the diagnostics that stop them. */
export function compileSql(model: Model): { files?: Map<string, string>; manifest?: SqlManifest; diagnostics: Diagnostic[] } {
  try {
    const { files, manifest } = generateSql(model);
    return { files, manifest, diagnostics: [] };
  } catch (e) {
    if (e instanceof SqlUnsupported) {
      const words = t('sql.unsupported', { decision: e.decision.id, what: e.message });
      return { diagnostics: [{ code: 'sql', severity: 'error', message: words.message, hint: words.hint, file: e.span.file, line: e.span.line, column: e.span.column }] };
    }
    if (e instanceof SqlNameError) {
      const words = t('sql.name', { name: JSON.stringify(e.value) });
      return { diagnostics: [{ code: 'sql', severity: 'error', message: words.message, hint: words.hint, file: model.config.file ?? 'rulebook.yaml', line: 1, column: 1 }] };
    }
    throw e;
  }
}
