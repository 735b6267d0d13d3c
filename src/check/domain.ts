/**
 * The set algebra the checker reasons in. Each input column becomes an
 * `Axis`: a line of integer positions on which every cell of the column is a
 * union of closed position intervals, so overlap, gap and coverage questions
 * become integer interval questions, exact and fast.
 *
 * Numeric columns (number, integer, percent, money, months, days, dates) sort
 * the distinct values their cells and domains mention, v0 < v1 < … < v(m-1),
 * and give value vr the odd position 2r+1 and the open stretch between
 * v(r-1) and vr the even position 2r (0 is below v0, 2m above v(m-1)). A cell
 * is constant on every position, which is why open and closed ends come out
 * exact: `< 70%` is the positions below 70%'s, `> 70%` those above, and the
 * position of 70% itself is left over. A discrete column (integer, months,
 * days, dates) marks positions that hold no whole value as invalid: the point
 * 5.5, or the stretch between 5 and 6, so `[0..5]` and `[6..10]` leave no gap.
 * Finite columns (enum, boolean, string) give each value one position; a
 * string column adds one position for every string no cell names.
 */
import { NUMERIC_KINDS, WHOLE_KINDS } from '../runtime/semantics.js';
import { matchesUnary } from '../lang/unary.js';
import { formatPercent, quote } from '../lang/format.js';
import type { Field, Literal, UnaryTest, Value, ValueType } from '../model/index.js';
import { typeDomain } from '../resolve/decision.js';
import { Decimal } from '../runtime/decimal.js';
import { ColumnBuilder } from './sweep.js';
import { complement, intersect, pushPos, union, type PosSet } from './posset.js';


/** Why a column or cell is outside exact reasoning. */
export type Unsupported =
  | { reason: 'expr'; test: UnaryTest }
  | { reason: 'type'; test?: UnaryTest }
  | { reason: 'kinds' };

export class UnsupportedError extends Error {
  constructor(readonly why: Unsupported) {
    super(why.reason);
  }
}

/** Comparison operators as `columnAxis` numbers them. */
const OPS = ['=', '<', '<=', '>', '>='];
/** Kinds the checker reasons about on a line: the numeric kinds (the shared definition) and dates, which it counts in days. */
const LINEAR = new Set([...NUMERIC_KINDS, 'date']);
/** Kinds whose line is made of whole steps: whole numbers and days. */
const DISCRETE = new Set([...WHOLE_KINDS, 'date']);
const DAY_MS = 86_400_000;
export const HUNDRED = Decimal.fromBigInt(100n);
export const TWO = Decimal.fromBigInt(2n);
/** The position a string column gives to every string that no cell names. */
export const OTHER = Symbol('other');

/** One input column as a line of positions. */
export interface Axis {
  name: string;
  type: ValueType;
  mode: 'dense' | 'discrete' | 'finite';
  /** Numeric axes: the distinct values, ascending. */
  points: Decimal[];
  /** Finite axes: the value at each position. */
  atoms: (Value | typeof OTHER)[];
  /** The highest position. */
  top: number;
  /** The input's domain (type ∩ declared domains), trimmed to valid positions. */
  domain: PosSet;
  /** 1 where a position holds at least one value of the type. */
  valid: Uint8Array;
  /** Numeric axes: value key → position. */
  index: Map<number | string, number>;
}

function dayOf(iso: string): Decimal {
  return Decimal.fromNumber(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

export function isoOf(day: Decimal): string {
  return new Date(day.toNumber() * DAY_MS).toISOString().slice(0, 10);
}

const SMALL = 2 ** 46;

/**
 * A Map key equal for equal values (0.70 and 0.7): a number packing the
 * normalised coefficient and scale when they are small, which is nearly
 * always and costs one BigInt conversion, else the normalised text.
 */
function keyOf(d: Decimal): number | string {
  let c = Number(d.coefficient);
  let sc = d.scale;
  if (Number.isSafeInteger(c) && c < SMALL && c > -SMALL) {
    while (sc > 0 && c % 10 === 0) {
      c /= 10;
      sc--;
    }
    if (sc < 64) return c * 64 + sc;
  }
  return d.normalize().toString();
}

/** The numeric value a literal stands for on a numeric axis, `null` for `null`, or a type error. */
function numberOf(lit: Literal, kind: string, test: UnaryTest | undefined): Decimal | null {
  if (lit.kind === 'null') return null;
  if (kind === 'date') {
    if (lit.kind !== 'date') throw new UnsupportedError({ reason: 'type', test });
    return dayOf(lit.value.iso);
  }
  if (lit.kind !== 'number') throw new UnsupportedError({ reason: 'type', test });
  return lit.value;
}

function literalsOf(test: UnaryTest, out: Literal[]): void {
  switch (test.kind) {
    case 'compare':
      out.push(test.value);
      break;
    case 'range':
      out.push(test.low, test.high);
      break;
    case 'or':
    case 'not':
      for (const t of test.items) literalsOf(t, out);
      break;
    case 'expr':
      throw new UnsupportedError({ reason: 'expr', test });
    default:
      break;
  }
}

/**
 * Builds the axis of one input from the fields that declare it (one field, or
 * the same input of two decisions, whose domains then intersect) and every
 * test that will be asked of it. Throws `UnsupportedError` for expression
 * cells, literals of another type, or fields of different kinds.
 */
export function buildAxis(fields: Field[], tests: UnaryTest[], extraPoints: Decimal[] = []): Axis {
  const type = fields[0].type;
  const kind = type.kind;
  if (fields.some((f) => f.type.kind !== kind)) throw new UnsupportedError({ reason: 'kinds' });
  const domains = fields.map((f) => f.type.domain).filter((d): d is UnaryTest => d !== undefined);
  const axis: Axis = {
    name: fields[0].name,
    type,
    mode: LINEAR.has(kind) ? (DISCRETE.has(kind) ? 'discrete' : 'dense') : 'finite',
    points: [],
    atoms: [],
    top: 0,
    domain: [],
    valid: new Uint8Array(0),
    index: new Map(),
  };
  if (axis.mode === 'finite') {
    if (kind === 'enum') {
      const keys: string[] = [];
      for (const f of fields) for (const v of f.type.values ?? []) if (!keys.includes(v.key)) keys.push(v.key);
      axis.atoms = keys;
    } else if (kind === 'boolean') {
      axis.atoms = [false, true];
    } else {
      const named = new Set<string>();
      for (const t of [...tests, ...domains]) {
        const lits: Literal[] = [];
        literalsOf(t, lits);
        for (const l of lits) if (l.kind === 'string') named.add(l.value);
      }
      axis.atoms = [...[...named].sort(), OTHER];
    }
    for (const t of tests) if (t.kind === 'expr') throw new UnsupportedError({ reason: 'expr', test: t });
    axis.top = axis.atoms.length - 1;
    axis.valid = new Uint8Array(axis.top + 1).fill(1);
    let dom: PosSet = axis.top >= 0 ? [0, axis.top] : [];
    for (const d of domains) dom = intersect(dom, rawSet(axis, d));
    axis.domain = dom;
    return axis;
  }

  const seen = new Map<number | string, Decimal>();
  const add = (d: Decimal | null) => {
    if (d === null) return;
    const k = keyOf(d);
    if (!seen.has(k)) seen.set(k, d);
  };
  const own = typeDomain(kind);
  if (own.min) add(own.min);
  if (own.max) add(own.max);
  for (const p of extraPoints) add(p);
  const lits: Literal[] = [];
  for (const t of tests) {
    lits.length = 0;
    literalsOf(t, lits);
    for (const l of lits) add(numberOf(l, kind, t));
  }
  for (const t of domains) {
    lits.length = 0;
    literalsOf(t, lits);
    for (const l of lits) add(numberOf(l, kind, t));
  }
  axis.points = [...seen.values()].sort((a, b) => a.cmp(b));
  axis.points.forEach((p, i) => axis.index.set(keyOf(p), 2 * i + 1));
  const m = axis.points.length;
  axis.top = 2 * m;
  const valid = new Uint8Array(axis.top + 1).fill(1);
  if (axis.mode === 'discrete') {
    for (let r = 0; r < m; r++) if (!axis.points[r].isInteger()) valid[2 * r + 1] = 0;
    for (let r = 1; r < m; r++) {
      if (!axis.points[r - 1].floor().add(Decimal.ONE).lt(axis.points[r])) valid[2 * r] = 0;
    }
  }
  axis.valid = valid;
  let lo = 0;
  let hi = axis.top;
  if (own.min) lo = axis.index.get(keyOf(own.min))!;
  if (own.max) hi = axis.index.get(keyOf(own.max))!;
  let dom: PosSet = [lo, hi];
  for (const d of domains) dom = intersect(dom, rawSet(axis, d));
  axis.domain = trim(axis, dom);
  return axis;
}

/** The position of a value mentioned in a cell (it is on the axis by construction). */
function posOf(axis: Axis, d: Decimal): number {
  return axis.index.get(keyOf(d))!;
}

function valueOfAtom(a: Value | typeof OTHER): Value | undefined {
  return a === OTHER ? undefined : a;
}

/** Whether `test` matches a string that no cell names (the `other` position of a string axis). */
function matchesOther(test: UnaryTest): boolean {
  switch (test.kind) {
    case 'any':
      return true;
    case 'compare':
      if (test.op === '!=') return true;
      if (test.op === '=') return false;
      throw new UnsupportedError({ reason: 'type', test });
    case 'range':
      throw new UnsupportedError({ reason: 'type', test });
    case 'or':
      return test.items.some(matchesOther);
    case 'not':
      return !test.items.some(matchesOther);
    case 'expr':
      throw new UnsupportedError({ reason: 'expr', test });
  }
}

/** The position of a literal of a cell, or undefined for `null`. */
function litPosOf(axis: Axis, lit: Literal, test: UnaryTest): number | undefined {
  const v = numberOf(lit, axis.type.kind, test);
  return v === null ? undefined : posOf(axis, v);
}

/** The positions where `test` holds, before the domain is applied. */
function rawSet(axis: Axis, test: UnaryTest): PosSet {
  if (axis.mode === 'finite') {
    if (test.kind === 'expr') throw new UnsupportedError({ reason: 'expr', test });
    const out: PosSet = [];
    axis.atoms.forEach((a, i) => {
      const v = valueOfAtom(a);
      const hit = v === undefined ? matchesOther(test) : matchesUnary(test, v);
      if (hit) pushPos(out, i, i);
    });
    return out;
  }
  const top = axis.top;
  const kind = axis.type.kind;
  switch (test.kind) {
    case 'any':
      return [0, top];
    case 'compare': {
      const p = litPosOf(axis, test.value, test);
      if (p === undefined) return test.op === '!=' ? [0, top] : [];
      switch (test.op) {
        case '=':
          return [p, p];
        case '!=':
          return union([0, p - 1], [p + 1, top]);
        case '<':
          return [0, p - 1];
        case '<=':
          return [0, p];
        case '>':
          return [p + 1, top];
        case '>=':
          return [p, top];
      }
      return [];
    }
    case 'range': {
      const pl = litPosOf(axis, test.low, test);
      const ph = litPosOf(axis, test.high, test);
      if (pl === undefined || ph === undefined) return [];
      const s = pl + (test.lowClosed ? 0 : 1);
      const e = ph - (test.highClosed ? 0 : 1);
      return s <= e ? [s, e] : [];
    }
    case 'or':
      return test.items.reduce<PosSet>((acc, t) => union(acc, rawSet(axis, t)), []);
    case 'not':
      return complement(
        test.items.reduce<PosSet>((acc, t) => union(acc, rawSet(axis, t)), []),
        top,
      );
    case 'expr':
      throw new UnsupportedError({ reason: 'expr', test });
  }
}

/** The positions of the domain where `test` holds. */
export function cellSet(axis: Axis, test: UnaryTest): PosSet {
  if (test.kind === 'any') return axis.domain;
  const raw = rawSet(axis, test);
  const dom = axis.domain;
  // The common case, one interval inside a one-interval domain, without the general merge.
  if (raw.length === 2 && dom.length === 2) {
    const s = raw[0] > dom[0] ? raw[0] : dom[0];
    const e = raw[1] < dom[1] ? raw[1] : dom[1];
    if (s > e) return [];
    raw[0] = s;
    raw[1] = e;
    return axis.mode === 'discrete' && (!axis.valid[s] || !axis.valid[e]) ? trim(axis, raw) : raw;
  }
  return trim(axis, intersect(raw, dom));
}

/** Pushes `[s..e]` clamped to `[lo..hi]` and trimmed to valid positions (an empty push when nothing is left). */
function pushClamped(col: { pushInterval(s: number, e: number): void }, s: number, e: number, lo: number, hi: number, valid: ArrayLike<unknown> | null): void {
  if (s < lo) s = lo;
  if (e > hi) e = hi;
  if (valid !== null) {
    while (s <= e && !valid[s]) s++;
    while (e >= s && !valid[e]) e--;
  }
  col.pushInterval(s, e);
}

/**
 * The axis of one input and the cell sets of its column, in two passes over
 * the cells: comparisons and ranges (nearly every cell) have their literals'
 * keys computed once, to collect the axis's points and then to find their
 * positions; other cells go through `buildAxis` and `cellSet`.
 */
export function columnAxis(field: Field, column: readonly (UnaryTest | undefined)[]): { axis: Axis; at: Int32Array; ends: Int32Array } {
  const kind = field.type.kind;
  if (!LINEAR.has(kind)) {
    const axis = buildAxis([field], column.filter((t): t is UnaryTest => t !== undefined && t.kind !== 'any'));
    return { axis, ...cellColumn(axis, column) };
  }
  const n = column.length;
  // Low two bits: 0 `-`, 1 range, 2 comparison (by the keys of their literals), 3 anything else;
  // above them a range's closed ends (4, 8) or a comparison's operator (OPS index × 4), so the
  // second pass reads no cell again.
  const shape = new Uint8Array(n);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const seen = new Map<number, Decimal>();
  const others: UnaryTest[] = [];
  const keyed = (lit: Literal, t: UnaryTest): number => {
    const d = numberOf(lit, kind, t);
    if (d === null) return NaN;
    const k = keyOf(d);
    if (typeof k !== 'number') return NaN;
    if (!seen.has(k)) seen.set(k, d);
    return k;
  };
  for (let r = 0; r < n; r++) {
    const t = column[r];
    if (t === undefined || t.kind === 'any') continue;
    if (t.kind === 'range') {
      const a = keyed(t.low, t);
      const b = keyed(t.high, t);
      if (a === a && b === b) {
        shape[r] = 1 | (t.lowClosed ? 4 : 0) | (t.highClosed ? 8 : 0);
        k1[r] = a;
        k2[r] = b;
        continue;
      }
    } else if (t.kind === 'compare' && t.op !== '!=') {
      const a = keyed(t.value, t);
      if (a === a) {
        shape[r] = 2 | (OPS.indexOf(t.op) << 2);
        k1[r] = a;
        continue;
      }
    }
    shape[r] = 3;
    others.push(t);
  }
  const axis = buildAxis([field], others, [...seen.values()]);
  const col = new ColumnBuilder(n);
  const dom = axis.domain;
  const index = axis.index;
  const oneDomain = dom.length === 2;
  const lo = oneDomain ? dom[0] : 0;
  const hi = oneDomain ? dom[1] : 0;
  const valid = axis.mode === 'discrete' ? axis.valid : null;
  const top = axis.top;
  for (let r = 0; r < n; r++) {
    const sh = shape[r];
    if (sh === 0) {
      col.push(dom);
      continue;
    }
    let s: number;
    let e: number;
    const low = sh & 3;
    if (low === 1) {
      s = index.get(k1[r])! + (sh & 4 ? 0 : 1);
      e = index.get(k2[r])! - (sh & 8 ? 0 : 1);
    } else if (low === 2) {
      const p = index.get(k1[r])!;
      const op = sh >> 2;
      // OPS: =, <, <=, >, >=
      s = op === 1 || op === 2 ? 0 : op === 3 ? p + 1 : p;
      e = op >= 3 ? top : op === 1 ? p - 1 : p;
    } else {
      col.push(cellSet(axis, column[r]!));
      continue;
    }
    if (!oneDomain) {
      col.push(s <= e ? trim(axis, intersect([s, e], dom)) : []);
      continue;
    }
    pushClamped(col, s, e, lo, hi, valid);
  }
  return { axis, ...col.done() };
}

/**
 * The cell sets of one column at once, flat: row r's positions are
 * `ends[2·at[r] … 2·at[r+1])` (`undefined` is `-`). Comparisons and ranges,
 * nearly every cell, become one interval straight from their literals'
 * positions; the rest go through `cellSet`.
 */
function cellColumn(axis: Axis, tests: readonly (UnaryTest | undefined)[]): { at: Int32Array; ends: Int32Array } {
  const n = tests.length;
  const col = new ColumnBuilder(n);
  const dom = axis.domain;
  const numeric = axis.mode !== 'finite';
  const oneDomain = dom.length === 2;
  const lo = oneDomain ? dom[0] : 0;
  const hi = oneDomain ? dom[1] : 0;
  const valid = axis.mode === 'discrete' ? axis.valid : null;
  for (let r = 0; r < n; r++) {
    const t = tests[r];
    if (t === undefined || t.kind === 'any') {
      col.push(dom);
      continue;
    }
    let s = 0;
    let e = -1;
    if (numeric && oneDomain && t.kind === 'range') {
      const pl = litPosOf(axis, t.low, t);
      const ph = litPosOf(axis, t.high, t);
      if (pl !== undefined && ph !== undefined) {
        s = pl + (t.lowClosed ? 0 : 1);
        e = ph - (t.highClosed ? 0 : 1);
      }
    } else if (numeric && oneDomain && t.kind === 'compare' && t.op !== '!=') {
      const p = litPosOf(axis, t.value, t);
      if (p !== undefined) {
        const op = t.op;
        s = op === '<' || op === '<=' ? 0 : op === '>' ? p + 1 : p;
        e = op === '>' || op === '>=' ? axis.top : op === '<' ? p - 1 : p;
      }
    } else {
      col.push(cellSet(axis, t));
      continue;
    }
    pushClamped(col, s, e, lo, hi, valid);
  }
  return col.done();
}

/** Shrinks every interval to its valid ends; drops intervals that hold no value. */
export function trim(axis: Axis, a: PosSet): PosSet {
  if (axis.mode !== 'discrete') return a;
  const out: PosSet = [];
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i];
    let e = a[i + 1];
    while (s <= e && !axis.valid[s]) s++;
    while (e >= s && !axis.valid[e]) e--;
    if (s <= e) out.push(s, e);
  }
  return out;
}

/** Every literal number of a unary test (for prose drift and sampling). */
export function testNumbers(test: UnaryTest): Decimal[] {
  const lits: Literal[] = [];
  try {
    literalsOf(test, lits);
  } catch {
    return [];
  }
  return lits.filter((l): l is Extract<Literal, { kind: 'number' }> => l.kind === 'number').map((l) => l.value);
}
