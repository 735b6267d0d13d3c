/**
 * Overlap, gap, coverage and shadowing over boxes of position sets (one
 * `PosSet` per axis, see domain.ts), without comparing every row with every
 * other.
 *
 * Overlaps: on the first axis a sweep over sorted interval ends yields the
 * maximal groups of rows that share a point there (the maximal cliques of an
 * interval graph, at most one per interval end); each group is swept again on
 * the next axis, and a group that survives the last axis shares a point on
 * every axis. Gaps: a sweep over the first axis cuts it into runs on which the
 * set of matching rows is constant; an empty run is a gap, a non-empty one
 * recurses on the next axis with just those rows. Shadowing walks the same
 * runs: on the last axis the rows that win in a run are not shadowed. Tables
 * whose rows pile up on the first axes (thresholds: `amount >= x` rows) would
 * make the run-by-run recursion quadratic, so once the rows it hands down
 * outgrow its events the sweep before the last axis keeps the last axis in a
 * segment tree instead (cover counts for gaps, lowest covering rank for
 * shadowing). Overlaps cost about n log n per axis on tables whose rows do not
 * pile up on one point (Calvanese et al., "Semantics and Analysis of DMN
 * Decision Tables").
 *
 * The sweeps run on flat integer arrays and reuse one scratch per axis, so a
 * 100,000-row table allocates a handful of typed arrays, not an object per row.
 */
import type { PosSet } from './domain.js';

/**
 * Row → axis → positions, stored flat per axis: row r's intervals on axis a
 * are `ends[a][2·at[a][r] … 2·at[a][r+1])`.
 */
export class Boxes {
  /** Per axis, the highest position any row holds (0 when none holds one). */
  readonly tops: Int32Array;

  constructor(
    readonly rows: number,
    readonly at: Int32Array[],
    readonly ends: Int32Array[],
  ) {
    this.tops = new Int32Array(ends.length);
    ends.forEach((e, a) => {
      let top = 0;
      for (let i = 1; i < e.length; i += 2) if (e[i] > top) top = e[i];
      this.tops[a] = top;
    });
  }

  /** Boxes from nested sets (small tables, tests). */
  static of(sets: PosSet[][], axes: number): Boxes {
    const at: Int32Array[] = [];
    const ends: Int32Array[] = [];
    for (let a = 0; a < axes; a++) {
      const col = new ColumnBuilder(sets.length);
      for (const box of sets) col.push(box[a]);
      const c = col.done();
      at.push(c.at);
      ends.push(c.ends);
    }
    return new Boxes(sets.length, at, ends);
  }

  get axes(): number {
    return this.at.length;
  }

  /** How many intervals row `row` has on `axis` (0: it matches nothing there). */
  count(row: number, axis: number): number {
    const at = this.at[axis];
    return at[row + 1] - at[row];
  }

  /** Row `row`'s positions on `axis`, as a fresh array. */
  set(row: number, axis: number): PosSet {
    const at = this.at[axis];
    return Array.from(this.ends[axis].subarray(2 * at[row], 2 * at[row + 1]));
  }

  /** Row `row`'s box, as fresh arrays (for witnesses, not for sweeps). */
  box(row: number): PosSet[] {
    const out: PosSet[] = [];
    for (let a = 0; a < this.at.length; a++) out.push(this.set(row, a));
    return out;
  }

  /** Whether rows `x` and `y` share a point on every axis. */
  meet(x: number, y: number): boolean {
    for (let a = 0; a < this.at.length; a++) {
      const at = this.at[a];
      const e = this.ends[a];
      let i = 2 * at[x];
      const ie = 2 * at[x + 1];
      let j = 2 * at[y];
      const je = 2 * at[y + 1];
      let hit = false;
      while (i < ie && j < je) {
        if (e[i] <= e[j + 1] && e[j] <= e[i + 1]) {
          hit = true;
          break;
        }
        if (e[i + 1] < e[j + 1]) i += 2;
        else j += 2;
      }
      if (!hit) return false;
    }
    return true;
  }
}

/** Builds one axis of `Boxes`, row after row. */
export class ColumnBuilder {
  readonly at: Int32Array;
  private ends: Int32Array;
  private used = 0;
  private row = 0;

  constructor(rows: number) {
    this.at = new Int32Array(rows + 1);
    this.ends = new Int32Array(Math.max(8, 2 * rows));
  }

  private room(k: number): void {
    if (this.used + k <= this.ends.length) return;
    const next = new Int32Array(Math.max(2 * this.ends.length, this.used + k));
    next.set(this.ends);
    this.ends = next;
  }

  /** The next row's positions: one interval (`s > e` for none). */
  pushInterval(s: number, e: number): void {
    this.at[this.row++] = this.used >> 1;
    if (s > e) return;
    this.room(2);
    this.ends[this.used++] = s;
    this.ends[this.used++] = e;
  }

  /** The next row's positions: a set. */
  push(set: ArrayLike<number>): void {
    this.at[this.row++] = this.used >> 1;
    this.room(set.length);
    for (let i = 0; i < set.length; i++) this.ends[this.used++] = set[i];
  }

  /** The finished column. */
  done(): { at: Int32Array; ends: Int32Array } {
    this.at[this.row] = this.used >> 1;
    return { at: this.at, ends: this.ends.subarray(0, this.used) };
  }
}

/**
 * The scratch of one axis of a nested sweep: the rows it sweeps, their sorted
 * interval events and the rows active at the sweep line. Nested sweeps on the
 * next axis use the next level, so ours stays intact while they run.
 *
 * An event is `hi` (2·coordinate for a start, 2·coordinate + 1 for an end, so
 * starts come first at one coordinate) and the row it belongs to.
 */
/** What follows the active set of a sweep. */
interface Watcher {
  enter(r: number): void;
  leave(r: number): void;
}

class Level {
  ids: Int32Array;
  size = 0;
  /** Events, sorted by `hi`. */
  hi: Int32Array;
  row: Int32Array;
  private packed: Float64Array;
  private counts: Int32Array;
  readonly active: Int32Array;
  readonly where: Int32Array;
  count = 0;
  /** When set, told of every row entering and leaving the active set (the structure that answers for the next axis). */
  watcher: Watcher | null = null;

  constructor(rows: number) {
    this.ids = new Int32Array(16);
    this.hi = new Int32Array(32);
    this.row = new Int32Array(32);
    this.packed = new Float64Array(0);
    this.counts = new Int32Array(0);
    this.active = new Int32Array(rows);
    this.where = new Int32Array(rows);
  }

  setIds(src: ArrayLike<number>, n: number): void {
    if (this.ids.length < n) this.ids = new Int32Array(Math.max(n, 2 * this.ids.length));
    for (let i = 0; i < n; i++) this.ids[i] = src[i];
    this.size = n;
  }

  add(r: number): void {
    this.where[r] = this.count;
    this.active[this.count++] = r;
    if (this.watcher !== null) this.watcher.enter(r);
  }

  remove(r: number): void {
    if (this.watcher !== null) this.watcher.leave(r);
    const i = this.where[r];
    const last = this.active[--this.count];
    this.active[i] = last;
    this.where[last] = i;
  }

  /** Lets the watcher drop the rows still active (after a sweep, finished or stopped). */
  unwatch(): void {
    const w = this.watcher;
    if (w === null) return;
    for (let q = 0; q < this.count; q++) w.leave(this.active[q]);
    this.watcher = null;
  }

  /**
   * Sorts the interval events of this level's rows on `axis` (starts at `s`,
   * ends at `e + endShift`): a counting sort when the axis has few positions
   * for the events (the first axis of a big table), else a native sort of
   * (hi, event) packed into exactly representable doubles. Returns the number
   * of events.
   */
  events(boxes: Boxes, axis: number, endShift: number, top: number): number {
    const at = boxes.at[axis];
    const ends = boxes.ends[axis];
    const ids = this.ids;
    let pieces = 0;
    for (let k = 0; k < this.size; k++) pieces += at[ids[k] + 1] - at[ids[k]];
    const total = 2 * pieces;
    if (this.hi.length < total) {
      this.hi = new Int32Array(Math.max(total, 2 * this.hi.length));
      this.row = new Int32Array(this.hi.length);
    }
    this.count = 0;
    const his = 2 * (top + endShift) + 2;
    if (his <= 2 * total + 64) this.countingSort(boxes, axis, endShift, his);
    else this.nativeSort(at, ends, endShift, total);
    return total;
  }

  private countingSort(boxes: Boxes, axis: number, endShift: number, his: number): void {
    const at = boxes.at[axis];
    const ends = boxes.ends[axis];
    const ids = this.ids;
    if (this.counts.length < his + 1) this.counts = new Int32Array(Math.max(his + 1, 2 * this.counts.length));
    const counts = this.counts;
    counts.fill(0, 0, his + 1);
    for (let q = 0; q < this.size; q++) {
      const id = ids[q];
      for (let j = 2 * at[id], je = 2 * at[id + 1]; j < je; j += 2) {
        counts[2 * ends[j] + 1]++;
        counts[2 * (ends[j + 1] + endShift) + 2]++;
      }
    }
    for (let h = 1; h <= his; h++) counts[h] += counts[h - 1];
    const hi = this.hi;
    const row = this.row;
    for (let q = 0; q < this.size; q++) {
      const id = ids[q];
      for (let j = 2 * at[id], je = 2 * at[id + 1]; j < je; j += 2) {
        const h0 = 2 * ends[j];
        const p0 = counts[h0]++;
        hi[p0] = h0;
        row[p0] = id;
        const h1 = 2 * (ends[j + 1] + endShift) + 1;
        const p1 = counts[h1]++;
        hi[p1] = h1;
        row[p1] = id;
      }
    }
  }

  private nativeSort(at: Int32Array, ends: Int32Array, endShift: number, total: number): void {
    if (this.packed.length < total) this.packed = new Float64Array(Math.max(total, 2 * this.packed.length));
    const packed = this.packed;
    const hi = this.hi;
    const row = this.row;
    const ids = this.ids;
    // Events are numbered in `row` first, then packed as hi·total + number.
    let k = 0;
    for (let q = 0; q < this.size; q++) {
      const id = ids[q];
      for (let j = 2 * at[id], je = 2 * at[id + 1]; j < je; j += 2) {
        row[k] = id;
        packed[k] = 2 * ends[j] * total + k;
        k++;
        row[k] = id;
        packed[k] = (2 * (ends[j + 1] + endShift) + 1) * total + k;
        k++;
      }
    }
    if (total > 0) packed.subarray(0, total).sort();
    // The row of the event numbered k sits at row[k]; read it before it is overwritten.
    const tmp = this.counts.length >= total ? this.counts : (this.counts = new Int32Array(total));
    for (let i = 0; i < total; i++) {
      const h = Math.floor(packed[i] / total);
      hi[i] = h;
      tmp[i] = row[packed[i] - h * total];
    }
    row.set(tmp.subarray(0, total));
  }
}

/**
 * How many active rows cover each position of one axis, under range
 * additions, answering "the first uncovered position from here" and "the
 * first covered one" in log time. Positions that hold no value count as
 * covered for the first question (they are never a gap) and as uncovered
 * for the second (a gap runs across them).
 */
class CoverTree {
  /** Per node: the least count plus 1 per invalid position, the greatest count, the addition pending on the whole node. */
  private readonly low: Int32Array;
  private readonly high: Int32Array;
  private readonly plus: Int32Array;

  constructor(
    private readonly size: number,
    valid: Uint8Array | null,
  ) {
    this.low = new Int32Array(4 * size);
    this.high = new Int32Array(4 * size);
    this.plus = new Int32Array(4 * size);
    if (valid !== null) this.build(1, 0, size - 1, valid);
  }

  private build(node: number, l: number, r: number, valid: Uint8Array): void {
    if (l === r) {
      this.low[node] = valid[l] ? 0 : 1;
      return;
    }
    const m = (l + r) >> 1;
    this.build(2 * node, l, m, valid);
    this.build(2 * node + 1, m + 1, r, valid);
    this.low[node] = Math.min(this.low[2 * node], this.low[2 * node + 1]);
  }

  /** Adds `v` to the count of every position in [s, e]. */
  add(s: number, e: number, v: number): void {
    this.update(1, 0, this.size - 1, s, e, v);
  }

  private update(node: number, l: number, r: number, s: number, e: number, v: number): void {
    if (e < l || r < s) return;
    if (s <= l && r <= e) {
      this.plus[node] += v;
      this.low[node] += v;
      this.high[node] += v;
      return;
    }
    const m = (l + r) >> 1;
    this.update(2 * node, l, m, s, e, v);
    this.update(2 * node + 1, m + 1, r, s, e, v);
    const p = this.plus[node];
    this.low[node] = Math.min(this.low[2 * node], this.low[2 * node + 1]) + p;
    this.high[node] = Math.max(this.high[2 * node], this.high[2 * node + 1]) + p;
  }

  /** The first valid position in [s, e] no row covers, or -1. */
  firstUncovered(s: number, e: number): number {
    return this.first(1, 0, this.size - 1, s, e, 0, true);
  }

  /** The first position in [s, e] some row covers, or -1. */
  firstCovered(s: number, e: number): number {
    return this.first(1, 0, this.size - 1, s, e, 0, false);
  }

  /** `above`: the additions pending on the ancestors of `node`. */
  private first(node: number, l: number, r: number, s: number, e: number, above: number, free: boolean): number {
    if (e < l || r < s) return -1;
    if (free ? this.low[node] + above > 0 : this.high[node] + above < 1) return -1;
    if (l === r) return l;
    const m = (l + r) >> 1;
    const down = above + this.plus[node];
    const left = this.first(2 * node, l, m, s, e, down, free);
    return left >= 0 ? left : this.first(2 * node + 1, m + 1, r, s, e, down, free);
  }
}

/**
 * Which active rows cover each position of one axis, by rank: every row's
 * intervals sit on the O(log m) nodes that make them up, each node keeps a
 * heap of its rows, and `best` answers "the highest, over the valid positions
 * of a stretch, of the lowest rank covering the position" in log time. A row
 * decides somewhere in a stretch it covers iff that answer is its own rank.
 * Rows leave lazily: a heap entry whose row is gone is dropped when it
 * reaches the top.
 */
class RankTree {
  private readonly low: Float64Array;
  private readonly best: Float64Array;
  private readonly heaps: (number[] | undefined)[];
  private readonly inside: Uint8Array;

  constructor(
    private readonly size: number,
    private readonly valid: Uint8Array | null,
    private readonly rank: ArrayLike<number>,
    private readonly rows: number,
  ) {
    this.low = new Float64Array(4 * size).fill(Infinity);
    this.best = new Float64Array(4 * size);
    this.heaps = new Array(4 * size);
    this.inside = new Uint8Array(rows);
    this.build(1, 0, size - 1);
  }

  private build(node: number, l: number, r: number): void {
    if (l === r) {
      this.best[node] = this.valid === null || this.valid[l] ? Infinity : -Infinity;
      return;
    }
    const m = (l + r) >> 1;
    this.build(2 * node, l, m);
    this.build(2 * node + 1, m + 1, r);
    this.best[node] = Math.max(this.best[2 * node], this.best[2 * node + 1]);
  }

  /** Row `row` covers [s, e] from now on (call once per interval). */
  insert(row: number, s: number, e: number): void {
    this.inside[row] = 1;
    // Ordered by rank, then row: one number, exact while rank × rows stays below 2^53.
    this.update(1, 0, this.size - 1, s, e, this.rank[row] * this.rows + row);
  }

  /** Row `row` covers nothing any more. */
  remove(row: number, s: number, e: number): void {
    this.inside[row] = 0;
    this.update(1, 0, this.size - 1, s, e, -1);
  }

  private update(node: number, l: number, r: number, s: number, e: number, key: number): void {
    if (e < l || r < s) return;
    if (s <= l && r <= e) {
      if (key >= 0) push((this.heaps[node] ??= []), key);
      this.settle(node, l === r ? l : -1);
      return;
    }
    const m = (l + r) >> 1;
    this.update(2 * node, l, m, s, e, key);
    this.update(2 * node + 1, m + 1, r, s, e, key);
    this.best[node] = Math.min(this.low[node], Math.max(this.best[2 * node], this.best[2 * node + 1]));
  }

  /** Drops gone rows from the top of the node's heap and recomputes its lowest rank and `best` (`leaf`: its position, or -1). */
  private settle(node: number, leaf: number): void {
    const h = this.heaps[node];
    while (h !== undefined && h.length > 0 && !this.inside[h[0] % this.rows]) pop(h);
    this.low[node] = h !== undefined && h.length > 0 ? this.rank[h[0] % this.rows] : Infinity;
    if (leaf >= 0) this.best[node] = this.valid === null || this.valid[leaf] ? this.low[node] : -Infinity;
    else this.best[node] = Math.min(this.low[node], Math.max(this.best[2 * node], this.best[2 * node + 1]));
  }

  /** Over the valid positions of [s, e], the highest of the lowest rank covering each (-Infinity when none is valid). */
  highestLowest(s: number, e: number): number {
    return this.query(1, 0, this.size - 1, s, e, Infinity);
  }

  private query(node: number, l: number, r: number, s: number, e: number, above: number): number {
    if (e < l || r < s) return -Infinity;
    if (s <= l && r <= e) return Math.min(above, this.best[node]);
    const m = (l + r) >> 1;
    const down = Math.min(above, this.low[node]);
    return Math.max(this.query(2 * node, l, m, s, e, down), this.query(2 * node + 1, m + 1, r, s, e, down));
  }
}

function push(h: number[], key: number): void {
  let i = h.length;
  h.push(key);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= key) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = key;
}

function pop(h: number[]): void {
  const last = h.pop()!;
  if (h.length === 0) return;
  let i = 0;
  for (;;) {
    const a = 2 * i + 1;
    if (a >= h.length) break;
    const b = a + 1 < h.length && h[a + 1] < h[a] ? a + 1 : a;
    if (h[b] >= last) break;
    h[i] = h[b];
    i = b;
  }
  h[i] = last;
}

/**
 * The sweep before the last axis recurses run by run until the active rows it
 * hands down add up to `factor` × (its events + `slack`), then switches to a
 * tree. Tests set both to 0 to run the tree on small tables.
 */
export const treeSwitch = { factor: 8, slack: 64 };

function levels(boxes: Boxes, axes: number): Level[] {
  return Array.from({ length: axes }, () => new Level(Math.max(1, boxes.rows)));
}

/**
 * Calls `group` with every maximal set of rows (two or more) that share a
 * point on every axis. `group` returns false to stop.
 */
export function overlapGroups(boxes: Boxes, ids: readonly number[], group: (rows: number[]) => boolean): void {
  const axes = boxes.axes;
  if (ids.length < 2) return;
  // No inputs: every row matches every input, so all of them overlap.
  if (axes === 0) return void group([...ids]);
  const lv = levels(boxes, axes);
  const lastAxis = axes - 1;
  let tree: CoverTree | undefined;
  let stop = false;
  const rec = (axis: number) => {
    const L = lv[axis];
    const total = L.events(boxes, axis, 0, boxes.tops[axis]);
    const his = L.hi;
    const rows = L.row;
    const beforeLast = axis === axes - 2;
    // Run by run while cheap; once the groups handed down outgrow the events, a cover tree of the
    // active rows on the last axis tells whether a row entering meets one on that axis too. A group
    // formed since no such meeting holds no pair that an earlier group did not, so it is skipped.
    let treed = false;
    let work = 0;
    let met = false;
    const budget = treeSwitch.factor * (total + treeSwitch.slack);
    const useTree = () => {
      tree ??= new CoverTree(boxes.tops[lastAxis] + 1, null);
      const t = tree;
      const at = boxes.at[lastAxis];
      const ends = boxes.ends[lastAxis];
      const toggle = (r: number, v: number) => {
        for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) t.add(ends[j], ends[j + 1], v);
      };
      L.watcher = {
        enter: (r) => {
          for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je && !met; j += 2) met = t.firstCovered(ends[j], ends[j + 1]) >= 0;
          toggle(r, 1);
        },
        leave: (r) => toggle(r, -1),
      };
      for (let q = 0; q < L.count; q++) toggle(L.active[q], 1);
      // Meetings among the rows already active were not watched.
      met = true;
      treed = true;
    };
    let growing = false;
    for (let i = 0; i < total && !stop; i++) {
      const r = rows[i];
      if ((his[i] & 1) === 0) {
        L.add(r);
        growing = true;
        continue;
      }
      if (growing && L.count >= 2) {
        if (axis === lastAxis) stop = !group(Array.from(L.active.subarray(0, L.count)));
        else if (beforeLast && (treed || (work += L.count) > budget)) {
          if (!treed) useTree();
          if (met) {
            met = false;
            lv[axis + 1].setIds(L.active, L.count);
            rec(axis + 1);
          }
        } else {
          lv[axis + 1].setIds(L.active, L.count);
          rec(axis + 1);
        }
      }
      growing = false;
      L.remove(r);
    }
    L.unwatch();
  };
  lv[0].setIds(ids, ids.length);
  rec(0);
}

/** A box with one interval per axis (a gap found, or a region). */
export type Region = number[];

export interface GapFound {
  /** [s0, e0, s1, e1, …]: one interval per axis. */
  region: Region;
  /** The axis on which the region is uncovered (earlier axes are the run it lies in). */
  axis: number;
  /** Rows bordering the gap on that axis, before and after. */
  before: number[];
  after: number[];
}

/**
 * Per axis, 1 where a position holds a value, or null when every position
 * does: runs are trimmed to valid ends, and a run with no valid position is
 * no run at all (the stretch between 9 and 10 on an integer axis).
 */
export type Validity = readonly (Uint8Array | null)[];

/**
 * Calls `run(s, e)` for every maximal stretch of `[from, to]` in which the
 * active rows of level `L` stay the same, trimmed to valid positions, with the
 * active rows applied; `i` is the next event. Returns the next event index.
 */
function sweepRuns(
  L: Level,
  total: number,
  i: number,
  from: number,
  to: number,
  valid: Uint8Array | null,
  run: (s: number, e: number) => boolean,
): number {
  const his = L.hi;
  while (i < total && his[i] >> 1 <= from) i = apply(L, i);
  let cur = from;
  while (cur <= to) {
    const next = i < total ? Math.min(his[i] >> 1, to + 1) : to + 1;
    let s = cur;
    let e = next - 1;
    if (valid !== null) {
      while (s <= e && !valid[s]) s++;
      while (e >= s && !valid[e]) e--;
    }
    if (s <= e && !run(s, e)) return i;
    cur = next;
    while (i < total && his[i] >> 1 <= cur) i = apply(L, i);
  }
  return i;
}

function apply(L: Level, i: number): number {
  if ((L.hi[i] & 1) === 0) L.add(L.row[i]);
  else L.remove(L.row[i]);
  return i + 1;
}

/**
 * Regions of `domain` (one PosSet per axis) that no row of `ids` covers, at
 * most `cap` of them.
 */
export function findGaps(boxes: Boxes, ids: readonly number[], domain: PosSet[], valid: Validity, cap: number): GapFound[] {
  const axes = domain.length;
  const out: GapFound[] = [];
  if (axes === 0) return out;
  if (ids.length === 0) {
    const region: number[] = [];
    for (const d of domain) {
      if (d.length === 0) return out;
      region.push(d[0], d[d.length - 1]);
    }
    out.push({ region, axis: 0, before: [], after: [] });
    return out;
  }
  const lv = levels(boxes, axes);
  const path = new Int32Array(2 * axes);
  const region = (axis: number, s: number, e: number): number[] => {
    const r = Array.from(path.subarray(0, 2 * axis));
    r.push(s, e);
    for (let a = axis + 1; a < axes; a++) r.push(domain[a][0], domain[a][domain[a].length - 1]);
    return r;
  };
  // When sweeping run by run gets expensive, a cover tree that follows the rows active on the axis before the last answers for the last.
  const lastAxis = axes - 1;
  const lastValid = valid[lastAxis];
  const lastDomain = domain[lastAxis];
  let tree: CoverTree | undefined;
  const uncoveredLast = (L: Level): boolean => {
    for (let d = 0; d < lastDomain.length; d += 2) {
      const de = lastDomain[d + 1];
      let cur = lastDomain[d];
      while (cur <= de) {
        const s = tree!.firstUncovered(cur, de);
        if (s < 0) break;
        const next = tree!.firstCovered(s, de);
        let e = next < 0 ? de : next - 1;
        if (lastValid !== null) while (!lastValid[e]) e--;
        out.push({ region: region(lastAxis, s, e), axis: lastAxis, ...neighbours(boxes, L.active, L.count, lastAxis, s, e) });
        if (out.length >= cap || next < 0) break;
        cur = next;
      }
      if (out.length >= cap) return false;
    }
    return true;
  };
  const rec = (axis: number) => {
    const L = lv[axis];
    const total = L.events(boxes, axis, 1, boxes.tops[axis]);
    const dom = domain[axis];
    const beforeLast = axis === axes - 2;
    // Run by run while that is cheap (the active rows are few); the cover tree once their sizes outgrow the events.
    let treed = false;
    let work = 0;
    const budget = treeSwitch.factor * (total + treeSwitch.slack);
    const useTree = () => {
      tree ??= new CoverTree(Math.max(boxes.tops[lastAxis], lastDomain[lastDomain.length - 1]) + 1, lastValid);
      const t = tree;
      const at = boxes.at[lastAxis];
      const ends = boxes.ends[lastAxis];
      const toggle = (r: number, v: number) => {
        for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) t.add(ends[j], ends[j + 1], v);
      };
      L.watcher = { enter: (r) => toggle(r, 1), leave: (r) => toggle(r, -1) };
      for (let q = 0; q < L.count; q++) toggle(L.active[q], 1);
      treed = true;
    };
    let i = 0;
    const run = (s: number, e: number): boolean => {
      if (L.count === 0) {
        out.push({ region: region(axis, s, e), axis, ...neighbours(boxes, L.ids, L.size, axis, s, e) });
      } else if (beforeLast && (treed || (work += L.count) > budget)) {
        if (!treed) useTree();
        path[2 * axis] = s;
        path[2 * axis + 1] = e;
        return uncoveredLast(L);
      } else if (axis < axes - 1) {
        path[2 * axis] = s;
        path[2 * axis + 1] = e;
        lv[axis + 1].setIds(L.active, L.count);
        rec(axis + 1);
      }
      return out.length < cap;
    };
    for (let d = 0; d < dom.length && out.length < cap; d += 2) i = sweepRuns(L, total, i, dom[d], dom[d + 1], valid[axis], run);
    L.unwatch();
  };
  lv[0].setIds(ids, ids.length);
  rec(0);
  return out;
}

function neighbours(boxes: Boxes, rows: Int32Array, count: number, axis: number, s: number, e: number): { before: number[]; after: number[] } {
  let beforeAt = -Infinity;
  let afterAt = Infinity;
  let before: number[] = [];
  let after: number[] = [];
  const at = boxes.at[axis];
  const ends = boxes.ends[axis];
  for (let q = 0; q < count; q++) {
    const r = rows[q];
    for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) {
      if (ends[j + 1] < s && ends[j + 1] >= beforeAt) {
        if (ends[j + 1] > beforeAt) before = [];
        beforeAt = ends[j + 1];
        before.push(r);
      }
      if (ends[j] > e && ends[j] <= afterAt) {
        if (ends[j] < afterAt) after = [];
        afterAt = ends[j];
        after.push(r);
      }
    }
  }
  return { before, after };
}

/**
 * The rows of `ids` that can never decide: wherever one matches, a row with a
 * strictly lower `rank` matches too (rank = row index for `first` tables, the
 * output's priority for `priority` ones). One sweep for the whole table: in
 * every run of the last axis, the active rows of the lowest rank escape; a
 * row that never escapes is covered by the union of the rows that win over it.
 */
export function shadowedRows(boxes: Boxes, ids: readonly number[], rank: ArrayLike<number>, valid: Validity): number[] {
  const axes = boxes.axes;
  if (axes === 0 || ids.length === 0) return [];
  const escaped = new Uint8Array(boxes.rows);
  let left = ids.length;
  const lv = levels(boxes, axes);
  const lastAxis = axes - 1;
  const at = boxes.at[lastAxis];
  const ends = boxes.ends[lastAxis];
  let tree: RankTree | undefined;
  // Rows that entered since the last run, and whether any left: only they can have started to decide.
  const fresh: number[] = [];
  let gone = false;
  /** Whether row r decides somewhere on the last axis among the rows now in the tree. */
  const decides = (r: number): boolean => {
    for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) if (tree!.highestLowest(ends[j], ends[j + 1]) >= rank[r]) return true;
    return false;
  };
  const rec = (axis: number) => {
    const L = lv[axis];
    const total = L.events(boxes, axis, 1, boxes.tops[axis]);
    if (total === 0) return;
    const last = axis === lastAxis;
    const beforeLast = axis === axes - 2;
    // As in findGaps: run by run while cheap, the rank tree once the active rows' sizes outgrow the events.
    let treed = false;
    let work = 0;
    const budget = treeSwitch.factor * (total + treeSwitch.slack);
    const useTree = () => {
      tree ??= new RankTree(boxes.tops[lastAxis] + 1, valid[lastAxis], rank, boxes.rows);
      const t = tree;
      fresh.length = 0;
      L.watcher = {
        enter: (r) => {
          for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) t.insert(r, ends[j], ends[j + 1]);
          if (!escaped[r]) fresh.push(r);
        },
        leave: (r) => {
          for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) t.remove(r, ends[j], ends[j + 1]);
          gone = true;
        },
      };
      for (let q = 0; q < L.count; q++) {
        const r = L.active[q];
        for (let j = 2 * at[r], je = 2 * at[r + 1]; j < je; j += 2) t.insert(r, ends[j], ends[j + 1]);
      }
      // Every waiting active row is asked at the first run in the tree.
      gone = true;
      treed = true;
    };
    const run = (): boolean => {
      const act = L.active;
      const k = L.count;
      if (k === 0) return true;
      if (last) {
        let min = Infinity;
        for (let q = 0; q < k; q++) if (rank[act[q]] < min) min = rank[act[q]];
        for (let q = 0; q < k; q++) {
          const r = act[q];
          if (rank[r] === min && !escaped[r]) {
            escaped[r] = 1;
            left--;
          }
        }
      } else if (beforeLast && (treed || (work += k) > budget)) {
        if (!treed) useTree();
        // Rows entering only cover more, so a row that did not decide before cannot start to unless it is new
        // or some row left; then every waiting active row is asked again.
        const ask = (r: number) => {
          if (!escaped[r] && decides(r)) {
            escaped[r] = 1;
            left--;
          }
        };
        if (gone) for (let q = 0; q < k; q++) ask(act[q]);
        else for (const r of fresh) ask(r);
        fresh.length = 0;
        gone = false;
      } else {
        // Rows that escaped already still cover others, but a run where all have escaped has nothing to tell.
        let open = false;
        for (let q = 0; q < k && !open; q++) open = !escaped[act[q]];
        if (open) {
          lv[axis + 1].setIds(act, k);
          rec(axis + 1);
        }
      }
      return left > 0;
    };
    const from = L.hi[0] >> 1;
    const to = (L.hi[total - 1] >> 1) - 1;
    sweepRuns(L, total, 0, from, to, valid[axis], run);
    L.unwatch();
  };
  lv[0].setIds(ids, ids.length);
  rec(0);
  return ids.filter((r) => !escaped[r]);
}

/**
 * Merges gap regions that differ on one axis only and touch there, so one
 * uncovered stretch is reported once rather than once per run it crosses.
 */
export function mergeRegions(regions: Region[]): Region[] {
  let list = regions.map((r) => [...r]);
  let changed = true;
  while (changed) {
    changed = false;
    const out: Region[] = [];
    for (const r of list) {
      const m = out.find((o) => touches(o, r));
      if (m) {
        for (let k = 0; k < m.length; k += 2) {
          m[k] = Math.min(m[k], r[k]);
          m[k + 1] = Math.max(m[k + 1], r[k + 1]);
        }
        changed = true;
      } else out.push(r);
    }
    list = out;
  }
  return list;
}

function touches(a: Region, b: Region): boolean {
  let differ = -1;
  for (let k = 0; k < a.length; k += 2) {
    if (a[k] === b[k] && a[k + 1] === b[k + 1]) continue;
    if (differ >= 0) return false;
    differ = k;
  }
  if (differ < 0) return true;
  return a[differ + 1] + 1 === b[differ] || b[differ + 1] + 1 === a[differ];
}
