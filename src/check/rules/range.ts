/**
 * `range` for what the resolver cannot see alone: a declared domain with no
 * value in it, and a cell that matches nothing inside its input's domain (the
 * row can never fire). Also says, once per decision, when a table is outside
 * exact reasoning (expression cells), so silence is never mistaken for a proof.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { formatUnaryTest } from '../../lang/format.js';
import type { Literal, UnaryTest } from '../../model/index.js';
import { typeDomain } from '../../resolve/decision.js';
import type { CheckRule } from './index.js';

/** Whether the resolver already reported a literal of the cell as outside its type's range. */
function hasOutOfTypeLiteral(test: UnaryTest, kind: Parameters<typeof typeDomain>[0]): boolean {
  const dom = typeDomain(kind);
  const bad = (l: Literal) =>
    l.kind === 'number' && ((dom.min !== undefined && l.value.lt(dom.min)) || (dom.max !== undefined && l.value.gt(dom.max)) || (dom.integer === true && !l.value.isInteger()));
  switch (test.kind) {
    case 'compare':
      return bad(test.value);
    case 'range':
      return bad(test.low) || bad(test.high) || emptyInterval(test);
    case 'or':
    case 'not':
      return test.items.some((t) => hasOutOfTypeLiteral(t, kind));
    default:
      return false;
  }
}

function emptyInterval(t: Extract<UnaryTest, { kind: 'range' }>): boolean {
  if (t.low.kind !== 'number' || t.high.kind !== 'number') return false;
  const c = t.low.value.cmp(t.high.value);
  return c > 0 || (c === 0 && !(t.lowClosed && t.highClosed));
}

export const range: CheckRule = {
  name: 'range',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const decision of ctx.decisions) {
      const r = ctx.table(decision);
      if (!r.ok) {
        const why = r.why;
        if (why.reason === 'expr') {
          const span = why.test.span ?? decision.span;
          out.push(diag('limit', 'info', 'check.expr-cell', { cell: formatUnaryTest(why.test), id: decision.id }, span));
        } else if (why.reason === 'empty-domain') {
          const f = why.field;
          out.push(diag('range', 'error', 'check.empty-domain', { name: f.name, type: f.type.kind }, f.type.domain?.span ?? f.span));
        }
        continue;
      }
      const { table } = r;
      const { boxes, live } = table;
      // Only rows that are not live have a cell matching nothing.
      if (live.length === decision.rules.length) continue;
      for (let i = 0; i < decision.rules.length; i++) {
        const rule = decision.rules[i];
        for (let a = 0; a < table.axes.length; a++) {
          if (boxes.count(i, a) > 0) continue;
          const cell = rule.when[a];
          if (!cell || hasOutOfTypeLiteral(cell.test, table.axes[a].type.kind)) continue;
          const field = decision.inputs[a];
          out.push(
            diag('range', 'error', 'check.empty-cell', { cell: cell.source, name: field.name, domain: field.type.domain ? formatUnaryTest(field.type.domain) : field.type.kind }, cell.span),
          );
        }
      }
    }
    void model;
    return out;
  },
};
