/**
 * The two segment trees the sweeps switch to when rows pile up on the first
 * axes (see `sweep.ts`): cover counts for gaps and coverage, the lowest
 * covering rank for shadowing. Both take range updates and answer in log time.
 */

/**
 * How many active rows cover each position of one axis, under range
 * additions, answering "the first uncovered position from here" and "the
 * first covered one" in log time. Positions that hold no value count as
 * covered for the first question (they are never a gap) and as uncovered
 * for the second (a gap runs across them).
 */
export class CoverTree {
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
export class RankTree {
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
