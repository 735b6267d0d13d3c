/**
 * Overlap, gap and coverage over boxes of position sets (one `PosSet` per
 * axis, see domain.ts), without comparing every row with every other.
 *
 * Overlaps: on the first axis a sweep over sorted interval ends yields the
 * maximal groups of rows that share a point there (the maximal cliques of an
 * interval graph, at most one per interval end); each group is swept again on
 * the next axis, and a group that survives the last axis shares a point on
 * every axis. Gaps: a sweep over the first axis cuts it into runs on which the
 * set of matching rows is constant; an empty run is a gap, a non-empty one
 * recurses on the next axis with just those rows. Both cost about
 * n log n per axis on tables whose rows do not pile up on one point
 * (Calvanese et al., "Semantics and Analysis of DMN Decision Tables").
 */
import type { PosSet } from './domain.js';

/** Row → axis → positions. */
export type Boxes = PosSet[][];

/** Per-axis scratch so nested sweeps never clobber each other's active sets. */
class ActiveSet {
  readonly rows: Int32Array;
  readonly at: Int32Array;
  size = 0;
  constructor(n: number) {
    this.rows = new Int32Array(n);
    this.at = new Int32Array(n);
  }
  add(r: number): void {
    this.at[r] = this.size;
    this.rows[this.size++] = r;
  }
  remove(r: number): void {
    const i = this.at[r];
    const last = this.rows[--this.size];
    this.rows[i] = last;
    this.at[last] = i;
  }
  copy(): number[] {
    return Array.from(this.rows.subarray(0, this.size));
  }
}

/**
 * Sorted interval events of `ids` on `axis`: each event packs
 * (coordinate, kind, piece) into one exactly representable double so the
 * sort is a native numeric one.
 */
function events(boxes: Boxes, ids: readonly number[], axis: number, endShift: number): { keys: Float64Array; rowOf: Int32Array; pieces: number } {
  let n = 0;
  for (const id of ids) n += boxes[id][axis].length >> 1;
  const rowOf = new Int32Array(n);
  const keys = new Float64Array(2 * n);
  let k = 0;
  let p = 0;
  for (const id of ids) {
    const set = boxes[id][axis];
    for (let j = 0; j < set.length; j += 2) {
      rowOf[p] = id;
      keys[k++] = set[j] * 2 * n + p;
      keys[k++] = ((set[j + 1] + endShift) * 2 + 1) * n + p;
      p++;
    }
  }
  keys.sort();
  return { keys, rowOf, pieces: n };
}

/**
 * Calls `group` with every maximal set of rows (two or more) that share a
 * point on every axis from `axis` on. `group` returns false to stop.
 */
export function overlapGroups(boxes: Boxes, ids: readonly number[], axes: number, group: (rows: number[]) => boolean): void {
  // No inputs: every row matches every input, so all of them overlap.
  if (axes === 0) return void (ids.length >= 2 && group([...ids]));
  const scratch = Array.from({ length: axes }, () => new ActiveSet(boxes.length));
  let stop = false;
  const rec = (rows: readonly number[], axis: number) => {
    if (rows.length < 2 || stop) return;
    const { keys, rowOf, pieces } = events(boxes, rows, axis, 0);
    const active = scratch[axis];
    active.size = 0;
    let growing = false;
    for (let i = 0; i < keys.length && !stop; i++) {
      const key = keys[i];
      const hi = Math.floor(key / pieces);
      const piece = key - hi * pieces;
      const r = rowOf[piece];
      if ((hi & 1) === 0) {
        active.add(r);
        growing = true;
        continue;
      }
      if (growing && active.size >= 2) {
        const clique = active.copy();
        if (axis === axes - 1) stop = !group(clique);
        else {
          rec(clique, axis + 1);
          // The nested sweep used its own scratch; ours is intact.
        }
      }
      growing = false;
      active.remove(r);
    }
  };
  rec(ids, 0);
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
 * Regions of `domain` (one PosSet per axis) that no row of `ids` covers,
 * at most `cap` of them. `valid(axis, s, e)` trims a run to the positions that
 * hold values, or returns undefined when none does.
 */
export function findGaps(
  boxes: Boxes,
  ids: readonly number[],
  domain: PosSet[],
  valid: (axis: number, s: number, e: number) => [number, number] | undefined,
  cap: number,
): GapFound[] {
  const axes = domain.length;
  const out: GapFound[] = [];
  const scratch = Array.from({ length: axes }, () => new ActiveSet(Math.max(1, boxes.length)));
  const rec = (rows: readonly number[], axis: number, path: number[]) => {
    const { keys, rowOf, pieces } = events(boxes, rows, axis, 1);
    const active = scratch[axis];
    active.size = 0;
    const dom = domain[axis];
    let i = 0;
    const coord = (k: number) => Math.floor(Math.floor(keys[k] / Math.max(1, pieces)) / 2);
    const apply = (k: number) => {
      const hi = Math.floor(keys[k] / pieces);
      const r = rowOf[keys[k] - hi * pieces];
      if ((hi & 1) === 0) active.add(r);
      else active.remove(r);
    };
    for (let d = 0; d < dom.length && out.length < cap; d += 2) {
      const ds = dom[d];
      const de = dom[d + 1];
      while (i < keys.length && coord(i) <= ds) apply(i++);
      let cur = ds;
      while (cur <= de && out.length < cap) {
        const next = i < keys.length ? Math.min(coord(i), de + 1) : de + 1;
        if (active.size === 0) {
          const run = valid(axis, cur, next - 1);
          if (run) {
            const region = [...path, run[0], run[1]];
            for (let a = axis + 1; a < axes; a++) region.push(domain[a][0], domain[a][domain[a].length - 1]);
            out.push({ region, axis, ...neighbours(boxes, rows, axis, run[0], run[1]) });
          }
        } else if (axis < axes - 1) {
          // A run holding no value (the stretch between 9 and 10 on an integer axis) has nothing to cover.
          const run = valid(axis, cur, next - 1);
          if (run) rec(active.copy(), axis + 1, [...path, run[0], run[1]]);
        }
        cur = next;
        while (i < keys.length && coord(i) <= cur) apply(i++);
      }
    }
  };
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
  rec(ids, 0, []);
  return out;
}

function neighbours(boxes: Boxes, rows: readonly number[], axis: number, s: number, e: number): { before: number[]; after: number[] } {
  let beforeAt = -Infinity;
  let afterAt = Infinity;
  let before: number[] = [];
  let after: number[] = [];
  for (const r of rows) {
    const set = boxes[r][axis];
    for (let j = 0; j < set.length; j += 2) {
      if (set[j + 1] < s && set[j + 1] >= beforeAt) {
        if (set[j + 1] > beforeAt) before = [];
        beforeAt = set[j + 1];
        before.push(r);
      }
      if (set[j] > e && set[j] <= afterAt) {
        if (set[j] < afterAt) after = [];
        afterAt = set[j];
        after.push(r);
      }
    }
  }
  return { before, after };
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
