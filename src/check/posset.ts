/**
 * Position sets, the checker's one set representation (see `domain.ts`): sorted,
 * disjoint, non-adjacent closed intervals of integer positions, and their
 * union, intersection, complement and tests, each one linear merge.
 */

/** A set of positions: sorted, disjoint, non-adjacent closed intervals, flattened `[s0, e0, s1, e1, …]`. */
export type PosSet = number[];

export function pushPos(out: PosSet, s: number, e: number): void {
  if (s > e) return;
  const n = out.length;
  if (n && out[n - 1] >= s - 1) {
    if (e > out[n - 1]) out[n - 1] = e;
    return;
  }
  out.push(s, e);
}

/** Union of two position sets. */
export function union(a: PosSet, b: PosSet): PosSet {
  const out: PosSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      pushPos(out, a[i], a[i + 1]);
      i += 2;
    } else {
      pushPos(out, b[j], b[j + 1]);
      j += 2;
    }
  }
  return out;
}

/** Intersection of two position sets. */
export function intersect(a: PosSet, b: PosSet): PosSet {
  const out: PosSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i], b[j]);
    const e = Math.min(a[i + 1], b[j + 1]);
    if (s <= e) out.push(s, e);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

/** Positions 0..top not in `a`. */
export function complement(a: PosSet, top: number): PosSet {
  const out: PosSet = [];
  let cur = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > cur) out.push(cur, a[i] - 1);
    cur = a[i + 1] + 1;
  }
  if (cur <= top) out.push(cur, top);
  return out;
}

/** Whether two position sets share a position. */
export function meets(a: PosSet, b: PosSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] <= b[j + 1] && b[j] <= a[i + 1]) return true;
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return false;
}

/** Whether `a` ⊆ `b`. */
export function within(a: PosSet, b: PosSet): boolean {
  const i = intersect(a, b);
  return i.length === a.length && i.every((x, k) => x === a[k]);
}
