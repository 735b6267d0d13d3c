/**
 * The parse-cache poisoning of issue 13.1, replayed: a pull request force-adds
 * parse-cache entries (keyed by public inputs) whose data says 15% where the
 * YAML says 1.5%, under `dist/.cache/parse/` and under a cache folder set
 * inside the checkout. Every command must read the YAML: the built evaluator
 * pays what the YAML says, and read-only commands write nothing where they run.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { folderCache, fromSnapshot, snapshot } from '../../src/load/cache.js';
import { parseSource } from '../../src/load/index.js';
import { crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-poison-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const repo = join(work, 'repo');
/** The user's own cache, outside the checkout: where honest entries go. */
const userCache = join(work, 'home-cache');
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });

/** Every file under `dir`, relative. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('parse cache poisoning', () => {
  it('never reads an entry from the working tree: check, test, eval and build use the YAML', async () => {
    mkdirSync(repo);
    cpSync(join(root, 'policies'), join(repo, 'policies'), { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'policies');

    // An honest run fills the user's cache: its file names are the keys the tool uses now.
    const warm = await rulebook(['check'], repo, 60_000, { XDG_CACHE_HOME: userCache });
    expect(crashSigns(warm)).toEqual([]);
    expect(warm.code).toBe(0);
    const parseDir = join(userCache, 'rulebook', 'parse');
    const key = readdirSync(parseDir).find((n) => n.startsWith('policies_awards.md~'))!.replace(/\.json$/, '');
    expect(key).toBeDefined();
    expect(tree(repo).filter((f) => !f.startsWith('.git/'))).toEqual(tree(join(root, 'policies')).map((f) => `policies/${f}`));

    // The forgery: the snapshot of a text paying 15%, under the key of the real text.
    const text = readFileSync(join(repo, 'policies/awards.md'), 'utf8');
    const evil = text.replace('then: { rate: 1.5% }', 'then: { rate: 15% }');
    expect(evil).not.toBe(text);
    const forged = JSON.stringify({ ...snapshot(parseSource(evil, 'policies/awards.md', 'document').document!), key });
    // It is a valid entry: a cache that trusted its folder would answer with it.
    const probe = join(work, 'probe');
    mkdirSync(probe);
    writeFileSync(join(probe, `${key}.json`), forged);
    const doc = fromSnapshot(folderCache(probe).get(key)!, text, 'policies/awards.md', 'document');
    expect(JSON.stringify(doc.data)).toContain('"15%"');

    for (const dir of ['dist/.cache/parse', '.cache/rulebook/parse']) {
      mkdirSync(join(repo, dir), { recursive: true });
      writeFileSync(join(repo, dir, `${key}.json`), forged);
    }
    git('add', '-f', '.');
    git('commit', '-qm', 'a harmless-looking change');

    // A CI that points the cache into the checkout gets no cache, not the forged one.
    const inCheckout = { XDG_CACHE_HOME: join(repo, '.cache') };
    for (const env of [{ XDG_CACHE_HOME: userCache }, inCheckout]) {
      const before = tree(repo);
      const ev = await rulebook(['eval', 'cs.performance_bonus', '--input', '{"sales": 100000, "conversion": "72%"}', '--as-of', '2026-03-01'], repo, 60_000, env);
      expect(ev.stdout.trim()).toBe('{"output":{"bonus":"1500.00"}}');
      const tests = await rulebook(['test', '--format', 'json'], repo, 60_000, env);
      expect(tests.code, tests.stdout + tests.stderr).toBe(0);
      for (const args of [['check'], ['export', 'dmn', 'cs.performance_rate'], ['diff', 'HEAD~1']]) {
        const r = await rulebook(args, repo, 60_000, env);
        expect(crashSigns(r)).toEqual([]);
        expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
        if (args[0] === 'export') expect(r.stdout).toContain('0.015');
      }
      // Read-only commands wrote nothing in the checkout (the cache in it stays as the PR left it).
      expect(tree(repo)).toEqual(before);
    }

    const out = join(work, 'site');
    const built = await rulebook(['build', '--out', out], repo, 120_000, inCheckout);
    expect(crashSigns(built)).toEqual([]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const evaluator = await import(pathToFileURL(join(out, 'evaluator/index.js')).href);
    expect(evaluator.cs_performance_bonus({ sales: 100000, conversion: '72%' }, { asOf: '2026-03-01' }).output.bonus).toBe('1500.00');
    // The published output holds no cache.
    expect(tree(out).filter((f) => f.includes('.cache'))).toEqual([]);
  });
});
