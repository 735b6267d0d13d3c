/**
 * What the generated evaluator calls: the registry of decision versions, the
 * row lookup, formula operators, rounding, errors and output printing.
 * Inlined into every generated module (types stripped, see `embed.mjs`),
 * after the Decimal runtime and the shared semantics
 * (`src/runtime/semantics.ts`: input conversion, domains, hit policies,
 * versions, value order — the interpreter's very code), so it must stay
 * self-contained: its only imports are those two, which the embedding removes.
 *
 * One file of about 550 lines on purpose: it is inlined as one text into every generated module, so its parts cannot import one another.
 */
import { Decimal, DecimalError } from '../runtime/decimal.js';
import {
  agreeingExceptions,
  and3,
  binaryOp,
  not3,
  or3,
  applyHit,
  asOfIso,
  compareValues,
  convertInput,
  emptyHit,
  isAbsent,
  isDateValue,
  localToday,
  nearestPeriods,
  ownValue,
  parseIsoDate,
  rowsOfBits,
  scalarOf,
  segmentOf,
  segmentOfDouble,
  testCompare,
  testRange,
  valuesEqual,
  versionAt,
} from '../runtime/semantics.js';
import { isTemporal, showTemporal, type Temporal } from '../runtime/temporal.js';
import type { Json } from '../evaluate/serialize.js';
import type { ExplanationJson, RowJson, StepJson } from './explanation.js';
import { BUILTIN_BY_NAME, type RunKit } from '../lang/builtins/index.js';
import type { Value } from '../model/index.js';

type V = Decimal | boolean | string | { kind: 'date'; iso: string } | Temporal | null | V[] | { [k: string]: V };

/** An evaluation error value. */
interface Err {
  code: string;
  decision: string;
  input?: string;
  value?: string;
  rows?: number[];
  message: string;
  via?: string[];
  asOf?: string;
}

class Fail {
  constructor(readonly error: Err) {}
}

interface InputSpec {
  name: string;
  kind: string;
  keys?: string[];
  /** Enum labels, in key order. */
  labels?: string[];
  domain?: (v: V) => boolean;
  domainText?: string;
  /** The declared `default`, taken when the caller gives no value. */
  dflt?: V;
}

type Col =
  | { k: 'n'; i: number; points: Decimal[]; pf: number[]; rt: boolean[]; seg: number[][] }
  | { k: 'e'; i: number; map: Map<string | boolean, number[]>; other: number[] }
  | { k: 's'; i: number; tests: ((v: V, s: Scope) => boolean)[] };

/** A fired row, a formula step and a whole trace: the shapes `explanation.ts` declares (a type-only import, gone once embedded). */
type RowInfo = RowJson;
type StepOut = StepJson;
type Trace = ExplanationJson;

interface Spec {
  id: string;
  hit: string;
  from?: string;
  until?: string;
  inputs: InputSpec[];
  outputs: { name: string; money: boolean; ranks?: V[] }[];
  rows: number;
  all: number[];
  columns: Col[];
  cells: ((s: Scope) => V)[][];
  defaults?: ((s: Scope) => V)[];
  /** `fn` computes; `fx` computes and records its steps (explain path). */
  formulas: { output: string; fn: (s: Scope) => V; fx: (s: Scope) => V; source: string; line: number; column: number }[];
  round?: { mode: string; step: Decimal; places: number };
  /** FEEL's semantics: a division by zero is null (see the model's `Decision.semantics`). */
  feel?: boolean;
  info: { file: string; title?: string; clause?: string; rows: RowInfo[] };
  /** Ids of the decisions that `overrides` this one (its exceptions), tried first. */
  exc?: string[];
}

interface Scope {
  spec: Spec;
  vals: V[];
  out: Record<string, V>;
  asOf: string;
  depth: number;
  via: string[];
  /** The explanation being built, on the explain path only. */
  t: Trace | undefined;
  steps: StepOut[] | undefined;
}

const SPECS = new Map<string, Spec[]>();

function $register(spec: Spec): void {
  const list = SPECS.get(spec.id) ?? [];
  list.push(spec);
  SPECS.set(spec.id, list);
}

function $d(text: string): Decimal {
  return Decimal.parse(text) as Decimal;
}

function fail(code: string, decision: string, message: string, extra: Partial<Err> = {}): never {
  throw new Fail({ code, decision, message, ...extra });
}

function show(raw: unknown): string {
  if (Decimal.isDecimal(raw)) return raw.toString();
  // Caller values are echoed in messages: a deep one must not overflow the stack, a huge one not flood the output.
  let s: string;
  try {
    s = typeof raw === 'string' ? raw : String(JSON.stringify(raw));
  } catch {
    s = Array.isArray(raw) ? '[…]' : '{…}';
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function isDate(v: unknown): v is { kind: 'date'; iso: string } {
  return isDateValue(v);
}

function toDate(s: string): V | undefined {
  return parseIsoDate(s);
}

function convert(spec: Spec, inp: InputSpec, raw: unknown): V {
  const c = convertInput(raw, inp);
  if (c.error === 'out-of-domain') {
    return fail('out-of-domain', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, outside its domain \`${(inp.keys ?? []).join(', ')}\``, { input: inp.name, value: show(raw) });
  }
  if (c.error) return fail('wrong-type', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, ${c.reason}`, { input: inp.name, value: show(raw) });
  return c.value as V;
}

function segmentIn(col: Col & { k: 'n' }, v: Decimal): number {
  return segmentOf(col.pf, col.rt, col.points, Number(v.toString()), v);
}

/** The fast path's segment search on doubles (-1: a tie only the exact path decides). */
function $seg(pf: number[], rt: number[], x: number): number {
  return segmentOfDouble(pf, rt, x);
}

function noMatchMessage(id: string): string {
  return `no rule of \`${id}\` matches the input`;
}

/** The no-match error value of decision `id`, as the exact path gives it. */
function $noMatch(id: string): { error: Err } {
  return { error: { code: 'no-match', decision: id, message: noMatchMessage(id) } };
}

function rowsOf(bits: number[]): number[] {
  return rowsOfBits(bits);
}

function $eq(a: V, b: V): boolean {
  return valuesEqual(a, b);
}

function $cmp(a: V, b: V): number | undefined {
  return compareValues(a, b);
}

/** A cell comparison `op` between the input `v` and the literal `b` (the shared definition). */
function $test(op: string, v: V, b: V): boolean {
  return testCompare(op, v, b);
}

function $range(v: V, lo: V, hi: V, lc: boolean, hc: boolean): boolean {
  return testRange(v, lo, hi, lc, hc);
}

function $scalar(v: V): V {
  return scalarOf(v);
}

function num(s: Scope, v: V, expr: string): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v;
  // FEEL: an operand of the wrong type makes the result null.
  if (s.spec.feel) return null;
  return fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: \`${show(v)}\` is not a number`);
}

function $bin(s: Scope, op: string, a0: V, b0: V, expr: string): V {
  const r = binaryOp(op, $scalar(a0), $scalar(b0));
  if (r.error === 'division-by-zero') return s.spec.feel ? null : fail('division-by-zero', s.spec.id, `division by zero in \`${s.spec.id}\``);
  // FEEL: operands that cannot be combined (`true * 2`, `"a" - 1`) give null.
  if (r.error !== undefined) return s.spec.feel ? null : fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: ${r.reason}`);
  return r.value as V;
}

function $and(a: V, b: () => V): V {
  return and3(a, b);
}

function $or(a: V, b: () => V): V {
  return or3(a, b);
}

function $not(a: V): V {
  return not3(a);
}

function $neg(s: Scope, a: V, expr: string): V {
  const d = num(s, $scalar(a), expr);
  return d === null ? null : d.neg();
}

function $if(c: V): boolean {
  return $scalar(c) === true;
}

function $field(s: Scope, t: V, f: string, expr: string): V {
  if (t === null) return null;
  if (typeof t !== 'object' || Array.isArray(t) || Decimal.isDecimal(t) || isDate(t) || !Object.prototype.hasOwnProperty.call(t, f)) {
    return fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: no \`${f}\` in the value`);
  }
  return (t as Record<string, V>)[f];
}

function $get(s: Scope, name: string): V {
  if (Object.prototype.hasOwnProperty.call(s.out, name)) return s.out[name];
  const k = s.spec.inputs.findIndex((i) => i.name === name);
  return k < 0 ? fail('bad-value', s.spec.id, `\`${name}\` has no value here`) : s.vals[k];
}

function $bi(s: Scope, fn: string, args: V[], expr: string): V {
  // The built-in's one implementation (src/lang/builtins/), embedded before this runtime.
  const b = BUILTIN_BY_NAME.get(fn);
  if (!b) return fail('bad-value', s.spec.id, `unknown function \`${fn}\``);
  // FEEL: a call that cannot be computed is null (only a `semantics: feel` decision gets here with a wrong arity).
  if (args.length < b.arity[0] || args.length > b.arity[1]) return null;
  const kit: RunKit = {
    fail: (reason, detail) =>
      fail('bad-value', s.spec.id, detail?.key === 'bad-date' ? `\`${detail.params.value}\` is not a date` : `\`${expr}\` in \`${s.spec.id}\` cannot be computed: ${reason}`),
    cmp: (a, b2) => $cmp(a as V, b2 as V) as -1 | 0 | 1 | undefined,
    eq: (a, b2) => $eq(a as V, b2 as V),
    date: (t) => toDate(t),
    roundMode: (s.spec.round?.mode ?? 'half-up') as RunKit['roundMode'],
  };
  if (!s.spec.feel) return b.run(args.map($scalar) as Value[], kit) as V;
  try {
    return b.run(args.map($scalar) as Value[], kit) as V;
  } catch (e) {
    if (e instanceof Fail) return null;
    throw e;
  }
}

function periodOfSpec(v: Spec): { from?: string; until?: string } {
  return { from: v.from, until: v.until };
}

function pick(id: string, asOf: string): Spec {
  const versions = SPECS.get(id);
  if (!versions) return fail('unknown-decision', id, `no decision \`${id}\``);
  const v = versionAt(versions, periodOfSpec, asOf);
  if (v) return v;
  const near = nearestPeriods(versions, periodOfSpec, asOf);
  return fail('no-version', id, `decision \`${id}\` has no version in force on \`${asOf}\`${near ? ` (nearest: ${near})` : ''}`, { asOf });
}

function $call(s: Scope, id: string, args: V[], named: Record<string, V> | undefined): V {
  if (s.depth > 64) return fail('bad-value', s.spec.id, `\`${id}\` in \`${s.spec.id}\` cannot be computed: calls nest too deeply (a cycle?)`);
  const spec = pick(id, s.asOf);
  const input: Record<string, unknown> = Object.create(null);
  if (named) for (const k of Object.keys(named)) input[k] = $scalar(named[k]);
  // Positional arguments follow the inputs as callers ask them: the decision's own, then its exceptions' further ones.
  const order = args.length > spec.inputs.length ? askedNames(spec) : spec.inputs.map((i) => i.name);
  args.forEach((a, i) => {
    if (order[i] !== undefined) input[order[i]] = $scalar(a);
  });
  const via = [...s.via, s.spec.id];
  const x: { t?: Trace } | undefined = s.t ? {} : undefined;
  try {
    const out = run(spec, input, s.asOf, s.depth + 1, via, x)!;
    if (x?.t) s.t!.calls.push(x.t);
    return out;
  } catch (e) {
    if (e instanceof Fail && !e.error.via) e.error.via = via;
    throw e;
  }
}

/** Input names of a decision as callers ask it: its own, then its exceptions' further ones (transitively). */
function askedNames(spec: Spec): string[] {
  const out = spec.inputs.map((i) => i.name);
  const seen = new Set<string>([spec.id]);
  const walk = (sp: Spec) => {
    for (const id of sp.exc ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const versions = SPECS.get(id) ?? [];
      for (const v of versions) for (const i of v.inputs) if (!out.includes(i.name)) out.push(i.name);
      for (const v of versions) walk(v);
    }
  };
  walk(spec);
  return out;
}

/**
 * The exceptions of `spec` that apply to the input as of `asOf`: their common
 * outputs (with the first one's explanation), or undefined when none applies.
 */
function tryExceptions(spec: Spec, input: unknown, asOf: string, depth: number, via: string[], explain: boolean): { out: Record<string, V>; t?: Trace } | undefined {
  const applied: { id: string; out: Record<string, V>; t?: Trace }[] = [];
  const inner = [...via, spec.id];
  for (const id of spec.exc ?? []) {
    const e = versionAt(SPECS.get(id) ?? [], periodOfSpec, asOf);
    if (!e) continue;
    const x: { t?: Trace } | undefined = explain ? {} : undefined;
    const out = run(e, input, asOf, depth + 1, inner, x, true);
    if (out) applied.push({ id, out, t: x?.t });
  }
  if (applied.length === 0) return undefined;
  const names = spec.outputs.map((o) => o.name);
  const agree = agreeingExceptions(applied.map((a) => names.map((n) => a.out[n] ?? null)));
  if (agree.disagree !== undefined) {
    return fail('unique-violated', spec.id, `exceptions \`${applied[0].id}\` and \`${applied[agree.disagree].id}\` of \`${spec.id}\` both apply with different outputs`);
  }
  const out: Record<string, V> = {};
  names.forEach((n, o) => (out[n] = agree.values![o] as V));
  return { out, t: applied[0].t };
}

/** Records a formula step (explain path): the sub-expression's text, its value, where it is. */
function $st(s: Scope, expr: string, line: number, column: number, v: V): V {
  s.steps!.push({ expr, value: toOut(v, undefined), line, column });
  return v;
}

function newTrace(spec: Spec, vals: V[]): Trace {
  const info = spec.info;
  const t: Trace = { decision: spec.id, hit: spec.hit, file: info.file, input: {}, rows: [], formulas: [], calls: [] };
  if (info.title !== undefined) t.title = info.title;
  if (info.clause !== undefined) t.clause = info.clause;
  if (spec.from !== undefined) t.version = spec.until !== undefined ? { from: spec.from, until: spec.until } : { from: spec.from };
  spec.inputs.forEach((inp, i) => (t.input[inp.name] = toOut(vals[i], undefined)));
  return t;
}

function fired(t: Trace | undefined, spec: Spec, rows: number[]): void {
  if (t) for (const r of rows) t.rows.push({ ...spec.info.rows[r] });
}

function rank(o: { ranks?: V[] }, v: V): number {
  if (!o.ranks) return 0;
  const k = o.ranks.findIndex((x) => $eq(x, v));
  return k < 0 ? o.ranks.length : k;
}

function roundV(v: V, r: { mode: string; step: Decimal }): V {
  if (Decimal.isDecimal(v)) return v.round(r.step, r.mode as never);
  if (Array.isArray(v)) return v.map((x) => roundV(x, r));
  return v;
}

/**
 * Evaluates one decision version; with `x`, the explanation is left in `x.t`
 * (also when it fails after the inputs are read). With `lenient` (an
 * exception being tried), undefined means it does not apply: an input
 * outside its domain, or no row matching.
 */
function run(spec: Spec, input: unknown, asOf: string, depth: number, via: string[], x?: { t?: Trace }, lenient = false): Record<string, V> | undefined {
  if (depth > 64) return fail('bad-value', spec.id, `\`${spec.id}\` cannot be computed: calls nest too deeply (a cycle?)`);
  const vals: V[] = [];
  let defaulted: string[] | undefined;
  for (const inp of spec.inputs) {
    let raw = ownValue(input, inp.name);
    // FEEL (a decision imported from DMN): `null` is a value every input may take; only a missing one is missing.
    if (raw === null && spec.feel) {
      vals.push(null);
      continue;
    }
    if (isAbsent(raw)) {
      if (inp.dflt === undefined) fail('missing-input', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is missing`, { input: inp.name });
      raw = inp.dflt;
      (defaulted ??= []).push(inp.name);
    }
    const v = convert(spec, inp, raw);
    if (inp.domain && !inp.domain(v)) {
      if (lenient) return undefined;
      fail('out-of-domain', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, outside its domain \`${inp.domainText}\``, { input: inp.name, value: show(raw) });
    }
    vals.push(v);
  }
  const s: Scope = { spec, vals, out: {}, asOf, depth, via, t: undefined, steps: undefined };
  const t = x ? (x.t = newTrace(spec, vals)) : undefined;
  if (t) {
    s.t = t;
    s.steps = [];
    if (defaulted) t.defaultedInputs = defaulted;
  }
  if (spec.exc) {
    const ex = tryExceptions(spec, input, asOf, depth, via, t !== undefined);
    if (ex) {
      if (t) {
        if (ex.t) t.exception = ex.t;
        t.output = printOut(spec, ex.out);
      }
      return ex.out;
    }
  }
  const out: Record<string, V> = {};
  const outs = spec.outputs;
  if (spec.rows > 0) {
    const acc = spec.all.slice();
    for (const col of spec.columns) {
      const v = vals[col.i];
      let bits: number[] | undefined;
      if (col.k === 'n' && Decimal.isDecimal(v)) bits = col.seg[segmentIn(col, v)];
      else if (col.k === 'e' && (typeof v === 'string' || typeof v === 'boolean')) bits = col.map.get(v) ?? col.other;
      if (bits) for (let w = 0; w < acc.length; w++) acc[w] &= bits[w];
      else {
        const tests = col.k === 's' ? col.tests : undefined;
        for (const r of rowsOf(acc)) {
          const ok = tests ? tests[r](v, s) : false;
          if (!ok) acc[r >>> 5] &= ~(1 << (r & 31));
        }
      }
    }
    let rows = rowsOf(acc);
    const hit = spec.hit;
    if (hit === 'first') rows = rows.slice(0, 1);
    const rowVals = (r: number) => spec.cells[r].map((c) => c(s));
    if (rows.length === 0) {
      const none = spec.defaults ? undefined : emptyHit(hit, outs.length);
      if (spec.defaults) {
        if (t) t.defaulted = true;
        spec.defaults.forEach((c, o) => (out[outs[o].name] = c(s)));
      } else if (none) none.forEach((v, o) => (out[outs[o].name] = v as V));
      else if (lenient) return undefined;
      else fail('no-match', spec.id, noMatchMessage(spec.id));
    } else {
      const r = applyHit(hit, rows, rowVals, outs.map((o) => o.ranks));
      if (r.error === 'unique-violated') {
        fail('unique-violated', spec.id, `rules ${r.rows.map((k) => '#' + (k + 1)).join(', ')} of \`${spec.id}\` all match the input (hit policy \`unique\`)`, { rows: r.rows.map((k) => k + 1) });
      }
      if (r.error === 'any-disagree') {
        fail('unique-violated', spec.id, `rules ${r.rows.map((k) => '#' + (k + 1)).join(', ')} of \`${spec.id}\` match the input with different outputs (hit policy \`any\`)`, { rows: r.rows.map((k) => k + 1) });
      }
      if (r.error !== undefined) return fail('bad-value', spec.id, `\`${hit}\` in \`${spec.id}\` cannot be computed: ${r.reason}`);
      fired(t, spec, r.fired);
      r.values.forEach((v, o) => (out[outs[o].name] = v as V));
    }
  }
  for (const f of spec.formulas) {
    if (t) {
      const before = s.steps!.length;
      const v = $scalar(f.fx(s));
      out[f.output] = v;
      s.out[f.output] = v;
      t.formulas.push({ output: f.output, source: f.source, value: toOut(v, undefined), line: f.line, column: f.column, steps: s.steps!.slice(before) });
      continue;
    }
    const v = $scalar(f.fn(s));
    out[f.output] = v;
    s.out[f.output] = v;
  }
  for (const o of outs) {
    if (!(o.name in out)) out[o.name] = null;
    else if (o.money && spec.round) out[o.name] = roundV(out[o.name], spec.round);
  }
  if (t) t.output = printOut(spec, out);
  return out;
}

/** Outputs as the module gives them: numbers as decimal strings, money with the places of its rounding step. */
function printOut(spec: Spec, out: Record<string, V>): Record<string, Json> {
  const printed: Record<string, Json> = {};
  for (const o of spec.outputs) printed[o.name] = toOut(out[o.name], o.money && spec.round ? spec.round.places : undefined);
  return printed;
}

function toOut(v: V, places: number | undefined): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Decimal.isDecimal(v)) return places === undefined ? v.toString() : v.toFixed(places);
  if (Array.isArray(v)) return v.map((x) => toOut(x, places));
  if (isDate(v)) return v.iso;
  if (isTemporal(v)) return showTemporal(v);
  const o: Record<string, Json> = {};
  for (const k of Object.keys(v)) o[k] = toOut((v as Record<string, V>)[k], undefined);
  return o;
}

/**
 * The slow, general path: any input, any decision, as of `opts.asOf` (a real
 * `YYYY-MM-DD` day; default today, the local date). Errors come back as
 * values. With `explain`, the result also carries the explanation (on an
 * error too, once the inputs were read), like the interpreter's.
 */
function $evaluate(
  id: string,
  input: Record<string, unknown>,
  opts?: { asOf?: string; explain?: boolean },
): { output?: Record<string, unknown>; error?: Err; explain?: Trace } {
  const x: { t?: Trace } | undefined = opts?.explain === true ? {} : undefined;
  const given = asOfIso(opts?.asOf);
  if (given === false) return { error: { code: 'bad-as-of', decision: id, value: show(opts?.asOf), message: `\`${show(opts?.asOf)}\` is not a date to evaluate as of (write YYYY-MM-DD)` } };
  const asOf = given ?? localToday();
  try {
    const spec = pick(id, asOf);
    const out = run(spec, input, asOf, 0, [], x)!;
    if (x?.t) return { output: x.t.output, explain: x.t };
    return { output: printOut(spec, out) };
  } catch (e) {
    if (e instanceof Fail) return x?.t ? { error: e.error, explain: x.t } : { error: e.error };
    throw e;
  }
}

/** Today as the module evaluates by default (the fast paths check a version is in force). */
function $today(): string {
  return localToday();
}

export { $seg, $today, $noMatch, $register, $d, $eq, $cmp, $test, $range, $bin, $and, $or, $not, $neg, $if, $field, $get, $bi, $call, $st, $evaluate };
