/**
 * A decision implementing a restricted clause: `check` reports `audience-leak`
 * at the decision (with the clause as related), and `build` publishes it to
 * no wider audience than its clause, on no page, index or script.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { loadModel } from '../../src/pipeline.js';
import { audienceModel } from '../../src/render/audience.js';
import { runIn } from '../diff/run-cli.js';

// The head of the audience fixture: the clause `serious` is for managers, its decision is not marked.
const fixture = join(import.meta.dirname, '../fixtures/diff/audience/head');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function files(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

describe('audience-leak', () => {
  it('is reported at the decision, with the clause as related', () => {
    const { model } = loadModel(fixture, { cwd: fixture });
    const found = check(model!).filter((d) => d.code === 'audience-leak');
    expect(found).toHaveLength(1);
    const text = readFileSync(join(fixture, 'sanctions.yaml'), 'utf8').split('\n');
    expect(text[found[0].line - 1]).toContain('- id: cs.serious_fine');
    expect(found[0].severity).toBe('warning');
    expect(text[(found[0].related?.[0].line ?? 0) - 1]).toContain('- id: serious');
  });

  it('is not reported once the decision is restricted like its clause', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-leak-'));
    made.push(dir);
    cpSync(fixture, dir, { recursive: true });
    const file = join(dir, 'sanctions.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    clause: "#serious"\n', '    clause: "#serious"\n    audience: managers\n'));
    const { model } = loadModel(dir, { cwd: dir });
    expect(check(model!).filter((d) => d.code === 'audience-leak')).toEqual([]);
  });

  it('the staff handbook leaves the decision out; the managers\' keeps it', () => {
    const { model } = loadModel(fixture, { cwd: fixture });
    expect(audienceModel(model!, 'staff').decisions.has('cs.serious_fine')).toBe(false);
    expect(audienceModel(model!, 'managers').decisions.has('cs.serious_fine')).toBe(true);
  });

  it('build publishes it on no page, index or script of the staff site', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-leak-build-'));
    made.push(dir);
    cpSync(fixture, join(dir, 'policies'), { recursive: true });
    const r = await runIn(dir, ['build', '--out', 'dist']);
    expect(r.code).toBe(0);
    const site = files(join(dir, 'dist/handbook'));
    expect(site.length).toBeGreaterThan(0);
    for (const f of [...site, join(dir, 'dist/handbook.md')]) {
      const text = readFileSync(f, 'utf8');
      expect(text.includes('大额罚款') || text.includes('serious_fine'), f).toBe(false);
    }
  });
});
