/** Walking the expressions of a decision (outputs, formulas, defaults, expression cells): what calls what. */
import type { Decision, Expr } from '../model/index.js';

function walkExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  switch (e.kind) {
    case 'field':
      return walkExpr(e.target, f);
    case 'unary':
      return walkExpr(e.operand, f);
    case 'binary':
      walkExpr(e.left, f);
      return walkExpr(e.right, f);
    case 'if':
      walkExpr(e.cond, f);
      walkExpr(e.then, f);
      return walkExpr(e.else, f);
    case 'builtin':
    case 'list':
      for (const a of e.kind === 'builtin' ? e.args : e.items) walkExpr(a, f);
      return;
    case 'call':
      for (const a of [...e.args, ...Object.values(e.named ?? {})]) walkExpr(a, f);
      return;
    default:
      return;
  }
}

/** Calls `f` on every expression node of a decision. */
export function walkExprs(d: Decision, f: (e: Expr) => void): void {
  for (const r of d.rules) {
    for (const t of r.then) walkExpr(t.expr, f);
    for (const c of r.when) if (c.test.kind === 'expr') walkExpr(c.test.expr, f);
  }
  for (const x of d.formulas) walkExpr(x.expr, f);
  for (const o of d.defaults ?? []) walkExpr(o.expr, f);
}
