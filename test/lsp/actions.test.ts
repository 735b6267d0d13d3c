/**
 * Quick fixes end to end: ask the server for the fix of a finding, apply it as
 * an editor would, and let the server (and `rulebook check`) judge the result.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, bin, CONFIG, msg, root, startClient, type Client } from './client.js';

const fixture = (name: string) => join(root, 'test/fixtures/check', name, 'policies');

async function actionsFor(c: Client, rel: string, d: Diagnostic): Promise<CodeAction[]> {
  return (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: c.uri(rel) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
}

const editsOf = (c: Client, a: CodeAction, rel: string): TextEdit[] => a.edit!.changes![c.uri(rel)];

function checkJson(dir: string): { code: string; file: string; message: string; severity: string }[] {
  const r = spawnSync(process.execPath, [bin, 'check', dir, '--format', 'json', '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
  return JSON.parse(r.stdout).diagnostics;
}

describe('a gap', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(fixture('gap'));
  });
  afterAll(() => c.stop());

  it('gets a row covering the uncovered region; with it applied, the checker finds no gap in that decision', async () => {
    let text = c.read('rates.yaml');
    c.open('rates.yaml', text);
    const before = await c.waitFor('rates.yaml', (d) => d.filter((x) => x.code === 'gap').length === 2);
    // Both gaps: a one-input table (conversion = 70%) and a two-input one (kind "b", sales 1000–2000).
    for (let round = 0; round < 2; round++) {
      const diags = c.diagnostics('rates.yaml')!.filter((x) => x.code === 'gap');
      const gap = diags[0];
      const fix = (await actionsFor(c, 'rates.yaml', gap)).find((a) => a.isPreferred)!;
      expect(fix.title).toMatch(/^add a row for/);
      text = applyEdits(text, editsOf(c, fix, 'rates.yaml'));
      c.change('rates.yaml', [{ text }]);
      await c.waitFor('rates.yaml', (d) => d.filter((x) => x.code === 'gap').length === diags.length - 1);
    }
    expect(before.length).toBeGreaterThan(0);
    const now = c.diagnostics('rates.yaml')!;
    expect(now.filter((x) => x.code === 'gap' || x.code === 'overlap' || x.severity === 1)).toEqual([]);
    expect(text).toContain('- when: { conversion: "[70%..70%]" }');
    expect(text).toContain(`- when: { kind: '"b"', sales: "[1000..2000]" }`);
    // The command line agrees.
    writeFileSync(join(c.dir, 'policies/rates.yaml'), text);
    expect(checkJson(join(c.dir, 'policies')).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('an overlap', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(fixture('overlap'));
  });
  afterAll(() => c.stop());

  it('offers the hint\'s repairs: narrow either cell, or `hit: first`; each removes the overlap', async () => {
    const text = c.read('fees.yaml');
    c.open('fees.yaml', text);
    const diags = await c.waitFor('fees.yaml', (d) => d.some((x) => x.code === 'overlap' && x.severity === 1));
    const overlap = diags.find((x) => x.code === 'overlap' && x.severity === 1)!;
    const actions = await actionsFor(c, 'fees.yaml', overlap);
    expect(actions.map((a) => a.title)).toEqual(['narrow row 2: `amount: (10000..50000)`', 'narrow row 1: `amount: [0..10000)`', 'use `hit: first` (the earlier row wins)']);
    const count = (d: Diagnostic[]) => d.filter((x) => x.code === 'overlap' && x.severity === 1 && msg(x).includes('`low` and `high`')).length;
    for (const a of actions) {
      c.change('fees.yaml', [{ text: applyEdits(text, editsOf(c, a, 'fees.yaml')) }]);
      const after = await c.waitFor('fees.yaml', (d) => count(d) === 0);
      expect(after.filter((x) => x.code === 'gap')).toEqual([]);
      c.change('fees.yaml', [{ text }]);
      await c.waitFor('fees.yaml', (d) => count(d) === 1);
    }
  });
});

describe('hints that spell out the fix', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(fixture('test-values'));
  });
  afterAll(() => c.stop());

  it('a bare percent gets its `%`, an unknown name its did-you-mean, and the finding goes away', async () => {
    let text = c.read('awards.yaml');
    c.open('awards.yaml', text);
    const diags = await c.waitFor('awards.yaml', (d) => d.length > 0);
    const bare = diags.find((x) => msg(x).includes('`72` needs a `%`'))!;
    const pct = (await actionsFor(c, 'awards.yaml', bare))[0];
    expect(pct.title).toBe('change to `72%`');
    const typo = diags.find((x) => msg(x).startsWith('unknown output `rats`'))!;
    const near = (await actionsFor(c, 'awards.yaml', typo)).find((a) => a.title === 'change to `rate`')!;
    text = applyEdits(text, [...editsOf(c, pct, 'awards.yaml'), ...editsOf(c, near, 'awards.yaml')]);
    c.change('awards.yaml', [{ text }]);
    const after = await c.waitFor('awards.yaml', (d) => d.length === diags.length - 2);
    expect(after.some((x) => msg(x).includes('`72`') || msg(x).includes('`rats`'))).toBe(false);
  });
});

describe('did-you-mean', () => {
  const text = [
    'id: typos',
    'title: Typos',
    'version: 1',
    'decisions:',
    '  - id: typos.rate',
    '    hti: first',
    '    inputs:',
    '      level: { type: enum, values: { low: Low, high: High } }',
    '    outputs:',
    '      rate: { type: percent }',
    '    rules:',
    '      - when: { level: \'"lwo"\' }',
    '        then: { rate: 1% }',
    '      - when: { level: \'"high"\' }',
    '        then: { rate: 2% }',
    '  - id: typos.bonus',
    '    inputs:',
    '      level: { type: enum, values: { low: Low, high: High } }',
    '    outputs:',
    '      bonus: { type: percent }',
    '    formula:',
    '      bonus: "typos.rat(level).rate * 2"',
    '',
  ].join('\n');
  let c: Client;
  beforeAll(async () => {
    c = await startClient({ 'rulebook.yaml': CONFIG, 'typos.yaml': text });
  });
  afterAll(() => c.stop());

  it('repairs an unknown key, an unknown enum key in a cell and an unknown decision in a formula, one by one', async () => {
    let now = text;
    c.open('typos.yaml', now);
    // The schema error comes first (the file does not validate); the others once it does.
    for (const [wrong, right] of [
      ['hti', 'hit'],
      ['"lwo"', '"low"'],
      ['typos.rat', 'typos.rate'],
    ]) {
      const diags = await c.waitFor('typos.yaml', (d) => d.some((x) => msg(x).includes(`\`${wrong}\``)));
      const d = diags.find((x) => msg(x).includes(`\`${wrong}\``))!;
      const fix = (await actionsFor(c, 'typos.yaml', d)).find((a) => a.title === `change to \`${right}\``);
      expect(fix, `${wrong}: ${JSON.stringify(diags.map(msg))}`).toBeDefined();
      now = applyEdits(now, editsOf(c, fix!, 'typos.yaml'));
      c.change('typos.yaml', [{ text: now }]);
    }
    const last = await c.waitFor('typos.yaml', (d) => !d.some((x) => msg(x).includes('typos.rat`')));
    expect(last.filter((x) => x.severity === 1)).toEqual([]);
    expect(now).toContain('hit: first');
    expect(now).toContain(`level: '"low"'`);
    expect(now).toContain('typos.rate(level).rate');
  });
});

describe('prose drift and formatting', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(fixture('prose-drift'));
  });
  afterAll(() => c.stop());

  it('changes the number in the prose to the figure the decision has', async () => {
    let text = c.read('awards.yaml');
    c.open('awards.yaml', text);
    const diags = await c.waitFor('awards.yaml', (d) => d.some((x) => x.code === 'prose-drift'));
    const drift = diags.find((x) => x.code === 'prose-drift' && msg(x).includes('`2%`'))!;
    const actions = await actionsFor(c, 'awards.yaml', drift);
    expect(actions.map((a) => a.title)).toEqual(['change the prose to `1.5%`']);
    text = applyEdits(text, editsOf(c, actions[0], 'awards.yaml'));
    expect(text).toContain('按销售额的1.5%发放提成');
    c.change('awards.yaml', [{ text }]);
    await c.waitFor('awards.yaml', (d) => !d.some((x) => x.code === 'prose-drift' && msg(x).includes('`2%`')));
  });

  it('formats a document as `rulebook fmt` does', async () => {
    const messy = c.read('awards.yaml').replace('title: Awards', 'title:    "Awards"');
    c.change('awards.yaml', [{ text: messy }]);
    const edits = (await c.conn.sendRequest('textDocument/formatting', { textDocument: { uri: c.uri('awards.yaml') }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    const formatted = applyEdits(messy, edits);
    writeFileSync(join(c.dir, 'policies/awards.yaml'), messy);
    const r = spawnSync(process.execPath, [bin, 'fmt', 'policies/awards.yaml'], { cwd: c.dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(formatted).toBe(c.read('awards.yaml'));
    expect(formatted).not.toBe(messy);
  });
});
