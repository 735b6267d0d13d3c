/**
 * Formula evaluation on exact decimals, FEEL-style: arithmetic with `null`
 * gives `null`, comparisons of different types give `null`, `and`/`or` are
 * three-valued. Failures (division by zero, a bad argument) throw `EvalFail`,
 * which `evaluate` turns into an error value.
 */
import type { Expr, Span, Value } from '../model/index.js';
import { Decimal, DecimalError, type RoundingMode } from '../runtime/decimal.js';
import { compareValues, valuesEqual } from '../lang/values.js';
import { BUILTIN_BY_NAME, type Builtin } from '../lang/builtins/index.js';
import { formatExpr } from '../lang/format.js';
import { parseDate } from '../model/convert.js';
import { and3, binaryOp, or3, scalarOf, truthOf } from '../runtime/semantics.js';
import { isTemporal, showTemporal } from '../runtime/temporal.js';
import { getLang, t, type Lang, type Params } from '../diagnostics/catalogue.js';
import type { EvalError, EvalErrorCode, Step } from './types.js';
import './messages.js';

/** An evaluation error on its way up to `evaluate`, which returns it as a value. */
export class EvalFail {
  constructor(readonly error: EvalError) {}
}

/** A catalogue entry split at its placeholders: text, name, text, name, …, text. */
interface Template {
  message: string[];
  hint?: string[];
}

const templates: Record<Lang, Map<string, Template>> = { en: new Map(), zh: new Map() };
const MARK = '\u0000';

/** Splits the words of `eval.<key>` in `lang` once; filling them is then a few concatenations, not a regex per error. */
function templateOf(key: string, lang: Lang): Template {
  let tpl = templates[lang].get(key);
  if (!tpl) {
    // Ask the catalogue to fill every placeholder with a marked name, then split at the marks.
    const probe = new Proxy({}, { get: (_, name) => (typeof name === 'string' ? MARK + name + MARK : undefined) }) as Params;
    const words = t(`eval.${key}`, probe, lang);
    tpl = { message: words.message.split(MARK) };
    if (words.hint !== undefined) tpl.hint = words.hint.split(MARK);
    templates[lang].set(key, tpl);
  }
  return tpl;
}

function fill(parts: string[], decision: string, params: Record<string, string | undefined>): string {
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const v = name === 'decision' && !('decision' in params) ? decision : params[name];
    out += (v === undefined ? '' : v) + parts[i + 1];
  }
  return out;
}

/** Builds an error value with its message from the catalogue. */
export function evalError(code: EvalErrorCode, decision: string, params: Record<string, string | undefined>, extra: Partial<EvalError> = {}, key = code as string): EvalError {
  const tpl = templateOf(key, getLang());
  const e: EvalError = { code, decision, message: fill(tpl.message, decision, params), ...extra };
  if (tpl.hint !== undefined) e.hint = fill(tpl.hint, decision, params);
  return e;
}

/** What a formula sees: names, decision calls and the rounding mode of `round`. */
export interface ExprEnv {
  decision: string;
  lookup(name: string): Value | undefined;
  call(decision: string, args: Expr[], named: Record<string, Expr> | undefined, span: Span): Value;
  roundMode: RoundingMode;
  /** FEEL's semantics (a decision of a `semantics: feel` document): a division by zero is null. */
  feel?: boolean;
  /** Collects intermediate values when explaining. */
  steps?: Step[];
}

function isContext(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && (v as { kind?: unknown }).kind !== 'date' && !isTemporal(v);
}

/** A context with a single entry stands for that entry (a call of a single-output decision). */
export function scalar(v: Value): Value {
  return scalarOf(v) as Value;
}

function fail(env: ExprEnv, e: Expr, reason: string): never {
  throw new EvalFail(evalError('bad-value', env.decision, { expr: formatExpr(e), reason }, { span: e.span }));
}

function num(env: ExprEnv, e: Expr, v: Value): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v;
  // FEEL: an operand of the wrong type makes the result null.
  if (env.feel) return null;
  return fail(env, e, `\`${isTemporal(v) ? showTemporal(v) : JSON.stringify(v)}\` is not a number`);
}

function truth(v: Value): boolean | null {
  return truthOf(v);
}

/** A built-in call: its one implementation (src/lang/builtins/), given the interpreter's kit. */
function builtin(env: ExprEnv, e: Expr & { kind: 'builtin' }): Value {
  const b = BUILTIN_BY_NAME.get(e.name);
  if (!b) return fail(env, e, `unknown function \`${e.name}\``);
  const args = e.args.map((a) => scalar(evalExpr(a, env)));
  // FEEL: a call that cannot be computed is null (only a `semantics: feel` decision gets here with a wrong arity).
  if (args.length < b.arity[0] || args.length > b.arity[1]) return null;
  if (env.feel) {
    try {
      return runBuiltin(b, args, env, e);
    } catch (err) {
      if (err instanceof EvalFail) return null;
      throw err;
    }
  }
  return runBuiltin(b, args, env, e);
}

function runBuiltin(b: Builtin, args: Value[], env: ExprEnv, e: Expr & { kind: 'builtin' }): Value {
  return b.run(args, {
    fail: (reason, detail) => {
      if (detail) throw new EvalFail(evalError('bad-value', env.decision, detail.params, { span: e.span }, detail.key));
      return fail(env, e, reason);
    },
    cmp: compareValues,
    eq: valuesEqual,
    date: (text) => parseDate(text),
    roundMode: env.roundMode,
  });
}

/** Evaluates a formula. Throws `EvalFail` on failure (turned into a value by `evaluate`). */
export function evalExpr(e: Expr, env: ExprEnv): Value {
  const v = evalNode(e, env);
  if (env.steps && e.kind !== 'literal' && e.kind !== 'name') env.steps.push({ expr: formatExpr(e), value: v, span: e.span });
  return v;
}

function evalNode(e: Expr, env: ExprEnv): Value {
  switch (e.kind) {
    case 'literal':
      return e.value.value;
    case 'name': {
      const v = env.lookup(e.name);
      if (v === undefined) return fail(env, e, `\`${e.name}\` has no value here`);
      return v;
    }
    case 'field': {
      const target = evalExpr(e.target, env);
      if (target === null) return null;
      if (!isContext(target) || !Object.prototype.hasOwnProperty.call(target, e.field)) return fail(env, e, `no \`${e.field}\` in the value`);
      return target[e.field];
    }
    case 'unary': {
      const v = scalar(evalExpr(e.operand, env));
      if (e.op === 'not') {
        const b = truth(v);
        return b === null ? null : !b;
      }
      const d = num(env, e, v);
      return d === null ? null : d.neg();
    }
    case 'binary': {
      if (e.op === 'and') return and3(evalExpr(e.left, env), () => evalExpr(e.right, env));
      if (e.op === 'or') return or3(evalExpr(e.left, env), () => evalExpr(e.right, env));
      const r = binaryOp(e.op, scalar(evalExpr(e.left, env)), scalar(evalExpr(e.right, env)));
      if (r.error === 'division-by-zero') {
        // FEEL: a division by zero is null (a `semantics: feel` decision).
        if (env.feel) return null;
        throw new EvalFail(evalError('division-by-zero', env.decision, { expr: formatExpr(e) }, { span: e.span }));
      }
      // FEEL: operands that cannot be combined (`true * 2`, `"a" - 1`) give null.
      if (r.error !== undefined) return env.feel ? null : fail(env, e, r.reason);
      return r.value as Value;
    }
    case 'if':
      return scalar(evalExpr(e.cond, env)) === true ? evalExpr(e.then, env) : evalExpr(e.else, env);
    case 'builtin':
      return builtin(env, e);
    case 'call':
      return env.call(e.decision, e.args, e.named, e.span);
    case 'list':
      return e.items.map((i) => scalar(evalExpr(i, env)));
  }
}
