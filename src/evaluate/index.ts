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
import type { DateValue, Decision, Expr, Field, Model, Rule, Span, UnaryTest, Value, ValueType } from '../model/index.js';
import { Decimal, type RoundingMode } from '../runtime/decimal.js';
import { t } from '../diagnostics/catalogue.js';
import { inputTypeOf } from '../model/convert.js';
import { askedInputs, exceptionsOf } from '../model/precedence.js';
import { matchesUnary } from '../lang/unary.js';
import { formatUnaryTest, formatValue } from '../lang/format.js';
import {
  agreeingExceptions,
  applyHit,
  asOfIso,
  convertInput,
  emptyHit,
  isAbsent,
  localToday,
  nearestPeriods,
  numberIssue,
  NUMERIC_KINDS,
  ownValue,
  typeDomainTest,
  versionAt,
  WHOLE_KINDS,
  type InputType,
  type PeriodIso,
} from '../runtime/semantics.js';
import { buildIndex, hasRow, rowsOf, segmentOf, type NumericColumn, type TableIndex } from './table-index.js';
import { EvalFail, evalError, evalExpr, scalar, type ExprEnv } from './expr.js';
import type { EvalError, EvalOptions, EvalResult, Explanation, FiredRow, FormulaTrace, Step } from './types.js';

export type { EvalError, EvalErrorCode, EvalOptions, EvalResult, Explanation, FiredRow, FormulaTrace, Step } from './types.js';
export { EvalFail } from './expr.js';

/** One input, prepared: its type and the domain test (declared or the type's own). */
interface PreparedInput {
  field: Field;
  /** What the shared conversion needs of its type. */
  itype: InputType;
  numeric: boolean;
  whole: boolean;
  domain?: UnaryTest;
  /** The domain as a one-row numeric index, for the fast path. */
  domainCol?: NumericColumn;
}

/** A row's output entry: a constant (already rounded) or an expression. */
type Cell = { c: Value } | { e: Expr };

interface Prepared {
  decision: Decision;
  inputs: PreparedInput[];
  index: TableIndex;
  cells: Cell[][];
  /** Output positions whose values get rounded (money). */
  round?: { mode: RoundingMode; step: Decimal };
  money: boolean[];
  /** Priority list per output (enum order or `priority:`), highest first. */
  ranks: (Value[] | undefined)[];
  defaults?: Cell[];
  /** Reused match bitset (TypedArray#slice per call costs more than the whole lookup); `busy` guards re-entry. */
  scratch: Uint32Array;
  busy: boolean;
  /** Scratch of the candidate path: each column's bitset for the current input. */
  colBits: (Uint32Array | undefined)[];
  /** Constant cells and defaults, one row's outputs taken as they stand, no formulas, no cell that needs testing one by one. */
  constant: boolean;
}

const prepared = new WeakMap<Decision, Prepared>();

/** The domain an input is checked against: its declared one, else its type's own. */
function domainOf(type: ValueType): UnaryTest | undefined {
  return type.domain ?? (typeDomainTest(type.kind) as UnaryTest | undefined);
}

function roundValue(v: Value, r: { mode: RoundingMode; step: Decimal }): Value {
  // Already on a step of 10^-k: rounding would give back the same number.
  if (Decimal.isDecimal(v)) return v.scale === r.step.scale && r.step.coefficient === 1n ? v : v.round(r.step, r.mode);
  if (Array.isArray(v)) return v.map((x) => roundValue(x, r));
  return v;
}

function prepare(model: Model, d: Decision): Prepared {
  let p = prepared.get(d);
  if (p) return p;
  const inputs = d.inputs.map((field): PreparedInput => {
    const domain = domainOf(field.type);
    const pi: PreparedInput = { field, itype: inputTypeOf(field.type), numeric: NUMERIC_KINDS.has(field.type.kind), whole: WHOLE_KINDS.has(field.type.kind), domain };
    if (domain && pi.numeric) {
      const probe = buildIndex({ ...d, inputs: [field], rules: [{ index: 0, when: [{ input: field.name, source: '', test: domain, span: d.span }], then: [], span: d.span }] });
      const col = probe.columns[0];
      if (col && col.kind === 'numeric') pi.domainCol = col;
    }
    return pi;
  });
  const rounding = d.rounding ?? model.config.rounding;
  const money = d.outputs.map((o) => o.type.kind === 'money');
  const round = rounding && money.some(Boolean) ? { mode: rounding.mode, step: rounding.step } : undefined;
  // A constant money cell is rounded once here when the row's value is the output as it stands
  // (one row fires, or the defaults); the final rounding then finds it already on the step.
  const cellOf = (entries: Rule['then'], asOutput: boolean) =>
    d.outputs.map((o, k): Cell => {
      const entry = entries.find((t) => t.output === o.name);
      if (!entry) return { c: null };
      if (entry.expr.kind !== 'literal') return { e: entry.expr };
      const v = entry.expr.value.value;
      return { c: asOutput && round && money[k] && Decimal.isDecimal(v) ? v.round(round.step, round.mode) : v };
    });
  const single = d.hit === 'unique' || d.hit === 'first';
  p = {
    decision: d,
    inputs,
    index: buildIndex(d),
    cells: d.rules.map((r) => cellOf(r.then, single)),
    round,
    money,
    ranks: d.outputs.map((o) => (o.type.values ? o.type.values.map((v) => v.key) : o.type.priority?.map((l) => l.value))),
    defaults: d.defaults ? cellOf(d.defaults, true) : undefined,
    scratch: new Uint32Array(0),
    busy: false,
    colBits: [],
    constant: false,
  };
  p.colBits = p.index.columns.map(() => undefined);
  p.constant =
    single &&
    d.formulas.length === 0 &&
    p.index.columns.every((c) => c.kind !== 'scan') &&
    p.cells.every((row) => row.every((c) => 'c' in c)) &&
    (p.defaults === undefined || p.defaults.every((c) => 'c' in c));
  p.scratch = new Uint32Array(p.index.words);
  prepared.set(d, p);
  return p;
}

/** A version's period as the shared semantics reads it. */
export function periodIso(d: Decision): PeriodIso {
  const e = d.effective;
  return e ? (e.until ? { from: e.from.iso, until: e.until.iso } : { from: e.from.iso }) : {};
}

/** The version of `id` in force on `asOf` (today when absent), or undefined. */
export function pickVersion(versions: Decision[], asOf: string | undefined): Decision | undefined {
  return versionAt(versions, periodIso, asOf ?? localToday());
}

interface Ctx {
  model: Model;
  asOf: string;
  explain: boolean;
  depth: number;
  via: string[];
}

/** Input values of one evaluation: `f` the double for the index, `v` the exact value (made lazily from `f`). */
interface Args {
  f: number[];
  v: (Value | undefined)[];
  /** Inputs the caller left out that took their declared `default`. */
  defaulted?: string[];
}

function show(raw: unknown): string {
  if (Decimal.isDecimal(raw)) return raw.toString();
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'date') return (raw as DateValue).iso;
  // Caller values are echoed in messages: a deep one must not overflow the stack, a huge one not flood the output.
  let s: string;
  try {
    s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  } catch {
    s = Array.isArray(raw) ? '[…]' : '{…}';
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function inputList(d: Decision): string {
  return d.inputs.map((f) => `\`${f.name}\``).join(', ');
}

/**
 * The caller's values of `p`'s inputs, converted and checked (the shared
 * input contract). Only own properties are read. With `lenient` (an
 * exception being tried), a value outside its input's domain gives
 * undefined: the exception does not apply there.
 */
function convertInputs(p: Prepared, input: unknown, ctx: Ctx, lenient = false): Args | undefined {
  const d = p.decision;
  const n = p.inputs.length;
  const args: Args = { f: [], v: [] };
  for (let i = 0; i < n; i++) {
    args.f.push(0);
    args.v.push(undefined);
  }
  for (let i = 0; i < n; i++) {
    const pi = p.inputs[i];
    const name = pi.field.name;
    let raw = ownValue(input, name);
    // FEEL (a decision imported from DMN): `null` is a value every input may take; only a missing one is missing.
    if (raw === null && d.semantics === 'feel') {
      args.v[i] = null;
      args.f[i] = NaN;
      continue;
    }
    if (isAbsent(raw)) {
      if (pi.field.default === undefined) throw new EvalFail(evalError('missing-input', d.id, { input: name, inputs: inputList(d) }, { input: name }));
      raw = pi.field.default;
      (args.defaulted ??= []).push(name);
    }
    if (pi.numeric && typeof raw === 'number') {
      const issue = numberIssue(raw, pi.field.type.kind);
      if (issue) throw wrongType(d, pi, raw, issue);
      args.f[i] = raw;
    } else {
      const c = convertInput(raw, pi.itype);
      if (c.error === 'out-of-domain') {
        throw new EvalFail(evalError('out-of-domain', d.id, { input: name, value: show(raw), domain: (pi.field.type.values ?? []).map((x) => x.key).join(', ') }, { input: name, value: show(raw) }));
      }
      if (c.error) throw wrongType(d, pi, raw, c.limit !== undefined ? t('eval.too-many-digits', { max: c.limit }).message : c.reason);
      const v = c.value as Value;
      args.v[i] = v;
      args.f[i] = Decimal.isDecimal(v) ? v.toNumber() : NaN;
    }
    if (pi.domain && !inDomain(pi, args, i)) {
      if (lenient) return undefined;
      throw new EvalFail(evalError('out-of-domain', d.id, { input: name, value: show(raw), domain: formatUnaryTest(pi.domain) }, { input: name, value: show(raw) }));
    }
  }
  if (ctx.explain) for (let i = 0; i < n; i++) valueAt(args, i);
  return args;
}

function wrongType(d: Decision, pi: PreparedInput, raw: unknown, reason: string): EvalFail {
  const name = pi.field.name;
  return new EvalFail(evalError('wrong-type', d.id, { input: name, value: show(raw), reason, type: pi.field.type.kind }, { input: name, value: show(raw) }));
}

function inDomain(pi: PreparedInput, args: Args, i: number): boolean {
  const v = args.v[i];
  if (pi.domainCol && (v === undefined || Decimal.isDecimal(v))) {
    const seg = segmentOf(pi.domainCol, args.f[i], v as Decimal | undefined);
    return (pi.domainCol.segments[seg][0] & 1) === 1;
  }
  return matchesUnary(pi.domain!, valueAt(args, i));
}

function valueAt(args: Args, i: number): Value {
  const v = args.v[i];
  if (v !== undefined) return v;
  return (args.v[i] = Decimal.fromNumber(args.f[i]));
}

/** Rows whose cells all accept the input, ascending. */
function matchRows(p: Prepared, args: Args, env: () => ExprEnv): number[] {
  const { index } = p;
  const cand = index.candidates;
  if (cand) {
    const primary = index.columns[cand.column] as NumericColumn;
    const v = args.v[primary.input];
    if (v === undefined || Decimal.isDecimal(v)) {
      const list = cand.rows[segmentOf(primary, args.f[primary.input], v as Decimal | undefined)];
      const out: number[] = [];
      if (list.length === 0) return out;
      // The other columns' bitsets for this input, found once; nothing runs between filling and reading them, so one scratch array serves.
      const cols = index.columns;
      const bits = p.colBits;
      let scans = false;
      for (let c = 0; c < cols.length; c++) {
        const b = c === cand.column ? undefined : bitsOf(cols[c], args);
        bits[c] = b;
        if (b === undefined && c !== cand.column) scans = true;
      }
      for (let k = 0; k < list.length; k++) {
        const r = list[k];
        let ok = true;
        for (let c = 0; c < bits.length && ok; c++) {
          const b = bits[c];
          if (b !== undefined) ok = hasRow(b, r);
        }
        if (ok) out.push(r);
      }
      if (scans) {
        for (let c = 0; c < cols.length && out.length > 0; c++) {
          if (c !== cand.column && bits[c] === undefined) keepMatching(p, cols[c], args, env, out);
        }
      }
      return out;
    }
  }
  const wasBusy = p.busy;
  p.busy = true;
  try {
    return rowsOf(matchBits(p, args, env, wasBusy ? new Uint32Array(p.index.words) : p.scratch));
  } finally {
    p.busy = wasBusy;
  }
}

/** The rows of column `col` accepting the input, or undefined when its cells must be tested one by one. */
function bitsOf(col: TableIndex['columns'][number], args: Args): Uint32Array | undefined {
  const i = col.input;
  const v = args.v[i];
  if (col.kind === 'numeric' && (v === undefined || Decimal.isDecimal(v))) return col.segments[segmentOf(col, args.f[i], v as Decimal | undefined)];
  if (col.kind === 'exact' && (typeof v === 'string' || typeof v === 'boolean')) return col.map.get(v) ?? col.other;
  return undefined;
}

/** Keeps (in place) the rows of `rows` whose cell in `col` accepts the input, testing each cell. */
function keepMatching(p: Prepared, col: TableIndex['columns'][number], args: Args, env: () => ExprEnv, rows: number[]): void {
  const i = col.input;
  const value = valueAt(args, i);
  const rules = p.decision.rules;
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const ok = matchesUnary(rules[rows[k]].when[i].test, value, (expr, input) => evalExpr(expr, cellEnv(env(), input)));
    if (ok) rows[n++] = rows[k];
  }
  rows.length = n;
}

/** Rows whose cells all accept the input, as a bitset (tables without a selective column). */
function matchBits(p: Prepared, args: Args, env: () => ExprEnv, acc: Uint32Array): Uint32Array {
  const { index } = p;
  acc.set(index.all);
  const rules = p.decision.rules;
  for (const col of index.columns) {
    const i = col.input;
    const v = args.v[i];
    let bits: Uint32Array | undefined;
    if (col.kind === 'numeric' && (v === undefined || Decimal.isDecimal(v))) {
      bits = col.segments[segmentOf(col, args.f[i], v as Decimal | undefined)];
    } else if (col.kind === 'exact' && (typeof v === 'string' || typeof v === 'boolean')) {
      bits = col.map.get(v) ?? col.other;
    }
    if (bits) {
      for (let w = 0; w < acc.length; w++) acc[w] &= bits[w];
    } else {
      const value = valueAt(args, i);
      for (const r of rowsOf(acc)) {
        const test = rules[r].when[i].test;
        const ok = matchesUnary(test, value, (expr, input) => evalExpr(expr, cellEnv(env(), input)));
        if (!ok) acc[r >>> 5] &= ~(1 << (r & 31));
      }
    }
  }
  return acc;
}

function cellEnv(base: ExprEnv, input: Value): ExprEnv {
  return { ...base, lookup: (name) => (name === '?' ? input : base.lookup(name)) };
}

function describeInput(p: Prepared, args: Args): string {
  let out = '';
  for (let i = 0; i < p.inputs.length; i++) {
    const pi = p.inputs[i];
    // A safe integer given as a JS number prints as its decimal (what formatValue would give) without building one.
    const f = args.f[i];
    const text = args.v[i] === undefined && pi.field.type.kind !== 'percent' && Number.isSafeInteger(f) ? String(f) : formatValue(valueAt(args, i), pi.field.type);
    out += (i > 0 ? ', ' : '') + pi.field.name + ' = ' + text;
  }
  return out;
}

function noMatch(p: Prepared, args: Args): EvalFail {
  return new EvalFail(evalError('no-match', p.decision.id, { input: describeInput(p, args) }));
}

function uniqueViolated(p: Prepared, args: Args, rows: number[]): EvalFail {
  const d = p.decision;
  return new EvalFail(evalError('unique-violated', d.id, { rows: rows.map((r) => `#${r + 1}`).join(', '), hit: d.hit, input: describeInput(p, args) }, { rows: rows.map((r) => r + 1), span: d.rules[rows[1]].span }));
}

const NO_ENV = (): ExprEnv => {
  throw new Error('a constant table has no cell to evaluate');
};

/** `run` for a table of constants without explanation: no scope, no closures, outputs straight from the row. */
function runConstant(p: Prepared, args: Args): Record<string, Value> | EvalFail {
  const rows = matchRows(p, args, NO_ENV);
  let cells: Cell[];
  if (rows.length === 0) {
    if (!p.defaults) return noMatch(p, args);
    cells = p.defaults;
  } else {
    if (p.decision.hit === 'unique' && rows.length > 1) return uniqueViolated(p, args, rows);
    cells = p.cells[rows[0]];
  }
  const outputs = p.decision.outputs;
  const out: Record<string, Value> = {};
  for (let o = 0; o < outputs.length; o++) {
    const v = (cells[o] as { c: Value }).c;
    out[outputs[o].name] = p.round && p.money[o] ? roundValue(v, p.round) : v;
  }
  return out;
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

