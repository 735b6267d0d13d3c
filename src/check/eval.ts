/**
 * A small evaluator for what invariants need: a decision at one input
 * (tables by the shared cell matcher, formulas, calls of other decisions) and
 * a boolean expression over the result. It answers `undefined` rather than
 * guess: no matching row, a decision with several versions (no as-of date
 * here), a value of the wrong type. The full interpreter lives in
 * `src/evaluate`; this one stays inside the checker so a proof never depends
 * on code being written beside it.
 */
import { matchesUnary } from '../lang/unary.js';
import { compareValues, valuesEqual } from '../lang/values.js';
import type { Decision, Expr, Model, Value } from '../model/index.js';
import { Decimal, DecimalError } from '../runtime/decimal.js';

type Env = Record<string, Value>;
type Ctx = Record<string, Value>;

const MAX_DEPTH = 40;

function isCtx(v: Value | undefined): v is Ctx {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && (v as { kind?: unknown }).kind !== 'date';
}

/** A one-output decision's result stands for its value where a value is needed. */
function unwrap(v: Value | undefined): Value | undefined {
  if (isCtx(v)) {
    const keys = Object.keys(v);
    return keys.length === 1 ? v[keys[0]] : v;
  }
  return v;
}

function num(v: Value | undefined): Decimal | undefined {
  const u = unwrap(v);
  return Decimal.isDecimal(u) ? u : undefined;
}

/** Evaluates decisions and expressions of one model. */
export class Evaluator {
  private depth = 0;

  constructor(private readonly model: Model) {}

  /** The outputs of `decision` for `inputs`, or undefined when it gives none. */
  decide(decision: Decision, inputs: Env): Ctx | undefined {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return undefined;
    }
    try {
      return this.decideInner(decision, inputs);
    } catch (e) {
      if (e instanceof DecimalError) return undefined;
      throw e;
    } finally {
      this.depth--;
    }
  }

  private decideInner(decision: Decision, inputs: Env): Ctx | undefined {
    const env: Env = {};
    for (const f of decision.inputs) env[f.name] = inputs[f.name] ?? null;
    const out: Ctx = {};
    const formulaOutputs = new Set(decision.formulas.map((f) => f.output));
    const tableOutputs = decision.outputs.filter((o) => !formulaOutputs.has(o.name));
    if (tableOutputs.length > 0) {
      const matched = decision.rules.filter((r) => r.when.every((c) => matchesUnary(c.test, env[c.input] ?? null)));
      const hit = decision.hit;
      if (matched.length === 0) {
        if (hit === 'collect' || hit === 'collect-count') {
          for (const o of tableOutputs) out[o.name] = hit === 'collect' ? [] : Decimal.ZERO;
        } else if (decision.defaults?.length) {
          for (const d of decision.defaults) {
            const v = this.expr(d.expr, env);
            if (v === undefined) return undefined;
            out[d.output] = v;
          }
        } else return undefined;
      } else if (hit.startsWith('collect')) {
        for (const o of tableOutputs) {
          const vals: Value[] = [];
          for (const r of matched) {
            const e = r.then.find((t) => t.output === o.name);
            const v = e ? this.expr(e.expr, env) : undefined;
            if (v === undefined) return undefined;
            vals.push(v);
          }
          const nums = vals.map((v) => num(v));
          if (hit === 'collect') out[o.name] = vals;
          else if (hit === 'collect-count') out[o.name] = Decimal.fromNumber(vals.length);
          else {
            if (nums.some((n) => n === undefined)) return undefined;
            const ns = nums as Decimal[];
            out[o.name] =
              hit === 'collect-sum' ? ns.reduce((a, b) => a.add(b), Decimal.ZERO) : ns.reduce((a, b) => ((hit === 'collect-min' ? b.lt(a) : b.gt(a)) ? b : a));
          }
        }
      } else {
        const row = matched[0];
        for (const t of row.then) {
          const v = this.expr(t.expr, env);
          if (v === undefined) return undefined;
          out[t.output] = v;
        }
      }
    }
    for (const f of decision.formulas) {
      const v = this.expr(f.expr, { ...env, ...out });
      if (v === undefined) return undefined;
      out[f.output] = v;
    }
    const rounding = decision.rounding ?? this.model.config.rounding;
    if (rounding) {
      for (const o of decision.outputs) {
        const v = out[o.name];
        if (o.type.kind === 'money' && Decimal.isDecimal(v)) out[o.name] = v.round(rounding.step, rounding.mode);
      }
    }
    return out;
  }

  /** The value of `e` in `env`, or undefined when it has none. */
  expr(e: Expr, env: Env): Value | undefined {
    switch (e.kind) {
      case 'literal':
        return e.value.value;
      case 'name':
        return Object.prototype.hasOwnProperty.call(env, e.name) ? env[e.name] : undefined;
      case 'field': {
        const t = this.expr(e.target, env);
        return isCtx(t) && Object.prototype.hasOwnProperty.call(t, e.field) ? t[e.field] : undefined;
      }
      case 'unary': {
        const v = unwrap(this.expr(e.operand, env));
        if (e.op === 'not') return typeof v === 'boolean' ? !v : undefined;
        return Decimal.isDecimal(v) ? v.neg() : undefined;
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, env);
      case 'if': {
        const c = unwrap(this.expr(e.cond, env));
        if (typeof c !== 'boolean') return undefined;
        return this.expr(c ? e.then : e.else, env);
      }
      case 'builtin':
        return this.builtin(e.name, e.args.map((a) => unwrap(this.expr(a, env))));
      case 'call': {
        const versions = this.model.decisions.get(e.decision);
        if (!versions || versions.length !== 1) return undefined;
        const callee = versions[0];
        const inputs: Env = {};
        for (let i = 0; i < e.args.length; i++) {
          const f = callee.inputs[i];
          const v = unwrap(this.expr(e.args[i], env));
          if (!f || v === undefined) return undefined;
          inputs[f.name] = v;
        }
        for (const [k, a] of Object.entries(e.named ?? {})) {
          const v = unwrap(this.expr(a, env));
          if (v === undefined) return undefined;
          inputs[k] = v;
        }
        return this.decide(callee, inputs);
      }
      case 'list': {
        const items = e.items.map((i) => this.expr(i, env));
        return items.some((i) => i === undefined) ? undefined : (items as Value[]);
      }
    }
  }

  private binary(op: string, l: Expr, r: Expr, env: Env): Value | undefined {
    if (op === 'and' || op === 'or') {
      const a = unwrap(this.expr(l, env));
      if (typeof a !== 'boolean') return undefined;
      if (op === 'and' && !a) return false;
      if (op === 'or' && a) return true;
      const b = unwrap(this.expr(r, env));
      return typeof b === 'boolean' ? b : undefined;
    }
    const a = unwrap(this.expr(l, env));
    const b = unwrap(this.expr(r, env));
    if (a === undefined || b === undefined) return undefined;
    if (op === '=') return valuesEqual(a, b);
    if (op === '!=') return !valuesEqual(a, b);
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      const c = compareValues(a, b);
      if (c === undefined) return undefined;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    if (!Decimal.isDecimal(a) || !Decimal.isDecimal(b)) return undefined;
    switch (op) {
      case '+':
        return a.add(b);
      case '-':
        return a.sub(b);
      case '*':
        return a.mul(b);
      case '/':
        return b.isZero() ? undefined : a.div(b);
      case '**':
        return b.isInteger() && b.abs().lte(Decimal.fromNumber(64)) ? a.pow(b.toNumber()) : undefined;
    }
    return undefined;
  }

  private builtin(name: string, args: (Value | undefined)[]): Value | undefined {
    if (args.some((a) => a === undefined)) return undefined;
    const flat = (args.length === 1 && Array.isArray(args[0]) ? (args[0] as Value[]) : (args as Value[])).map((v) => unwrap(v));
    const nums = flat.map((v) => (Decimal.isDecimal(v) ? v : undefined));
    switch (name) {
      case 'min':
      case 'max': {
        if (nums.length === 0 || nums.some((n) => n === undefined)) return undefined;
        const ns = nums as Decimal[];
        return ns.reduce((x, y) => ((name === 'min' ? y.lt(x) : y.gt(x)) ? y : x));
      }
      case 'abs':
        return nums[0]?.abs();
      case 'floor':
        return nums[0]?.floor();
      case 'ceiling':
        return nums[0]?.ceiling();
      case 'round':
        return nums[0] && nums[1] && nums[1].sign() > 0 ? nums[0].round(nums[1], 'half-up') : undefined;
      case 'date':
        return typeof flat[0] === 'string' ? { kind: 'date', iso: flat[0] } : undefined;
      default:
        return undefined;
    }
  }
}
