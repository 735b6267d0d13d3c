/**
 * The interpreter: `evaluate(model, id, input, { asOf, explain })` gives a
 * decision's outputs exactly, or an error as a value. All DMN hit policies,
 * formulas calling other decisions, defaults, effective-dated versions and
 * rounding applied once at the output. Tables are matched through an index
 * prepared once per decision version and cached (WeakMap), so a 1,000-row
 * table costs a few binary searches, not a scan.
 *
 * Conventions fixed here:
 * - without `asOf`, the latest version (by `effective.from`) is used;
 * - with no matching row and no `default`: `collect`, `rule-order`,
 *   `output-order` give empty lists, `collect-sum` and `collect-count` give 0,
 *   the others fail with `no-match`;
 * - list hit policies with several outputs give one list per output (columns);
 * - `collect-count` counts matched rows;
 * - money outputs are rounded by the decision's `rounding`, else the config's.
 */
import type { DateValue, Decision, Expr, Field, Model, Rule, Span, UnaryTest, Value, ValueType } from '../model/index.js';
import { Decimal, type RoundingMode } from '../runtime/decimal.js';
import { convertValue } from '../model/convert.js';
import { matchesUnary } from '../lang/unary.js';
import { compareValues, valuesEqual } from '../lang/values.js';
import { formatUnaryTest, formatValue } from '../lang/format.js';
import { buildIndex, hasRow, rowsOf, segmentOf, type NumericColumn, type TableIndex } from './table-index.js';
import { EvalFail, evalError, evalExpr, scalar, type ExprEnv } from './expr.js';
import type { EvalError, EvalOptions, EvalResult, Explanation, FiredRow, FormulaTrace, Step } from './types.js';

export type { EvalError, EvalErrorCode, EvalOptions, EvalResult, Explanation, FiredRow, FormulaTrace, Step } from './types.js';
export { EvalFail } from './expr.js';

const NUMERIC = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);
const WHOLE = new Set(['integer', 'months', 'days']);

/** One input, prepared: its type and the domain test (declared or the type's own). */
interface PreparedInput {
  field: Field;
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

function literalTest(op: '>=' , v: Decimal): UnaryTest {
  return { kind: 'compare', op, value: { kind: 'number', value: v } };
}

function defaultDomain(type: ValueType): UnaryTest | undefined {
  if (type.domain) return type.domain;
  switch (type.kind) {
    case 'percent':
      return { kind: 'range', low: { kind: 'number', value: Decimal.ZERO, unit: 'percent' }, high: { kind: 'number', value: Decimal.ONE, unit: 'percent' }, lowClosed: true, highClosed: true };
    case 'money':
    case 'months':
    case 'days':
      return literalTest('>=', Decimal.ZERO);
    default:
      return undefined;
  }
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
    const domain = defaultDomain(field.type);
    const pi: PreparedInput = { field, numeric: NUMERIC.has(field.type.kind), whole: WHOLE.has(field.type.kind), domain };
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

function isoOf(asOf: string | DateValue | undefined): string | undefined {
  return asOf === undefined ? undefined : typeof asOf === 'string' ? asOf : asOf.iso;
}

/** The version of `id` in effect on `asOf` (latest when absent). */
export function pickVersion(versions: Decision[], asOf: string | undefined): Decision | undefined {
  if (asOf === undefined) return versions[versions.length - 1];
  for (let i = versions.length - 1; i >= 0; i--) {
    const e = versions[i].effective;
    if (!e || (e.from.iso <= asOf && (!e.until || asOf < e.until.iso))) return versions[i];
  }
  return undefined;
}

interface Ctx {
  model: Model;
  asOf?: string;
  explain: boolean;
  depth: number;
  via: string[];
}

/** Input values of one evaluation: `f` the double for the index, `v` the exact value (made lazily from `f`). */
interface Args {
  f: number[];
  v: (Value | undefined)[];
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

function convertInputs(p: Prepared, input: Record<string, unknown>, ctx: Ctx): Args {
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
    const raw = input[name];
    if (raw === undefined) throw new EvalFail(evalError('missing-input', d.id, { input: name, inputs: inputList(d) }, { input: name }));
    if (pi.numeric && typeof raw === 'number') {
      if (!Number.isFinite(raw)) throw wrongType(d, pi, raw, 'not a finite number');
      if (pi.whole && !Number.isInteger(raw)) throw wrongType(d, pi, raw, 'not a whole number');
      args.f[i] = raw;
    } else {
      let v: Value;
      if (pi.numeric && Decimal.isDecimal(raw)) {
        if (pi.whole && !raw.isInteger()) throw wrongType(d, pi, raw, 'not a whole number');
        v = raw;
      } else if (pi.field.type.kind === 'date' && typeof raw === 'object' && raw !== null && (raw as DateValue).kind === 'date') {
        v = raw as DateValue;
      } else {
        const c = convertValue(raw, pi.field.type);
        if (c.error === 'out-of-domain') {
          throw new EvalFail(evalError('out-of-domain', d.id, { input: name, value: show(raw), domain: (pi.field.type.values ?? []).map((x) => x.key).join(', ') }, { input: name, value: show(raw) }));
        }
        if (c.error) throw wrongType(d, pi, raw, c.reason ?? 'wrong type');
        v = c.value ?? null;
      }
      args.v[i] = v;
      args.f[i] = Decimal.isDecimal(v) ? v.toNumber() : NaN;
      if (v === null) continue;
    }
    if (pi.domain && !inDomain(pi, args, i)) {
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

function rank(p: Prepared, o: number, v: Value): number {
  const list = p.ranks[o]!;
  const k = list.findIndex((x) => valuesEqual(x, v));
  return k < 0 ? list.length : k;
}

function noMatch(p: Prepared, args: Args): EvalFail {
  return new EvalFail(evalError('no-match', p.decision.id, { input: describeInput(p, args) }));
}

function uniqueViolated(p: Prepared, args: Args, rows: number[]): EvalFail {
  const d = p.decision;
  return new EvalFail(evalError('unique-violated', d.id, { rows: rows.map((r) => `#${r + 1}`).join(', '), hit: d.hit, input: describeInput(p, args) }, { rows, span: d.rules[rows[1]].span }));
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
      if (p.defaults) {
        if (trace) trace.defaulted = true;
        p.defaults.forEach((c, o) => (out[outputs[o].name] = cellValue(c)));
      } else if (hit === 'collect' || hit === 'rule-order' || hit === 'output-order') {
        for (const o of outputs) out[o.name] = [];
      } else if (hit === 'collect-sum' || hit === 'collect-count') {
        for (const o of outputs) out[o.name] = Decimal.ZERO;
      } else {
        return noMatch(p, args);
      }
    } else if (hit === 'unique' || hit === 'first' || hit === 'any' || hit === 'priority') {
      if (hit === 'unique' && rows.length > 1) return uniqueViolated(p, args, rows);
      let chosen = rows[0];
      let vals = rowOutputs(chosen);
      if (hit === 'any') {
        for (const r of rows.slice(1)) {
          const other = rowOutputs(r);
          if (!other.every((x, o) => valuesEqual(x, vals[o]))) {
            throw new EvalFail(evalError('unique-violated', d.id, { rows: rows.map((k) => `#${k + 1}`).join(', '), input: describeInput(p, args) }, { rows, span: d.rules[r].span }, 'any-disagree'));
          }
        }
      } else if (hit === 'priority' && rows.length > 1) {
        let best = vals.map((v, o) => (p.ranks[o] ? rank(p, o, v) : 0));
        for (const r of rows.slice(1)) {
          const cand = rowOutputs(r);
          const rk = cand.map((v, o) => (p.ranks[o] ? rank(p, o, v) : 0));
          const k = rk.findIndex((x, o) => x !== best[o]);
          if (k >= 0 && rk[k] < best[k]) {
            best = rk;
            vals = cand;
            chosen = r;
          }
        }
      }
      fired(hit === 'any' ? rows : [chosen]);
      vals.forEach((v, o) => (out[outputs[o].name] = v));
    } else {
      let all = rows.map((r) => ({ r, vals: rowOutputs(r) }));
      if (hit === 'output-order') {
        const key = (vals: Value[]) => vals.map((v, o) => (p.ranks[o] ? rank(p, o, v) : 0));
        const keyed = all.map((x) => ({ ...x, k: key(x.vals) }));
        keyed.sort((a, b) => {
          const o = a.k.findIndex((x, i) => x !== b.k[i]);
          return o < 0 ? a.r - b.r : a.k[o] - b.k[o];
        });
        all = keyed;
      }
      fired(all.map((x) => x.r));
      outputs.forEach((o, k) => {
        const col = all.map((x) => x.vals[k]);
        out[o.name] = aggregate(d, hit, col, rows.length);
      });
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

function aggregate(d: Decision, hit: Decision['hit'], col: Value[], matched: number): Value {
  switch (hit) {
    case 'collect-count':
      return Decimal.fromBigInt(BigInt(matched));
    case 'collect-sum': {
      let acc = Decimal.ZERO;
      for (const v of col) {
        if (v === null) continue;
        if (!Decimal.isDecimal(v)) throw new EvalFail(evalError('bad-value', d.id, { expr: 'collect-sum', reason: 'only numbers can be summed' }));
        acc = acc.add(v);
      }
      return acc;
    }
    case 'collect-min':
    case 'collect-max': {
      let best: Value = null;
      for (const v of col) {
        if (v === null) continue;
        const c = best === null ? (hit === 'collect-min' ? -1 : 1) : compareValues(v, best);
        if (c === undefined) throw new EvalFail(evalError('bad-value', d.id, { expr: hit, reason: 'the values cannot be ordered' }));
        if (hit === 'collect-min' ? c < 0 : c > 0) best = v;
      }
      return best;
    }
    default:
      return col;
  }
}

function firedRow(r: Rule): FiredRow {
  const f: FiredRow = { index: r.index, span: r.span };
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
  void model;
  return t;
}

function versionOf(ctx: Ctx, id: string): Decision {
  const versions = ctx.model.decisions.get(id);
  if (!versions || versions.length === 0) throw new EvalFail(evalError('unknown-decision', id, {}));
  const d = pickVersion(versions, ctx.asOf);
  if (!d) {
    const periods = versions.map((v) => (v.effective ? `${v.effective.from.iso}–${v.effective.until?.iso ?? ''}` : 'always')).join(', ');
    throw new EvalFail(evalError('no-version-at-date', id, { date: ctx.asOf, periods }));
  }
  return d;
}

function callDecision(ctx: Ctx, caller: string, id: string, argExprs: Expr[], named: Record<string, Expr> | undefined, span: Span, env: ExprEnv, trace: Explanation | undefined): Value {
  if (ctx.depth > 64) throw new EvalFail(evalError('bad-value', caller, { expr: id, reason: 'calls nest too deeply (a cycle?)' }, { span }));
  const d = versionOf(ctx, id);
  const input: Record<string, unknown> = {};
  if (named) for (const [k, e] of Object.entries(named)) input[k] = scalar(evalExpr(e, env));
  argExprs.forEach((e, i) => {
    if (d.inputs[i]) input[d.inputs[i].name] = scalar(evalExpr(e, env));
  });
  const p = prepare(ctx.model, d);
  const inner: Ctx = { ...ctx, depth: ctx.depth + 1, via: [...ctx.via, caller] };
  try {
    const args = convertInputs(p, input, inner);
    const sub = trace ? newTrace(ctx.model, d, args) : undefined;
    const out = run(p, args, inner, sub);
    if (out instanceof EvalFail) throw out;
    if (sub && trace) {
      sub.output = out;
      trace.calls.push(sub);
    }
    return out;
  } catch (e) {
    if (e instanceof EvalFail && !e.error.via) e.error.via = inner.via;
    throw e;
  }
}

/**
 * Evaluates decision `decisionId` on `input` (outside values such as `"70%"`,
 * `0.7`, `"1234.56"`, or runtime values). Never throws for bad input or a
 * failing policy: the error comes back as a value naming decision and input.
 */
export function evaluate(model: Model, decisionId: string, input: Record<string, unknown>, opts: EvalOptions = {}): EvalResult {
  const ctx: Ctx = { model, asOf: isoOf(opts.asOf), explain: opts.explain === true, depth: 0, via: [] };
  let trace: Explanation | undefined;
  try {
    const d = versionOf(ctx, decisionId);
    const p = prepare(model, d);
    const args = convertInputs(p, input, ctx);
    trace = ctx.explain ? newTrace(model, d, args) : undefined;
    const output = run(p, args, ctx, trace);
    if (output instanceof EvalFail) return trace ? { error: output.error, explain: trace } : { error: output.error };
    if (trace) {
      trace.output = output;
      return { output, explain: trace };
    }
    return { output };
  } catch (e) {
    if (e instanceof EvalFail) return trace ? { error: e.error, explain: trace } : { error: e.error };
    throw e;
  }
}

/**
 * Evaluates one given version of a decision on runtime values, calls resolved
 * as of that version's start. For the checker, which reasons about each version
 * in turn rather than about a date.
 */
export function evaluateVersion(model: Model, d: Decision, input: Record<string, unknown>): EvalResult {
  const ctx: Ctx = { model, asOf: d.effective?.from.iso, explain: false, depth: 0, via: [] };
  try {
    const p = prepare(model, d);
    const output = run(p, convertInputs(p, input, ctx), ctx, undefined);
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
  const ctx: Ctx = { model, asOf, explain: false, depth: 0, via: [] };
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

/** Drops the prepared indexes of a model's decisions (they are rebuilt on the next evaluation). */
export function forget(model: Model): void {
  for (const versions of model.decisions.values()) for (const d of versions) prepared.delete(d);
}

/** The prepared row index of a decision version (shared with the compiler). */
export function indexOf(model: Model, d: Decision): TableIndex {
  return prepare(model, d).index;
}

