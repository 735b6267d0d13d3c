/**
 * The whole DMN TCK (levels 2 and 3) through the importer, the interpreter
 * and the compiled module, with its counts asserted: a check that stops
 * passing fails this test, and so does one that starts to (update the counts
 * and the README's figures together). `npm run tck` prints each check.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { back, figuresTable, runCase, tally, tckCases, tckRoot, type TckCaseResult, type TckCheck } from './tck-harness.js';
import { loadCompiled } from '../compile/helpers.js';
import type { Model } from '../../src/model/index.js';

const root = join(import.meta.dirname, '../..');
const cases = tckCases(tckRoot(root));

/** The figures in the README; change them only together. */
const EXPECTED = {
  level2: { pass: 126, fail: 0, unsupported: 0 },
  level3: { pass: 1127, fail: 23, unsupported: 2219 },
  level3Plain: { pass: 1100, fail: 23, unsupported: 1909 },
};

describe('DMN TCK', () => {
  const results: TckCaseResult[] = cases.map((dir) => runCase(dir));
  const checks = (pred: (r: TckCaseResult) => boolean): TckCheck[] => results.filter(pred).flatMap((r) => r.checks);

  it('finds every case folder of levels 2 and 3', () => {
    expect(results.filter((r) => r.level === 2)).toHaveLength(28);
    expect(results.filter((r) => r.level === 3)).toHaveLength(118);
  });

  it('passes, fails and leaves unsupported the counted checks', () => {
    expect({
      level2: tally(checks((r) => r.level === 2)),
      level3: tally(checks((r) => r.level === 3)),
      level3Plain: tally(checks((r) => r.level === 3 && r.plain)),
    }).toEqual(EXPECTED);
  });

  it('the README states these figures', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- tck-figures -->\n${figuresTable(EXPECTED)}\n<!-- /tck-figures -->`);
  });

  it('names the missing feature of every unsupported check', () => {
    const bare = checks(() => true).filter((c) => c.status === 'unsupported' && !(c.detail && c.detail.length > 10));
    expect(bare).toEqual([]);
  });

  it('the compiled module gives the interpreter’s status on every check', async () => {
    const differ: string[] = [];
    for (const [i, r] of results.entries()) {
      if (!r.model) continue;
      const { mod } = await loadCompiled(r.model);
      const compiled = runCase(cases[i], (_m: Model, id, input) => {
        const out = mod.evaluate(id, input);
        if (out.error) return { error: out.error as unknown as { code: string; message: string } };
        return { output: Object.fromEntries(Object.entries(out.output!).map(([k, v]) => [k, back(v)])) };
      });
      compiled.checks.forEach((c, k) => {
        if (c.status !== r.checks[k].status) differ.push(`${r.name} ${c.testCase} ${c.decision}: ${r.checks[k].status} vs ${c.status} ${c.detail ?? ''}`);
      });
    }
    expect(differ).toEqual([]);
  });

  it('npm run tck exits 2 when the suite is missing', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/tck.mjs'), '--summary'], { cwd: root, encoding: 'utf8', env: { ...process.env, RULEBOOK_TCK: join(root, 'no-such-tck') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the DMN TCK is missing');
  });
});
