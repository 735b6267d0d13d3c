import type { Expr } from '../model/index.js';

/** The direct sub-expressions of a node, in source order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'call':
      return [...e.args, ...Object.values(e.named ?? {})];
    case 'field':
      return [e.target];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'builtin':
      return e.args;
    case 'list':
      return e.items;
    default:
      return [];
  }
}

/**
 * Visits every node of an expression, parents first. `visit` may return false to
 * skip a node's children. Iterative, so a deep formula cannot overflow the stack.
 */
export function walkExpr(root: Expr, visit: (e: Expr, parent?: Expr) => boolean | void): void {
  const stack: [Expr, Expr | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [e, parent] = stack.pop()!;
    if (visit(e, parent) === false) continue;
    const kids = childrenOf(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], e]);
  }
}
