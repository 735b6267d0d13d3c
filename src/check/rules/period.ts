/**
 * `period-overlap` and `period-gap`: the versions of one decision id, taken in
 * order of `effective.from`, must follow each other without overlap (two
 * answers on one day) or gap (none). Periods are half-open: `until` is the
 * first day the version no longer applies.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { Decision } from '../../model/index.js';
import type { CheckRule } from './index.js';

export const period: CheckRule = {
  name: 'period',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const [id, versions] of model.decisions) {
      const dated = versions.filter((v): v is Decision & { effective: NonNullable<Decision['effective']> } => v.effective !== undefined);
      if (dated.length < 2) continue;
      const sorted = [...dated].sort((a, b) => (a.effective.from.iso < b.effective.from.iso ? -1 : a.effective.from.iso > b.effective.from.iso ? 1 : 0));
      // The version reaching furthest so far: an open-ended one reaches forever.
      let reach = sorted[0];
      for (const next of sorted.slice(1)) {
        const until = reach.effective.until?.iso;
        const from = next.effective.from.iso;
        const related = [ctx.related(reach.effective.span, 'check.related-version', { id })];
        if (until === undefined || from < until) {
          out.push(diag('period-overlap', 'error', 'check.period-overlap', { id, date: from }, next.effective.span, { witness: { input: {}, asOf: from }, related }));
        } else if (from > until) {
          out.push(
            diag('period-gap', 'warning', 'check.period-gap', { id, from: until, until: from }, next.effective.span, {
              witness: { input: {}, asOf: until, region: { asOf: `[${until}..${from})` } },
              related,
            }),
          );
        }
        const nu = next.effective.until?.iso;
        if (until !== undefined && (nu === undefined || nu > until)) reach = next;
      }
    }
    void ctx;
    return out;
  },
};
