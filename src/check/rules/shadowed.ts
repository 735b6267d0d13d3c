/**
 * `shadowed`: a row of a `first` or `priority` table that can never decide
 * the result, because rows that win over it (earlier rows; rows with a
 * higher-priority output) match every input it matches. A warning: the table
 * still answers, but not as the author of that row meant.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { Decision, Literal } from '../../model/index.js';
import { rowName } from '../context.js';
import { shadowedRows } from '../runs.js';
import { inModelTerms, pointOf, validity, witnessInput, type Table } from '../table.js';
import type { CheckRule } from './index.js';

/** The rank of each row's output in the priority order (0 = highest), or undefined when it cannot be known. */
function priorities(decision: Decision): number[] | undefined {
  for (const out of decision.outputs) {
    const order: string[] | undefined = out.type.values?.map((v) => v.key) ?? out.type.priority?.map(literalKey);
    if (!order || order.length === 0) continue;
    const ranks: number[] = [];
    for (const rule of decision.rules) {
      const e = rule.then.find((t) => t.output === out.name)?.expr;
      if (!e || e.kind !== 'literal') return undefined;
      // A null output is in no priority list: it ranks below every listed value.
      if (e.value.kind === 'null') {
        ranks.push(order.length);
        continue;
      }
      const rank = order.indexOf(literalKey(e.value));
      if (rank < 0) return undefined;
      ranks.push(rank);
    }
    return ranks;
  }
  return undefined;
}

function literalKey(l: Literal): string {
  return l.kind === 'number' ? l.value.normalize().toString() : String(l.value);
}

/** Covering rows named in one message. */
const MAX_NAMED = 8;
/** Shadowed rows listed per decision; the rest are counted (finding a row's rivals costs a pass over the table). */
const MAX_SHADOWED = 50;

export const shadowed: CheckRule = {
  name: 'shadowed',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const decision of ctx.decisions) {
      if (decision.hit !== 'first' && decision.hit !== 'priority') continue;
      const r = ctx.table(decision);
      if (!r.ok) continue;
      const ranks = decision.hit === 'priority' ? priorities(decision) : undefined;
      if (decision.hit === 'priority' && !ranks) continue;
      const { table } = r;
      const rank = ranks ?? decision.rules.map((_, i) => i);
      const found = shadowedRows(table.boxes, table.live, rank, validity(table.axes));
      for (const i of found.slice(0, MAX_SHADOWED)) {
        const by = rivals(table, i, rank);
        const rule = decision.rules[i];
        const region = table.boxes.box(i).flatMap((s) => [s[0], s[1]]);
        const { values } = pointOf(table.axes, region);
        const input = inModelTerms(decision, witnessInput(table.axes, values, decision));
        // A catch-all row at the end of a big table is covered by thousands: name a few, count the rest.
        const names = by.slice(0, MAX_NAMED).map((w) => rowName(decision.rules[w]));
        if (by.length > MAX_NAMED) names.push(`… (+${by.length - MAX_NAMED})`);
        out.push(
          diag('shadowed', 'warning', 'check.shadowed', { a: rowName(rule), by: names.join(', '), hit: decision.hit }, rule.span, {
            witness: { input },
            related: by.slice(0, 5).map((w) => ctx.related(decision.rules[w].span, 'check.related-covers', { a: rowName(decision.rules[w]) })),
          }),
        );
      }
      if (found.length > MAX_SHADOWED) {
        out.push(diag('shadowed', 'info', 'check.shadowed-more', { count: found.length - MAX_SHADOWED, id: decision.id, max: MAX_SHADOWED }, decision.span));
      }
    }
    void model;
    return out;
  },
};

/** The rows that win over row `i` and meet it: together they cover it (asked only of shadowed rows). */
function rivals(table: Table, i: number, rank: readonly number[]): number[] {
  return table.live.filter((w) => w !== i && rank[w] < rank[i] && table.boxes.meet(w, i));
}
