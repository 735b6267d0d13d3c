/** `rulebook check` end to end: the built CLI as a user runs it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');

function rulebook(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rulebook check', () => {
  it('is clean on the shipped policies', () => {
    const r = rulebook(['check', 'policies', '--format', 'json']);
    // Only the source's own gaps, listed as info (open questions the documents record).
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.filter((d: { code: string }) => d.code !== 'open-question')).toEqual([]);
    expect(diagnostics.every((d: { severity: string }) => d.severity === 'info')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('reports JSON with the DESIGN fields and exits 1 on errors', () => {
    const dir = join(root, 'test/fixtures/foundation/dangling-ref');
    const r = rulebook(['check', 'policies', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout);
    expect(diagnostics.length).toBe(3);
    for (const d of diagnostics) {
      expect(Object.keys(d).slice(0, 6)).toEqual(['code', 'severity', 'message', 'file', 'line', 'column']);
      expect(d.hint).toEqual(expect.any(String));
    }
    expect(diagnostics[0]).toMatchObject({ code: 'dangling-ref', file: 'policies/doc.yaml', line: 8, column: 13 });
  });

  it('shows the source line and a caret in pretty output', () => {
    const dir = join(root, 'test/fixtures/foundation/type-cell');
    const r = rulebook(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('policies/doc.yaml:9:31');
    expect(r.stdout).toContain(' 9 |       - when: { conversion: "<< 70%" }');
    expect(r.stdout).toMatch(/\|\s{31}\^/);
  });

  it('speaks Chinese when asked', () => {
    const dir = join(root, 'test/fixtures/foundation/dangling-ref');
    const r = rulebook(['check', '--lang', 'zh'], dir);
    expect(r.stdout).toContain('找不到条款');
    expect(r.stdout).toContain('错误[dangling-ref]');
  });

  it('exits 2 for a missing folder, with a message and no stack trace', () => {
    const r = rulebook(['check', 'no/such/folder']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('does not exist');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an unknown option', () => {
    const r = rulebook(['check', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('has --help for every command and --version', () => {
    const help = rulebook(['--help']);
    expect(help.code).toBe(0);
    const commands = [...help.stdout.matchAll(/^  (\w+)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toContain('check');
    for (const c of commands) {
      const r = rulebook([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain(`Usage: rulebook ${c}`);
    }
    expect(rulebook(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('usage errors exit 2', () => {
  it('refuses --max-warnings that is not a whole number', () => {
    for (const n of ['abc', '-1', '1.5']) {
      const r = rulebook(['check', 'policies', '--max-warnings', n]);
      expect(r.code, n).toBe(2);
      expect(r.stderr, n).toContain('give a whole number from 0 up');
    }
    expect(rulebook(['check', 'policies', '--max-warnings', '0']).code).toBe(0);
  });

  it('refuses an unknown --audience for build, pointing at the audiences with a suggestion', () => {
    const out = join(root, 'test-output', 'audience-typo');
    const r = rulebook(['build', '--audience', 'staf', '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[config]: unknown audience `staf` in --audience');
    expect(r.stdout).toMatch(/--> policies\/rulebook\.yaml:\d+:1\n[^]*audiences:/);
    expect(r.stdout).toContain('did you mean `staff`?');
  });
});

describe('excerpts', () => {
  it('shows the source line of a file that does not parse', () => {
    const dir = join(root, 'test/fixtures/foundation/yaml-syntax');
    const r = rulebook(['check', 'policies', '--lang', 'en'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--> policies/doc.yaml:3:1');
    expect(r.stdout).toMatch(/ 3 \| version: 1\n\s+\| \^/);
  });
});

describe('the closing line', () => {
  // Run from the repository root, so file names read as a user in it sees them.
  const dir = root;
  it('counts in the chosen language, with its own separator', () => {
    expect(rulebook(['check', 'test/fixtures/check/no-cascade/policies', '--lang', 'zh'], dir).stdout.trim().split('\n').pop()).toBe('3 个错误');
    expect(rulebook(['check', 'test/fixtures/check/prose-drift/policies', '--lang', 'en'], dir).stdout.trim().split('\n').pop()).toBe('3 warnings');
  });

  it('says what --quiet left out instead of "no problems found"', () => {
    expect(rulebook(['check', 'test/fixtures/check/prose-drift/policies', '--quiet', '--lang', 'en'], dir).stdout.trim()).toBe('no errors, 3 warnings and infos not shown (--quiet)');
    expect(rulebook(['check', 'test/fixtures/check/prose-drift/policies', '--quiet', '--lang', 'zh'], dir).stdout.trim()).toBe('没有错误，另有 3 条警告和提示未显示（--quiet）');
  });
});
