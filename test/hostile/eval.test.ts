/**
 * `eval` on hostile input values: prototype keys, deep JSON, huge strings,
 * broken lines in a batch. Each input gets its own answer; none stops the
 * batch, crashes the process or is echoed back unbounded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandExists, crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-eval-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const policies = join(root, 'policies');

describe.skipIf(!commandExists('eval'))('eval on hostile values', () => {
  it('answers every line of a hostile batch on its own', async () => {
    const lines = [
      '{"conversion": ' + '['.repeat(50_000) + ']'.repeat(50_000) + '}',
      '{"conversion": "72%"}',
      '{bad json',
      '{"__proto__": {"polluted": 1}, "conversion": "72%"}',
      '{"conversion": "' + '9'.repeat(1_000_000) + '%"}',
      '{"conversion": {"constructor": {"prototype": 1}}}',
    ];
    writeFileSync(join(work, 'batch.jsonl'), lines.join('\n') + '\n');
    const r = await rulebook(['eval', 'cs.performance_rate', '--input-file', join(work, 'batch.jsonl'), '--policies', policies, '--format', 'json'], work);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; output?: unknown; error?: unknown });
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.map((o) => (o.output ? 'output' : 'error'))).toEqual(['error', 'output', 'error', 'output', 'error', 'error']);
    expect(r.bytes).toBeLessThan(64 * 1024);
  });
});

describe.skipIf(!commandExists('build'))('the compiled evaluator on hostile values', () => {
  it('returns an error for a deep or huge value instead of throwing', async () => {
    const out = join(work, 'dist');
    const b = await rulebook(['build', '--policies', policies, '--out', out], work, 60_000);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const mod = (await import(join(out, 'evaluator/index.js'))) as { evaluate(id: string, input: unknown): { output?: unknown; error?: { message: string } } };
    let deep: unknown = [];
    for (let i = 0; i < 50_000; i++) deep = [deep];
    for (const conversion of [deep, '9'.repeat(1_000_000) + '%', { constructor: { prototype: 1 } }]) {
      const r = mod.evaluate('cs.performance_rate', { conversion });
      expect(r.error).toBeDefined();
      expect(r.error!.message.length).toBeLessThan(1000);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 70_000);
});
