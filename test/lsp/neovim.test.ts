/**
 * An independent client: Debian's Neovim, headless, its built-in LSP client
 * talking to `rulebook lsp --stdio` (test/lsp/neovim.lua drives it). Neovim
 * turns LSP's UTF-16 columns into byte columns itself, so a column we counted
 * wrong in Chinese or emoji text shows up here. Skipped, saying so, where
 * `nvim` is not installed (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, CONFIG } from './client.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) console.warn('test/lsp/neovim.test.ts: skipped: `nvim` is not installed (apt-get install neovim)');

interface NvimResult {
  diagnostics: { lnum: number; col: number; end_col: number; code: string; message: string }[];
  hover?: string;
  actions?: string[];
  errors: string[];
}

function drive(files: Record<string, string>, open: string, hover: [number, number]): NvimResult {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-nvim-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'policies'), { recursive: true });
      writeFileSync(join(dir, 'policies', rel), text);
    }
    const out = join(dir, 'out.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(import.meta.dirname, 'neovim.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, RB_FILE: join(dir, 'policies', open), RB_BIN: bin, RB_OUT: out, RB_HOVER: hover.join(','), RULEBOOK_CACHE: '0' },
    });
    if (r.error) throw r.error;
    return JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasNvim)('neovim as the client', () => {
  const prose = '第3条 🙂询单转化率达到70%及以上的，按销售额的2%发放提成。';
  const awards = [
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
    '      - when: { conversion: "> 70%" }',
    '        then: { rate: 1.5% }',
    '',
  ].join('\n');

  it('gets the findings at the right byte columns, a hover and the quick fixes', () => {
    const r = drive({ 'rulebook.yaml': CONFIG, 'awards.yaml': awards }, 'awards.yaml', [9, 10]);
    expect(r.errors).toEqual([]);
    const drift = r.diagnostics.find((d) => d.code === 'prose-drift')!;
    const line = `      ${prose}`;
    // Neovim's columns are bytes: the server's UTF-16 column, converted by Neovim, lands on `2%`.
    expect(drift.lnum).toBe(7);
    expect(drift.col).toBe(Buffer.byteLength(line.slice(0, line.indexOf('2%'))));
    expect(drift.end_col).toBe(Buffer.byteLength(line.slice(0, line.indexOf('2%') + 2)));
    const gap = r.diagnostics.find((d) => d.code === 'gap')!;
    expect(gap.message).toContain('conversion = 70%');
    expect(r.hover).toContain('提成比例');
    expect(r.hover).toContain('< 70%');
    expect(r.actions).toEqual(['change the prose to `1%`', 'change the prose to `1.5%`']);
  });
});
