// Worked examples are computed and versions are read at the build date: `build` evaluates every policy test
// (a wrong expectation stops it at the test and keeps the previous site), and each decision shows the version in
// force as current, later ones as upcoming with their start, earlier ones folded, with the last day in force.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/cli/commands/build.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { localToday } from '../../src/runtime/semantics.js';
import { policyCopy } from './helpers.js';

setLang('en');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('computed examples', () => {
  it('a test whose expectation the evaluator does not give fails the build at the test, and the previous site stays', async () => {
    const t = policyCopy();
    roots.push(t.root);
    expect((await buildSite({ policies: t.policies, out: t.out, parallel: false })).ok).toBe(true);
    const page = join(t.out, 'handbook/docs/cs-customer-data.html');
    const before = readFileSync(page, 'utf8');
    // The example shown is the evaluator's: the head's fine for an employee fined ¥30,000.
    expect(before).toContain('¥60,000');
    const tests = join(t.policies, 'customer-data.test.yaml');
    const text = readFileSync(tests, 'utf8');
    writeFileSync(tests, text.replace('expect: { head_fine: 60000 }', 'expect: { head_fine: 50000 }'));
    const r = await buildSite({ policies: t.policies, out: t.out, parallel: false });
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'test-failed')!;
    const line = text.split('\n').findIndex((l) => l.includes('expect: { head_fine: 60000 }')) + 1;
    expect(d).toMatchObject({ severity: 'error', line });
    expect(resolve(d.file)).toBe(tests);
    expect(d.message).toContain('60000');
    expect(readFileSync(page, 'utf8')).toBe(before);
  });
});

describe('versions at the build date', () => {
  it('the version in force is current, a later one upcoming with its start date, an earlier one folded; `until` shows the last day', async () => {
    const today = localToday();
    const year = Number(today.slice(0, 4));
    const edition = (from: string, until: string | undefined, rate: string) =>
      `  - id: cs.test_rate\n    title: Test rate\n    effective: { from: ${from}${until ? `, until: ${until}` : ''} }\n    inputs: { x: { type: number } }\n    outputs: { r: { type: percent } }\n    formula: { r: "${rate}" }\n`;
    const doc = `# yaml-language-server: $schema=../schemas/policy.schema.json\nid: test-rates\ntitle: Rates\nversion: 1\ndecisions:\n${edition(`${year - 1}-01-01`, `${year}-01-01`, '1%')}${edition(`${year}-01-01`, `${year + 1}-01-01`, '2%')}${edition(`${year + 1}-01-01`, undefined, '3%')}`;
    const t = policyCopy();
    roots.push(t.root);
    writeFileSync(join(t.policies, 'test-rates.yaml'), doc);
    const r = await buildSite({ policies: t.policies, out: t.out, parallel: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const html = readFileSync(join(t.out, 'handbook/docs/test-rates.html'), 'utf8');
    expect(html).toContain(`<details class="version earlier"><summary class="period">此前版本 · 自 ${year - 1}-01-01 至 ${year - 1}-12-31</summary>`);
    expect(html).toContain(`<strong class="status">现行</strong> · 自 ${year}-01-01 至 ${year}-12-31`);
    expect(html).toContain(`<div class="version upcoming">`);
    expect(html).toContain(`即将生效（自 ${year + 1}-01-01 起）`);
  });
});
