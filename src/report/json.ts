import type { Diagnostic } from '../diagnostics/index.js';

/** The JSON report: exactly `{"diagnostics": [...]}` with the fields of DESIGN.md, in a stable key order. */
export function formatJson(diags: readonly Diagnostic[]): string {
  const list = diags.map((d) => {
    const o: Record<string, unknown> = {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
    };
    if (d.endLine !== undefined) o.endLine = d.endLine;
    if (d.endColumn !== undefined) o.endColumn = d.endColumn;
    if (d.document !== undefined) o.document = d.document;
    if (d.decision !== undefined) o.decision = d.decision;
    if (d.related?.length) o.related = d.related.map(({ key: _k, params: _p, ...r }) => r);
    if (d.hint !== undefined) o.hint = d.hint;
    if (d.witness) o.witness = d.witness;
    return o;
  });
  return JSON.stringify({ diagnostics: list }, null, 2) + '\n';
}
