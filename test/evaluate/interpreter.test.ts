import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { valueToJson } from '../../src/evaluate/serialize.js';
import { docOf, modelOf } from './helpers.js';

const rate = docOf(`
  - id: cs.rate
    inputs: { conversion: { type: percent } }
    outputs: { rate: { type: percent } }
    rules:
      - { id: low, when: { conversion: "< 70%" }, then: { rate: 1% } }
      - { id: high, when: { conversion: ">= 70%" }, then: { rate: 1.5% } }
  - id: cs.bonus
    inputs: { sales: { type: money }, conversion: { type: percent } }
    outputs: { bonus: { type: money } }
    formula: { bonus: "sales * cs.rate(conversion).rate" }
  - id: cs.ratio
    inputs: { a: { type: number }, b: { type: number } }
    outputs: { q: { type: number } }
    formula: { q: "a / b" }
`);

function out(r: ReturnType<typeof evaluate>) {
  if (r.error) throw new Error(r.error.message);
  return Object.fromEntries(Object.entries(r.output!).map(([k, v]) => [k, valueToJson(v)]));
}

describe('exact numbers', () => {
  const m = modelOf(rate);
  it('100000 × 1.5% is exactly 1500.00', () => {
    const r = evaluate(m, 'cs.bonus', { sales: 100000, conversion: '70%' });
    expect(out(r)).toEqual({ bonus: '1500' });
    expect(valueToJson(r.output!.bonus, 2)).toBe('1500.00');
  });
  it('no binary floating point error reaches the result', () => {
    expect(out(evaluate(m, 'cs.bonus', { sales: '0.1', conversion: 0.72 }))).toEqual({ bonus: '0' });
    expect(out(evaluate(m, 'cs.bonus', { sales: '1234567890123.45', conversion: '72%' }))).toEqual({ bonus: '18518518351.85' });
  });
  it('rounds money once at the output, half-up to the config step', () => {
    expect(out(evaluate(m, 'cs.bonus', { sales: '8230.5', conversion: '99%' }))).toEqual({ bonus: '123.46' });
  });
  it('a percent is a fraction or a string with %', () => {
    expect(out(evaluate(m, 'cs.rate', { conversion: 0.7 }))).toEqual({ rate: '0.015' });
    expect(out(evaluate(m, 'cs.rate', { conversion: '69.99%' }))).toEqual({ rate: '0.01' });
    expect(out(evaluate(m, 'cs.rate', { conversion: '0.69999999999999999999' }))).toEqual({ rate: '0.01' });
  });
});

describe('errors are values', () => {
  const m = modelOf(rate);
  it.each([
    ['cs.rate', {}, 'missing-input', 'conversion'],
    ['cs.rate', { conversion: 'lots' }, 'wrong-type', 'conversion'],
    ['cs.rate', { conversion: '120%' }, 'out-of-domain', 'conversion'],
    ['cs.bonus', { sales: -5, conversion: 0.5 }, 'out-of-domain', 'sales'],
    ['cs.nope', {}, 'unknown-decision', undefined],
  ] as const)('%s %j → %s', (id, input, code, name) => {
    const r = evaluate(m, id, input);
    expect(r.output).toBeUndefined();
    expect(r.error!.code).toBe(code);
    expect(r.error!.decision).toBe(id);
    expect(r.error!.input).toBe(name);
    expect(r.error!.message).not.toMatch(/\.$/);
  });
  it('division by zero', () => {
    const r = evaluate(m, 'cs.ratio', { a: 1, b: 0 });
    expect(r.error).toMatchObject({ code: 'division-by-zero', decision: 'cs.ratio' });
    expect(r.error!.span!.line).toBeGreaterThan(0);
  });
  it('a null input is a missing input, like an absent one', () => {
    const r = evaluate(m, 'cs.bonus', { sales: 1, conversion: null });
    expect(r.error).toMatchObject({ code: 'missing-input', decision: 'cs.bonus', input: 'conversion' });
  });
  it('names the caller of a failing decision', () => {
    const r = evaluate(m, 'cs.ratio', { a: 1, b: 0 });
    expect(r.error?.via).toBeUndefined();
    const called = modelOf(rate.replace('formula: { q: "a / b" }', 'formula: { q: "a / b" }\n  - id: cs.outer\n    inputs: { a: { type: number } }\n    outputs: { q: { type: number } }\n    formula: { q: "cs.ratio(a, 0)" }'));
    expect(evaluate(called, 'cs.outer', { a: 1 }).error).toMatchObject({ code: 'division-by-zero', decision: 'cs.ratio', via: ['cs.outer'] });
  });
  const gap = modelOf(
    docOf(`
  - id: g.rate
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { when: { x: "< 70" }, then: { y: 1 } }
      - { when: { x: "> 70" }, then: { y: 2 } }
      - { when: { x: "[60..65]" }, then: { y: 3 } }
`),
  );
  it('no-match and unique-violated name the rows', () => {
    expect(evaluate(gap, 'g.rate', { x: 70 }).error).toMatchObject({ code: 'no-match', decision: 'g.rate' });
    const r = evaluate(gap, 'g.rate', { x: 61 });
    expect(r.error).toMatchObject({ code: 'unique-violated', rows: [1, 3] });
  });
});

const approval = (hit: string, extra = '') =>
  docOf(`
  - id: t.approval
    hit: ${hit}
    inputs:
      age: { type: number }
      risk: { type: enum, values: { low: Low, medium: Medium, high: High } }
    outputs:
      status: { type: enum, values: { approved: Approved, declined: Declined } }
      rate: { type: enum, values: { best: Best, standard: Standard } }
    rules:
      - { when: { age: ">= 18", risk: '"low"' }, then: { status: '"approved"', rate: '"best"' } }
      - { when: { age: ">= 18", risk: '"low", "medium"' }, then: { status: '"approved"', rate: '"standard"' } }
      - { when: { age: "< 18" }, then: { status: '"declined"', rate: '"standard"' } }
      - { when: { risk: '"high"' }, then: { status: '"declined"', rate: '"standard"' } }
${extra}`);

describe('hit policies', () => {
  const run = (hit: string, input: Record<string, unknown>) => {
    const r = evaluate(modelOf(approval(hit)), 't.approval', input);
    return r.error ? r.error.code : out(r);
  };
  it('first takes the first matching row', () => {
    expect(run('first', { age: 20, risk: 'low' })).toEqual({ status: 'approved', rate: 'best' });
  });
  it('priority takes the highest output value by enum order, output by output', () => {
    expect(run('priority', { age: 17, risk: 'high' })).toEqual({ status: 'declined', rate: 'standard' });
    expect(run('priority', { age: 20, risk: 'low' })).toEqual({ status: 'approved', rate: 'best' });
  });
  it('any requires equal outputs', () => {
    expect(run('any', { age: 17, risk: 'high' })).toEqual({ status: 'declined', rate: 'standard' });
    expect(run('any', { age: 20, risk: 'low' })).toBe('unique-violated');
  });
  it('rule-order and collect list outputs in rule order, output-order by priority', () => {
    expect(run('rule-order', { age: 20, risk: 'low' })).toEqual({ status: ['approved', 'approved'], rate: ['best', 'standard'] });
    expect(run('collect', { age: 17, risk: 'high' })).toEqual({ status: ['declined', 'declined'], rate: ['standard', 'standard'] });
    expect(run('output-order', { age: 20, risk: 'low' })).toEqual({ status: ['approved', 'approved'], rate: ['best', 'standard'] });
    expect(run('collect', { age: 20, risk: 'medium' })).toEqual({ status: ['approved'], rate: ['standard'] });
  });
  it('output-order sorts by declared priority, not rule order', () => {
    const m = modelOf(
      docOf(`
  - id: t.o
    hit: output-order
    inputs: { x: { type: number } }
    outputs: { y: { type: number, priority: [3, 1, 2] } }
    rules:
      - { when: { x: "> 0" }, then: { y: 1 } }
      - { when: { x: "> 1" }, then: { y: 2 } }
      - { when: { x: "> 2" }, then: { y: 3 } }
`),
    );
    expect(out(evaluate(m, 't.o', { x: 5 }))).toEqual({ y: ['3', '1', '2'] });
  });
  const agg = (hit: string) =>
    modelOf(
      docOf(`
  - id: t.c
    hit: ${hit}
    inputs: { years: { type: number } }
    outputs: { amount: { type: money } }
    rules:
      - { when: { years: "> 1" }, then: { amount: 100.005 } }
      - { when: { years: "> 2" }, then: { amount: 200 } }
      - { when: { years: "> 3" }, then: { amount: 50 } }
`),
    );
  it.each([
    ['collect-sum', 5, '350.01'],
    ['collect-min', 5, '50'],
    ['collect-max', 5, '200'],
    ['collect-count', 5, '3'],
    ['collect-sum', 0, '0'],
    ['collect-count', 0, '0'],
  ])('%s at %d → %s (money rounded once, after aggregation)', (hit, years, expected) => {
    expect(out(evaluate(agg(hit), 't.c', { years }))).toEqual({ amount: expected });
  });
  it('collect with no match gives an empty list; min with no match is no-match', () => {
    expect(out(evaluate(agg('collect'), 't.c', { years: 0 }))).toEqual({ amount: [] });
    expect(evaluate(agg('collect-min'), 't.c', { years: 0 }).error?.code).toBe('no-match');
  });
});

describe('defaults, versions, explanations', () => {
  const versions = `id: v
title: T
version: 1
decisions:
  - id: v.rate
    effective: { from: 2025-01-01, until: 2026-01-01 }
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { id: one, when: { x: "> 0" }, then: { y: 1 } }
    default: { y: 0 }
  - id: v.rate
    effective: { from: 2026-01-01 }
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { id: two, when: { x: "> 0" }, then: { y: "x * 2" } }
    default: { y: -1 }
`;
  const m = modelOf(versions);
  it('asOf picks the version in force; default is today', () => {
    expect(out(evaluate(m, 'v.rate', { x: 5 }, { asOf: '2025-06-01' }))).toEqual({ y: '1' });
    expect(out(evaluate(m, 'v.rate', { x: 5 }, { asOf: '2026-01-01' }))).toEqual({ y: '10' });
    expect(out(evaluate(m, 'v.rate', { x: 5 }))).toEqual({ y: '10' });
    const none = evaluate(m, 'v.rate', { x: 5 }, { asOf: '2024-12-31' }).error;
    expect(none).toMatchObject({ code: 'no-version', asOf: '2024-12-31' });
    expect(none?.hint).toContain('2025-01-01');
  });
  it('default outputs when no rule matches', () => {
    expect(out(evaluate(m, 'v.rate', { x: 0 }, { asOf: '2025-06-01' }))).toEqual({ y: '0' });
    const r = evaluate(m, 'v.rate', { x: 0 }, { explain: true });
    expect(r.explain!.defaulted).toBe(true);
  });
  it('explains rows, clause, version, formula steps and calls', () => {
    const r = evaluate(m, 'v.rate', { x: 5 }, { explain: true, asOf: '2026-02-01' });
    expect(r.explain).toMatchObject({ decision: 'v.rate', version: { from: '2026-01-01' }, rows: [{ index: 1, id: 'two' }] });
    const b = evaluate(modelOf(rate), 'cs.bonus', { sales: 100000, conversion: '72%' }, { explain: true });
    const steps = b.explain!.formulas[0].steps.map((s) => [s.expr, valueToJson(s.value)]);
    expect(steps).toContainEqual(['sales * cs.rate(conversion).rate', '1500']);
    expect(b.explain!.calls[0]).toMatchObject({ decision: 'cs.rate', rows: [{ id: 'high' }] });
  });
});

describe('large tables go through the index', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => `      - { when: { a: "[${i * 10}..${i * 10 + 10})", b: "${i % 2 ? '>= 50' : '< 50'}" }, then: { y: ${i} } }`).join('\n');
  const m = modelOf(docOf(`
  - id: big.t
    inputs: { a: { type: number }, b: { type: number } }
    outputs: { y: { type: number } }
    rules:
${rows}
`));
  it('finds the one row, at the boundaries too', () => {
    expect(out(evaluate(m, 'big.t', { a: 0, b: 0 }))).toEqual({ y: '0' });
    expect(out(evaluate(m, 'big.t', { a: 10, b: 50 }))).toEqual({ y: '1' });
    expect(out(evaluate(m, 'big.t', { a: '9.99999999999999999999', b: 0 }))).toEqual({ y: '0' });
    expect(out(evaluate(m, 'big.t', { a: 9995.5, b: 99 }))).toEqual({ y: '999' });
    expect(evaluate(m, 'big.t', { a: 10000, b: 0 }).error?.code).toBe('no-match');
  });
});
