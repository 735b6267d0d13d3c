/**
 * Shapes that are legal but big (issue 13.5): hundreds of decisions sharing an
 * input and an output, call chains thousands deep, cycles through thousands
 * of decisions. Every one must end in a bounded report, never a stack
 * overflow; in process, since a child process proves nothing more here.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { boundFindings, MAX_PER_CODE } from '../../src/check/bound.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';
import { sharedIo } from './generate.js';

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';

function model(doc: string) {
  const sources = [parseSource(CONFIG, 'policies/rulebook.yaml', 'config').document!, parseSource(doc, 'policies/big.yaml', 'document').document!];
  return buildModel(sources);
}

/** `n` decisions, each calling the next (the last calls the first when `cycle`). */
export function chain(n: number, cycle: boolean): string {
  const out = ['id: chain', 'title: Chain', 'version: 1', 'decisions:'];
  for (let i = 0; i < n; i++) {
    const f = i < n - 1 ? `m.d${i + 1}(x).y + 1` : cycle ? 'm.d0(x).y' : 'x';
    out.push(`  - id: m.d${i}`, '    inputs: { x: { type: number } }', '    outputs: { y: { type: number } }', `    formula: { y: "${f}" }`);
  }
  return out.join('\n') + '\n';
}

const perCode = (ds: Diagnostic[]) => ds.reduce((m, d) => m.set(d.code, (m.get(d.code) ?? 0) + 1), new Map<string, number>());

describe('big legal shapes', () => {
  it('520 decisions sharing an input and an output: a bounded report (a 100 KB file)', () => {
    const text = sharedIo(520);
    expect(text.length).toBeGreaterThan(100_000);
    const built = model(text);
    const found = check(built.model);
    for (const [code, n] of perCode(found)) expect(n, code).toBeLessThanOrEqual(MAX_PER_CODE + 1);
    expect(JSON.stringify(found).length).toBeLessThan(2_000_000);
  });

  it('520 exceptions of one rule that all overlap: 134,940 conflicting pairs give 200 findings and one that counts the rest', () => {
    const out = ['id: many', 'title: Many', 'version: 1', 'decisions:', '  - id: m.base', '    inputs: { x: { type: number } }', '    outputs: { y: { type: number } }', '    formula: { y: "0" }'];
    for (let i = 0; i < 520; i++) out.push(`  - id: m.d${i}`, '    overrides: m.base', '    inputs: { x: { type: number } }', '    outputs: { y: { type: number } }', '    rules:', `      - when: { x: ">= ${i}" }`, `        then: { y: ${i + 1} }`);
    const found = check(model(out.join('\n') + '\n').model);
    const overlaps = found.filter((d) => d.code === 'overlap');
    expect(overlaps).toHaveLength(MAX_PER_CODE + 1);
    expect(overlaps.at(-1)!.message).toBe(`${(520 * 519) / 2 - MAX_PER_CODE} more \`overlap\` findings not listed`);
    expect(JSON.stringify(found).length).toBeLessThan(1_000_000);
  });

  it('a call chain 5,000 deep resolves without overflowing', () => {
    const built = model(chain(5000, false));
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a cycle through 3,000 decisions is one finding with a readable path', () => {
    const built = model(chain(3000, true));
    const cycles = built.diagnostics.filter((d) => d.code === 'cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message.length).toBeLessThan(400);
    expect(cycles[0].related!.length).toBeLessThanOrEqual(50);
  });

  it('lists at most MAX_PER_CODE findings of a code, then one that counts the rest at the first left out', () => {
    const at = (i: number): Diagnostic => ({ code: 'overlap', severity: i === 250 ? 'error' : 'warning', message: `m${i}`, file: 'a.yaml', line: i + 1, column: 1 });
    const other: Diagnostic = { code: 'gap', severity: 'error', message: 'g', file: 'a.yaml', line: 1, column: 1 };
    const out = boundFindings([...Array.from({ length: 300 }, (_, i) => at(299 - i)), other]);
    expect(out.filter((d) => d.code === 'overlap')).toHaveLength(MAX_PER_CODE + 1);
    const more = out.find((d) => /more/.test(d.message))!;
    expect(more).toMatchObject({ line: MAX_PER_CODE + 1, severity: 'error' });
    expect(more.message).toContain('100');
    expect(out).toContain(other);
    expect(boundFindings([other])).toEqual([other]);
  });
});
