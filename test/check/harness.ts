/**
 * Shared by the check tests: a fixture folder through the pipeline and the
 * checker, as `code[:severity] file:line:col witness` lines (severity shown
 * when it is not `error`; witness as `name = value, …`, or `asOf = date`;
 * without a witness, the first value the message quotes).
 */
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { check } from '../../src/check/index.js';
import { loadModel } from '../../src/pipeline.js';

export function line(d: Diagnostic): string {
  const w = d.witness;
  const point = w
    ? Object.entries(w.input).map(([k, v]) => `${k} = ${v}`).join(', ') || (w.asOf ? `asOf = ${w.asOf}` : '')
    : (/`([^`]*)`/.exec(d.message)?.[1] ?? '');
  return `${d.code}${d.severity === 'error' ? '' : ':' + d.severity} ${d.file}:${d.line}:${d.column}${point ? ' ' + point : ''}`;
}

/** Pipeline findings (errors and warnings) then the checker's, both in position order. */
export function run(dir: string): { pipeline: Diagnostic[]; check: Diagnostic[] } {
  setLang('en');
  const r = loadModel('policies', { cwd: dir });
  if (!r.model) throw new Error(`no model for ${dir}`);
  return { pipeline: r.diagnostics.filter((d) => d.severity !== 'info'), check: check(r.model) };
}
