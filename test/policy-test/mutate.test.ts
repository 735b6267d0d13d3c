/**
 * `rulebook test --mutate`: the mutants of real tables, the tests run against
 * each in process, and for every survivor a suggested test that does kill it
 * once added (the suggestion is checked by running it, not by reading it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/pipeline.js';
import { mutantsOf, mutationJson, runMutation } from '../../src/policy-test/mutate.js';
import { modelOf } from '../evaluate/helpers.js';

const root = join(import.meta.dirname, '../..');

const DOC = (tests: string) => `id: t
title: T
version: 1
decisions:
  - id: t.rate
    inputs: { x: { type: integer, domain: "[0..20]" } }
    outputs: { y: { type: money } }
    rules:
      - { id: low, when: { x: "< 10" }, then: { y: 1 } }
      - { id: high, when: { x: ">= 10" }, then: { y: 2 } }
  - id: t.kind
    hit: first
    inputs:
      k: { type: enum, values: { a: A, b: B, c: C } }
      f: { type: boolean }
    outputs: { ok: { type: boolean } }
    rules:
      - { when: { k: '"a"', f: true }, then: { ok: false } }
      - { when: { k: '"a", "b"' }, then: { ok: true } }
      - { when: { k: '"c"' }, then: { ok: false } }
  - id: t.twice
    inputs: { x: { type: integer, domain: "[0..20]" } }
    outputs: { z: { type: money } }
    formula: { z: "t.rate(x).y * 2 + 1" }
tests:
${tests}`;

const BASE = `  - { decision: t.rate, input: { x: 1 }, expect: { y: 1 } }
  - { decision: t.kind, input: { k: a, f: false }, expect: { ok: true } }
  - { decision: t.twice, input: { x: 0 }, expect: { z: 3 } }
`;

describe('test --mutate', () => {
  it('makes every kind of single edit', () => {
    const m = modelOf(DOC(BASE));
    const kinds = new Set([...m.decisions.values()].flat().flatMap((d) => mutantsOf(d).map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(['bound-moved', 'end-flipped', 'enum-swapped', 'hit-changed', 'operator-changed', 'output-changed', 'row-deleted']);
    const rate = mutantsOf(m.decisions.get('t.rate')![0]).map((x) => x.edit);
    expect(rate).toContain('x: `< 10` → `< 11`');
    expect(rate).toContain('x: `< 10` → `<= 10`');
    expect(rate).toContain('y: `1` → `2`');
  });

  it('a weak suite leaves survivors, and each suggested test kills its mutant', () => {
    const weak = runMutation(modelOf(DOC(BASE)));
    expect(weak.total).toBeGreaterThan(10);
    expect(weak.killed).toBeLessThan(weak.total);
    const suggested = weak.survivors.filter((s) => s.suggestion);
    expect(suggested.length).toBeGreaterThan(3);
    for (const s of weak.survivors) expect(s.file).toBe('doc0.yaml');
    // The boundary survives a test at 1 only; the suggestion is the boundary itself.
    const bound = weak.survivors.find((s) => s.edit === 'x: `< 10` → `< 11`');
    expect(bound?.suggestion?.input).toEqual({ x: '10' });
    // Adding every suggestion kills every mutant that had one.
    const strong = runMutation(modelOf(DOC(BASE + suggested.map((s) => `  ${s.suggestion!.yaml}\n`).join(''))));
    expect(strong.survivors.filter((s) => s.suggestion)).toEqual([]);
    expect(strong.killed).toBe(strong.total - strong.survivors.length);
    expect(strong.killed).toBeGreaterThan(weak.killed);
    // A suggestion parses as a test entry.
    expect(parse(suggested[0].suggestion!.yaml)[0]).toMatchObject({ decision: expect.any(String), input: expect.any(Object) });
  });

  it('counts a mutant no input tells apart as equivalent, not as a survivor', () => {
    const m = modelOf(`id: e
title: E
version: 1
decisions:
  - id: e.cap
    inputs: { n: { type: integer, domain: "[0..5]" } }
    outputs: { y: { type: number } }
    rules:
      - { when: { n: "<= 5" }, then: { y: 1 } }
tests:
  - { decision: e.cap, input: { n: 0 }, expect: { y: 1 } }
`);
    const r = runMutation(m);
    // Of `<= 6`, `<= 4` and `< 5`, only the first means the same on [0..5]; a test at 0 tells none of them.
    expect(r.equivalent).toBe(1);
    expect(r.survivors.map((s) => s.edit).sort()).toEqual(['n: `<= 5` → `< 5`', 'n: `<= 5` → `<= 4`']);
    for (const s of r.survivors) expect(s.suggestion?.input).toEqual({ n: '5' });
  });

  it('the shipped tests kill at least 95% of the mutants of policies/', () => {
    const model = loadModel(join(root, 'policies')).model!;
    const r = runMutation(model);
    expect(r.total).toBeGreaterThan(150);
    expect(r.killed / r.total).toBeGreaterThanOrEqual(0.95);
    expect(JSON.parse(JSON.stringify(mutationJson(r)))).toMatchObject({ mutation: { total: r.total, killed: r.killed, survivors: expect.any(Array) } });
  });

  it('the CLI prints {"mutation": …} and exits 0', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/rulebook.js'), 'test', 'policies', '--mutate', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['mutation']);
    expect(j.mutation.killed).toBeLessThanOrEqual(j.mutation.total);
  });

  it('annotation formats give each survivor as a warning at the edit, the killing test as the hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-mutate-'));
    try {
      mkdirSync(join(dir, 'policies'));
      writeFileSync(join(dir, 'policies/rulebook.yaml'), 'title: t\nlocale: en\ncurrency: CNY\naudiences: { staff: all }\ndefaultAudience: staff\n');
      writeFileSync(join(dir, 'policies/t.yaml'), DOC(BASE));
      const r = spawnSync(process.execPath, [join(root, 'bin/rulebook.js'), 'test', 'policies', '--mutate', '--format', 'github'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(0);
      const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
      expect(warnings.length).toBeGreaterThan(3);
      expect(warnings.some((l) => l.includes('file=policies/t.yaml') && l.includes('decision: t.rate, input: { x: 10 }'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
