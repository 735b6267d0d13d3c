/**
 * Policies read from a git revision (what `diff` compares) get the same guards
 * as policies read from disk: the size limit, the UTF-8 check, no symlinks.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { sourcesAtRevision } from '../../src/cli/git.js';
import { loadPolicies } from '../../src/load/index.js';

setLang('en');
const repo = mkdtempSync(join(tmpdir(), 'rulebook-git-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe('policies at a git revision', () => {
  mkdirSync(join(repo, 'policies'));
  writeFileSync(join(repo, 'outside.yaml'), 'id: outside\ntitle: O\nversion: 1\n');
  writeFileSync(join(repo, 'policies/rulebook.yaml'), 'title: T\nlocale: en\naudiences: { staff: Staff }\n');
  writeFileSync(join(repo, 'policies/big.yaml'), 'id: big\ntitle: "' + 'x'.repeat(17 * 1024 * 1024) + '"\nversion: 1\n');
  writeFileSync(join(repo, 'policies/gbk.yaml'), Buffer.concat([Buffer.from('id: gbk\ntitle: '), Buffer.from([0xb9, 0xe6, 0xd4, 0xf2]), Buffer.from('\nversion: 1\n')]));
  symlinkSync('../outside.yaml', join(repo, 'policies/link.yaml'));
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'hostile');

  it('gives the same diagnostics as the disk loader', () => {
    const at = sourcesAtRevision('HEAD', 'policies', repo);
    const disk = loadPolicies('policies', { cwd: repo });
    const show = (ds: { code: string; file: string; line: number; column: number }[]) => ds.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`).sort();
    expect(at.error).toBeUndefined();
    expect(show(at.diagnostics)).toEqual(['limit policies/big.yaml:1:1', 'yaml-syntax policies/gbk.yaml:2:8']);
    // On disk the link is refused too; in git it is never followed (not a regular file).
    expect(show(disk.diagnostics)).toEqual([...show(at.diagnostics), 'io policies/link.yaml:1:1'].sort());
    expect(at.sources.map((s) => s.file)).toEqual(['policies/rulebook.yaml']);
  });
});

describe('a huge blob at a revision', () => {
  it('is refused by its size in the tree, never read (270 MiB gave ENOBUFS)', () => {
    const big = mkdtempSync(join(tmpdir(), 'rulebook-git-big-'));
    try {
      const run = (args: string[], input?: Buffer) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: big, input, maxBuffer: 1024 * 1024 });
      run(['init', '-q']);
      mkdirSync(join(big, 'policies'));
      writeFileSync(join(big, 'policies/rulebook.yaml'), 'title: T\nlocale: en\naudiences: { staff: Staff }\n');
      run(['add', '-A']);
      // The blob goes straight into git (never onto disk as a file): 270 MiB of one repeated line.
      const blob = String(run(['hash-object', '-w', '--stdin'], Buffer.alloc(270 * 1024 * 1024, 'id: x\n')).stdout).trim();
      expect(blob).toMatch(/^[0-9a-f]{40}$/);
      run(['update-index', '--add', '--cacheinfo', `100644,${blob},policies/huge.yaml`]);
      run(['commit', '-q', '-m', 'huge']);
      const at = sourcesAtRevision('HEAD', 'policies', big);
      expect(at.error).toBeUndefined();
      expect(at.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual(['limit policies/huge.yaml:1:1']);
      expect(at.diagnostics[0].message).toMatch(/too large/);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  }, 120_000);
});
