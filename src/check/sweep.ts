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
 *
 * This file holds the boxes, the per-axis sweep level and the overlap groups;
 * gaps and shadowing are in `runs.ts`, the two segment trees in `trees.ts`.
 */
import type { PosSet } from './posset.js';
import { CoverTree } from './trees.js';

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

export class Level {
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
 * The sweep before the last axis recurses run by run until the active rows it
 * hands down add up to `factor` × (its events + `slack`), then switches to a
 * tree. Tests set both to 0 to run the tree on small tables.
 */
export const treeSwitch = { factor: 8, slack: 64 };

export function levels(boxes: Boxes, axes: number): Level[] {
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
