import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbInput } from '../compile/inputs.js';
import { loadModel } from '../../src/pipeline.js';
import { evaluate, pickVersion } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import type { Decision, Model } from '../../src/model/index.js';
import { loadCompiled, type Compiled } from '../compile/helpers.js';
import { docOf, modelOf } from './helpers.js';


function agree(model: Model, mod: Compiled, id: string, input: Record<string, unknown>): void {
  const r = evaluate(model, id, input);
  const c = mod.evaluate(id, input);
  if (r.error) {
    expect(c.error?.code, JSON.stringify(input)).toBe(r.error.code);
    expect(c.error?.input).toBe(r.error.input);
  } else {
    const d = pickVersion(model.decisions.get(id)!, undefined)!;
    expect(c.output, JSON.stringify(input)).toEqual(outputsToJson(model, d, r.output!));
  }
  // The per-decision function (with its fast path) agrees with the generic entry.
  const fn = mod[id.replace(/\./g, '_')] ?? mod[id.replace(/\./g, '_') + '_'];
  expect(fn(input)).toEqual(c);
}

describe('compiled module = interpreter', () => {
  const policies = loadModel(new URL('../../policies', import.meta.url).pathname).model!;
  for (const [id, versions] of policies.decisions) {
    it(`policies: ${id}`, async () => {
      const { mod } = await loadCompiled(policies);
      fc.assert(fc.property(arbInput(versions.at(-1)!), (input) => agree(policies, mod, id, input)), { numRuns: 300 });
    });
  }

  it('generated tables of every hit policy', async () => {
    const hits = ['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'];
    const cell = fc.oneof(
      fc.constant('-'),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '='), fc.integer({ min: 0, max: 100 })).map(([op, n]) => `${op} ${n}`),
      fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.boolean()).map(([a, b, lc, hc]) => `${lc ? '[' : '('}${a}..${a + b + 1}${hc ? ']' : ')'}`),
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => `not(${a}, ${b})`),
    );
    const table = fc.record({
      hit: fc.constantFrom(...hits),
      rows: fc.array(fc.tuple(cell, cell, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 99999 })), { minLength: 1, maxLength: 12 }),
      withDefault: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.tuple(fc.integer({ min: -2, max: 102 }), fc.integer({ min: -2, max: 102 }), fc.boolean()), { minLength: 5, maxLength: 20 }), async (t, inputs) => {
        const rows = t.rows.map(([a, b, p, m]) => `      - { when: { a: "${a}", b: "${b}" }, then: { level: ${p}, amount: ${m / 100} } }`).join('\n');
        const m = modelOf(docOf(`
  - id: g.t
    hit: ${t.hit}
    inputs: { a: { type: number }, b: { type: number } }
    outputs: { level: { type: number, priority: [3, 2, 1] }, amount: { type: money } }
    rules:
${rows}
${t.withDefault && !t.hit.startsWith('collect') ? '    default: { level: 0, amount: 0 }' : ''}
`));
        const { mod } = await loadCompiled(m);
        for (const [a, b, asString] of inputs) agree(m, mod, 'g.t', asString ? { a: String(a), b: `${b}.0` } : { a, b });
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('points that share a double are told apart exactly', async () => {
    // 0.1, 0.1 + 10^-22 and 0.1 + 2·10^-22 all round to the same double.
    const m = modelOf(docOf(`
  - id: g.tie
    inputs: { a: { type: number } }
    outputs: { r: { type: number } }
    rules:
      - { when: { a: "< 0.1" }, then: { r: 1 } }
      - { when: { a: "0.1" }, then: { r: 2 } }
      - { when: { a: "(0.1..0.1000000000000000000001)" }, then: { r: 3 } }
      - { when: { a: "0.1000000000000000000001" }, then: { r: 4 } }
      - { when: { a: "(0.1000000000000000000001..0.1000000000000000000002]" }, then: { r: 5 } }
      - { when: { a: "> 0.1000000000000000000002" }, then: { r: 6 } }
`));
    const { mod } = await loadCompiled(m);
    const cases: [unknown, string][] = [
      ['0.0999999999999999999999', '1'],
      [0.1, '2'],
      ['0.1', '2'],
      ['0.10000000000000000000005', '3'],
      ['0.1000000000000000000001', '4'],
      ['0.10000000000000000000015', '5'],
      ['0.1000000000000000000002', '5'],
      ['0.10000000000000000000021', '6'],
    ];
    for (const [a, want] of cases) {
      agree(m, mod, 'g.tie', { a });
      expect(mod.evaluate('g.tie', { a }).output?.r, String(a)).toBe(want);
    }
  });

  it('large interval tables (the indexed fast path), boundaries and ties included', async () => {
    // Rows are intervals of `a` (some overlapping, so `unique` can be violated), with a cell on `b` and on the enum `k`.
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.boolean(), fc.constantFrom('-', '< 50', '>= 50', '[10..20]', 'not(7)'), fc.constantFrom('-', '"x"', 'not("y")'), fc.integer({ min: 0, max: 99999 }));
    const table = fc.record({
      hit: fc.constantFrom('unique', 'first'),
      rows: fc.array(row, { minLength: 65, maxLength: 140 }),
      withDefault: fc.boolean(),
      // A bound that is not exactly its double (0.1 + 2^-60 rounds to 0.1): ties must take the exact path.
      fine: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.tuple(fc.integer({ min: -2, max: 1500 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom('x', 'y', 'z'), fc.constantFrom('int', 'half', 'string', 'tenth')), { minLength: 30, maxLength: 60 }), async (t, inputs) => {
        let at = 0;
        const lines = t.rows.map(([gap, width, lc, hc, b, key, m], i) => {
          at += gap;
          const lo = t.fine && i === 3 ? '0.1000000000000000000001' : String(at);
          const cell = `${lc ? '[' : '('}${lo}..${at + width}${hc ? ']' : ')'}`;
          at += width - (i % 5 === 0 ? 1 : 0);
          return `      - { when: { a: "${cell}", b: "${b}", k: '${key}' }, then: { amount: ${m / 100} } }`;
        });
        const m = modelOf(docOf(`
  - id: g.big
    hit: ${t.hit}
    inputs: { a: { type: number }, b: { type: money }, k: { type: enum, values: { x: X, y: Y, z: Z } } }
    outputs: { amount: { type: money } }
    rules:
${lines.join('\n')}
${t.withDefault ? '    default: { amount: 1.5 }' : ''}
`));
        const { mod, js } = await loadCompiled(m);
        expect(js).toContain('$seg(');
        for (const [a, b, k, how] of inputs) {
          const x = how === 'int' ? a : how === 'half' ? a + 0.5 : how === 'tenth' ? a / 10 : String(a);
          agree(m, mod, 'g.big', { a: x, b, k });
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
