/** `rulebook lsp --stdio` diagnostics, over the pipes, against what `rulebook check` reports. */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, CONFIG, msg, root, startClient, type Client } from './client.js';

const gapFixture = join(root, 'test/fixtures/check/gap/policies');

/** `rulebook check --format json` on a folder: the reference the server must agree with. */
function checkJson(dir: string): { file: string; line: number; column: number; code: string }[] {
  const r = spawnSync(process.execPath, [bin, 'check', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
  return JSON.parse(r.stdout).diagnostics;
}

describe('diagnostics of unopened files', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(gapFixture);
  });
  afterAll(() => c.stop());

  it('publishes the findings of every file of the folder without any file open, as `check` reports them', async () => {
    const got = await c.waitFor('rates.yaml');
    const want = checkJson(join(c.dir, 'policies')).filter((d) => d.file.endsWith('rates.yaml'));
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual(want.map((d) => [d.code, d.line, d.column]));
    expect(await c.waitFor('rulebook.yaml')).toEqual([]);
  });

  it('re-checks on change (debounced) and clears the gap once a row covers it', async () => {
    c.open('rates.yaml');
    const text = c.read('rates.yaml');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"> 70%"'));
    // Two quick edits: `>` → `>=`, typed one character at a time.
    const col = lines[at].indexOf('>') + 1;
    c.change('rates.yaml', [{ range: { start: { line: at, character: col }, end: { line: at, character: col } }, text: '=' }]);
    const after = await c.waitFor('rates.yaml', (d) => d.filter((x) => x.code === 'gap').length === 1);
    expect(after.find((x) => x.code === 'gap')!.message).toContain('kind = "b"');
  });
});

describe('the same findings as `rulebook check`', () => {
  const folders = [...['gap', 'overlap', 'prose-drift', 'prose-drift-md', 'test-values', 'bad-input', 'precedence', 'invariant'].map((f) => `test/fixtures/check/${f}/policies`), 'test/fixtures/seed-literal/policies'];
  for (const folder of folders) {
    it(folder, async () => {
      const c = await startClient(join(root, folder), { lang: 'en' });
      try {
        const r = spawnSync(process.execPath, [bin, 'check', join(c.dir, 'policies'), '--format', 'json', '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
        const want: { file: string; line: number; column: number; code: string; message: string; hint?: string }[] = JSON.parse(r.stdout).diagnostics;
        expect(want.length).toBeGreaterThan(0);
        const files = [...new Set(want.map((d) => d.file))];
        const got: string[] = [];
        for (const file of files) {
          const rel = file.slice(file.indexOf('policies/') + 'policies/'.length);
          const mine = want.filter((d) => d.file === file);
          const diags = await c.waitFor(rel, (d) => d.length === mine.length);
          got.push(...diags.map((d) => `${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${msg(d)}`));
        }
        const expected = want.map((d) => `${d.file.slice(d.file.indexOf('policies/') + 9)}:${d.line}:${d.column} ${d.code} ${d.hint ? `${d.message}\n${d.hint}` : d.message}`);
        expect(got.sort()).toEqual(expected.sort());
      } finally {
        await c.stop();
      }
    });
  }
});

describe('files changed outside the editor', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(gapFixture);
  });
  afterAll(() => c.stop());

  it('reads a file created on disk when the client reports it, and forgets it when deleted', async () => {
    await c.waitFor('rates.yaml');
    const extra = 'id: extra\ntitle: Extra\nversion: 1\ndecisions:\n  - id: rates.rate\n    inputs: { x: { type: integer } }\n    outputs: { y: { type: integer } }\n    formula: { y: "x" }\n';
    writeFileSync(join(c.dir, 'policies/extra.yaml'), extra);
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('extra.yaml'), type: 1 }] });
    // Files are read in path order: extra.yaml comes first, so rates.yaml holds the duplicate.
    const got = await c.waitFor('rates.yaml', (d) => d.some((x) => x.code === 'duplicate-id'));
    expect(got.find((x) => x.code === 'duplicate-id')!.relatedInformation![0].location.uri).toBe(c.uri('extra.yaml'));
    rmSync(join(c.dir, 'policies/extra.yaml'));
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('extra.yaml'), type: 3 }] });
    await c.waitFor('rates.yaml', (d) => !d.some((x) => x.code === 'duplicate-id'));
    expect(c.diagnostics('extra.yaml')).toEqual([]);
  });
});

describe('positions and cross-file findings', () => {
  // An emoji is two UTF-16 code units, a Chinese character one: LSP counts code units.
  const prose = '第3条 🙂询单转化率达到70%及以上的，按销售额的2%发放提成。';
  const files = {
    'rulebook.yaml': CONFIG,
    'awards.yaml': [
      'id: awards',
      'title: 奖励',
      'version: 1',
      'sections:',
      '  - id: performance',
      '    title: 业绩奖',
      '    text: |',
      `      ${prose}`,
      'decisions:',
      '  - id: awards.rate',
      '    title: 提成比例',
      '    clause: "#performance"',
      '    inputs:',
      '      conversion: { type: percent, label: 询单转化率 }',
      '    outputs:',
      '      rate: { type: percent }',
      '    rules:',
      '      - when: { conversion: "< 70%" }',
      '        then: { rate: 1% }',
      '      - when: { conversion: ">= 70%" }',
      '        then: { rate: 1.5% }',
      '',
    ].join('\n'),
    'more.md': [
      '---',
      'id: more',
      'title: 更多',
      'version: 1',
      '---',
      '',
      '## 说明 {#note}',
      '',
      '中文🙂说明：奖励为3%。',
      '',
      '```yaml rulebook',
      'decisions:',
      '  - id: more.calc',
      '    clause: "#note"',
      '    inputs: { x: { type: integer } }',
      '    outputs: { y: { type: integer } }',
      '    formula: { y: "x + 1" }',
      '  - id: awards.rate',
      '    inputs: { x: { type: integer } }',
      '    outputs: { y: { type: integer } }',
      '    formula: { y: "x + 1" }',
      '```',
      '',
    ].join('\n'),
  };
  let c: Client;
  beforeAll(async () => {
    c = await startClient(files);
  });
  afterAll(() => c.stop());

  it('counts columns in UTF-16 code units, in YAML and in Markdown', async () => {
    const yaml = await c.waitFor('awards.yaml', (d) => d.some((x) => x.code === 'prose-drift'));
    const drift = yaml.find((x) => x.code === 'prose-drift')!;
    const line = `      ${prose}`;
    expect(drift.range.start).toEqual({ line: 7, character: line.indexOf('2%') });
    expect(drift.range.end).toEqual({ line: 7, character: line.indexOf('2%') + 2 });
    // The same place as `check` gives (1-based), so the two never disagree.
    const want = checkJson(join(c.dir, 'policies')).find((d) => d.code === 'prose-drift' && d.file.endsWith('awards.yaml'))!;
    expect([want.line, want.column]).toEqual([8, line.indexOf('2%') + 1]);
  });

  it('reports a finding that spans files in each, with the other file as related information', async () => {
    const md = await c.waitFor('more.md', (d) => d.some((x) => x.code === 'duplicate-id'));
    const dup = md.find((x) => x.code === 'duplicate-id')!;
    expect(dup.relatedInformation?.[0].location.uri).toBe(c.uri('awards.yaml'));
    expect(dup.relatedInformation?.[0].location.range.start.line).toBe(9);
    const mdDrift = md.find((x) => x.code === 'prose-drift')!;
    const line = '中文🙂说明：奖励为3%。';
    expect(mdDrift.range.start).toEqual({ line: 8, character: line.indexOf('3%') });
  });

  it('survives a file that stops parsing and picks it up again', async () => {
    c.open('awards.yaml', files['awards.yaml']);
    c.change('awards.yaml', [{ text: files['awards.yaml'].replace('decisions:', 'decisions: [') }]);
    const broken = await c.waitFor('awards.yaml', (d) => d.some((x) => x.code === 'yaml-syntax'));
    expect(broken[0].range.start.line).toBeGreaterThanOrEqual(0);
    c.change('awards.yaml', [{ text: files['awards.yaml'] }]);
    const again = await c.waitFor('awards.yaml', (d) => d.some((x) => x.code === 'prose-drift'));
    expect(again.some((x) => x.code === 'yaml-syntax')).toBe(false);
  });
});

// The loader's findings (a file that does not parse) are written when the file is read:
// they must be in the config's language, as `check` gives them, and follow a change of `locale`.
describe('the language of findings made while reading', () => {
  const zh = CONFIG.replace('locale: en', 'locale: zh-CN');
  let c: Client;
  beforeAll(async () => {
    c = await startClient({ 'rulebook.yaml': zh, 'broken.yaml': 'id: broken\ntitle: [\n' });
  });
  afterAll(() => c.stop());
  const messageOfCheck = () => {
    const r = spawnSync(process.execPath, [bin, 'check', join(c.dir, 'policies'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
    return (JSON.parse(r.stdout).diagnostics as { file: string; code: string; message: string }[]).find((d) => d.file.endsWith('broken.yaml'))!;
  };

  it('reports a file that does not parse in the config\'s language, with the message `check` gives', async () => {
    const want = messageOfCheck();
    expect(want.code).toBe('yaml-syntax');
    expect(want.message).toMatch(/[\u4e00-\u9fff]/);
    const got = (await c.waitFor('broken.yaml', (d) => d.length > 0))[0];
    expect(got.code).toBe(want.code);
    expect(String(got.message).split('\n')[0]).toBe(want.message);
  });

  it('reads the folder again in the new language when `locale` changes', async () => {
    writeFileSync(join(c.dir, 'policies/rulebook.yaml'), CONFIG);
    c.open('rulebook.yaml', CONFIG);
    const want = messageOfCheck();
    expect(want.message).not.toMatch(/[\u4e00-\u9fff]/);
    const got = await c.waitFor('broken.yaml', (d) => d.length > 0 && String(d[0].message).split('\n')[0] === want.message);
    expect(got[0].code).toBe('yaml-syntax');
  });
});
