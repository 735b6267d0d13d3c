/**
 * The diff's verdict against the evaluator, on generated tables (a
 * differential test): when the diff says it compared every input region and
 * found no change, no input gives a different result on the two sides; when
 * it reports a region, its example does give different results, and so does
 * every input of the region it names. Seeded: FC_SEED=<n> replays a failure.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { diffModels } from '../../src/diff/index.js';
import { evaluate } from '../../src/evaluate/index.js';
import { parseSource } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import { buildModel } from '../../src/pipeline.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { canonicalJson } from '../../src/model/canonical.js';

setLang('en');
const seed = Number(process.env.FC_SEED ?? 20261203);
const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';

type Row = { op: '<' | '<=' | '>' | '>=' | '='; at: number; kind: 'a' | 'b' | '-'; out: number };

function model(rows: Row[], hit: string): Model {
  const doc = {
    id: 'd',
    title: 'D',
    version: 1,
    decisions: [
      {
        id: 'x.t',
        hit,
        inputs: { p: { type: 'percent' }, k: { type: 'enum', values: { a: 'A', b: 'B' } } },
        outputs: { v: { type: 'money' } },
        rules: rows.map((r) => ({ when: { p: `${r.op} ${r.at}%`, ...(r.kind !== '-' && { k: `"${r.kind}"` }) }, then: { v: r.out } })),
        default: { v: 0 },
      },
    ],
  };
  const sources = [parseSource(CONFIG, 'rulebook.yaml', 'config').document!, parseSource(stringify(doc), 'd.yaml', 'document').document!];
  return buildModel(sources).model;
}

const row = fc.record({
  op: fc.constantFrom('<', '<=', '>', '>=', '=') as fc.Arbitrary<Row['op']>,
  at: fc.integer({ min: 0, max: 10 }).map((n) => n * 10),
  kind: fc.constantFrom('a', 'b', '-') as fc.Arbitrary<Row['kind']>,
  out: fc.integer({ min: 0, max: 3 }).map((n) => n * 100),
});

/** Every percent 0%..100% in steps of 0.5% and both enum values: a fine grid that holds every region of these tables. */
const GRID = Array.from({ length: 201 }, (_, i) => new Decimal(BigInt(i * 5), 3)).flatMap((p) => ['a', 'b'].map((k) => ({ p, k })));

const key = (m: Model, input: Record<string, unknown>) => {
  const r = evaluate(m, 'x.t', input);
  return r.output ? canonicalJson(r.output) : `error:${r.error?.code}`;
};

describe('the diff verdict agrees with the evaluator', () => {
  it('proved "no change" means no input differs; a reported example differs', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), fc.array(row, { minLength: 0, maxLength: 2 }), fc.constantFrom('first', 'unique', 'rule-order', 'collect-sum', 'collect-max'), fc.boolean(), (rows, extra, hit, reorder) => {
        const head = reorder ? [...rows].reverse() : [...rows, ...extra];
        const a = model(rows, hit);
        const b = model(head, hit);
        const d = diffModels(a, b, { check: false });
        const differs = GRID.filter((x) => key(a, x) !== key(b, x));
        const periods = d.decisions.flatMap((x) => x.impact);
        expect(d.verdict.proof).toBe('exact');
        if (!d.verdict.changed) expect(differs).toEqual([]);
        else expect(differs.length).toBeGreaterThan(0);
        for (const p of periods) {
          for (const r of p.regions) {
            const input = { p: Decimal.parse(r.example.p.replace('%', ''))!.div(new Decimal(100n, 0)), k: JSON.parse(r.example.k) };
            expect(key(a, input)).not.toBe(key(b, input));
          }
        }
      }),
      { seed, numRuns: 120, endOnFailure: true },
    );
  });
});
