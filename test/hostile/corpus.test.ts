/**
 * The hostile corpus against every command the CLI has. Each case is a folder
 * with `policies/` (committed under test/fixtures/hostile, or generated when too
 * big to commit) and an optional `expected.txt`: `code file:line:col` lines the
 * JSON report of `check` must contain, or `ok` for a case whose input is valid
 * (hostile text in legal places) so `check` must pass.
 *
 * Every run must end by itself with exit 1 or 2 (0 only for `ok` cases), print
 * no stack trace and no "internal error", keep its output bounded, and leave the
 * case's files as they were. Runs share warm runner processes (see cli.ts),
 * but for the FRESH cases, which get a process each.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandExists, crashSigns, root, rulebook as run, type CliRun } from './cli.js';
import { generateCases } from './generate.js';

const fixtures = join(root, 'test/fixtures/hostile');
const work = mkdtempSync(join(tmpdir(), 'rulebook-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Each case runs from a copy: build writes its output next to the policies.
const cases: Record<string, string> = {};
for (const name of readdirSync(fixtures).sort()) {
  if (!existsSync(join(fixtures, name, 'policies'))) continue;
  cases[name] = join(work, 'cases', name);
  cpSync(join(fixtures, name), cases[name], { recursive: true, verbatimSymlinks: true });
}
Object.assign(cases, generateCases(join(work, 'generated')));

/** A valid policy folder: the other side of every `diff`. */
const baseDir = join(work, 'base');
mkdirSync(join(baseDir, 'policies'), { recursive: true });

/** Cases whose `diff` also reads both sides from git revisions (the folder form runs for all). */
const GIT_CASES = new Set(['invalid-utf8', 'nul-bytes', 'proto-valid', 'weird-labels', 'symlink-outside', 'alias-bomb']);

interface CaseInfo {
  ok: boolean;
  expected: string[];
  /** The decision and input `eval` is run with (a case may name them in eval.json). */
  evalArgs: { decision: string; input: unknown };
}

function info(dir: string): CaseInfo {
  const exp = existsSync(join(dir, 'expected.txt')) ? readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
  const evalFile = join(dir, 'eval.json');
  const evalArgs = existsSync(evalFile) ? (JSON.parse(readFileSync(evalFile, 'utf8')) as CaseInfo['evalArgs']) : { decision: 'x.y', input: {} };
  return { ok: exp[0] === 'ok', expected: exp[0] === 'ok' ? [] : exp, evalArgs };
}

/** Every file under `dir` with its size and modification time: what a run must not change. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else out.set(relative(dir, p), `${st.size}:${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

function assertSane(r: CliRun, ok: boolean, what: string): void {
  expect(crashSigns(r), `${what}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`).toEqual([]);
  const allowed = ok ? [0, 1] : [1, 2];
  expect(allowed, `${what}: exit ${r.code}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`).toContain(r.code);
}

const VALID_BASE = `id: base
title: Base
version: 1
decisions:
  - id: base.rate
    inputs: { conversion: { type: percent } }
    outputs: { rate: { type: percent } }
    rules:
      - when: { conversion: "< 70%" }
        then: { rate: 1% }
      - when: { conversion: ">= 70%" }
        then: { rate: 1.5% }
`;

writeFileSync(join(baseDir, 'policies/rulebook.yaml'), 'title: T\nlocale: en\naudiences: { staff: Staff }\n');
writeFileSync(join(baseDir, 'policies/base.yaml'), VALID_BASE);

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A repository whose first commit holds a valid policy set and whose second holds the case. */
function repoFor(name: string, dir: string): string {
  const repo = join(work, 'repos', name);
  cpSync(join(baseDir, 'policies'), join(repo, 'policies'), { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  rmSync(join(repo, 'policies'), { recursive: true });
  cpSync(join(dir, 'policies'), join(repo, 'policies'), { recursive: true, verbatimSymlinks: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'head');
  return repo;
}

const TIMEOUT = 60_000;

/** The big generated cases cost seconds per run: each runs the commands where its size matters. */
const ONLY: Record<string, string[]> = {
  'huge-file': ['check', 'fmt', 'diff'],
  'huge-table': ['check', 'test', 'build'],
  'deep-formula-all': ['check'],
  'nesting-indent': ['check', 'fmt'],
  'long-line': ['check', 'fmt'],
  'plain-reader-crlf': ['check', 'fmt', 'diff'],
  'plain-reader-tab': ['check', 'fmt'],
};
/** Cases whose only problems are checker findings: `test` runs the policy tests, which may all pass. */
const CHECKER_ONLY = new Set(['huge-table', 'id-reserved', 'id-too-long', 'id-trailing-dot']);
/**
 * Cases whose every command runs in a process of its own (the others share warm
 * runners, see cli.ts): one valid and one broken, so each command's exit path
 * (an open handle that keeps Node alive, output lost at exit) is still proved.
 */
const FRESH = new Set(['proto-valid', 'invalid-utf8']);
const runs = (name: string, command: string) => commandExists(command) && (ONLY[name] ?? [command]).includes(command);

describe.concurrent('hostile corpus', () => {
  for (const [name, dir] of Object.entries(cases)) {
    const c = info(dir);
    const rulebook = (args: string[], cwd: string, timeoutMs: number) => run(args, cwd, timeoutMs, {}, { fresh: FRESH.has(name) });

    it(`${name}: check`, async () => {
      const before = snapshot(join(dir, 'policies'));
      const r = await rulebook(['check', 'policies', '--format', 'json'], dir, TIMEOUT);
      assertSane(r, c.ok, 'check');
      if (c.ok) expect(r.code, r.stdout.slice(0, 2000)).toBe(0);
      const report = JSON.parse(r.stdout) as { diagnostics: { code: string; file: string; line: number; column: number }[] };
      const got = report.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
      for (const e of c.expected) expect(got, `expected ${e}`).toContain(e);
      for (const d of report.diagnostics) {
        expect(d.line, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
        expect(d.column, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
      }
      if (!c.ok && r.code === 1) expect(report.diagnostics.length).toBeGreaterThan(0);
      expect(snapshot(join(dir, 'policies'))).toEqual(before);
    }, TIMEOUT + 5_000);

    it.skipIf(!runs(name, 'test'))(`${name}: test`, async () => {
      const r = await rulebook(['test', 'policies'], dir, TIMEOUT);
      assertSane(r, c.ok || CHECKER_ONLY.has(name), 'test');
    }, TIMEOUT + 5_000);

    it.skipIf(!runs(name, 'eval'))(`${name}: eval`, async () => {
      const r = await rulebook(['eval', c.evalArgs.decision, '--input', JSON.stringify(c.evalArgs.input), '--policies', 'policies'], dir, TIMEOUT);
      assertSane(r, c.ok, 'eval');
    }, TIMEOUT + 5_000);

    it.skipIf(!runs(name, 'fmt'))(`${name}: fmt --check`, async () => {
      const before = snapshot(join(dir, 'policies'));
      const r = await rulebook(['fmt', '--check', '--policies', 'policies'], dir, TIMEOUT);
      // A formatter judges syntax, not schema: only a file it cannot read must fail it.
      const unreadable = c.expected.some((e) => /^(yaml-syntax|md-syntax|limit|range|io) /.test(e));
      assertSane(r, !unreadable, 'fmt --check');
      expect(snapshot(join(dir, 'policies')), 'fmt --check changed a file').toEqual(before);
    }, TIMEOUT + 5_000);

    it.skipIf(!runs(name, 'build'))(`${name}: build`, async () => {
      const out = join(work, 'build', name);
      const r = await rulebook(['build', '--policies', 'policies', '--out', out], dir, TIMEOUT);
      assertSane(r, c.ok, 'build');
      // A failed build writes nothing: no half site for the publishing step to pick up.
      if (r.code !== 0) expect(existsSync(join(out, 'handbook')) && readdirSync(join(out, 'handbook')).length > 0).toBe(false);
    }, TIMEOUT + 5_000);

    it.skipIf(!runs(name, 'diff'))(`${name}: diff`, async () => {
      const runs = [await rulebook(['diff', join(baseDir, 'policies'), join(dir, 'policies')], work, TIMEOUT)];
      if (GIT_CASES.has(name)) runs.push(await rulebook(['diff', 'HEAD~1', 'HEAD', '--policies', 'policies'], repoFor(name, dir), TIMEOUT));
      for (const r of runs) {
        expect(crashSigns(r), r.stderr.slice(0, 2000)).toEqual([]);
        // diff compares what it could read; a broken head is said on stderr and fails the run.
        if (/has errors/.test(r.stderr) && /the working tree|head|HEAD|policies/.test(r.stderr)) expect([1, 2]).toContain(r.code);
        expect([0, 1, 2]).toContain(r.code);
      }
    }, 2 * TIMEOUT + 5_000);
  }
});

describe('pretty output on long lines', () => {
  it('clips the source excerpt instead of echoing a 300 KB line', async () => {
    const r = await run(['check', 'policies'], cases['long-line'], TIMEOUT);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.bytes, 'pretty output bytes').toBeLessThan(64 * 1024);
  }, TIMEOUT + 5_000);
});
