/**
 * The meaning of a decision, written once: which types are numbers, each
 * type's own domain, what an outside value means for a type (the one input
 * contract), value equality and order, the segment search of the row index,
 * hit-policy selection and aggregation, versions in force on a date.
 *
 * The interpreter (`src/evaluate`) imports this module; the generated
 * evaluator inlines the same text (see `src/compile/embed.mjs`, after the
 * Decimal runtime), so both executions run one definition. It must therefore
 * stay self-contained: its only value imports are Decimal and the temporal values
 * (src/runtime/temporal.ts, inlined just before it), which the embedding
 * removes, and it never throws for a caller's value (errors are results).
 *
 * One file of about 580 lines on purpose: it is inlined as one text into the generated module, so its parts cannot import one another.
 */
import { Decimal, DecimalError, MAX_DIGITS, tooManyDigits } from './decimal.js';
import { addSubTemporal, compareTemporal, isTemporal, showTemporal, type Temporal } from './temporal.js';

/** A runtime value (the model's `Value`, restated here so the module stands alone). */
export type SValue = Decimal | boolean | string | { kind: 'date'; iso: string } | Temporal | null | SValue[] | { [k: string]: SValue };

// ---------------------------------------------------------------- types and domains

/** Types whose values are exact decimals. */
export const NUMERIC_KINDS: ReadonlySet<string> = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);
/** Numeric types that take whole numbers only. */
export const WHOLE_KINDS: ReadonlySet<string> = new Set(['integer', 'months', 'days']);

const ZERO_D = new Decimal(0n, 0);
const ONE_D = new Decimal(1n, 0);

/** The domain each type has unless a field narrows it: percent 0–100%, money, months and days ≥ 0. */
export function typeBounds(kind: string): { min?: Decimal; max?: Decimal; integer?: boolean } {
  switch (kind) {
    case 'percent':
      return { min: ZERO_D, max: ONE_D };
    case 'money':
      return { min: ZERO_D };
    case 'months':
    case 'days':
      return { min: ZERO_D, integer: true };
    case 'integer':
      return { integer: true };
    default:
      return {};
  }
}

/** A type's own domain as a cell (the model's `UnaryTest` shape), or undefined when the type is unbounded. */
export function typeDomainTest(kind: string):
  | { kind: 'range'; low: { kind: 'number'; value: Decimal; unit?: 'percent' }; high: { kind: 'number'; value: Decimal; unit?: 'percent' }; lowClosed: true; highClosed: true }
  | { kind: 'compare'; op: '>='; value: { kind: 'number'; value: Decimal } }
  | undefined {
  const b = typeBounds(kind);
  if (b.min && b.max) return { kind: 'range', low: { kind: 'number', value: b.min, unit: 'percent' }, high: { kind: 'number', value: b.max, unit: 'percent' }, lowClosed: true, highClosed: true };
  if (b.min) return { kind: 'compare', op: '>=', value: { kind: 'number', value: b.min } };
  return undefined;
}

// ---------------------------------------------------------------- dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (`2026-02-30`, `2026-3-1` are not), or undefined. */
export function parseIsoDate(text: string): { kind: 'date'; iso: string } | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear keeps them.
  dt.setUTCFullYear(y);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return { kind: 'date', iso: text };
}

/** Whether `v` is a date value. */
export function isDateValue(v: unknown): v is { kind: 'date'; iso: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && (v as { kind?: unknown }).kind === 'date';
}

let todayIso = '';
let todayEnds = 0;

/**
 * Today in the local time zone, `YYYY-MM-DD`: the date every evaluation is
 * as of unless told otherwise. Cached until local midnight, so the hot path
 * pays one `Date.now()`.
 */
export function localToday(): string {
  const now = Date.now();
  if (now < todayEnds) return todayIso;
  const d = new Date(now);
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  todayIso = `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1, 2)}-${p(d.getDate(), 2)}`;
  todayEnds = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return todayIso;
}

/**
 * An `asOf` as given by a caller (a string or a date value) → its ISO text,
 * `undefined` when absent (then today applies), or `false` when it is not a
 * real date.
 */
export function asOfIso(asOf: unknown): string | undefined | false {
  if (asOf === undefined || asOf === null) return undefined;
  if (typeof asOf === 'string') return parseIsoDate(asOf) ? asOf : false;
  if (isDateValue(asOf) && typeof asOf.iso === 'string') return parseIsoDate(asOf.iso) ? asOf.iso : false;
  return false;
}

/** A version's period as ISO texts: `from` inclusive, `until` exclusive; neither = always in force. */
export interface PeriodIso {
  from?: string;
  until?: string;
}

/** Whether `asOf` lies in the half-open period. */
export function inForce(p: PeriodIso, asOf: string): boolean {
  return (p.from === undefined || p.from <= asOf) && (p.until === undefined || asOf < p.until);
}

/**
 * The one version in force on `asOf`, or undefined. Versions do not overlap
 * (the checker's `period-overlap`); were they to, the one starting latest wins.
 */
export function versionAt<T>(versions: readonly T[], periodOf: (v: T) => PeriodIso, asOf: string): T | undefined {
  for (let i = versions.length - 1; i >= 0; i--) if (inForce(periodOf(versions[i]), asOf)) return versions[i];
  return undefined;
}

/** The last day a period is in force: `until` is exclusive, people read the day before (至 2026-12-31). */
export function lastDayInForce(untilIso: string): string {
  const d = new Date(`${untilIso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The versions nearest to `asOf` (the last one ending before it, the first one starting after it), as
 * `first day–last day` texts for a `no-version` error: the last day in force, as the handbook prints it,
 * not the exclusive `until`.
 */
export function nearestPeriods<T>(versions: readonly T[], periodOf: (v: T) => PeriodIso, asOf: string): string {
  let before: PeriodIso | undefined;
  let after: PeriodIso | undefined;
  for (const v of versions) {
    const p = periodOf(v);
    if (p.until !== undefined && p.until <= asOf && (!before || p.until > before.until!)) before = p;
    if (p.from !== undefined && p.from > asOf && (!after || p.from < after.from!)) after = p;
  }
  const text = (p: PeriodIso) => `${p.from ?? '…'}–${p.until === undefined ? '…' : lastDayInForce(p.until)}`;
  return [before, after].filter((p): p is PeriodIso => p !== undefined).map(text).join(', ');
}

// ---------------------------------------------------------------- equality and order

/** Value equality: numbers by value (0.70 = 0.7), dates by day, lists and contexts element-wise. */
export function valuesEqual(a: SValue, b: SValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) && a.eq(b);
  if (typeof a !== 'object' || typeof b !== 'object' || Decimal.isDecimal(b)) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (Array.isArray(b)) return false;
  if (isDateValue(a) || isDateValue(b)) return isDateValue(a) && isDateValue(b) && a.iso === b.iso;
  if (isTemporal(a) || isTemporal(b)) return isTemporal(a) && isTemporal(b) && compareTemporal(a, b) === 0;
  const ka = Object.keys(a);
  const rb = b as Record<string, SValue>;
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && valuesEqual((a as Record<string, SValue>)[k], rb[k]));
}

/**
 * Order of two values of the same type: numbers by value, strings by code
 * point, dates by day. `undefined` when they are not comparable (different
 * types, booleans, null, lists).
 */
export function compareValues(a: SValue, b: SValue): -1 | 0 | 1 | undefined {
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) ? (a.cmp(b) as -1 | 0 | 1) : undefined;
  if (typeof a === 'string') return typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : undefined;
  if (isDateValue(a)) return isDateValue(b) ? (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0) : undefined;
  if (isTemporal(a)) return isTemporal(b) ? compareTemporal(a, b) : undefined;
  return undefined;
}

/** A cell's comparison `op` between the input `v` and the literal `b` (values of different types never compare). */
export function testCompare(op: string, v: SValue, b: SValue): boolean {
  if (op === '=') return valuesEqual(v, b);
  if (op === '!=') return !valuesEqual(v, b);
  const c = compareValues(v, b);
  if (c === undefined) return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : false;
}

/** A cell's interval `[lo..hi]` (closed or open at each end) on the input `v`. */
export function testRange(v: SValue, lo: SValue, hi: SValue, lowClosed: boolean, highClosed: boolean): boolean {
  const a = compareValues(v, lo);
  const b = compareValues(v, hi);
  if (a === undefined || b === undefined) return false;
  return (lowClosed ? a >= 0 : a > 0) && (highClosed ? b <= 0 : b < 0);
}

/** A context with a single entry stands for that entry (a call of a single-output decision). */
export function scalarOf(v: SValue): SValue {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && !isDateValue(v) && !isTemporal(v)) {
    const k = Object.keys(v);
    if (k.length === 1) return (v as Record<string, SValue>)[k[0]];
  }
  return v;
}

// ---------------------------------------------------------------- operators

/** Why a value cannot take part in arithmetic. */
function notANumber(v: SValue): string {
  let t: string;
  try {
    t = typeof v === 'string' ? JSON.stringify(v) : isTemporal(v) ? showTemporal(v) : String(JSON.stringify(v));
  } catch {
    t = '…';
  }
  return `\`${t.length > 80 ? `${t.slice(0, 79)}…` : t}\` is not a number`;
}

/** A binary operator's result, or why there is none (the caller names the expression). */
export type OpResult = { value: SValue; error?: undefined; reason?: undefined } | { error: 'bad-value' | 'division-by-zero'; reason: string; value?: undefined };

/**
 * A formula's binary operator on two values (single-entry contexts already
 * unwrapped), FEEL-style: `=`/`!=` by value, order comparisons `null` across
 * types, arithmetic exact on decimals with `null` in giving `null`, `+` also
 * joining two strings, powers with whole exponents.
 */
export function binaryOp(op: string, a: SValue, b: SValue): OpResult {
  switch (op) {
    case '=':
      return { value: valuesEqual(a, b) };
    case '!=':
      return { value: !valuesEqual(a, b) };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compareValues(a, b);
      if (c === undefined) return { value: null };
      return { value: op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0 };
    }
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return { value: a + b };
  // Durations, times and dates and times (a date too, with a duration or a date and time): FEEL's temporal sums; none is null.
  // A date minus a date stays rulebook's count of days (lang/types.ts).
  if ((op === '+' || op === '-') && (isTemporal(a) || isTemporal(b))) {
    const point = (v: SValue) => isTemporal(v) || isDateValue(v);
    return { value: point(a) && point(b) ? (addSubTemporal(op, a as Temporal, b as Temporal) ?? null) : null };
  }
  if (a !== null && !Decimal.isDecimal(a)) return { error: 'bad-value', reason: notANumber(a) };
  if (b !== null && !Decimal.isDecimal(b)) return { error: 'bad-value', reason: notANumber(b) };
  if (a === null || b === null) return { value: null };
  try {
    if (op === '+') return { value: a.add(b) };
    if (op === '-') return { value: a.sub(b) };
    if (op === '*') return { value: a.mul(b) };
    if (op === '/') return { value: a.div(b) };
    if (!b.isInteger()) return { error: 'bad-value', reason: 'powers take whole exponents' };
    return { value: a.pow(b.toNumber()) };
  } catch (e) {
    if (e instanceof DecimalError && e.code === 'division-by-zero') return { error: 'division-by-zero', reason: 'division by zero' };
    if (e instanceof DecimalError) return { error: 'bad-value', reason: e.message };
    throw e;
  }
}

/** Three-valued truth: a boolean, else null (FEEL). */
export function truthOf(v: SValue): boolean | null {
  const x = scalarOf(v);
  return typeof x === 'boolean' ? x : null;
}

/** Three-valued `and`; `b` is asked only when `a` is not false. */
export function and3(a: SValue, b: () => SValue): boolean | null {
  const x = truthOf(a);
  if (x === false) return false;
  const y = truthOf(b());
  return y === false ? false : x === null || y === null ? null : true;
}

/** Three-valued `or`; `b` is asked only when `a` is not true. */
export function or3(a: SValue, b: () => SValue): boolean | null {
  const x = truthOf(a);
  if (x === true) return true;
  const y = truthOf(b());
  return y === true ? true : x === null || y === null ? null : false;
}

/** Three-valued `not`. */
export function not3(a: SValue): boolean | null {
  const x = truthOf(a);
  return x === null ? null : !x;
}

// ---------------------------------------------------------------- the input contract

/** What conversion needs to know of an input's type. */
export interface InputType {
  kind: string;
  /** Enum keys in declared order, and their labels in the same order. */
  keys?: readonly string[];
  labels?: readonly string[];
}

/** A converted value, or why not. */
/** `limit`: the digit limit a text went past (the interpreter says it in the reader's language; `reason` is its English). */
export type Conversion = { value: SValue; error?: undefined; reason?: undefined } | { value?: undefined; error: 'wrong-type' | 'out-of-domain'; reason: string; limit?: number };

/** The own property `name` of a caller's input object, never an inherited one (`constructor`, a polluted prototype). */
export function ownValue(input: unknown, name: string): unknown {
  return typeof input === 'object' && input !== null && Object.prototype.hasOwnProperty.call(input, name) ? (input as Record<string, unknown>)[name] : undefined;
}

/** Whether a caller's value counts as absent: `undefined` or `null` (JSON `null`, an empty form field). */
export function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null;
}

/** Why a JS number is not a value of a numeric type, or undefined when it is. */
export function numberIssue(raw: number, kind: string): string | undefined {
  if (!Number.isFinite(raw)) return 'not a finite number';
  if (WHOLE_KINDS.has(kind) && !Number.isInteger(raw)) return 'not a whole number';
  return undefined;
}

const HUNDRED_D = new Decimal(100n, 0);
const BOOL_TEXT = /^(true|false)$/i;

/**
 * An outside value (JSON, CSV, a form field, a module argument, a test input)
 * → the runtime value of a type, exactly. A percent is `"70%"` or a fraction
 * (`0.7`); numbers are JS numbers or decimal strings (`exactText`, the source
 * digits, keeps `0.1` exact); booleans are `true`/`false` or those words in
 * any case (spreadsheets write `TRUE`); enums their key (quoted or not) or
 * label; dates real `YYYY-MM-DD` days. Absence is the caller's business
 * (`isAbsent`); domains are checked after conversion.
 */
export function convertInput(raw: unknown, type: InputType, exactText?: string): Conversion {
  const kind = type.kind;
  if (NUMERIC_KINDS.has(kind)) {
    let d: Decimal | undefined;
    if (Decimal.isDecimal(raw)) d = raw;
    else if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) return { error: 'wrong-type', reason: 'not a finite number' };
      const fromText = exactText !== undefined ? Decimal.parse(exactText.replace(/_/g, '')) : undefined;
      d = fromText ?? Decimal.fromNumber(raw);
    } else if (typeof raw === 'string') {
      const t = raw.trim();
      if (kind === 'percent' && t.endsWith('%')) {
        const p = Decimal.parse(t.slice(0, -1).trim());
        d = p ? p.div(HUNDRED_D) : undefined;
      } else d = Decimal.parse(t);
    }
    if (!d && typeof raw === 'string' && tooManyDigits(raw)) return { error: 'wrong-type', reason: `more than ${MAX_DIGITS} digits, the limit for a number`, limit: MAX_DIGITS };
    if (!d) return { error: 'wrong-type', reason: kind === 'money' ? 'not an amount' : kind === 'percent' ? 'not a percent' : 'not a number' };
    if (WHOLE_KINDS.has(kind) && !d.isInteger()) return { error: 'wrong-type', reason: 'not a whole number' };
    return { value: d };
  }
  switch (kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && BOOL_TEXT.test(raw.trim())) return { value: raw.trim().toLowerCase() === 'true' };
      return { error: 'wrong-type', reason: 'not true or false' };
    case 'enum': {
      const keys = type.keys ?? [];
      if (typeof raw === 'string') {
        const key = raw.replace(/^"(.*)"$/, '$1');
        if (keys.includes(key)) return { value: key };
        // A label is accepted too: a form or a CSV written by people may carry the words, not the key.
        const k = type.labels ? type.labels.indexOf(raw) : -1;
        if (k >= 0) return { value: keys[k] };
      }
      return { error: 'out-of-domain', reason: 'not one of the values' };
    }
    case 'date': {
      if (isDateValue(raw)) return typeof raw.iso === 'string' && parseIsoDate(raw.iso) ? { value: { kind: 'date', iso: raw.iso } } : { error: 'wrong-type', reason: 'not a date (YYYY-MM-DD)' };
      const d = typeof raw === 'string' ? parseIsoDate(raw.trim()) : undefined;
      return d ? { value: d } : { error: 'wrong-type', reason: 'not a date (YYYY-MM-DD)' };
    }
    default:
      // Text: a string, or a number or boolean written without quotes; never an object's `[object Object]`.
      if (typeof raw === 'string') return { value: raw };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw) };
      return { error: 'wrong-type', reason: 'not a text' };
  }
}

// ---------------------------------------------------------------- the row index

/**
 * The segment of a number among sorted points (`pf` their doubles, `rt[i]`
 * whether point i is exactly its double's shortest text, `points` the exact
 * values): 2k+1 on point k, 2k between points k-1 and k. `f` is the value as
 * a double; `exact` the value itself, undefined when `f` came from a JS
 * number (whose meaning is its shortest text). Rounding to double is
 * monotonic, so a strict double comparison is exact and only ties are
 * compared as decimals.
 */
export function segmentOf(pf: ArrayLike<number>, rt: ArrayLike<boolean | number>, points: readonly Decimal[], f: number, exact: Decimal | undefined): number {
  // Lower bound with one comparison per step (V8 makes it a conditional move, no mispredicted branch).
  let lo = 0;
  let hi = pf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pf[mid] < f) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < pf.length && pf[lo] === f; lo++) {
    const c = exact === undefined && rt[lo] ? 0 : points[lo].cmp(exact ?? Decimal.fromNumber(f));
    if (c === 0) return 2 * lo + 1;
    if (c > 0) return 2 * lo;
  }
  return 2 * lo;
}

/**
 * The segment of a JS number `x` when it can be decided on doubles alone (the
 * generated fast path): as `segmentOf`, but -1 on a tie with a point that is
 * not exactly its double (the caller then takes the exact path).
 */
export function segmentOfDouble(pf: ArrayLike<number>, rt: ArrayLike<boolean | number>, x: number): number {
  let lo = 0;
  let hi = pf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pf[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo < pf.length && pf[lo] === x) return rt[lo] ? 2 * lo + 1 : -1;
  return 2 * lo;
}

/** Row numbers set in a bitset, ascending. */
export function rowsOfBits(bits: ArrayLike<number>): number[] {
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

// ---------------------------------------------------------------- hit policies

/** Hit policies giving lists (one per output). */
export const LIST_HITS: ReadonlySet<string> = new Set(['collect', 'rule-order', 'output-order']);
/** Hit policies giving one row's outputs. */
const SINGLE_HITS: ReadonlySet<string> = new Set(['unique', 'first', 'any', 'priority']);

/** Position of `v` in a priority list (highest first); values not listed rank last. */
function rankOf(ranks: readonly SValue[] | undefined, v: SValue): number {
  if (!ranks) return 0;
  const k = ranks.findIndex((x) => valuesEqual(x, v));
  return k < 0 ? ranks.length : k;
}

/**
 * What a table gives when no row matches and it has no `default`: `collect`,
 * `rule-order`, `output-order` empty lists, `collect-sum` and
 * `collect-count` zero; undefined for the others (`no-match`).
 */
export function emptyHit(hit: string, outputs: number): SValue[] | undefined {
  if (LIST_HITS.has(hit)) return Array.from({ length: outputs }, () => [] as SValue[]);
  if (hit === 'collect-sum' || hit === 'collect-count') return Array.from({ length: outputs }, () => ZERO_D);
  return undefined;
}

/** The outcome of a hit policy over the matched rows (at least one). */
export type HitOutcome =
  | { values: SValue[]; fired: number[]; error?: undefined }
  | { error: 'unique-violated' | 'any-disagree' | 'bad-value'; rows: number[]; reason?: string; values?: undefined };

/**
 * Applies hit policy `hit` to the matched rows `rows` (ascending, non-empty):
 * `rowValues(r)` gives row r's outputs, `ranks[o]` output o's priority list.
 * Single-row policies give that row's values; list policies one list per
 * output (columns), in row order or, for `output-order`, by priority;
 * `collect-count` counts matched rows; sums, minima and maxima skip nulls.
 */
export function applyHit(hit: string, rows: readonly number[], rowValues: (r: number) => SValue[], ranks: readonly (readonly SValue[] | undefined)[]): HitOutcome {
  if (SINGLE_HITS.has(hit)) {
    if (hit === 'unique' && rows.length > 1) return { error: 'unique-violated', rows: [...rows] };
    let chosen = rows[0];
    let vals = rowValues(chosen);
    if (hit === 'any') {
      for (let i = 1; i < rows.length; i++) {
        const other = rowValues(rows[i]);
        if (!other.every((x, o) => valuesEqual(x, vals[o]))) return { error: 'any-disagree', rows: [...rows] };
      }
      return { values: vals, fired: [...rows] };
    }
    if (hit === 'priority') {
      let best = vals.map((v, o) => rankOf(ranks[o], v));
      for (let i = 1; i < rows.length; i++) {
        const cand = rowValues(rows[i]);
        const rk = cand.map((v, o) => rankOf(ranks[o], v));
        const k = rk.findIndex((x, o) => x !== best[o]);
        if (k >= 0 && rk[k] < best[k]) {
          best = rk;
          vals = cand;
          chosen = rows[i];
        }
      }
    }
    return { values: vals, fired: [chosen] };
  }
  let all = rows.map((r) => ({ r, vals: rowValues(r), k: [] as number[] }));
  if (hit === 'output-order') {
    for (const x of all) x.k = x.vals.map((v, o) => rankOf(ranks[o], v));
    all = all.sort((a, b) => {
      const o = a.k.findIndex((x, i) => x !== b.k[i]);
      return o < 0 ? a.r - b.r : a.k[o] - b.k[o];
    });
  }
  const width = all[0].vals.length;
  const values: SValue[] = [];
  for (let o = 0; o < width; o++) {
    const col = all.map((x) => x.vals[o]);
    const agg = aggregate(hit, col, rows.length);
    if (agg.error !== undefined) return { error: 'bad-value', rows: [...rows], reason: agg.error };
    values.push(agg.value);
  }
  return { values, fired: all.map((x) => x.r) };
}

/** One output of a list hit policy over the matched rows' values: the list, or its count, sum, minimum or maximum. */
function aggregate(hit: string, col: SValue[], matched: number): { value: SValue; error?: undefined } | { error: string; value?: undefined } {
  switch (hit) {
    case 'collect-count':
      return { value: Decimal.fromBigInt(BigInt(matched)) };
    case 'collect-sum': {
      let acc: Decimal = ZERO_D;
      for (const v of col) {
        if (v === null) continue;
        if (!Decimal.isDecimal(v)) return { error: 'only numbers can be summed' };
        acc = acc.add(v);
      }
      return { value: acc };
    }
    case 'collect-min':
    case 'collect-max': {
      let best: SValue = null;
      for (const v of col) {
        if (v === null) continue;
        const c = best === null ? (hit === 'collect-min' ? -1 : 1) : compareValues(v, best);
        if (c === undefined) return { error: 'the values cannot be ordered' };
        if (hit === 'collect-min' ? c < 0 : c > 0) best = v;
      }
      return { value: best };
    }
    default:
      return { value: col };
  }
}

// ---------------------------------------------------------------- precedence

/**
 * Exceptions of one rule that apply to one input must agree: the outputs of
 * the first, or the index of the first that disagrees with it.
 */
export function agreeingExceptions(results: readonly SValue[][]): { values?: SValue[]; disagree?: number } {
  if (results.length === 0) return {};
  const first = results[0];
  for (let i = 1; i < results.length; i++) if (!results[i].every((v, o) => valuesEqual(v, first[o]))) return { disagree: i };
  return { values: first };
}
