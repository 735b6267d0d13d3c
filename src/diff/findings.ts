/**
 * Check findings a change introduces and those it fixes: the checker run on
 * both sides, findings matched by what they say (code, file, message), not by
 * where, since an edit above a finding moves its line without changing it.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Finding } from './types.js';

const key = (d: Diagnostic) => `${d.code}\u0000${d.file}\u0000${d.message}`;

function finding(d: Diagnostic): Finding {
  return { code: d.code, severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message };
}

/** Findings in `head` and not in `base` (introduced), and the other way round (fixed); info findings left out. */
export function findingsDiff(base: Diagnostic[], head: Diagnostic[]): { introduced: Finding[]; fixed: Finding[] } {
  const count = (ds: Diagnostic[]) => {
    const m = new Map<string, number>();
    for (const d of ds) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
    return m;
  };
  const before = count(base);
  const after = count(head);
  const pick = (ds: Diagnostic[], other: Map<string, number>) => {
    const left = new Map(other);
    const out: Finding[] = [];
    for (const d of ds) {
      if (d.severity === 'info') continue;
      const n = left.get(key(d)) ?? 0;
      if (n > 0) left.set(key(d), n - 1);
      else out.push(finding(d));
    }
    return out;
  };
  return { introduced: pick(head, before), fixed: pick(base, after) };
}
