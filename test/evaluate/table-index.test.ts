/**
 * The row index of a table (src/evaluate/table-index.ts). Its numeric
 * segments are filled row by row from each cell's own literals; here they are
 * held to the plain definition (the cell tested at every segment's
 * representative value) on random cells of every shape the index takes. A
 * column whose bitsets would pass the size bound is tested row by row, and
 * such a table (12,000 bands) still evaluates alike in both executions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel } from '../../src/pipeline.js';
import { parseSource } from '../../src/load/index.js';
import { evaluate } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { buildIndex, MAX_INDEX_WORDS, type NumericColumn } from '../../src/evaluate/table-index.js';
import { matchesUnary } from '../../src/lang/unary.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { loadCompiled } from '../compile/helpers.js';

const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';

function model(rows: string[], hit = 'first') {
  const yaml = `id: t\ntitle: t\nversion: 1\ndecisions:\n  - id: t.d\n    hit: ${hit}\n    inputs: { x: { type: number } }\n    outputs: { y: { type: integer } }\n    rules:\n${rows.join('\n')}\n`;
  const built = buildModel([parseSource(CONFIG, 'rulebook.yaml', 'config').document!, parseSource(yaml, 't.yaml', 'document').document!]);
  expect(built.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return built.model;
}

/** The value a segment stands for: below, at and between the points. */
function reps(points: Decimal[]): Decimal[] {
  const out: Decimal[] = [];
  const two = Decimal.fromBigInt(2n);
  for (let k = 0; k <= points.length; k++) {
    if (k === 0) out.push(points[0].sub(Decimal.ONE));
    else if (k === points.length) out.push(points[k - 1].add(Decimal.ONE));
    else out.push(points[k - 1].add(points[k]).div(two));
    if (k < points.length) out.push(points[k]);
  }
  return out;
}

const num = fc.integer({ min: -5, max: 12 });
const cell: fc.Arbitrary<string> = fc.oneof(
  fc.constant('-'),
  num.map((a) => `${a}`),
  fc.tuple(fc.constantFrom('<', '<=', '>', '>='), num).map(([op, a]) => `${op} ${a}`),
  fc.tuple(num, num, fc.constantFrom('[', '('), fc.constantFrom(']', ')')).map(([a, b, l, r]) => `${l}${Math.min(a, b)}..${Math.max(a, b) + 1}${r}`),
  fc.tuple(num, num).map(([a, b]) => `${a}, [${Math.min(a, b) + 20}..${Math.max(a, b) + 21}]`),
  fc.tuple(num, num).map(([a, b]) => `not([${Math.min(a, b)}..${Math.max(a, b)}])`),
);

describe('table index', () => {
  it('numeric segments equal the cells tested at every segment (random cells of every shape)', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 40 }), (cells) => {
        const m = model(cells.map((c, i) => `      - { when: { x: "${c}" }, then: { y: ${i} } }`));
        const d = m.decisions.get('t.d')![0]!;
        const index = buildIndex(d);
        const col = index.columns.find((c) => c.kind === 'numeric') as NumericColumn | undefined;
        if (!col) return cells.every((c) => c === '-');
        const vs = reps(col.points);
        expect(col.segments.length).toBe(vs.length);
        vs.forEach((v, s) => {
          for (let r = 0; r < d.rules.length; r++) {
            const want = matchesUnary(d.rules[r].when[0]?.test ?? { kind: 'any' }, v);
            const got = ((col.segments[s][r >>> 5] >>> (r & 31)) & 1) === 1;
            expect(got, `row ${r + 1} at ${v.toString()}`).toBe(want);
          }
        });
        return true;
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('a column past the size bound is tested row by row, and both executions still agree (12,000 bands)', async () => {
    const n = 12_000;
    const rows = Array.from({ length: n }, (_, i) => `      - { when: { x: "[${i}..${i + 1})" }, then: { y: ${i} } }`);
    const m = model(rows, 'unique');
    const d = m.decisions.get('t.d')![0]!;
    expect((2 * n + 1) * Math.ceil(n / 32)).toBeGreaterThan(MAX_INDEX_WORDS);
    expect(buildIndex(d).columns.map((c) => c.kind)).toEqual(['scan']);
    const { mod } = await loadCompiled(m);
    const fn = mod['t_d']!;
    for (const x of [-1, 0, 0.5, 1, 5999.999, 6000, 11_999, 11_999.5, 12_000, 1e9]) {
      const a = fn({ x });
      const b = evaluate(m, 't.d', { x });
      const want = b.error ? { error: b.error.code } : { output: outputsToJson(m, d, b.output!) };
      expect(a.error ? { error: a.error.code } : { output: a.output }, String(x)).toEqual(want);
    }
    expect(evaluate(m, 't.d', { x: 6000 }).output).toBeDefined();
  });
});
