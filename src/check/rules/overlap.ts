/**
 * `overlap`: two rows of a `unique` or `any` table that match one input and
 * give different outputs (an error), or, in a `unique` table, the same
 * outputs (info: the table is not unique, though no answer is in doubt; an
 * error for a model imported from DMN, whose rule it is).
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { rowName, showPoint } from '../context.js';
import { overlapGroups } from '../sweep.js';
import { inModelTerms, meetRegion, pointOf, witnessInput } from '../table.js';
import type { CheckRule } from './index.js';

/** Findings per decision; past this the table needs rework, not a longer list. */
const MAX_OVERLAPS = 50;

/** Pairs across output groups (different outputs) first, then, when asked, pairs within a group. */
function* pairsOf(buckets: number[][], within: boolean): Generator<[number, number, boolean]> {
  for (let i = 0; i < buckets.length; i++) {
    for (let j = i + 1; j < buckets.length; j++) for (const a of buckets[i]) for (const b of buckets[j]) yield [a, b, true];
  }
  if (!within) return;
  for (const bucket of buckets) {
    for (let x = 0; x < bucket.length; x++) for (let y = x + 1; y < bucket.length; y++) yield [bucket[x], bucket[y], false];
  }
}

export const overlap: CheckRule = {
  name: 'overlap',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const decision of ctx.decisions) {
      if (decision.hit !== 'unique' && decision.hit !== 'any') continue;
      const r = ctx.table(decision);
      if (!r.ok || decision.rules.length < 2) continue;
      const { table } = r;
      const seen = new Set<number>();
      const n = decision.rules.length;
      let count = 0;
      overlapGroups(table.boxes, table.live, (group) => {
        // Only rows with different outputs can disagree; in an `any` table nothing else matters.
        const byKey = new Map<string, number[]>();
        for (const row of group) {
          const k = table.outputKey(row);
          const list = byKey.get(k);
          if (list) list.push(row);
          else byKey.set(k, [row]);
        }
        for (const [p, q, differ] of pairsOf([...byKey.values()], decision.hit === 'unique')) {
          const a = Math.min(p, q);
          const b = Math.max(p, q);
          const key = a * n + b;
          if (seen.has(key)) continue;
          seen.add(key);
          const region = meetRegion(table.boxes.box(a), table.boxes.box(b));
          if (!region) continue;
          const { values } = pointOf(table.axes, region);
          const input = inModelTerms(decision, witnessInput(table.axes, values, decision));
          const ra = decision.rules[a];
          const rb = decision.rules[b];
          out.push(
            diag(
              'overlap',
              // DMN's rule: a unique table's rows never overlap, whatever they give (rulebook's own tables: info).
              differ || decision.semantics === 'feel' ? 'error' : 'info',
              differ ? 'check.overlap' : 'check.overlap-same',
              { a: rowName(ra), b: rowName(rb), point: showPoint(input), hit: decision.hit },
              rb.span,
              { witness: { input }, related: [ctx.related(ra.span, 'check.related-row', { a: rowName(ra) })] },
            ),
          );
          if (++count >= MAX_OVERLAPS) return false;
        }
        return true;
      });
    }
    void model;
    return out;
  },
};
