/**
 * `rulebook build --target sql`: policies → checked model → `dist/sql/`
 * (`duckdb.sql`, `postgres.sql`, `spark.sql`, `manifest.json`), written whole
 * through a temporary folder, or not at all when the policies have errors or
 * a decision cannot be written as SQL.
 */
import { t } from '../../diagnostics/catalogue.js';
import '../messages.js';
import { join, sep } from 'node:path';
import { check } from '../../check/index.js';
import { sortDiagnostics } from '../../diagnostics/index.js';
import { loadModel } from '../../pipeline.js';
import { compileSql } from '../../sql/index.js';
import { chooseLang, loadOptions, policyDir, progress, report } from '../common.js';
import { asWriteError, replaceFolder, WriteError } from '../write.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir({ args: [], opts: input.opts });
  const out = typeof input.opts.out === 'string' && input.opts.out ? input.opts.out : 'dist';
  chooseLang(input, dir);
  progress(`rulebook: ${t('build.progress-sql', { policies: dir, out: join(out, 'sql') }).message}`);
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (!loaded.model || loaded.fatal) return report(loaded.diagnostics, input, loaded.sources, true);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...check(loaded.model)]);
  if (diagnostics.some((d) => d.severity === 'error')) return Math.max(1, report(diagnostics, input, loaded.sources));
  const sql = compileSql(loaded.model);
  if (!sql.files) return Math.max(1, report([...diagnostics, ...sql.diagnostics], input, loaded.sources));
  try {
    replaceFolder(sql.files, join(out, 'sql'));
  } catch (e) {
    const err = asWriteError(e, join(out, 'sql'));
    if (!(err instanceof WriteError)) throw err;
    process.stderr.write(`rulebook build: ${err.message}\n`);
    return 2;
  }
  const code = diagnostics.length ? report(diagnostics, input, loaded.sources) : 0;
  process.stdout.write(`${[...sql.files.keys()].map((f) => join(out, 'sql') + sep + f).join(', ')}\n`);
  return code;
}
