/**
 * Diff fixtures: each `test/fixtures/diff/<case>/` holds `base/` and `head/`
 * policy folders and the expected Markdown. The test builds a temporary git
 * repository (commit base, replace with head, commit), runs
 * `rulebook diff HEAD~1 HEAD` and compares. UPDATE_SNAPSHOTS=1 rewrites them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from './run-cli.js';

const root = join(import.meta.dirname, '../fixtures/diff');
const cases = readdirSync(root).filter((c) => existsSync(join(root, c, 'base')));
const made: string[] = [];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

/** A repository with two commits: the case's base, then its head. */
function repoOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rulebook-diff-${name}-`));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  cpSync(join(root, name, 'base'), join(dir, 'policies'), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  rmSync(join(dir, 'policies'), { recursive: true });
  cpSync(join(root, name, 'head'), join(dir, 'policies'), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  return dir;
}

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('diff fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const dir = repoOf(name);
      const r = await runIn(dir, ['diff', 'HEAD~1', 'HEAD']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const file = join(root, name, 'expected.md');
      if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) writeFileSync(file, r.out);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
      // The working tree equals HEAD: head defaults to it and gives the same report.
      const wt = await runIn(dir, ['diff', 'HEAD~1']);
      expect(wt.out).toBe(r.out);
    });
  }

  it('a revision diffed with itself is empty', async () => {
    const dir = repoOf(cases[0]);
    const r = await runIn(dir, ['diff', 'HEAD', 'HEAD']);
    expect(r.out.split('\n')[0]).toMatch(/没有语义变化|no semantic changes/);
    const j = await runIn(dir, ['diff', 'HEAD', 'HEAD', '--format', 'json']);
    const d = JSON.parse(j.out);
    expect(d.documents).toEqual([]);
    expect(d.decisions).toEqual([]);
    expect(d.config).toEqual([]);
  });

  it('shows a cell that does not parse as written, not as `-`, and exits 1', async () => {
    const dir = repoOf('threshold');
    const file = join(dir, 'policies/awards.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"< 75%"', '"< 7O%"'));
    const r = await runIn(dir, ['diff', 'HEAD~1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('`< 7O%`');
    expect(r.out).not.toMatch(/→ `-`/);
  });

  it('an unknown revision is a usage error', async () => {
    const dir = repoOf(cases[0]);
    const r = await runIn(dir, ['diff', 'no-such-rev']);
    expect(r.code).toBe(2);
  });
});
