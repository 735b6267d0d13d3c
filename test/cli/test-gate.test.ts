/**
 * `test --min-coverage N` (an opt-in gate, as OPA's `--threshold`) and
 * `test --format github` printing the pass count and the coverage.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn } from '../diff/run-cli.js';

// Two tables and a formula, one test: it reaches the formula and one row of two.
const dir = join(import.meta.dirname, '../fixtures/diff/threshold/base');

describe('test --min-coverage and --format github', () => {
  it('prints the pass count and the coverage as a notice', async () => {
    const r = await runIn(dir, ['test', '.', '--format', 'github', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^::notice title=rulebook test::1 passed, 0 failed; coverage: 2 of 3 rules and formulas reached \(66\.6%25 of rules and formulas\)$/m);
  });

  it('fails below the gate and passes at or above it', async () => {
    const below = await runIn(dir, ['test', '.', '--min-coverage', '67', '--lang', 'en']);
    expect(below.code).toBe(1);
    expect(below.out).toContain('coverage 66.6% is below the required 67%');
    const gh = await runIn(dir, ['test', '.', '--min-coverage', '67', '--format', 'github', '--lang', 'en']);
    expect(gh.code).toBe(1);
    expect(gh.out).toMatch(/^::error title=rulebook test::coverage 66\.6%25 is below the required 67%25$/m);
    const at = await runIn(dir, ['test', '.', '--min-coverage', '66', '--format', 'json']);
    expect(at.code).toBe(0);
    expect(JSON.parse(at.out).minCoverage).toEqual({ required: 66, actual: 66.6, met: true });
  });

  it('refuses a gate that is not a percent (exit 2)', async () => {
    expect((await runIn(dir, ['test', '.', '--min-coverage', '101'])).code).toBe(2);
    expect((await runIn(dir, ['test', '.', '--min-coverage', 'lots'])).code).toBe(2);
  });
});
