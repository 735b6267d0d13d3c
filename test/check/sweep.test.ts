/**
 * The sweeps on raw boxes, against brute force: both ways of sorting events
 * (counting sort on short axes, native sort when positions are sparse) must
 * give the overlapping pairs of a pairwise check and the shadowed rows of a
 * point-by-point check over every position that matters.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PosSet } from '../../src/check/posset.js';
import { Boxes, overlapGroups, treeSwitch } from '../../src/check/sweep.js';
import { findGaps, shadowedRows } from '../../src/check/runs.js';

/** A position set of up to two intervals within 0..top. */
const setArb = (top: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: top }), { minLength: 2, maxLength: 4 }).map((xs): PosSet => {
    const s = xs.sort((a, b) => a - b);
    // Disjoint and non-adjacent, as domain.ts builds them.
    const out: PosSet = [s[0], s[1]];
    if (s.length === 4 && s[2] > s[1] + 1) out.push(s[2], s[3]);
    return out;
  });

const boxesArb = (top: number) =>
  fc.integer({ min: 1, max: 3 }).chain((axes) =>
    fc.record({
      axes: fc.constant(axes),
      sets: fc.array(fc.array(setArb(top), { minLength: axes, maxLength: axes }), { minLength: 1, maxLength: 8 }),
      rank: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    }),
  );

const inSet = (set: PosSet, p: number) => set.some((_, i) => i % 2 === 0 && set[i] <= p && p <= set[i + 1]);

/** Every position where some row's membership can change, per axis: 0, each start, one past each end. */
function candidates(sets: PosSet[][], axis: number): number[] {
  const out = new Set<number>([0]);
  for (const box of sets) box[axis].forEach((p, i) => out.add(i % 2 === 0 ? p : p + 1));
  return [...out];
}

function* pointsOf(sets: PosSet[][], axes: number): Generator<number[]> {
  const lists = Array.from({ length: axes }, (_, a) => candidates(sets, a));
  const idx = lists.map(() => 0);
  for (;;) {
    yield idx.map((k, a) => lists[a][k]);
    let a = axes - 1;
    while (a >= 0 && ++idx[a] === lists[a].length) idx[a--] = 0;
    if (a < 0) return;
  }
}

describe('sweeps', () => {
  for (const [label, top, factor] of [
    ['counting sort, run by run', 12, 8],
    ['counting sort, trees', 12, 0],
    ['native sort, run by run', 1_000_000, 8],
    ['native sort, trees', 5_000, 0],
  ] as const) {
    it(`overlap groups, shadowed rows and gaps agree with brute force (${label})`, () => {
      const saved = { ...treeSwitch };
      Object.assign(treeSwitch, { factor, slack: factor === 0 ? 0 : saved.slack });
      onTestFinished(() => void Object.assign(treeSwitch, saved));
      fc.assert(
        fc.property(boxesArb(top), ({ axes, sets, rank }) => {
          const boxes = Boxes.of(sets, axes);
          const ids = sets.map((_, i) => i);
          const pairs = new Set<string>();
          overlapGroups(boxes, ids, (rows) => {
            for (const x of rows) for (const y of rows) if (x < y) pairs.add(`${x},${y}`);
            return true;
          });
          const brute = new Set<string>();
          for (let x = 0; x < sets.length; x++) for (let y = x + 1; y < sets.length; y++) if (boxes.meet(x, y)) brute.add(`${x},${y}`);
          expect([...pairs].sort()).toEqual([...brute].sort());

          const escapes = new Set<number>();
          for (const p of pointsOf(sets, axes)) {
            const hit = ids.filter((r) => sets[r].every((set, a) => inSet(set, p[a])));
            if (hit.length === 0) continue;
            const min = Math.min(...hit.map((r) => rank[r]));
            for (const r of hit) if (rank[r] === min) escapes.add(r);
          }
          expect(shadowedRows(boxes, ids, rank, sets[0].map(() => null))).toEqual(ids.filter((r) => !escapes.has(r)));

          const domain = Array.from({ length: axes }, (): PosSet => [0, top]);
          const gaps = findGaps(boxes, ids, domain, domain.map(() => null), 1);
          const uncovered = [...pointsOf([...sets, domain], axes)].some((p) => p.every((x) => x <= top) && !sets.some((box) => box.every((set, a) => inSet(set, p[a]))));
          expect(gaps.length > 0).toBe(uncovered);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a table without inputs: every row meets every other', () => {
    const groups: number[][] = [];
    overlapGroups(Boxes.of([[], [], []], 0), [0, 1, 2], (rows) => {
      groups.push(rows);
      return true;
    });
    expect(groups).toEqual([[0, 1, 2]]);
  });
});
