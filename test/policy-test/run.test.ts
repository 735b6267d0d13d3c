import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/pipeline.js';
import { reportJson, reportPretty, runTests } from '../../src/policy-test/index.js';
import { modelOf } from '../evaluate/helpers.js';

describe('rulebook test', () => {
  it('every test of policies/ passes', () => {
    const model = loadModel(new URL('../../policies', import.meta.url).pathname).model!;
    const r = runTests(model);
    expect(r.results.filter((x) => !x.passed)).toEqual([]);
    expect(r.passed).toBe(model.tests.length);
    expect(r.coverage.total).toBeGreaterThan(r.coverage.uncovered.length);
  });

  const m = modelOf(`id: t
title: T
version: 1
decisions:
  - id: t.rate
    inputs: { x: { type: number, domain: "[0..100]" } }
    outputs: { y: { type: money } }
    rules:
      - { id: low, when: { x: "< 10" }, then: { y: 1 } }
      - { id: high, when: { x: ">= 10" }, then: { y: 2 } }
  - id: t.twice
    inputs: { x: { type: number } }
    outputs: { z: { type: number } }
    formula: { z: "x * 2" }
tests:
  - { name: low, decision: t.rate, input: { x: 1 }, expect: { y: 1 } }
  - { name: wrong, decision: t.rate, input: { x: 1 }, expect: { y: 3 } }
  - { name: err, decision: t.rate, input: { x: 200 }, expectError: out-of-domain }
`);
  const r = runTests(m);
  it('reports expected vs actual at the expectation, and expected errors', () => {
    expect(r.results.map((x) => x.passed)).toEqual([true, false, true]);
    expect(r.results[1]).toMatchObject({ mismatches: [{ output: 'y', expected: '3', actual: '1' }], file: 'doc0.yaml', line: 17 });
  });
  it('lists rows and formulas no test reached', () => {
    expect(r.coverage.uncovered.map((u) => [u.decision, u.kind, u.id ?? u.output])).toEqual([
      ['t.rate', 'row', 'high'],
      ['t.twice', 'formula', 'z'],
    ]);
    expect(reportPretty(r)).toMatch(/t\.rate: wrong {2}doc0\.yaml:17:\d+/);
    expect(JSON.parse(JSON.stringify(reportJson(r)))).toMatchObject({ summary: { passed: 2, failed: 1 } });
  });
});
