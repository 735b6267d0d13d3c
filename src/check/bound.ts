/**
 * Bounded output: however many findings one kind of contradiction gives (520
 * decisions sharing an input and an output pair up into 134,940), the report
 * lists at most MAX_PER_CODE of each code, in position order, and then one
 * finding that says how many more there are, at the first one left out. A
 * report that the reader cannot read, or a CI log of 91 MB, helps no one: the
 * first findings show the pattern, and fixing it removes the rest.
 */
import { register } from '../diagnostics/catalogue.js';
import { diag, sortDiagnostics, type Diagnostic, type Severity } from '../diagnostics/index.js';

/** Findings listed per diagnostic code. */
export const MAX_PER_CODE = 200;

register({
  'check.more-findings': {
    en: '{count} more `{code}` findings not listed',
    zh: '还有 {count} 个 `{code}` 问题未列出',
    hintEn: 'the checker lists at most {max} findings of each kind; fix the listed ones (they likely share one cause) and run it again',
    hintZh: '每类问题最多列出 {max} 个；请先修正已列出的问题（它们多半出自同一原因），然后重新检查',
  },
});

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `diags` sorted, at most MAX_PER_CODE of each code, each code's overflow said in one finding of its highest severity. */
export function boundFindings(diags: Diagnostic[], max = MAX_PER_CODE): Diagnostic[] {
  const sorted = sortDiagnostics(diags);
  const seen = new Map<string, number>();
  const over = new Map<string, { first: Diagnostic; count: number; severity: Severity }>();
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= max) {
      out.push(d);
      continue;
    }
    const o = over.get(d.code);
    if (!o) over.set(d.code, { first: d, count: 1, severity: d.severity });
    else {
      o.count++;
      if (RANK[d.severity] > RANK[o.severity]) o.severity = d.severity;
    }
  }
  for (const [code, o] of over) out.push(diag(o.first.code, o.severity, 'check.more-findings', { count: o.count, code, max }, o.first));
  return over.size ? sortDiagnostics(out) : out;
}
