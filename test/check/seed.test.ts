/**
 * The tool's first real findings: on the literal transcription of the source
 * the checker reports exactly the three defects of `expected.txt`, with their
 * witnesses, and no other error; the shipped, corrected `policies/` are clean.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { line, run } from './harness.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { check as checkModel } from '../../src/check/index.js';
import { loadModel } from '../../src/pipeline.js';

const root = join(import.meta.dirname, '../..');

describe('seed', () => {
  it('reports exactly the three defects of the literal transcription', () => {
    const dir = join(root, 'test/fixtures/seed-literal');
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n');
    const { pipeline, check } = run(dir);
    expect(pipeline.filter((d) => d.severity === 'error').map(line)).toEqual([]);
    expect(check.filter((d) => d.severity !== 'info').map(line).sort()).toEqual([...expected].sort());
    for (const d of check.filter((x) => x.severity === 'error')) {
      expect(d.related?.length).toBeGreaterThan(0);
      expect(d.witness).toBeDefined();
    }
    const gap = check.find((d) => d.code === 'gap');
    expect(gap?.witness?.region).toEqual({ conversion: '[70%..70%]' });
  });

  it('checked together with the law, reports every fine deducted beyond what the law allows, with a counterexample', () => {
    // The literal transcription beside the shipped law document, in one policy folder.
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-seed-law-'));
    try {
      cpSync(join(root, 'test/fixtures/seed-literal/policies'), join(dir, 'policies'), { recursive: true });
      cpSync(join(root, 'policies/law-wage-payment.yaml'), join(dir, 'policies/law-wage-payment.yaml'));
      const expected = readFileSync(join(root, 'test/fixtures/seed-literal/expected-with-law.txt'), 'utf8').trim().split('\n');
      const { pipeline, check } = run(dir);
      expect(pipeline.filter((d) => d.severity === 'error').map(line)).toEqual([]);
      expect(check.filter((d) => d.severity !== 'info').map(line).sort()).toEqual([...expected].sort());
      // The counterexample in the author's units, as payroll would read it (run() speaks English; zh below).
      const leak = check.find((d) => d.code === 'superior-norm' && d.line === 228)!;
      expect(leak.message).toContain('monthly wage ¥2,000: minimum fine ¥1,000 > monthly wage × 20% (¥400)');
      expect(leak.related?.[0].file).toBe('policies/law-wage-payment.yaml');
      setLang('zh');
      const zh = checkModel(loadModel('policies', { cwd: dir }).model!).find((d) => d.code === 'superior-norm' && d.line === 228)!;
      expect(zh.message).toContain('月工资 ¥2,000：罚款下限 ¥1,000 > 月工资 × 20%（¥400）');
    } finally {
      setLang('en');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing to report in the shipped policies', () => {
    const { pipeline, check } = run(root);
    expect(pipeline.map(line)).toEqual([]);
    expect(check.filter((d) => d.severity !== 'info').map(line)).toEqual([]);
  });
});
