/**
 * The tool's first real findings: on the literal transcription of the source
 * the checker reports exactly the three defects of `expected.txt`, with their
 * witnesses, and no other error; the shipped, corrected `policies/` are clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { line, run } from './harness.js';

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

  it('finds nothing to report in the shipped policies', () => {
    const { pipeline, check } = run(root);
    expect(pipeline.map(line)).toEqual([]);
    expect(check.filter((d) => d.severity !== 'info').map(line)).toEqual([]);
  });
});
