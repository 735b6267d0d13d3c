/**
 * A content-addressed cache of parsed documents, so a run over unchanged files
 * skips YAML and Markdown parsing (the largest part of `rulebook check`'s time).
 * A snapshot keeps the data and the position of every path, so a cached
 * document answers `locate` exactly as a freshly parsed one does. Entries are
 * keyed by a hash of the tool version, file name, role and full text: a stale
 * entry can never be used. Any cache failure is silent: the file is parsed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Span } from '../span/index.js';
import { LineIndex } from '../span/line-index.js';
import { makeDirs } from './dirs.js';
import { inScalar, type DataPath, type SourceDocument } from './source.js';

/** Bump when the snapshot shape or the loader's output changes. */
const FORMAT = 5;

type Pos = [number, number, number, number];

interface Snapshot {
  v: number;
  /** The key the entry was written under: a file copied or renamed to another key is not an entry. */
  key?: string;
  format: SourceDocument['format'];
  data: unknown;
  /**
   * Path key → value span, key span (mapping entries), scalar source text, and how
   * a scalar maps to the file: `c`, its content offset when one pair says it all,
   * else `m`, its whole OffsetMap.
   */
  at: Record<string, { v: Pos; k?: Pos; c?: number; m?: number[]; r?: string }>;
}

export interface ParseCache {
  get(key: string): Snapshot | undefined;
  set(key: string, snapshot: Snapshot): void;
}

const SEP = '\u0001';
const keyOf = (path: DataPath) => path.join(SEP);
const pos = (s: Span): Pos => [s.line, s.column, s.endLine ?? s.line, s.endColumn ?? s.column];

/**
 * The cache key of one file's text: a readable stem of the file name, then the
 * hash. The stem lets the cache drop a file's older versions (see folderCache).
 */
export function cacheKey(version: string, file: string, role: string, text: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${version}\0${file}\0${role}\0`).update(text).digest('hex');
  return `${stemOf(file)}~${hash}`;
}

const stemOf = (file: string) => file.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80);

/** Versions kept per file: the working tree's and a few others (the base a diff compares with). */
const VERSIONS_PER_FILE = 4;

/** Captures everything a SourceDocument answers, for every path in its data. */
export function snapshot(doc: SourceDocument): Snapshot {
  const at: Snapshot['at'] = Object.create(null);
  const visit = (value: unknown, path: (string | number)[]) => {
    const entry: Snapshot['at'][string] = { v: pos(doc.locate(path)) };
    const last = path[path.length - 1];
    if (typeof last === 'string') entry.k = pos(doc.locate(path, true));
    if (value === null || typeof value !== 'object') {
      const raw = doc.scalarText(path);
      // Most strings are their own source: keep only what differs (numbers' digits, odd quoting).
      if (raw !== value) entry.r = raw ?? NO_SOURCE;
      const map = doc.scalarOffsets?.(path);
      if (map && map.length === 2 && map[0] === 0) entry.c = map[1];
      else if (map) entry.m = [...map];
    }
    at[keyOf(path)] = entry;
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(doc.data, []);
  return { v: FORMAT, format: doc.format, data: doc.data, at };
}

/** Marks a scalar that has no source text (so `r` absent can mean "same as the value"). */
const NO_SOURCE = '\u0000';

function valueAt(data: unknown, path: DataPath): unknown {
  let v = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(seg)] : undefined;
  return v;
}

/** Null-prototype objects, as the loader makes them: a `__proto__` key stays data. */
function nullProto(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nullProto);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) o[k] = nullProto(x);
    return o;
  }
  return v;
}

/** A SourceDocument answering from a snapshot; `text` is the file's text (for excerpts and offsets). */
export function fromSnapshot(snap: Snapshot, text: string, file: string, role: SourceDocument['role'], absPath?: string): SourceDocument {
  const lines = new LineIndex(text);
  const span = (p: Pos): Span => ({ file, line: p[0], column: p[1], endLine: p[2], endColumn: p[3] });
  const find = (path: DataPath) => {
    for (let n = path.length; n >= 0; n--) {
      const e = snap.at[keyOf(path.slice(0, n))];
      if (e) return { e, exact: n === path.length };
    }
    return undefined;
  };
  const doc: SourceDocument = {
    file,
    absPath,
    format: snap.format,
    role,
    data: snap.data,
    text,
    locate(path, key = false) {
      const f = find(path);
      if (!f) return { file, line: 1, column: 1 };
      return span(key && f.exact && f.e.k ? f.e.k : f.e.v);
    },
    locateInScalar(path) {
      return inScalar(doc.scalarOffsets!(path), (s, e) => lines.span(file, s, e), () => doc.locate(path));
    },
    scalarOffsets(path) {
      const f = find(path);
      if (!f?.exact) return undefined;
      return f.e.m ?? (f.e.c === undefined ? undefined : [0, f.e.c]);
    },
    scalarText(path) {
      const f = find(path);
      if (!f?.exact) return undefined;
      if (f.e.r === undefined) {
        const v = valueAt(snap.data, path);
        return typeof v === 'string' ? v : undefined;
      }
      return f.e.r === NO_SOURCE ? undefined : f.e.r;
    },
  };
  return doc;
}

/**
 * The home folder, from `node:os` loaded only when asked: loading `node:os` takes
 * 7 ms here, a tenth of `rulebook check`'s cold start, and HOME usually answers.
 */
function homedir(): string {
  return process.env.HOME || (process.getBuiltinModule('node:os') as typeof import('node:os')).homedir();
}

/**
 * The user's cache folder for rulebook, as ESLint's and TypeScript's caches sit
 * outside the sources: `$XDG_CACHE_HOME/rulebook` when that is an absolute path
 * (the XDG rule: a relative one is ignored), else the platform's place
 * (`~/Library/Caches/rulebook`, `%LOCALAPPDATA%\\rulebook\\Cache`,
 * `~/.cache/rulebook`). Undefined when there is no home to put it in.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'rulebook');
  if (platform === 'win32' && env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA)) return join(env.LOCALAPPDATA, 'rulebook', 'Cache');
  let h: string;
  try {
    h = home();
  } catch {
    return undefined;
  }
  if (!h || !isAbsolute(h)) return undefined;
  return platform === 'darwin' ? join(h, 'Library', 'Caches', 'rulebook') : join(h, '.cache', 'rulebook');
}

/**
 * A cache in a folder of JSON files; unreadable or unwritable means no cache, never
 * an error. Each edit of a file makes a new entry, so writing one drops all but the
 * most recently used few of the same file (a hit counts as a use): the folder stays
 * about the size of the policies, not of their history.
 */
export function folderCache(dir: string): ParseCache {
  // Entries by file stem, newest use first: read from the folder once, at the first write, then kept up to date.
  let byStem: Map<string, { name: string; used: number }[]> | undefined;
  const stemOfKey = (key: string) => key.slice(0, key.indexOf('~') + 1);
  const use = (key: string) => {
    const stem = stemOfKey(key);
    if (!byStem || !stem) return;
    let list = byStem.get(stem);
    if (!list) byStem.set(stem, (list = []));
    const name = `${key}.json`;
    const at = list.findIndex((e) => e.name === name);
    if (at !== -1) list.splice(at, 1);
    list.unshift({ name, used: Date.now() });
    for (const old of list.splice(VERSIONS_PER_FILE)) rmSync(join(dir, old.name), { force: true });
  };
  return {
    get(key) {
      try {
        const file = join(dir, `${key}.json`);
        const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
        const now = new Date();
        utimesSync(file, now, now);
        use(key);
        if (snap.v !== FORMAT || snap.key !== key || typeof snap.at !== 'object') return undefined;
        snap.data = nullProto(snap.data);
        snap.at = Object.assign(Object.create(null), snap.at) as Snapshot['at'];
        return snap;
      } catch {
        return undefined;
      }
    },
    set(key, snap) {
      try {
        // Not mkdirSync's recursive mode: it never returns under /proc on Node 20 (XDG_CACHE_HOME=/proc/x).
        makeDirs(dir);
        const tmp = join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, JSON.stringify({ ...snap, key }));
        renameSync(tmp, join(dir, `${key}.json`));
        byStem ??= scan(dir);
        use(key);
      } catch {
        // A read-only or full disk: run without a cache.
      }
    },
  };
}

/**
 * The folder's entries by file stem, most recently used first; on the way it
 * drops entries named as before stems existed and temporary files a killed run
 * left behind (a live one is seconds old).
 */
function scan(dir: string): Map<string, { name: string; used: number }[]> {
  const byStem = new Map<string, { name: string; used: number }[]>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp') && Date.now() - statSync(join(dir, name)).mtimeMs > 3_600_000) rmSync(join(dir, name), { force: true });
    if (!name.endsWith('.json')) continue;
    if (/^[0-9a-f]{64}\.json$/.test(name)) {
      rmSync(join(dir, name), { force: true });
      continue;
    }
    const tilde = name.indexOf('~');
    if (tilde === -1) continue;
    const stem = name.slice(0, tilde + 1);
    const list = byStem.get(stem) ?? [];
    list.push({ name, used: statSync(join(dir, name)).mtimeMs });
    byStem.set(stem, list);
  }
  for (const list of byStem.values()) list.sort((a, b) => b.used - a.used);
  return byStem;
}
