/**
 * Gaps and shadowing, by runs (see `sweep.ts` for the method): a sweep over an
 * axis cuts it into runs on which the set of matching rows is constant; an
 * empty run is a gap, a non-empty one recurses on the next axis. Shadowing
 * walks the same runs, and found regions are merged for reports.
 */
import type { PosSet } from './posset.js';
import { Boxes, levels, treeSwitch, type Level } from './sweep.js';
import { CoverTree, RankTree } from './trees.js';

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
