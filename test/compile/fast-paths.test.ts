/**
 * The compiled module's table fast paths (dense lookup, candidate rows, ANDed
 * bitsets) against the interpreter, on the shapes that take each: a 10×10×10
 * grid, an enum × band grid, random boxes under `first`, random overlapping
 * boxes under `unique` (where two rows must still be an error), and a table
 * with a point no double holds exactly. Inputs are every cell boundary, each
 * side of it, and seeded random values, as numbers and as decimal strings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel } from '../../src/pipeline.js';
import { parseSource } from '../../src/load/index.js';
import { evaluate } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { loadCompiled } from './helpers.js';

const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';

function model(yaml: string) {
  const built = buildModel([parseSource(CONFIG, 'rulebook.yaml', 'config').document!, parseSource(yaml, 't.yaml', 'document').document!]);
  expect(built.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return built.model;
}

function table(id: string, hit: string, inputs: string, rows: string[]): string {
  return `id: t\ntitle: t\nversion: 1\ndecisions:\n  - id: ${id}\n    hit: ${hit}\n    inputs: { ${inputs} }\n    outputs: { y: { type: integer } }\n    rules:\n${rows.join('\n')}\n`;
}

const band = (k: number, n: number) => (k === 0 ? '< 1' : k === n - 1 ? `>= ${n - 1}` : `[${k}..${k + 1})`);

/** A small seeded generator, so a failure replays. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Evaluates every input both ways; `path` is a name the generated module must contain (the fast path under test). */
async function agree(yaml: string, id: string, inputs: Record<string, unknown>[], path: RegExp) {
  const m = model(yaml);
  const { mod, js } = await loadCompiled(m);
  expect(js).toMatch(path);
  const fn = mod[id.replace(/\./g, '_')]!;
  const d = m.decisions.get(id)![0]!;
  let compared = 0;
  for (const input of inputs) {
    const a = fn(input);
    const b = evaluate(m, id, input);
    const want = b.error ? { error: b.error.code } : { output: outputsToJson(m, d, b.output!) };
    const got = a.error ? { error: a.error.code } : { output: a.output };
    expect(got, JSON.stringify(input)).toEqual(want);
    compared++;
  }
  return compared;
}

describe('compiled table fast paths equal the interpreter', () => {
  it('a 10×10×10 grid (unique): every boundary, each side of it, random points', async () => {
    const rows: string[] = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) for (let c = 0; c < 10; c++) rows.push(`      - { when: { a: "${band(a, 10)}", b: "${band(b, 10)}", c: "${band(c, 10)}" }, then: { y: ${a * 100 + b * 10 + c} } }`);
    const near = [-1, -0.5, ...Array.from({ length: 11 }, (_, k) => [k - 1e-9, k, k + 1e-9, k + 0.5]).flat()];
    const r = rng(7);
    const inputs: Record<string, unknown>[] = [];
    for (let i = 0; i < 1500; i++) inputs.push({ a: near[Math.floor(r() * near.length)], b: near[Math.floor(r() * near.length)], c: near[Math.floor(r() * near.length)] });
    inputs.push({ a: '3', b: '4.5', c: '9' }, { a: 1, b: 2 }, { a: 'x', b: 1, c: 1 }, { a: Number.NaN, b: 1, c: 1 });
    expect(await agree(table('g.grid', 'unique', 'a: { type: number }, b: { type: number }, c: { type: number }', rows), 'g.grid', inputs, /_dense = /)).toBe(inputs.length);
  });

  it('an enum × band grid with gaps (first), including unknown keys and no match', async () => {
    const rows: string[] = [];
    for (const [i, key] of ['a', 'b', 'c'].entries()) for (let k = 0; k < 50; k += 2) rows.push(`      - { when: { kind: '"${key}"', amount: "[${k * 100}..${k * 100 + 100})" }, then: { y: ${i * 10 + k} } }`);
    const inputs: Record<string, unknown>[] = [];
    for (const kind of ['a', 'b', 'c', 'd', 1]) for (let x = -50; x <= 5100; x += 25) inputs.push({ kind, amount: x });
    expect(await agree(table('e.grid', 'first', 'kind: { type: enum, values: { a: A, b: B, c: C } }, amount: { type: money }', rows), 'e.grid', inputs, /_dense = /)).toBe(inputs.length);
  });

  for (const hit of ['first', 'unique']) {
    it(`random boxes over 3 inputs (${hit}${hit === 'unique' ? ': overlaps are errors' : ''})`, async () => {
      const r = rng(hit === 'first' ? 11 : 12);
      const boxes = Array.from({ length: 300 }, () => [0, 1, 2].map(() => {
        const lo = Math.floor(r() * 90);
        return [lo, lo + 1 + Math.floor(r() * 20)];
      }));
      const rows = boxes.map((b, i) => `      - { when: { a: "[${b[0]![0]}..${b[0]![1]})", b: "[${b[1]![0]}..${b[1]![1]}]", c: "(${b[2]![0]}..${b[2]![1]})" }, then: { y: ${i} } }`);
      const inputs: Record<string, unknown>[] = [];
      for (let i = 0; i < 3000; i++) inputs.push({ a: Math.floor(r() * 1100) / 10, b: Math.floor(r() * 220) / 2, c: Math.floor(r() * 110) });
      expect(await agree(table('r.box', hit, 'a: { type: number }, b: { type: number }, c: { type: number }', rows), 'r.box', inputs, /Math\.clz32/)).toBe(inputs.length);
    });
  }

  it('property: bands at points no double holds exactly, any value', async () => {
    const rows = ['      - { when: { x: "< 0.1" }, then: { y: 1 } }', '      - { when: { x: "[0.1..0.3)" }, then: { y: 2 } }', '      - { when: { x: ">= 0.3" }, then: { y: 3 } }'];
    const m = model(table('p.band', 'unique', 'x: { type: number }', rows));
    const { mod } = await loadCompiled(m);
    const d = m.decisions.get('p.band')![0]!;
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, min: -1, max: 1 }), fc.constantFrom(0.1, 0.3, 0.1 + 0.2, 0.30000000000000004, '0.1', '0.3', '0.30000000000000004')), (x) => {
        const a = mod.p_band!({ x });
        const b = evaluate(m, 'p.band', { x });
        expect(a.error ? { error: a.error.code } : { output: a.output }).toEqual(b.error ? { error: b.error.code } : { output: outputsToJson(m, d, b.output!) });
      }),
      { seed: 17, numRuns: 3000 },
    );
  });
});

describe('fast paths read own properties only', () => {
  it('a polluted Object.prototype, a class instance and a null-prototype object answer as the interpreter does', async () => {
    const small = table('o.small', 'unique', 'conversion: { type: percent }, sales: { type: money }', [
      '      - { when: { conversion: "< 70%", sales: "< 10000" }, then: { y: 1 } }',
      '      - { when: { conversion: "< 70%", sales: ">= 10000" }, then: { y: 2 } }',
      '      - { when: { conversion: ">= 70%" }, then: { y: 3 } }',
    ]);
    const rows: string[] = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) rows.push(`      - { when: { conversion: "[${a * 10}%..${a * 10 + 10}%${a === 9 ? ']' : ')'}", sales: "${band(b, 10)}" }, then: { y: ${a * 10 + b} } }`);
    for (const [yaml, id, path] of [[small, 'o.small', /if \(x0 < 0\.7/], [table('o.grid', 'unique', 'conversion: { type: percent }, sales: { type: money }', rows), 'o.grid', /_dense = /]] as const) {
      const m = model(yaml);
      const { mod, js } = await loadCompiled(m);
      expect(js).toMatch(path);
      const fn = mod[id.replace('.', '_')]!;
      const d = m.decisions.get(id)![0]!;
      const same = (input: object) => {
        const a = fn(input);
        const b = evaluate(m, id, input as Record<string, unknown>);
        expect(a.error ? { error: a.error.code } : { output: a.output }, JSON.stringify(input)).toEqual(b.error ? { error: b.error.code } : { output: outputsToJson(m, d, b.output!) });
        return a;
      };
      class Agent {
        constructor(readonly conversion: number, readonly sales: number) {}
      }
      expect(same({ conversion: 0.5, sales: 5 }).output).toBeDefined();
      expect(same(new Agent(0.5, 5)).output).toBeDefined();
      expect(same(Object.assign(Object.create(null), { conversion: 0.5, sales: 5 })).output).toBeDefined();
      const proto = Object.prototype as Record<string, unknown>;
      proto.sales = 5;
      try {
        expect(same({ conversion: 0.5 }).error?.code).toBe('missing-input');
        expect(same({ conversion: 0.5, sales: 20000 }).output).toBeDefined();
      } finally {
        delete proto.sales;
      }
      expect(same({ conversion: 0.5 }).error?.code).toBe('missing-input');
    }
  });
});
