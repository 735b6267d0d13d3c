import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadModel, buildModel } from '../../src/pipeline.js';
import { parseSource } from '../../src/load/index.js';
import { evaluate, pickVersion } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { explanationToJson, type ExplanationJson } from '../../src/compile/explanation.js';
import type { Model } from '../../src/model/index.js';
import type { SourceDocument } from '../../src/load/source.js';
import { docOf, modelOf } from '../evaluate/helpers.js';
import { loadCompiled, type Compiled } from './helpers.js';
import { arbInput } from './inputs.js';

type Explained = { output?: Record<string, unknown>; error?: { code: string }; explain?: ExplanationJson };

function fnOf(mod: Compiled, id: string): (input: unknown, opts?: unknown) => Explained {
  return (mod[id.replace(/\./g, '_')] ?? mod[id.replace(/\./g, '_') + '_']) as (input: unknown, opts?: unknown) => Explained;
}

/** The compiled explanation equals the interpreter's (rows, clause, version, formula steps, calls), on success and on failure. */
function agree(model: Model, mod: Compiled, id: string, input: Record<string, unknown>, asOf?: string): void {
  const tag = JSON.stringify({ input, asOf });
  const r = evaluate(model, id, input, { explain: true, asOf });
  const opts = asOf === undefined ? { explain: true } : { explain: true, asOf };
  const c = (mod.evaluate as (id: string, input: unknown, opts?: unknown) => Explained)(id, input, opts);
  if (r.error) {
    expect(c.error?.code, tag).toBe(r.error.code);
    expect(c.output, tag).toBeUndefined();
  } else {
    const d = pickVersion(model.decisions.get(id)!, asOf)!;
    expect(c.output, tag).toEqual(outputsToJson(model, d, r.output!));
  }
  expect(c.explain, tag).toEqual(r.explain ? explanationToJson(model, r.explain) : undefined);
  const fn = fnOf(mod, id);
  expect(fn(input, opts), tag).toEqual(c);
  // Without `explain`, no explanation is built, on the fast path or the general one.
  const plain = fn(input, asOf === undefined ? undefined : { asOf });
  expect(plain, tag).not.toHaveProperty('explain');
  expect(plain.output, tag).toEqual(c.output);
}

describe('compiled explanations = interpreter explanations', () => {
  const policies = loadModel(new URL('../../policies', import.meta.url).pathname).model!;

  it('the seed commission: the row, its note and line, the clause, the formula steps as decimal strings, the nested call', async () => {
    const { mod } = await loadCompiled(policies);
    const r = fnOf(mod, 'cs.performance_bonus')({ sales: 100000, conversion: '72%' }, { explain: true });
    expect(r.output).toEqual({ bonus: '1500.00' });
    const e = r.explain!;
    expect(e).toMatchObject({ decision: 'cs.performance_bonus', clause: 'cs-awards#performance-award', input: { sales: '100000', conversion: '0.72' }, rows: [], output: { bonus: '1500.00' } });
    expect(e.formulas[0]).toMatchObject({ output: 'bonus', source: 'sales * cs.performance_rate(conversion).rate', value: '1500' });
    expect(e.formulas[0].steps.map((s) => [s.expr, s.value])).toEqual([
      ['cs.performance_rate(conversion)', { rate: '0.015' }],
      ['cs.performance_rate(conversion).rate', '0.015'],
      ['sales * cs.performance_rate(conversion).rate', '1500'],
    ]);
    expect(e.calls).toHaveLength(1);
    expect(e.calls[0]).toMatchObject({ decision: 'cs.performance_rate', rows: [{ index: 2, id: 'from-70' }], output: { rate: '0.015' } });
    expect(e.calls[0].rows[0].note).toContain('70%');
    expect(e.calls[0].rows[0].line).toBeGreaterThan(0);
    agree(policies, mod, 'cs.performance_bonus', { sales: 100000, conversion: '72%' });
  });

  for (const [id, versions] of policies.decisions) {
    it(`policies: ${id}`, async () => {
      const { mod } = await loadCompiled(policies);
      fc.assert(fc.property(arbInput(versions.at(-1)!), (input) => agree(policies, mod, id, input)), { numRuns: 150 });
    });
  }

  it('versions: the one in effect on asOf, its rows and period', async () => {
    const m = modelOf(
      docOf(`
  - id: v.rate
    effective: { from: 2025-01-01, until: 2026-01-01 }
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { id: one, when: { x: "> 0" }, then: { y: 1 }, note: old }
    default: { y: 0 }
  - id: v.rate
    effective: { from: 2026-01-01 }
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { id: two, when: { x: "> 0" }, then: { y: "x * 2" } }
    default: { y: -1 }
  - id: v.use
    inputs: { x: { type: number } }
    outputs: { z: { type: number } }
    formula: { z: "v.rate(x: x + 1).y + 1" }
  - id: v.two
    inputs: { p: { type: number }, q: { type: number } }
    outputs: { z: { type: number } }
    formula: { z: "p - q" }
  - id: v.mix
    inputs: { x: { type: number } }
    outputs: { w: { type: number } }
    formula: { w: "v.two(q: x + 1, p: x * 2) * 3" }
`),
    );
    const { mod } = await loadCompiled(m);
    for (const asOf of [undefined, '2024-12-31', '2025-06-01', '2025-12-31', '2026-01-01', '2030-01-01']) {
      for (const x of [-1, 0, 5, '2.5']) {
        agree(m, mod, 'v.rate', { x }, asOf);
        agree(m, mod, 'v.use', { x }, asOf);
        agree(m, mod, 'v.mix', { x }, asOf);
      }
    }
    const old = (mod.evaluate as (id: string, i: unknown, o: unknown) => Explained)('v.use', { x: 5 }, { explain: true, asOf: '2025-06-01' });
    expect(old.explain!.calls[0]).toMatchObject({ decision: 'v.rate', version: { from: '2025-01-01', until: '2026-01-01' }, rows: [{ index: 1, id: 'one', note: 'old' }] });
    // Arguments are computed in the order written, each a step.
    const mix = (mod.evaluate as (id: string, i: unknown, o: unknown) => Explained)('v.mix', { x: 5 }, { explain: true });
    expect(mix.explain!.formulas[0].steps.map((s) => [s.expr, s.value])).toEqual([
      ['x + 1', '6'],
      ['x * 2', '10'],
      ['v.two(q: x + 1, p: x * 2)', { z: '4' }],
      ['v.two(q: x + 1, p: x * 2) * 3', '12'],
    ]);
    const dflt = (mod.evaluate as (id: string, i: unknown, o: unknown) => Explained)('v.rate', { x: 0 }, { explain: true });
    expect(dflt.explain).toMatchObject({ defaulted: true, rows: [], version: { from: '2026-01-01' } });
  });

  it.each(['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'])(
    'rows fired under hit policy %s: overlapping rows, the chosen one or all in order',
    async (hit) => {
      const m = modelOf(
        docOf(`
  - id: h.t
    hit: ${hit}
    inputs: { a: { type: number } }
    outputs: { level: { type: number, priority: [3, 2, 1] } }
    rules:
      - { id: low, when: { a: ">= 0" }, then: { level: 1 } }
      - { id: high, when: { a: ">= 5" }, then: { level: 3 }, note: top }
      - { id: mid, when: { a: ">= 10" }, then: { level: ${hit === 'any' ? 1 : 2} } }
`),
      );
      const { mod } = await loadCompiled(m);
      for (const a of [-1, 0, 5, 7, 10, 12]) agree(m, mod, 'h.t', { a });
      const fired = (a: number) => fnOf(mod, 'h.t')({ a }, { explain: true }).explain!.rows.map((r) => r.id);
      const want: Record<string, string[]> = { priority: ['high'], 'output-order': ['high', 'mid', 'low'], first: ['low'], 'rule-order': ['low', 'high', 'mid'], collect: ['low', 'high', 'mid'] };
      if (want[hit]) expect(fired(12)).toEqual(want[hit]);
    },
  );

  it('generated tables of every hit policy, called from formulas with positional and named arguments', async () => {
    const hits = ['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'];
    const cell = fc.oneof(
      fc.constant('-'),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '='), fc.integer({ min: 0, max: 100 })).map(([op, n]) => `${op} ${n}`),
      fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.boolean()).map(([a, b, lc, hc]) => `${lc ? '[' : '('}${a}..${a + b + 1}${hc ? ']' : ')'}`),
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => `not(${a}, ${b})`),
    );
    const out = fc.oneof(
      fc.integer({ min: 0, max: 99999 }).map((m) => String(m / 100)),
      fc.constantFrom('a * 1.5', 'a + b', 'round(a / 3, 0.01)', 'max(a, b) - min(a, b)', 'if a > b then a else b / 4'),
    );
    const table = fc.record({
      hit: fc.constantFrom(...hits),
      rows: fc.array(fc.tuple(cell, cell, fc.integer({ min: 1, max: 3 }), out, fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined })), { minLength: 1, maxLength: 10 }),
      withDefault: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.tuple(fc.integer({ min: -2, max: 102 }), fc.integer({ min: -2, max: 102 }), fc.boolean()), { minLength: 5, maxLength: 15 }), async (t, inputs) => {
        const rows = t.rows
          .map(([a, b, p, amount, note], i) => `      - { id: r${i}, when: { a: "${a}", b: "${b}" }, then: { level: ${p}, amount: ${JSON.stringify(amount)}, pay: ${(i * 37.125) % 1000} }${note === undefined ? '' : `, note: ${JSON.stringify(note)}`} }`)
          .join('\n');
        const list = t.hit === 'collect' || t.hit === 'rule-order' || t.hit === 'output-order';
        const use = list ? 'sum(g.t(a, b).pay) + sum(g.t(b: b, a: a).pay)' : 'g.t(b: b, a: a).pay * 2 + g.t(a, b).pay * g.t(a, b).level';
        const m = modelOf(
          docOf(`
  - id: g.t
    hit: ${t.hit}
    inputs: { a: { type: number }, b: { type: number } }
    outputs: { level: { type: number, priority: [3, 2, 1] }, amount: { type: number }, pay: { type: money } }
    rules:
${rows}
${t.withDefault && !t.hit.startsWith('collect') ? '    default: { level: 0, amount: "a / 7", pay: 0.005 }' : ''}
  - id: g.use
    inputs: { a: { type: number }, b: { type: number } }
    outputs: { total: { type: money }, ratio: { type: number } }
    formula:
      total: "${use}"
      ratio: "if a > b and not(b = 0) then round(a / b, 0.001) else -(b - a) ** 2"
`),
        );
        const { mod } = await loadCompiled(m);
        for (const [a, b, asString] of inputs) {
          const input = asString ? { a: String(a), b: `${b}.0` } : { a, b };
          agree(m, mod, 'g.t', input);
          agree(m, mod, 'g.use', input);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('explain data cannot inject code', () => {
  it('titles, notes, formula strings and file paths with quotes, */, ${ and </script> come back intact', async () => {
    const evil = 'x"; globalThis.pwned = 1; "*/ ${globalThis.pwned=2} </script><script>`';
    const file = `pol"i'cies/*/\${globalThis.pwned=3}</script>.yaml`;
    const text = `id: evil
title: T
version: 1
decisions:
  - id: e.rate
    title: ${JSON.stringify(evil)}
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { id: low, when: { x: "< 1" }, then: { y: 1 }, note: ${JSON.stringify(evil)} }
      - { when: { x: ">= 1" }, then: { y: 2 }, note: "*/ \`\${1}\` </SCRIPT >" }
  - id: e.use
    title: ${JSON.stringify(evil)}
    inputs: { x: { type: number } }
    outputs: { s: { type: string } }
    formula:
      s: ${JSON.stringify(`if e.rate(x).y = 1 then ${JSON.stringify(evil)} else "</script>"`)}
`;
    const sources: SourceDocument[] = [parseSource('title: t\nlocale: en\ncurrency: CNY\naudiences: { staff: all }\ndefaultAudience: staff\n', 'rulebook.yaml', 'config').document!];
    const doc = parseSource(text, file, 'document');
    if (!doc.document) throw new Error(doc.diagnostics.map((d) => d.message).join('\n'));
    sources.push(doc.document);
    const { model, diagnostics } = buildModel(sources);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { mod, js } = await loadCompiled(model);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(js).not.toMatch(/<\/script/i);
    expect(js).not.toContain('*/ ${');
    expect(js).not.toContain('${globalThis');
    expect(js).not.toContain(file);
    const ev = mod.evaluate as (id: string, i: unknown, o: unknown) => Explained;
    const r = ev('e.use', { x: 0 }, { explain: true });
    expect(r.output).toEqual({ s: evil });
    expect(r.explain!.title).toBe(evil);
    expect(r.explain!.file).toBe(file);
    expect(r.explain!.formulas[0].steps.at(-1)!.value).toBe(evil);
    expect(r.explain!.calls[0].rows).toMatchObject([{ index: 1, id: 'low', note: evil }]);
    expect(ev('e.rate', { x: 5 }, { explain: true }).explain!.rows[0].note).toBe('*/ `${1}` </SCRIPT >');
    agree(model, mod, 'e.use', { x: 0 });
    agree(model, mod, 'e.use', { x: 3 });
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});
