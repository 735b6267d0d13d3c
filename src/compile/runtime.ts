/**
 * What the generated evaluator calls: input conversion, the row index, hit
 * policies, formula operators, rounding and output printing. Inlined into
 * every generated module (types stripped, see `embed.mjs`), after the Decimal
 * runtime, so it must stay self-contained: its only import is Decimal, which
 * the embedding removes.
 */
import { Decimal, DecimalError } from '../runtime/decimal.js';
import type { Json } from '../evaluate/serialize.js';
import type { ExplanationJson, RowJson, StepJson } from './explanation.js';
import { BUILTIN_BY_NAME, type RunKit } from '../lang/builtins/index.js';
import type { Value } from '../model/index.js';

type V = Decimal | boolean | string | { kind: 'date'; iso: string } | null | V[] | { [k: string]: V };

/** An evaluation error value. */
interface Err {
  code: string;
  decision: string;
  input?: string;
  value?: string;
  rows?: number[];
  message: string;
  via?: string[];
}

class Fail {
  constructor(readonly error: Err) {}
}

interface InputSpec {
  name: string;
  kind: string;
  keys?: string[];
  labels?: Record<string, string>;
  domain?: (v: V) => boolean;
  domainText?: string;
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
}

interface Scope {
  spec: Spec;
  vals: V[];
  out: Record<string, V>;
  asOf?: string;
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

const HUNDRED = new Decimal(100n, 0);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);

function isDate(v: unknown): v is { kind: 'date'; iso: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && (v as { kind?: unknown }).kind === 'date';
}

function toDate(s: string): V | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d ? { kind: 'date', iso: s } : undefined;
}

function convert(spec: Spec, inp: InputSpec, raw: unknown): V {
  if (raw === null) return null;
  const wrong = (reason: string): never =>
    fail('wrong-type', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, ${reason}`, { input: inp.name, value: show(raw) });
  if (NUMERIC.has(inp.kind)) {
    let d: Decimal | undefined;
    if (Decimal.isDecimal(raw)) d = raw;
    else if (typeof raw === 'number') d = Number.isFinite(raw) ? Decimal.fromNumber(raw) : undefined;
    else if (typeof raw === 'string') {
      const t = raw.trim();
      if (inp.kind === 'percent' && t.endsWith('%')) {
        const p = Decimal.parse(t.slice(0, -1).trim());
        d = p ? p.div(HUNDRED) : undefined;
      } else d = Decimal.parse(t);
    }
    if (!d) return wrong(inp.kind === 'money' ? 'not an amount' : inp.kind === 'percent' ? 'not a percent' : 'not a number');
    if ((inp.kind === 'integer' || inp.kind === 'months' || inp.kind === 'days') && !d.isInteger()) return wrong('not a whole number');
    return d;
  }
  switch (inp.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return wrong('not true or false');
    case 'enum': {
      const key = typeof raw === 'string' ? raw.replace(/^"(.*)"$/, '$1') : undefined;
      if (key !== undefined && inp.keys!.includes(key)) return key;
      for (const k of inp.keys!) if (inp.labels![k] === raw) return k;
      return fail('out-of-domain', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, outside its domain \`${inp.keys!.join(', ')}\``, { input: inp.name, value: show(raw) });
    }
    case 'date': {
      if (isDate(raw)) return raw;
      const d = typeof raw === 'string' ? toDate(raw.trim()) : undefined;
      return d ?? wrong('not a date (YYYY-MM-DD)');
    }
    default:
      return typeof raw === 'string' ? raw : String(raw);
  }
}

function segmentOf(col: Col & { k: 'n' }, v: Decimal): number {
  const f = Number(v.toString());
  let lo = 0;
  let hi = col.pf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = col.pf[mid];
    const c = p < f ? -1 : p > f ? 1 : col.points[mid].cmp(v);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid;
    else return 2 * mid + 1;
  }
  return 2 * lo;
}

/**
 * The segment of a JS number `x` among sorted points (as doubles; `rt[i]` says
 * point i is exactly its double's shortest text): 2k+1 on point k, 2k between
 * points k-1 and k. Rounding to double is monotonic, so a strict double
 * comparison is exact; a tie is exact only for a round-tripping point, and
 * gives -1 otherwise (the caller takes the exact path).
 */
function $seg(pf: number[], rt: number[], x: number): number {
  // Lower bound with one comparison per step (V8 makes it a conditional move, no mispredicted branch).
  let lo = 0;
  let hi = pf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pf[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo < pf.length && pf[lo] === x) return rt[lo] === 1 ? 2 * lo + 1 : -1;
  return 2 * lo;
}

function noMatchMessage(id: string): string {
  return `no rule of \`${id}\` matches the input`;
}

/** The no-match error value of decision `id`, as the exact path gives it. */
function $noMatch(id: string): { error: Err } {
  return { error: { code: 'no-match', decision: id, message: noMatchMessage(id) } };
}

function rowsOf(bits: number[]): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w] | 0;
    while (x !== 0) {
      const low = x & -x;
      out.push(w * 32 + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}

function $eq(a: V, b: V): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) && a.eq(b);
  if (typeof a !== 'object' || typeof b !== 'object' || Decimal.isDecimal(b)) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => $eq(x, b[i]));
  if (Array.isArray(b)) return false;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.iso === b.iso;
  const ka = Object.keys(a);
  const rb = b as Record<string, V>;
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && $eq((a as Record<string, V>)[k], rb[k]));
}

function $cmp(a: V, b: V): number | undefined {
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) ? a.cmp(b) : undefined;
  if (typeof a === 'string') return typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : undefined;
  if (isDate(a)) return isDate(b) ? (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0) : undefined;
  return undefined;
}

/** A cell comparison `op` between the input `v` and the literal `b`. */
function $test(op: string, v: V, b: V): boolean {
  if (op === '=') return $eq(v, b);
  if (op === '!=') return !$eq(v, b);
  const c = $cmp(v, b);
  if (c === undefined) return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function $range(v: V, lo: V, hi: V, lc: boolean, hc: boolean): boolean {
  const a = $cmp(v, lo);
  const b = $cmp(v, hi);
  if (a === undefined || b === undefined) return false;
  return (lc ? a >= 0 : a > 0) && (hc ? b <= 0 : b < 0);
}

function $scalar(v: V): V {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && !isDate(v)) {
    const k = Object.keys(v);
    if (k.length === 1) return (v as Record<string, V>)[k[0]];
  }
  return v;
}

function num(s: Scope, v: V, expr: string): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v;
  return fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: \`${show(v)}\` is not a number`);
}

function $bin(s: Scope, op: string, a0: V, b0: V, expr: string): V {
  const a = $scalar(a0);
  const b = $scalar(b0);
  switch (op) {
    case '=':
      return $eq(a, b);
    case '!=':
      return !$eq(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = $cmp(a, b);
      if (c === undefined) return null;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  const x = num(s, a, expr);
  const y = num(s, b, expr);
  if (x === null || y === null) return null;
  try {
    if (op === '+') return x.add(y);
    if (op === '-') return x.sub(y);
    if (op === '*') return x.mul(y);
    if (op === '/') return x.div(y);
    if (!y.isInteger()) return fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: powers take whole exponents`);
    return x.pow(y.toNumber());
  } catch (e) {
    if (e instanceof DecimalError && e.code === 'division-by-zero') return s.spec.feel ? null : fail('division-by-zero', s.spec.id, `division by zero in \`${s.spec.id}\``);
    if (e instanceof DecimalError) return fail('bad-value', s.spec.id, `\`${expr}\` in \`${s.spec.id}\` cannot be computed: ${e.message}`);
    throw e;
  }
}

function truth(v: V): boolean | null {
  v = $scalar(v);
  return typeof v === 'boolean' ? v : null;
}

function $and(a: V, b: () => V): V {
  const x = truth(a);
  if (x === false) return false;
  const y = truth(b());
  return y === false ? false : x === null || y === null ? null : true;
}

function $or(a: V, b: () => V): V {
  const x = truth(a);
  if (x === true) return true;
  const y = truth(b());
  return y === true ? true : x === null || y === null ? null : false;
}

function $not(a: V): V {
  const x = truth(a);
  return x === null ? null : !x;
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

function pick(id: string, asOf: string | undefined): Spec {
  const versions = SPECS.get(id);
  if (!versions) return fail('unknown-decision', id, `no decision \`${id}\``);
  if (asOf === undefined) return versions[versions.length - 1];
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i];
    if (v.from === undefined || (v.from <= asOf && (v.until === undefined || asOf < v.until))) return v;
  }
  return fail('no-version-at-date', id, `decision \`${id}\` has no version in effect on \`${asOf}\``);
}

function $call(s: Scope, id: string, args: V[], named: Record<string, V> | undefined): V {
  if (s.depth > 64) return fail('bad-value', s.spec.id, `\`${id}\` in \`${s.spec.id}\` cannot be computed: calls nest too deeply (a cycle?)`);
  const spec = pick(id, s.asOf);
  const input: Record<string, unknown> = {};
  if (named) for (const k of Object.keys(named)) input[k] = $scalar(named[k]);
  args.forEach((a, i) => {
    if (spec.inputs[i]) input[spec.inputs[i].name] = $scalar(a);
  });
  const via = [...s.via, s.spec.id];
  const x: { t?: Trace } | undefined = s.t ? {} : undefined;
  try {
    const out = run(spec, input, s.asOf, s.depth + 1, via, x);
    if (x?.t) s.t!.calls.push(x.t);
    return out;
  } catch (e) {
    if (e instanceof Fail && !e.error.via) e.error.via = via;
    throw e;
  }
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

/** Evaluates one decision version; with `x`, the explanation is left in `x.t` (also when it fails after the inputs are read). */
function run(spec: Spec, input: Record<string, unknown>, asOf: string | undefined, depth: number, via: string[], x?: { t?: Trace }): Record<string, V> {
  const vals: V[] = [];
  for (const inp of spec.inputs) {
    const raw = input[inp.name];
    if (raw === undefined) fail('missing-input', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is missing`, { input: inp.name });
    const v = convert(spec, inp, raw);
    if (v !== null && inp.domain && !inp.domain(v)) {
      fail('out-of-domain', spec.id, `input \`${inp.name}\` of \`${spec.id}\` is \`${show(raw)}\`, outside its domain \`${inp.domainText}\``, { input: inp.name, value: show(raw) });
    }
    vals.push(v);
  }
  const s: Scope = { spec, vals, out: {}, asOf, depth, via, t: undefined, steps: undefined };
  const t = x ? (x.t = newTrace(spec, vals)) : undefined;
  if (t) {
    s.t = t;
    s.steps = [];
  }
  const out: Record<string, V> = {};
  const outs = spec.outputs;
  if (spec.rows > 0) {
    const acc = spec.all.slice();
    for (const col of spec.columns) {
      const v = vals[col.i];
      let bits: number[] | undefined;
      if (col.k === 'n' && Decimal.isDecimal(v)) bits = col.seg[segmentOf(col, v)];
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
      if (spec.defaults) {
        if (t) t.defaulted = true;
        spec.defaults.forEach((c, o) => (out[outs[o].name] = c(s)));
      }
      else if (hit === 'collect' || hit === 'rule-order' || hit === 'output-order') for (const o of outs) out[o.name] = [];
      else if (hit === 'collect-sum' || hit === 'collect-count') for (const o of outs) out[o.name] = Decimal.ZERO;
      else fail('no-match', spec.id, noMatchMessage(spec.id));
    } else if (hit === 'unique' || hit === 'first' || hit === 'any' || hit === 'priority') {
      if (hit === 'unique' && rows.length > 1) {
        fail('unique-violated', spec.id, `rules ${rows.map((r) => '#' + (r + 1)).join(', ')} of \`${spec.id}\` all match the input (hit policy \`unique\`)`, { rows });
      }
      let chosen = rows[0];
      let vals0 = rowVals(chosen);
      if (hit === 'any') {
        for (const r of rows.slice(1)) {
          if (!rowVals(r).every((x, o) => $eq(x, vals0[o]))) {
            fail('unique-violated', spec.id, `rules ${rows.map((k) => '#' + (k + 1)).join(', ')} of \`${spec.id}\` match the input with different outputs (hit policy \`any\`)`, { rows });
          }
        }
      } else if (hit === 'priority') {
        let best = vals0.map((v, o) => rank(outs[o], v));
        for (const r of rows.slice(1)) {
          const cand = rowVals(r);
          const rk = cand.map((v, o) => rank(outs[o], v));
          const k = rk.findIndex((x, o) => x !== best[o]);
          if (k >= 0 && rk[k] < best[k]) {
            best = rk;
            vals0 = cand;
            chosen = r;
          }
        }
      }
      fired(t, spec, hit === 'any' ? rows : [chosen]);
      vals0.forEach((v, o) => (out[outs[o].name] = v));
    } else {
      let all = rows.map((r) => ({ r, v: rowVals(r), k: [] as number[] }));
      if (hit === 'output-order') {
        for (const x of all) x.k = x.v.map((v, o) => rank(outs[o], v));
        all = all.sort((a, b) => {
          const o = a.k.findIndex((x, i) => x !== b.k[i]);
          return o < 0 ? a.r - b.r : a.k[o] - b.k[o];
        });
      }
      fired(t, spec, all.map((z) => z.r));
      outs.forEach((o, k) => {
        const col = all.map((x) => x.v[k]);
        if (hit === 'collect-count') out[o.name] = Decimal.fromBigInt(BigInt(rows.length));
        else if (hit === 'collect-sum') {
          let acc = Decimal.ZERO;
          for (const v of col) if (v !== null) acc = acc.add(num(s, v, hit) as Decimal);
          out[o.name] = acc;
        } else if (hit === 'collect-min' || hit === 'collect-max') {
          let best: V = null;
          for (const v of col) {
            if (v === null) continue;
            const c = best === null ? (hit === 'collect-min' ? -1 : 1) : $cmp(v, best);
            if (c === undefined) fail('bad-value', spec.id, `\`${hit}\` in \`${spec.id}\` cannot be computed: the values cannot be ordered`);
            if (hit === 'collect-min' ? (c as number) < 0 : (c as number) > 0) best = v;
          }
          out[o.name] = best;
        } else out[o.name] = col;
      });
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
  const o: Record<string, Json> = {};
  for (const k of Object.keys(v)) o[k] = toOut((v as Record<string, V>)[k], undefined);
  return o;
}

/**
 * The slow, general path: any input, any decision. Errors come back as values.
 * With `explain`, the result also carries the explanation (on an error too,
 * once the inputs were read), like the interpreter's.
 */
function $evaluate(
  id: string,
  input: Record<string, unknown>,
  opts?: { asOf?: string; explain?: boolean },
): { output?: Record<string, unknown>; error?: Err; explain?: Trace } {
  const x: { t?: Trace } | undefined = opts?.explain === true ? {} : undefined;
  try {
    const spec = pick(id, opts?.asOf);
    const out = run(spec, input ?? {}, opts?.asOf, 0, [], x);
    if (x?.t) return { output: x.t.output, explain: x.t };
    return { output: printOut(spec, out) };
  } catch (e) {
    if (e instanceof Fail) return x?.t ? { error: e.error, explain: x.t } : { error: e.error };
    throw e;
  }
}

export { $seg, $noMatch, $register, $d, $eq, $cmp, $test, $range, $bin, $and, $or, $not, $neg, $if, $field, $get, $bi, $call, $st, $evaluate };
