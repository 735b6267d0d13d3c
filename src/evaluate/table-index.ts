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
export const MAX_CANDIDATES = 16;

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
      const segments = reps.map((v) => bitset(words, rows, (r) => matchesUnary(tests[r], v)));
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
