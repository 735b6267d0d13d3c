/**
 * Row order (issue 14.6), for all permutations fast-check tries: in `first`
 * and `rule-order` tables a reordering is a change made only of moved rows;
 * where DMN makes row order irrelevant (`unique`, `any`, `priority`,
 * `output-order`, collect tables) it is no change at all: no decision in the
 * diff and a proved "no result changes". Seeded: FC_SEED=<n> replays a failure.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/diff/index.js';
import { parseSource } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import { buildModel } from '../../src/pipeline.js';

const seed = Number(process.env.FC_SEED ?? 20261203);
const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';
const UNORDERED = ['unique', 'any', 'priority', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'];

/** A table of distinct rows (`n` = k, output 100·k) under a hit policy. */
function model(order: number[], hit: string): Model {
  const doc = {
    id: 'd',
    title: 'D',
    version: 1,
    sections: [{ id: 's', title: 'S', text: 'x\n' }],
    decisions: [
      {
        id: 'x.t',
        title: 'T',
        clause: '#s',
        hit,
        inputs: { n: { type: 'integer', label: 'N' } },
        outputs: { v: { type: 'money', label: 'V', priority: order.map((k) => (k + 1) * 100).sort((a, b) => b - a) } },
        rules: order.map((k) => ({ when: { n: `<= ${k + 1}` }, then: { v: (k + 1) * 100 } })),
      },
    ],
  };
  const sources = [parseSource(CONFIG, 'rulebook.yaml', 'config').document!, parseSource(stringify(doc), 'd.yaml', 'document').document!];
  return buildModel(sources).model;
}

/** The length of the longest increasing subsequence of a permutation: the rows that keep their order. */
function lcs(p: number[]): number {
  const best = p.map(() => 1);
  for (let i = 0; i < p.length; i++) for (let j = 0; j < i; j++) if (p[j] < p[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(...best);
}

const permutation = fc.integer({ min: 2, max: 7 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }).map((p) => ({ n, p })));

describe('row order in the diff', () => {
  it('is no change in unordered tables, and only moved rows in first / rule-order tables', () => {
    fc.assert(
      fc.property(permutation, fc.constantFrom(...UNORDERED, 'first', 'rule-order'), ({ n, p }, hit) => {
        const base = model([...Array(n).keys()], hit);
        const head = model(p, hit);
        const d = diffModels(base, head, { check: false });
        const moved = p.some((k, i) => k !== i);
        if (UNORDERED.includes(hit) || !moved) {
          expect(d.decisions).toEqual([]);
          expect(d.verdict.changed).toBe(false);
        } else {
          expect(d.decisions.map((x) => x.id)).toEqual(['x.t']);
          const rows = d.decisions[0].rows;
          expect(rows.length).toBeGreaterThan(0);
          expect(rows.every((r) => r.status === 'moved')).toBe(true);
          // As few as possible: every row outside a longest run kept in order, and only those.
          expect(rows.length).toBe(n - lcs(p));
          expect(new Set(rows.map((r) => r.baseRow)).size).toBe(rows.length);
        }
      }),
      { seed, numRuns: 150, endOnFailure: true },
    );
  });
});
