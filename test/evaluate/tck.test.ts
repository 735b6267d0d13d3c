import { describe, expect, it } from 'vitest';
import { tckCases, runCase, type TckCaseResult } from './tck-harness.js';
import { loadCompiled } from '../compile/helpers.js';
import { Decimal } from '../../src/runtime/decimal.js';
import type { Model, Value } from '../../src/model/index.js';

/**
 * Cases that need features rulebook lacks, with the feature. They must stay
 * skipped (not silently pass): the test fails if one starts to import.
 */
const MISSING: Record<string, string> = {
  '0004-lending': 'boxed contexts as business knowledge models (AffordabilityCalculation, InstallmentCalculation), and every decision that depends on them',
  '0017-tableTests': 'cells that compare with another input (`[numB..numC]`, `>dateE`): rulebook cells compare with literals only',
  '0106-feel-ternary-logic': 'null inputs: in rulebook a declared input given as null is missing-input (one input contract), not a FEEL null',
  '0107-feel-ternary-logic-not': 'null inputs: in rulebook a declared input given as null is missing-input (one input contract), not a FEEL null',
};

function back(v: unknown): Value {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Decimal.parse(v)!;
  if (Array.isArray(v)) return v.map(back);
  return v as Value;
}

describe.each(tckCases())('DMN TCK %s', (dir) => {
  const name = dir.split('/').pop()!;
  const result: TckCaseResult = runCase(dir);
  const skippedChecks = result.checks.filter((c) => c.skipped);
  if (skippedChecks.length || MISSING[name]) {
    it(`skips what needs missing features: ${MISSING[name] ?? '(unlisted)'}`, () => {
      expect(MISSING[name], `unlisted skips: ${skippedChecks.map((c) => c.detail).join('; ')}`).toBeDefined();
      expect(skippedChecks.length + (result.skipped ? 1 : 0), 'the feature seems to work now: remove it from MISSING').toBeGreaterThan(0);
    });
  }
  if (result.skipped) {
    it(`is skipped: ${MISSING[name] ?? result.skipped}`, () => {
      expect(result.skipped, 'the feature seems to work now: remove it from MISSING').toBeDefined();
      expect(MISSING[name], `unlisted skip: ${result.skipped}`).toBeDefined();
    });
    return;
  }
  it('interpreter passes every test case', () => {
    expect(result.checks.filter((c) => !c.passed && !c.skipped)).toEqual([]);
    expect(result.checks.filter((c) => c.passed).length).toBeGreaterThan(0);
  });
  it('compiled module passes every test case', async () => {
    const { mod } = await loadCompiled(result.model!);
    const compiled = runCase(dir, (_m: Model, id, input) => {
      const r = mod.evaluate(id, input);
      if (r.error) return { error: r.error as unknown as { code: string; message: string } };
      return { output: Object.fromEntries(Object.entries(r.output!).map(([k, v]) => [k, back(v)])) };
    });
    expect(compiled.checks.filter((c) => !c.passed && !c.skipped)).toEqual([]);
  });
});
