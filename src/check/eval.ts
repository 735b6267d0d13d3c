/**
 * What invariants need from evaluation — a decision version at one input, and
 * an expression over the result — answered by the interpreter (`src/evaluate`),
 * so a proof and payroll run the same semantics. `undefined` means "no answer
 * here" (no row matched, a value outside a domain, a division by zero): the
 * invariant rule then skips that point rather than guess.
 */
import { evaluateExpression, evaluateVersion } from '../evaluate/index.js';
import type { Decision, Expr, Model, Value } from '../model/index.js';

type Env = Record<string, Value>;

/** Evaluates decisions and expressions of one model. */
export class Evaluator {
  constructor(private readonly model: Model) {}

  /** The outputs of `decision` for `inputs`, or undefined when it gives none. */
  decide(decision: Decision, inputs: Env): Env | undefined {
    return evaluateVersion(this.model, decision, inputs).output;
  }

  /** The value of `e` in `env`, or undefined when it has none. */
  expr(e: Expr, env: Env): Value | undefined {
    return evaluateExpression(this.model, e, env).value;
  }
}
