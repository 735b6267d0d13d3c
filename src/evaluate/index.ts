/**
 * The interpreter: `evaluate(model, id, input, { asOf, explain })` gives a
 * decision's outputs exactly, or an error as a value. All DMN hit policies,
 * formulas calling other decisions, defaults, effective-dated versions and
 * rounding applied once at the output. Tables are matched through an index
 * prepared once per decision version and cached (WeakMap), so a 1,000-row
 * table costs a few binary searches, not a scan.
 *
 * The meaning itself (input conversion, domains, hit policies, versions in
 * force, value order) is `src/runtime/semantics.ts`, which the generated
 * evaluator inlines: this file only drives it over the model. Conventions:
 * - every evaluation is as of a date: `asOf`, else today (local date); the
 *   version whose period holds it is used, none is `no-version`;
 * - an absent (`undefined`/`null`) input is `missing-input`, unless it
 *   declares a `default`, which the explanation then names;
 * - asking a decision asks its exceptions (`overrides`) first: where one
 *   applies (its inputs inside their domains, a row matching), its outputs
 *   are the answer;
 * - money outputs are rounded by the decision's `rounding`, else the config's.
 */
import type { Decision, Expr, Model, Rule, Span, Value } from '../model/index.js';
import { t } from '../diagnostics/catalogue.js';
import { askedInputs, exceptionsOf } from '../model/precedence.js';
import { agreeingExceptions, applyHit, asOfIso, emptyHit, localToday, nearestPeriods, versionAt, type PeriodIso } from '../runtime/semantics.js';
import { type TableIndex } from './table-index.js';
import { EvalFail, evalError, evalExpr, scalar, type ExprEnv } from './expr.js';
import type { EvalError, EvalOptions, EvalResult, Explanation, FiredRow, Step } from './types.js';
import { type Cell, type Prepared, prepared, roundValue, prepare, type Ctx, type Args, show, convertInputs, valueAt } from './prepare.js';
import { matchRows, describeInput, noMatch, uniqueViolated, runConstant } from './match.js';

export type { EvalError, EvalErrorCode, EvalOptions, EvalResult, Explanation, FiredRow, FormulaTrace, Step } from './types.js';
export { EvalFail } from './expr.js';

/** A version's period as the shared semantics reads it. */
export function periodIso(d: Decision): PeriodIso {
  const e = d.effective;
  return e ? (e.until ? { from: e.from.iso, until: e.until.iso } : { from: e.from.iso }) : {};
}

/** The version of `id` in force on `asOf` (today when absent), or undefined. */
export function pickVersion(versions: Decision[], asOf: string | undefined): Decision | undefined {
  return versionAt(versions, periodIso, asOf ?? localToday());
}

/**
 * Evaluates a prepared decision. No-match and unique violations come back as an
 * `EvalFail` instead of being thrown: V8 builds a message and walks the stack
 * on every `throw`, which cost ten times the lookup itself.
 */
function run(p: Prepared, args: Args, ctx: Ctx, trace: Explanation | undefined): Record<string, Value> | EvalFail {
  if (p.constant && !trace) return runConstant(p, args);
  const d = p.decision;
  const outputs = d.outputs;
  const scope: Record<string, Value> = Object.create(null);
  let envCache: ExprEnv | undefined;
  const steps: Step[] | undefined = trace ? [] : undefined;
  const env = (): ExprEnv =>
    (envCache ??= {
      decision: d.id,
      roundMode: (d.rounding ?? ctx.model.config.rounding)?.mode ?? 'half-up',
      feel: d.semantics === 'feel',
      steps,
      lookup(name) {
        if (name in scope) return scope[name];
        const k = d.inputs.findIndex((f) => f.name === name);
        return k < 0 ? undefined : valueAt(args, k);
      },
      call: (id, argExprs, named, span) => callDecision(ctx, d.id, id, argExprs, named, span, envCache!, trace),
    });
  const cellValue = (cell: Cell): Value => ('c' in cell ? cell.c : evalExpr(cell.e, env()));
  const out: Record<string, Value> = {};

  if (d.rules.length > 0) {
    const fired = (rows: number[]) => {
      if (trace) for (const r of rows) trace.rows.push(firedRow(d.rules[r]));
    };
    const rowOutputs = (r: number) => p.cells[r].map(cellValue);
    const hit = d.hit;
    let rows = matchRows(p, args, env);
    if (hit === 'first' && rows.length > 1) rows = [rows[0]];
    if (rows.length === 0) {
      const none = p.defaults ? undefined : emptyHit(hit, outputs.length);
      if (p.defaults) {
        if (trace) trace.defaulted = true;
        p.defaults.forEach((c, o) => (out[outputs[o].name] = cellValue(c)));
      } else if (none) {
        none.forEach((v, o) => (out[outputs[o].name] = v as Value));
      } else {
        return noMatch(p, args);
      }
    } else {
      const r = applyHit(hit, rows, rowOutputs, p.ranks);
      if (r.error === 'unique-violated') return uniqueViolated(p, args, r.rows);
      if (r.error === 'any-disagree') {
        throw new EvalFail(evalError('unique-violated', d.id, { rows: r.rows.map((k) => `#${k + 1}`).join(', '), input: describeInput(p, args) }, { rows: r.rows.map((k) => k + 1), span: d.rules[r.rows[1]].span }, 'any-disagree'));
      }
      if (r.error !== undefined) throw new EvalFail(evalError('bad-value', d.id, { expr: hit, reason: r.reason }));
      fired(r.fired);
      r.values.forEach((v, o) => (out[outputs[o].name] = v as Value));
    }
  }
  for (const f of d.formulas) {
    const before = steps ? steps.length : 0;
    const v = scalarFor(d, f.output, evalExpr(f.expr, env()));
    out[f.output] = v;
    scope[f.output] = v;
    if (trace && steps) trace.formulas.push({ output: f.output, source: f.source, value: v, span: f.span, steps: steps.slice(before) });
  }
  for (let o = 0; o < outputs.length; o++) {
    const name = outputs[o].name;
    if (!(name in out)) out[name] = null;
    else if (p.round && p.money[o]) out[name] = roundValue(out[name], p.round);
  }
  return out;
}

function scalarFor(d: Decision, output: string, v: Value): Value {
  // A call of a single-output decision stands for that output, for every output type
  // (the compiled runtime does the same; text outputs kept the whole result before).
  const field = d.outputs.find((o) => o.name === output);
  return field ? scalar(v) : v;
}

function firedRow(r: Rule): FiredRow {
  // Explanations number rows from 1, as the handbook and the diagnostics do (the model counts from 0).
  const f: FiredRow = { index: r.index + 1, span: r.span };
  if (r.id !== undefined) f.id = r.id;
  if (r.note !== undefined) f.note = r.note;
  return f;
}

function newTrace(model: Model, d: Decision, args: Args): Explanation {
  const t: Explanation = { decision: d.id, hit: d.hit, input: {}, rows: [], formulas: [], calls: [] };
  if (d.title !== undefined) t.title = d.title;
  if (d.clause) t.clause = `${d.clause.document}#${d.clause.section}`;
  if (d.effective) t.version = d.effective.until ? { from: d.effective.from.iso, until: d.effective.until.iso } : { from: d.effective.from.iso };
  d.inputs.forEach((f, i) => (t.input[f.name] = valueAt(args, i)));
  if (args.defaulted) t.defaultedInputs = [...args.defaulted];
  void model;
  return t;
}

function versionOf(ctx: Ctx, id: string): Decision {
  const versions = ctx.model.decisions.get(id);
  if (!versions || versions.length === 0) throw new EvalFail(evalError('unknown-decision', id, {}));
  const d = versionAt(versions, periodIso, ctx.asOf);
  if (!d) throw new EvalFail(evalError('no-version', id, { date: ctx.asOf, periods: nearestPeriods(versions, periodIso, ctx.asOf) }, { asOf: ctx.asOf }));
  return d;
}

/**
 * Asks decision version `d` on the caller's `input`: its inputs checked,
 * then its exceptions tried, then its own table and formulas. With
 * `lenient` (`d` is itself an exception being tried), undefined means it
 * does not apply: an input outside its domain, or no row matching.
 */
function ask(ctx: Ctx, d: Decision, input: unknown, trace: Explanation | undefined, lenient: boolean): { out: Record<string, Value>; trace?: Explanation } | undefined {
  if (ctx.depth > 64) throw new EvalFail(evalError('bad-value', d.id, { expr: d.id, reason: 'calls nest too deeply (a cycle?)' }));
  const p = prepare(ctx.model, d);
  const args = convertInputs(p, input, ctx, lenient);
  if (!args) return undefined;
  const t = trace ? newTrace(ctx.model, d, args) : undefined;
  try {
    const exception = tryExceptions(ctx, d, input, t !== undefined);
    if (exception) {
      if (t) {
        t.exception = exception.trace;
        t.output = exception.out;
      }
      return { out: exception.out, trace: t };
    }
    const out = run(p, args, ctx, t);
    if (out instanceof EvalFail) {
      if (lenient && out.error.code === 'no-match' && out.error.decision === d.id) return undefined;
      throw out;
    }
    if (t) t.output = out;
    return { out, trace: t };
  } catch (e) {
    // The explanation so far goes up with the error; an outer decision's, unwinding later, replaces an inner one's.
    if (e instanceof EvalFail && t) (e as EvalFail & { trace?: Explanation }).trace = t;
    throw e;
  }
}

/**
 * The exceptions of `g` (decisions that `overrides` it) that apply to the
 * input, as of the evaluation's date: their common outputs, or nothing when
 * none applies. Two that apply with different outputs are an error (the
 * checker's `overlap` finds them statically).
 */
function tryExceptions(ctx: Ctx, g: Decision, input: unknown, explain: boolean): { out: Record<string, Value>; trace?: Explanation } | undefined {
  const ids = exceptionsOf(ctx.model.decisions, g.id);
  if (ids.length === 0) return undefined;
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1, via: [...ctx.via, g.id] };
  const applied: { id: string; out: Record<string, Value>; trace?: Explanation }[] = [];
  for (const id of ids) {
    const e = versionAt(ctx.model.decisions.get(id) ?? [], periodIso, ctx.asOf);
    if (!e) continue;
    const r = ask(inner, e, input, explain ? ({} as Explanation) : undefined, true);
    if (r) applied.push({ id, ...r });
  }
  if (applied.length === 0) return undefined;
  const names = g.outputs.map((o) => o.name);
  const agree = agreeingExceptions(applied.map((a) => names.map((n) => a.out[n] ?? null)));
  if (agree.disagree !== undefined) {
    throw new EvalFail(evalError('unique-violated', g.id, { a: applied[0].id, b: applied[agree.disagree].id }, {}, 'exceptions-disagree'));
  }
  const out: Record<string, Value> = {};
  names.forEach((n, o) => (out[n] = agree.values![o] as Value));
  return { out, trace: applied[0].trace };
}

function callDecision(ctx: Ctx, caller: string, id: string, argExprs: Expr[], named: Record<string, Expr> | undefined, span: Span, env: ExprEnv, trace: Explanation | undefined): Value {
  if (ctx.depth > 64) throw new EvalFail(evalError('bad-value', caller, { expr: id, reason: 'calls nest too deeply (a cycle?)' }, { span }));
  const d = versionOf(ctx, id);
  const input: Record<string, unknown> = Object.create(null);
  if (named) for (const [k, e] of Object.entries(named)) input[k] = scalar(evalExpr(e, env));
  // Positional arguments follow the inputs as callers ask them: the decision's own, then its exceptions' further ones.
  const order = argExprs.length > d.inputs.length ? askedInputs(ctx.model.decisions, d) : d.inputs;
  argExprs.forEach((e, i) => {
    if (order[i]) input[order[i].name] = scalar(evalExpr(e, env));
  });
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1, via: [...ctx.via, caller] };
  try {
    const r = ask(inner, d, input, trace ? ({} as Explanation) : undefined, false)!;
    if (r.trace && trace) trace.calls.push(r.trace);
    return r.out;
  } catch (e) {
    if (e instanceof EvalFail && !e.error.via) e.error.via = inner.via;
    throw e;
  }
}

/** The date of an evaluation: `asOf` when given (it must be a real date), else today. */
function dateOf(decisionId: string, asOf: unknown): string | EvalError {
  const iso = asOfIso(asOf);
  if (iso === false) return evalError('bad-as-of', decisionId, { value: show(asOf) }, { value: show(asOf) });
  return iso ?? localToday();
}

/**
 * Evaluates decision `decisionId` on `input` (outside values such as `"70%"`,
 * `0.7`, `"1234.56"`, or runtime values) as of `opts.asOf` (default: today,
 * the local date). Never throws for bad input or a failing policy: the error
 * comes back as a value naming decision and input.
 */
export function evaluate(model: Model, decisionId: string, input: Record<string, unknown>, opts: EvalOptions = {}): EvalResult {
  const asOf = dateOf(decisionId, opts.asOf);
  if (typeof asOf !== 'string') return { error: asOf };
  const ctx: Ctx = { model, asOf, explain: opts.explain === true, depth: 0, via: [] };
  try {
    const d = versionOf(ctx, decisionId);
    const r = ask(ctx, d, input, ctx.explain ? ({} as Explanation) : undefined, false)!;
    return r.trace ? { output: r.out, explain: r.trace } : { output: r.out };
  } catch (e) {
    if (e instanceof EvalFail) {
      const t = (e as EvalFail & { trace?: Explanation }).trace;
      return t ? { error: e.error, explain: t } : { error: e.error };
    }
    throw e;
  }
}

/**
 * Evaluates one given version of a decision on runtime values, its own table
 * only (no exceptions), calls resolved as of that version's start. For the
 * checker, which reasons about each version in turn rather than about a date.
 */
export function evaluateVersion(model: Model, d: Decision, input: Record<string, unknown>): EvalResult {
  const ctx: Ctx = { model, asOf: d.effective?.from.iso ?? localToday(), explain: false, depth: 0, via: [] };
  try {
    const p = prepare(model, d);
    const output = run(p, convertInputs(p, input, ctx)!, ctx, undefined);
    return output instanceof EvalFail ? { error: output.error } : { output };
  } catch (e) {
    if (e instanceof EvalFail) return { error: e.error };
    throw e;
  }
}

/**
 * The value of an expression over named values and decision calls (an
 * invariant's `that`), or an error as a value.
 */
export function evaluateExpression(model: Model, expr: Expr, names: Record<string, Value>, asOf?: string): { value?: Value; error?: EvalError } {
  const ctx: Ctx = { model, asOf: asOf ?? localToday(), explain: false, depth: 0, via: [] };
  const env: ExprEnv = {
    decision: '(assert)',
    lookup: (name) => (Object.prototype.hasOwnProperty.call(names, name) ? names[name] : undefined),
    call: (id, argExprs, named, span) => callDecision(ctx, '(assert)', id, argExprs, named, span, env, undefined),
    roundMode: model.config.rounding?.mode ?? 'half-up',
  };
  try {
    return { value: evalExpr(expr, env) };
  } catch (e) {
    if (e instanceof EvalFail) return { error: e.error };
    throw e;
  }
}

/** The prepared row index of a decision version (shared with the compiler). */
export function indexOf(model: Model, d: Decision): TableIndex {
  return prepare(model, d).index;
}
