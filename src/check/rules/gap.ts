/**
 * `gap`: inputs in the domain that no row matches, for every hit policy but
 * the collect ones (where matching nothing is an answer: the empty list). A
 * decision with a `default` has no gaps, nor has an exception (`overrides`):
 * where none of its rows matches, the rule it overrides answers, so its table
 * covers only where it applies. The finding sits at the cell of the
 * row just past the gap (or just before it), names the bordering rows, and
 * gives the uncovered region and one point in it.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { rowName, showPoint } from '../context.js';
import { findGaps, mergeRegions } from '../runs.js';
import { inModelTerms, pointOf, validity, witnessInput, witnessRegion } from '../table.js';
import type { CheckRule } from './index.js';

/** Gaps listed per decision; the rest are counted. */
const MAX_GAPS = 10;
const SEARCH = 500;

export const gap: CheckRule = {
  name: 'gap',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const decision of ctx.decisions) {
      if (decision.hit.startsWith('collect') || (decision.defaults && decision.defaults.length > 0)) continue;
      if (decision.rules.length === 0) continue;
      if (decision.overrides) continue;
      const r = ctx.table(decision);
      if (!r.ok) continue;
      const { table } = r;
      const found = findGaps(table.boxes, table.live, table.axes.map((a) => a.domain), validity(table.axes), SEARCH);
      const merged = mergeRegions(found.map((g) => g.region));
      merged.slice(0, MAX_GAPS).forEach((region) => {
        const g = found.find((f) => f.region.every((x, k) => (k % 2 === 0 ? x >= region[k] : x <= region[k]))) ?? found[0];
        const { values } = pointOf(table.axes, region);
        const input = inModelTerms(decision, witnessInput(table.axes, values, decision));
        const after = g.after[0];
        const before = g.before[0];
        const at = after ?? before;
        const span = at !== undefined ? (decision.rules[at].when[g.axis]?.span ?? decision.rules[at].span) : decision.span;
        const related = [
          ...g.before.slice(0, 3).map((i) => ctx.related(decision.rules[i].span, 'check.related-before', { a: rowName(decision.rules[i]) })),
          ...g.after.slice(0, 3).map((i) => ctx.related(decision.rules[i].span, 'check.related-after', { a: rowName(decision.rules[i]) })),
        ];
        const regionText = inModelTerms(decision, witnessRegion(table.axes, region, decision));
        out.push(
          diag('gap', 'error', 'check.gap', { point: showPoint(input), region: showRegion(regionText) }, span, {
            witness: { input, region: regionText },
            related,
          }),
        );
      });
      if (merged.length > MAX_GAPS) {
        out.push(
          diag('gap', 'info', 'check.gap-more', { count: found.length >= SEARCH ? `${merged.length - MAX_GAPS}+` : merged.length - MAX_GAPS, id: decision.id, max: MAX_GAPS }, decision.span),
        );
      }
    }
    void model;
    return out;
  },
};

/** `conversion in [70%..70%]`, leaving out inputs the region does not constrain. */
function showRegion(region: Record<string, string>): string {
  const parts = Object.entries(region)
    .filter(([, v]) => v !== '-')
    .map(([k, v]) => `${k} in ${v}`);
  return parts.length ? parts.join(', ') : '-';
}
