/** `rulebook import dmn`, `export dmn` and `check model.dmn` end to end, as a user runs them (after `node scripts/build.mjs`). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tckRoot } from './tck-harness.js';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');
const TCK = tckRoot(join(import.meta.dirname, '../..'));

function rulebook(args: string[], cwd = root, cache = '0') {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: cache } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rulebook check model.dmn', () => {
  it('reports the overlap of a unique table at the rule element of the XML', () => {
    const r = rulebook(['check', 'test/fixtures/dmn/overlap.dmn', '--format', 'json']);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'overlap', file: 'test/fixtures/dmn/overlap.dmn', line: 19, column: 7, witness: { input: { Amount: '500' } } });
    expect(diagnostics[0].related[0]).toMatchObject({ line: 15, column: 7 });
  });

  it('with DMN semantics: rows of a unique table that overlap with equal outputs are an error, named in the model’s terms', () => {
    const r = rulebook(['check', 'test/fixtures/dmn/unique-same.dmn', '--format', 'json']);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'overlap', severity: 'error', line: 19, witness: { input: { 'Employment Status': '"SELF-EMPLOYED"' } } });
    expect(diagnostics[0].message).toBe('rows 1 and 2 both match `Employment Status = "SELF-EMPLOYED"` (with the same outputs)');
  });

  it('finds a masked row of a priority table whose output is null', () => {
    const r = rulebook(['check', 'test/fixtures/dmn/priority-null.dmn', '--format', 'json']);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.map((d: { code: string; line: number; witness: unknown }) => [d.code, d.line, d.witness])).toEqual([['shadowed', 24, { input: { 'Applicant Age': '17' } }]]);
  });

  it('shows the XML line in pretty output', () => {
    const r = rulebook(['check', 'test/fixtures/dmn/overlap.dmn']);
    expect(r.stdout).toContain('test/fixtures/dmn/overlap.dmn:19:7');
    expect(r.stdout).toContain('19 |       <rule id="large">');
  });

  it('is clean on a TCK model that imports whole', () => {
    const r = rulebook(['check', join(TCK, 'compliance-level-2/0114-min-collect-hitpolicy/0114-min-collect-hitpolicy.dmn'), '--format', 'json']);
    expect(JSON.parse(r.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('gives what did not translate, positioned in the XML', () => {
    const r = rulebook(['check', join(TCK, 'compliance-level-3/0017-tableTests/0017-tableTests.dmn'), '--format', 'json']);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.map((d: { code: string; line: number }) => `${d.code}:${d.line}`)).toEqual(['dmn-import:85', 'dmn-import:148', 'dmn-import:156']);
  });
});

describe('rulebook import dmn', () => {
  const file = join(TCK, 'compliance-level-2/0117-multi-any-hitpolicy/0117-multi-any-hitpolicy.dmn');

  it('writes a YAML document with a modeline, keys in schema order, that checks clean', () => {
    const out = tempDir('rulebook-import-');
    const r = rulebook(['import', 'dmn', file, '--out', out]);
    expect(r.code).toBe(0);
    const written = join(out, '0117-multi-any-hitpolicy.yaml');
    const text = readFileSync(written, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/policy\.schema\.json$/);
    const data = parse(text);
    expect(Object.keys(data)).toEqual(['id', 'title', 'version', 'semantics', 'decisions']);
    expect(Object.keys(data.decisions[0])).toEqual(['id', 'title', 'hit', 'inputs', 'outputs', 'rules', 'default']);
    expect(readdirSync(out).sort()).toEqual(['0117-multi-any-hitpolicy.yaml', 'rulebook.yaml']);
    const check = rulebook(['check', written, '--format', 'json']);
    expect(JSON.parse(check.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  });

  it('refuses to overwrite without --force (exit 2), replaces with it', () => {
    const out = tempDir('rulebook-import-');
    writeFileSync(join(out, '0117-multi-any-hitpolicy.yaml'), 'keep me\n');
    const r = rulebook(['import', 'dmn', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(join(out, '0117-multi-any-hitpolicy.yaml'), 'utf8')).toBe('keep me\n');
    expect(rulebook(['import', 'dmn', file, '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(join(out, '0117-multi-any-hitpolicy.yaml'), 'utf8')).toContain('id: approval');
  });

  it('exits 1 with the untranslated parts reported, and still writes the rest', () => {
    const out = tempDir('rulebook-import-');
    const r = rulebook(['import', 'dmn', join(TCK, 'compliance-level-3/0017-tableTests/0017-tableTests.dmn'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[dmn-import]: decision `priceInRange` not imported');
    expect(existsSync(join(out, '0017-tabletests.yaml'))).toBe(true);
  });

  it('leaves a new folder that check and eval accept at once, with a rulebook.yaml', () => {
    const out = join(tempDir('rulebook-import-'), 'new');
    const model = join(TCK, 'compliance-level-2/0101-feel-constants/0101-feel-constants.dmn');
    const r = rulebook(['import', 'dmn', model, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['0101-feel-constants.yaml', 'rulebook.yaml']);
    expect(parse(readFileSync(join(out, 'rulebook.yaml'), 'utf8'))).toMatchObject({ title: '0101-feel-constants', audiences: { all: 'Everyone' } });
    expect(rulebook(['check', out]).code).toBe(0);
    const e = rulebook(['eval', 'decision1', '--policies', out, '--input', '{}', '--format', 'json']);
    expect(JSON.parse(e.stdout)).toEqual({ output: { decision1: '0.872' } });
  });

  it('reports the decisions whose ids the folder already uses, and writes the rest', () => {
    const dir = tempDir('rulebook-import-');
    const out = join(dir, 'policies');
    const model = join(TCK, 'compliance-level-2/0101-feel-constants/0101-feel-constants.dmn');
    expect(rulebook(['import', 'dmn', model, '--out', out]).code).toBe(0);
    // The same decisions under another model name: every id clashes, none is written.
    const other = join(dir, 'other.dmn');
    writeFileSync(other, readFileSync(model, 'utf8').replace('name="0101-feel-constants"', 'name="other-model"'));
    const r = rulebook(['import', 'dmn', other, '--out', out]);
    expect(r.code).toBe(1);
    const messages = r.stdout.split('\n').filter((l) => l.startsWith('error[dmn-import]'));
    expect(messages).toHaveLength(6);
    expect(messages[0]).toMatch(/^error\[dmn-import\]: decision `Decision1` not imported: its id `decision1` is already a decision of the policies \(.*0101-feel-constants\.yaml:\d+\)$/);
    expect(parse(readFileSync(join(out, 'other-model.yaml'), 'utf8')).decisions).toEqual([]);
    expect(rulebook(['check', out]).code).toBe(0);
  });

  it('exits 2 for an unknown format or a missing file', () => {
    expect(rulebook(['import', 'bpmn', file]).code).toBe(2);
    expect(rulebook(['import', 'dmn', 'no/such.dmn']).code).toBe(2);
  });
});

describe('rulebook export dmn', () => {
  it('prints DMN 1.4 on stdout that checks clean again', () => {
    // cs-work calls a decision with computed arguments (cs.day_exists), which DMN decisions cannot take; cs-awards exports whole.
    const r = rulebook(['export', 'dmn', 'cs-awards']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<definitions');
    expect(r.stdout).toContain('https://www.omg.org/spec/DMN/20211108/MODEL/');
    const out = tempDir('rulebook-export-');
    writeFileSync(join(out, 'cs-awards.dmn'), r.stdout);
    const check = rulebook(['check', join(out, 'cs-awards.dmn'), '--format', 'json']);
    expect(JSON.parse(check.stdout)).toEqual({ diagnostics: [] });
  });

  it('writes --out and tells what DMN cannot carry on stderr', () => {
    const out = join(tempDir('rulebook-export-'), 'rate.dmn');
    // With the parse cache on: `--out` is the file, not the cache's folder.
    const r = rulebook(['export', 'dmn', 'cs.performance_rate', '--out', out], root, '1');
    expect(r.stderr).not.toContain('cannot write');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('`cs.performance_rate`: assertions, clause, English title, English labels not exported');
    expect(readFileSync(out, 'utf8')).toContain('<text>&lt; 0.7</text>');
  });

  it('exits 2 for an unknown decision, with a suggestion', () => {
    const r = rulebook(['export', 'dmn', 'cs.performance_rat', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean `cs.performance_rate`?');
    // The bundled policies say `locale: zh`: without --lang the refusal reads in Chinese.
    const zh = rulebook(['export', 'dmn', 'cs.performance_rat']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('是不是指 `cs.performance_rate`？');
  });
});
