/** The parse cache is invisible: a cached document answers exactly as a freshly parsed one. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, folderCache, fromSnapshot, snapshot, userCacheDir } from '../../src/load/cache.js';
import { parseCacheDir } from '../../src/cli/common.js';
import { loadPolicies, parseSource, roleOf, type SourceDocument } from '../../src/load/index.js';
import { loadModel } from '../../src/pipeline.js';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : roleOf(n) ? [p] : [];
  });
}

function paths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...path, k], out);
  return out;
}

function sameAnswers(a: SourceDocument, b: SourceDocument) {
  expect(b.data).toEqual(a.data);
  for (const p of [...paths(a.data), ['no', 'such', 0]]) {
    expect(b.locate(p), String(p)).toEqual(a.locate(p));
    expect(b.locate(p, true), String(p)).toEqual(a.locate(p, true));
    expect(b.scalarText(p), String(p)).toEqual(a.scalarText(p));
    const v = p.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], a.data);
    // Past a line break too: literal blocks and prose map line by line.
    const nl = typeof v === 'string' ? v.indexOf('\n') + 1 : 0;
    for (const [s, e] of [[0, 1], [2, 5], [nl, nl + 2]]) expect(b.locateInScalar(p)(s, e), String(p)).toEqual(a.locateInScalar(p)(s, e));
    expect(b.scalarOffsets?.(p), String(p)).toEqual(a.scalarOffsets?.(p));
  }
}

describe('parse cache', () => {
  const sources = [...files(join(root, 'policies')), ...files(join(root, 'test/fixtures/seed-literal/policies'))];
  for (const file of sources) {
    it(`answers like a fresh parse: ${file.slice(root.length + 1)}`, () => {
      const text = readFileSync(file, 'utf8');
      const name = file.split('/').pop()!;
      const fresh = parseSource(text, name, roleOf(file)!, file).document!;
      const snap = JSON.parse(JSON.stringify(snapshot(fresh)));
      const cache = folderCache(mkdtempSync(join(tmpdir(), 'rb-cache-')));
      cache.set('k', snap);
      sameAnswers(fresh, fromSnapshot(cache.get('k')!, text, name, roleOf(file)!, file));
    });
  }

  it('gives the same model and diagnostics on a second, cached run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-cache-'));
    const first = loadModel('policies', { cwd: root, cache: folderCache(dir), cacheSalt: 't' });
    expect(readdirSync(dir).length).toBe(first.sources.length);
    const second = loadModel('policies', { cwd: root, cache: folderCache(dir), cacheSalt: 't' });
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(JSON.stringify([...second.model!.decisions])).toEqual(JSON.stringify([...first.model!.decisions]));
  });

  it('keeps a few versions per file, the most recently used, so the folder does not grow with every edit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-cache-'));
    const cache = folderCache(dir);
    const doc = (t: string) => snapshot(parseSource(t, 'a.yaml', 'document').document!);
    const keys = [1, 2, 3, 4, 5, 6].map((i) => cacheKey('1', 'policies/a.yaml', 'document', `id: a${i}`));
    const other = cacheKey('1', 'policies/xa.yaml', 'document', 'id: x');
    cache.set(other, doc('id: x'));
    const at = Date.now() / 1000;
    keys.forEach((k, i) => {
      cache.set(k, doc(`id: a${i + 1}`));
      // mtimes one second apart, so "most recent" does not depend on the file system's clock grain.
      utimesSync(join(dir, `${k}.json`), at - 100 + i, at - 100 + i);
    });
    // Reading the oldest surviving version makes it the most recently used.
    expect(cache.get(keys[2])).toBeDefined();
    cache.set(keys[5], doc('id: a6'));
    expect(readdirSync(dir).sort()).toEqual([keys[2], keys[3], keys[4], keys[5], other].map((k) => `${k}.json`).sort());
    expect(cache.get(keys[0])).toBeUndefined();
    expect(cache.get(other)).toBeDefined();
  });

  it('keys entries by content, so an edited file is parsed again', () => {
    expect(cacheKey('1', 'a.yaml', 'document', 'id: a')).not.toEqual(cacheKey('1', 'a.yaml', 'document', 'id: b'));
    expect(cacheKey('1', 'a.yaml', 'document', 'id: a')).not.toEqual(cacheKey('2', 'a.yaml', 'document', 'id: a'));
    const dir = mkdtempSync(join(tmpdir(), 'rb-cache-'));
    expect(loadPolicies('policies', { cwd: root, cache: folderCache(join(dir, 'x')) }).diagnostics).toEqual([]);
  });

  it('answers only under the key an entry was written with', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-cache-'));
    const cache = folderCache(dir);
    cache.set('a~1', snapshot(parseSource('id: a', 'a.yaml', 'document').document!));
    // A copy under another name (a forged entry for another file or text) is no entry.
    writeFileSync(join(dir, 'b~2.json'), readFileSync(join(dir, 'a~1.json')));
    expect(cache.get('a~1')).toBeDefined();
    expect(cache.get('b~2')).toBeUndefined();
  });
});

describe('where the cache lives', () => {
  const home = () => '/home/u';
  it('is the user cache folder of each platform', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', home)).toBe('/x/cache/rulebook');
    // A relative XDG_CACHE_HOME is invalid by the XDG rule and ignored.
    expect(userCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', home)).toBe('/home/u/.cache/rulebook');
    expect(userCacheDir({}, 'linux', home)).toBe('/home/u/.cache/rulebook');
    expect(userCacheDir({}, 'darwin', home)).toBe('/home/u/Library/Caches/rulebook');
    expect(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', home)).toContain('rulebook');
    expect(userCacheDir({}, 'linux', () => '')).toBeUndefined();
  });

  it('is never inside the policies or their repository, and RULEBOOK_CACHE=0 turns it off', () => {
    const repo = mkdtempSync(join(tmpdir(), 'rb-repo-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'policies'));
    const policies = join(repo, 'policies');
    expect(parseCacheDir(policies, { XDG_CACHE_HOME: join(repo, '.cache') })).toBeUndefined();
    expect(parseCacheDir(policies, { XDG_CACHE_HOME: join(policies, 'c') })).toBeUndefined();
    const outside = mkdtempSync(join(tmpdir(), 'rb-xdg-'));
    expect(parseCacheDir(policies, { XDG_CACHE_HOME: outside })).toBe(join(realpathSync(outside), 'rulebook', 'parse'));
    expect(parseCacheDir(policies, { XDG_CACHE_HOME: outside, RULEBOOK_CACHE: '0' })).toBeUndefined();
  });
});
