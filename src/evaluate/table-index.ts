/**
 * Per-decision row index: each input column splits its value line at the
 * numbers its cells mention into elementary segments (points and the open
 * intervals between them); every cell is constant on a segment, so one
 * bitset per segment says which rows accept a value there. Lookup is a binary
 * search per input and an AND of a few words, not a scan of the rows. The
 * compiler serializes the same index into the generated module.
 */
import type { Decision, Literal, UnaryTest, Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { matchesUnary } from '../lang/unary.js';
import { rowsOfBits, segmentOf as sharedSegmentOf } from '../runtime/semantics.js';

/** A column whose cells only compare numbers: segments between sorted points. */
export interface NumericColumn {
  kind: 'numeric';
  input: number;
  points: Decimal[];
  /** `points` as doubles, for the fast comparison. */
  pointsF: Float64Array;
  /** Whether the point's shortest double text is its exact text (then `x === pointsF[i]` means equal for a JS number x). */
  roundTrips: boolean[];
  /** 2n+1 bitsets: (-∞,p0), [p0], (p0,p1), …, (p_{n-1},∞). */
  segments: Uint32Array[];
}

/** A column whose cells only test equality with strings or booleans. */
export interface ExactColumn {
  kind: 'exact';
  input: number;
  map: Map<string | boolean, Uint32Array>;
  /** Rows accepting a value that no cell names. */
  other: Uint32Array;
}

/** A column the index cannot split (expression cells, mixed literals): its rows are tested one by one. */
export interface ScanColumn {
  kind: 'scan';
  input: number;
}

export type Column = NumericColumn | ExactColumn | ScanColumn;

/**
 * The most selective numeric column, when every one of its segments leaves only
 * a few rows (a table keyed by intervals of one input): its segment's rows are
 * the candidates, and each is then checked against the other columns alone, so
 * a lookup is one binary search and a handful of bit tests, with no bitset ANDed
 * or copied.
 */
export interface Candidates {
  /** Position in `columns` of the column searched. */
  column: number;
  /** Rows accepting each segment of that column, ascending. */
  rows: Int32Array[];
}

/** The index of one decision's table. */
export interface TableIndex {
  rows: number;
  words: number;
  /** Columns that constrain something (all-`-` columns are left out). */
  columns: Column[];
  all: Uint32Array;
  candidates?: Candidates;
}

/** Above this many rows in a segment, ANDing bitsets beats checking rows one by one. */
const MAX_CANDIDATES = 16;

function literals(t: UnaryTest, out: Literal[]): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'compare':
      out.push(t.value);
      return true;
    case 'range':
      out.push(t.low, t.high);
      return true;
    case 'or':
    case 'not':
      return t.items.every((i) => literals(i, out));
    case 'expr':
      return false;
  }
}

function hasOrder(t: UnaryTest): boolean {
  switch (t.kind) {
    case 'compare':
      return t.op !== '=' && t.op !== '!=';
    case 'range':
      return true;
    case 'or':
    case 'not':
      return t.items.some(hasOrder);
    default:
      return false;
  }
}

const TWO = Decimal.fromBigInt(2n);

/** Whether `String(Number(d))` gives back d's own digits. */
export function roundTrips(d: Decimal): boolean {
  const s = d.toString();
  return String(Number(s)) === s;
}

function bitset(words: number, rows: number, pred: (row: number) => boolean): Uint32Array {
  const b = new Uint32Array(words);
  for (let r = 0; r < rows; r++) if (pred(r)) b[r >>> 5] |= 1 << (r & 31);
  return b;
}

/**
 * At most this many 32-bit words of bitsets per column (16 MB). A column's
 * bitsets grow as rows × segments, so a table of many bands on one input
 * (100,000 rows: 200,001 segments) would need gigabytes, in memory and in
 * the generated module; past the bound its rows are tested one by one.
 */
export const MAX_INDEX_WORDS = 1 << 22;

/**
 * The segment bitsets of a numeric column, row by row: a cell's truth can
 * change only at its own literals, so each row is tested at the segments next
 * to its literals and once per run between them, and the run is filled
 * without testing again. Work: the literals and the filled bits, not rows ×
 * segments tests (16,000 bands took a minute that way).
 */
function numericSegments(tests: UnaryTest[], points: Decimal[], reps: Decimal[], words: number): Uint32Array[] {
  const segments = reps.map(() => new Uint32Array(words));
  const last = reps.length - 1;
  const own: Literal[] = [];
  tests.forEach((test, r) => {
    const bit = 1 << (r & 31);
    const word = r >>> 5;
    own.length = 0;
    literals(test, own);
    const critical = new Set<number>();
    for (const l of own) {
      const k = pointIndex(points, l.value as Decimal);
      critical.add(2 * k).add(2 * k + 1).add(2 * k + 2);
    }
    const cuts = [...critical].filter((c) => c >= 0 && c <= last).sort((a, b) => a - b);
    let from = 0;
    const fill = (a: number, b: number) => {
      if (a > b || !matchesUnary(test, reps[a])) return;
      for (let s = a; s <= b; s++) segments[s][word] |= bit;
    };
    for (const c of cuts) {
      fill(from, c - 1);
      fill(c, c);
      from = c + 1;
    }
    fill(from, last);
  });
  return segments;
}

/** The position of `v` in the sorted, distinct `points` (it is one of them). */
function pointIndex(points: Decimal[], v: Decimal): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].lt(v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds the index of a decision's rules. Pure; cache the result per decision. */
export function buildIndex(decision: Decision): TableIndex {
  const rows = decision.rules.length;
  const words = Math.max(1, Math.ceil(rows / 32));
  const all = bitset(words, rows, () => true);
  const columns: Column[] = [];
  decision.inputs.forEach((_, i) => {
    const tests = decision.rules.map((r) => r.when[i]?.test ?? ({ kind: 'any' } as UnaryTest));
    if (tests.every((t) => t.kind === 'any')) return;
    const lits: Literal[] = [];
    const simple = tests.every((t) => literals(t, lits));
    if (simple && lits.length > 0 && lits.every((l) => l.kind === 'number')) {
      const sorted = lits.map((l) => l.value as Decimal).sort((a, b) => a.cmp(b));
      const points: Decimal[] = [];
      for (const p of sorted) if (points.length === 0 || !points[points.length - 1].eq(p)) points.push(p);
      const reps: Decimal[] = [];
      for (let k = 0; k <= points.length; k++) {
        if (k === 0) reps.push(points[0].sub(Decimal.ONE));
        else if (k === points.length) reps.push(points[k - 1].add(Decimal.ONE));
        else reps.push(points[k - 1].add(points[k]).div(TWO));
        if (k < points.length) reps.push(points[k]);
      }
      if (reps.length * words > MAX_INDEX_WORDS) {
        columns.push({ kind: 'scan', input: i });
        return;
      }
      const segments = numericSegments(tests, points, reps, words);
      columns.push({
        kind: 'numeric',
        input: i,
        points,
        pointsF: Float64Array.from(points, (p) => p.toNumber()),
        roundTrips: points.map(roundTrips),
        segments,
      });
      return;
    }
    if (simple && lits.length > 0 && lits.every((l) => l.kind === 'string' || l.kind === 'boolean') && !tests.some(hasOrder)) {
      const map = new Map<string | boolean, Uint32Array>();
      const keys = new Set<string | boolean>(lits.map((l) => l.value as string | boolean));
      if ((keys.size + 1) * words > MAX_INDEX_WORDS) {
        columns.push({ kind: 'scan', input: i });
        return;
      }
      for (const k of keys) map.set(k, bitset(words, rows, (r) => matchesUnary(tests[r], k)));
      // A value no literal names: every `=` fails, every `not(…)` passes; a fresh object stands for it.
      const other = bitset(words, rows, (r) => matchesUnary(tests[r], { unnamed: true } as unknown as Value));
      columns.push({ kind: 'exact', input: i, map, other });
      return;
    }
    columns.push({ kind: 'scan', input: i });
  });
  const index: TableIndex = { rows, words, columns, all };
  let best = MAX_CANDIDATES + 1;
  columns.forEach((col, k) => {
    if (col.kind !== 'numeric') return;
    const lists = col.segments.map((b) => Int32Array.from(rowsOf(b)));
    const widest = Math.max(...lists.map((l) => l.length));
    if (widest < best) {
      best = widest;
      index.candidates = { column: k, rows: lists };
    }
  });
  return index;
}

/** Whether row `r` is set in a bitset. */
export function hasRow(bits: Uint32Array | number[], r: number): boolean {
  return ((bits[r >>> 5] >>> (r & 31)) & 1) === 1;
}

/**
 * The segment of a number in a numeric column: 2k+1 when it equals point k,
 * 2k when it lies below point k and above point k-1 (the shared search in
 * `src/runtime/semantics.ts`, which the generated evaluator runs too).
 */
export function segmentOf(col: NumericColumn, f: number, exact: Decimal | undefined): number {
  return sharedSegmentOf(col.pointsF, col.roundTrips, col.points, f, exact);
}

/** Row numbers set in a bitset, ascending. */
export function rowsOf(bits: Uint32Array): number[] {
  return rowsOfBits(bits);
}
