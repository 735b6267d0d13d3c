/**
 * Stage 1, `load`: files → SourceDocuments. The only stage that touches the file
 * system (with the CLI). Bad bytes, bad YAML and bad Markdown become
 * diagnostics at the right place; nothing here throws on user input.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Span } from '../span/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import { LineIndex } from '../span/line-index.js';
import { LIMITS } from './limits.js';
import { parseMarkdownDocument } from './markdown.js';
import { inScalar, type DataPath, type SourceDocument } from './source.js';
import { parseYamlText, yamlOffsets, yamlScalarOffsets, yamlScalarSource } from './yaml.js';
import { cacheKey, fromSnapshot, snapshot, type ParseCache } from './cache.js';
import './messages.js';

export type { SourceDocument, DataPath } from './source.js';
export { LineIndex } from '../span/line-index.js';
export { LIMITS } from './limits.js';
export { folderCache, type ParseCache } from './cache.js';

export interface LoadResult {
  /** The policy root, absolute. */
  root: string;
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  /** True when the run cannot go on at all (no such directory): a usage error, exit 2. */
  fatal: boolean;
}

/** Which role a file plays, from its name. */
export function roleOf(rel: string): SourceDocument['role'] | undefined {
  const base = rel.split('/').pop() ?? rel;
  if (base === 'rulebook.yaml' || base === 'rulebook.yml') return 'config';
  if (/\.test\.ya?ml$/.test(base)) return 'tests';
  if (/\.(ya?ml|md|dmn)$/i.test(base)) return 'document';
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Offset of the first byte that is not part of valid UTF-8. */
function firstBadByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return i;
}

/**
 * `lines.span` with the last line found remembered: the spans resolve asks for
 * come in runs on one line (a cell, its literals, its key), so most skip the
 * binary search. Same results as `lines.span`, clamping included.
 */
function spanAt(lines: LineIndex, file: string): (start: number, end: number) => Span {
  const length = lines.text.length;
  let line = 0;
  let from = 1;
  let to = 0;
  const position = (offset: number): { line: number; column: number } => {
    const off = offset < 0 ? 0 : offset > length ? length : offset;
    if (off < from || off >= to) {
      const p = lines.position(off);
      line = p.line;
      from = off - p.column + 1;
      const next = lines.lineStart(line + 1);
      // The last line has no next start: it runs to the end of the text.
      to = next > from ? next : length + 1;
    }
    return { line, column: off - from + 1 };
  };
  return (start, end) => {
    const a = position(start);
    const b = position(Math.max(start, end));
    return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
}

/** Reads a DMN model into a document, its positions pointing into the XML. */
export type DmnReader = (text: string, file: string) => { document?: SourceDocument; diagnostics: Diagnostic[] };

let dmnReader: DmnReader | undefined;

/**
 * Gives the loader its DMN reader. The importer sits above the loader (it
 * validates and resolves what it reads), so the loader must not import it;
 * `pipeline.ts`, which every command and tool loads through, registers it.
 */
export function useDmnReader(read: DmnReader): void {
  dmnReader = read;
}

/**
 * Parses one file's text into a SourceDocument. `file` is the name diagnostics
 * show. Used by `loadPolicies`, by `fmt` and `diff` (which read other revisions),
 * and by tests.
 */
export function parseSource(
  text: string,
  file: string,
  role: SourceDocument['role'],
  absPath?: string,
): { document?: SourceDocument; diagnostics: Diagnostic[] } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // DMN XML is imported in memory; its positions point into the XML.
  if (/\.dmn$/i.test(file)) {
    if (!dmnReader) return { diagnostics: [diag('io', 'error', 'load.read', { reason: 'no DMN reader' }, { file, line: 1, column: 1 })] };
    const r = dmnReader(text, file);
    if (r.document) r.document.absPath = absPath;
    return { document: r.document, diagnostics: r.diagnostics };
  }
  const lines = new LineIndex(text);
  const at = spanAt(lines, file);
  const isMd = /\.md$/i.test(file);
  const syntax = isMd ? 'md-syntax' : 'yaml-syntax';

  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { diagnostics: [diag(syntax, 'error', 'load.nul', {}, at(nul, nul + 1))] };
  if (text.trim() === '') return { diagnostics: [diag('schema', 'error', role === 'config' ? 'load.empty-config' : 'load.empty', {}, at(0, 0))] };

  if (isMd) {
    const md = parseMarkdownDocument(text, file, lines);
    const document: SourceDocument = {
      file,
      absPath,
      format: 'md',
      role,
      data: md.data,
      text,
      locate: (path, key) => md.locate(path, key),
      locateInScalar: (path) => inScalar(md.scalarOffsets(path), at, () => md.locate(path)),
      scalarOffsets: (path) => md.scalarOffsets(path),
      scalarText: (path) => md.scalarText(path),
    };
    return { document, diagnostics: md.diagnostics };
  }

  const res = parseYamlText(text, file, lines);
  if (!res.tree) return { diagnostics: res.diagnostics };
  const tree = res.tree;
  const document: SourceDocument = {
    file,
    absPath,
    format: 'yaml',
    role,
    data: res.data,
    text,
    locate(path: DataPath, key = false) {
      const o = yamlOffsets(tree, path, key);
      return at(o.start, o.end);
    },
    locateInScalar(path: DataPath) {
      return inScalar(yamlScalarOffsets(tree, path), at, () => this.locate(path));
    },
    scalarOffsets: (path) => yamlScalarOffsets(tree, path),
    scalarText: (path) => yamlScalarSource(tree, path),
  };
  return { document, diagnostics: res.diagnostics };
}

/**
 * Reads one file from disk: size limit, UTF-8 check, then `parseSource`.
 * `rel` is the name shown in diagnostics.
 */
/** Files larger than this are parsed every time rather than cached. */
const CACHE_MAX_CHARS = 4 * 1024 * 1024;

export interface LoadOptions {
  /** Where relative paths start and names in diagnostics are relative to. */
  cwd?: string;
  /** A parse cache (the CLI's lives in the user's cache folder, see src/cli/common.ts parseCacheDir); none by default. */
  cache?: ParseCache;
  /** Part of every cache key: the tool's version, so an upgrade never reads old entries. */
  cacheSalt?: string;
}

/** The text of a file's bytes, or why there is none: over the size limit, or not UTF-8 (at the first bad byte). */
export function decodeSource(bytes: Uint8Array, rel: string): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes.length > LIMITS.fileBytes) {
    return { diagnostics: [diag('limit', 'error', 'load.too-big', { size: bytes.length, max: LIMITS.fileBytes }, { file: rel, line: 1, column: 1 })] };
  }
  try {
    return { text: decoder.decode(bytes), diagnostics: [] };
  } catch {
    const bad = firstBadByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const pos = new LineIndex(before).position(before.length);
    const code = /\.md$/i.test(rel) ? 'md-syntax' : 'yaml-syntax';
    return {
      diagnostics: [
        diag(code, 'error', 'load.utf8', { byte: bytes[bad]?.toString(16).padStart(2, '0') ?? '', offset: bad }, { file: rel, ...pos }),
      ],
    };
  }
}

/**
 * Bytes from anywhere that is not the policy folder on disk (a git revision):
 * the same size limit and UTF-8 check as `loadFile`, then `parseSource`.
 */
export function parseBytes(bytes: Uint8Array, rel: string, role: SourceDocument['role']): { document?: SourceDocument; diagnostics: Diagnostic[] } {
  const decoded = decodeSource(bytes, rel);
  return decoded.text === undefined ? { diagnostics: decoded.diagnostics } : parseSource(decoded.text, rel, role);
}

function loadFile(
  abs: string,
  rel: string,
  role: SourceDocument['role'],
  opts: LoadOptions = {},
): { document?: SourceDocument; diagnostics: Diagnostic[] } {
  const top: Span = { file: rel, line: 1, column: 1 };
  let bytes: Buffer;
  try {
    const st = statSync(abs);
    if (st.size > LIMITS.fileBytes) {
      return { diagnostics: [diag('limit', 'error', 'load.too-big', { size: st.size, max: LIMITS.fileBytes }, top)] };
    }
    bytes = readFileSync(abs);
  } catch (e) {
    return { diagnostics: [diag('io', 'error', 'load.read', { reason: (e as NodeJS.ErrnoException).code ?? 'error' }, top)] };
  }
  const decoded = decodeSource(bytes, rel);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  let text = decoded.text;
  // An imported DMN document keeps its XML positions in closures, which a snapshot cannot hold;
  // a snapshot of a big generated table costs more to write (~9× the text) than a parse.
  if (!opts.cache || /\.dmn$/i.test(rel) || text.length > CACHE_MAX_CHARS) return parseSource(text, rel, role, abs);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const key = cacheKey(opts.cacheSalt ?? '', rel, role, text);
  const hit = opts.cache.get(key);
  if (hit) return { document: fromSnapshot(hit, text, rel, role, abs), diagnostics: [] };
  const res = parseSource(text, rel, role, abs);
  // Only clean parses are kept: a file with problems is parsed again to report them.
  if (res.document && res.diagnostics.length === 0) opts.cache.set(key, snapshot(res.document));
  return res;
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Loads every policy file under `dir` (recursively; hidden folders and
 * node_modules skipped). Symlinks that resolve outside `dir` are refused.
 * File names in diagnostics are relative to the current directory.
 */
export function loadPolicies(dir: string, opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const root = resolve(cwd, dir);
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const shown = (abs: string) => relative(cwd, abs).split(sep).join('/') || '.';

  let realRoot: string;
  try {
    if (!statSync(root).isDirectory()) {
      diagnostics.push(diag('config', 'error', 'load.not-dir', { dir }, { file: dir, line: 1, column: 1 }));
      return { root, documents, diagnostics, fatal: true };
    }
    realRoot = realpathSync(root);
  } catch {
    diagnostics.push(diag('config', 'error', 'load.no-dir', { dir }, { file: dir, line: 1, column: 1 }));
    return { root, documents, diagnostics, fatal: true };
  }

  const files: { abs: string; role: SourceDocument['role'] }[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      diagnostics.push(diag('io', 'error', 'load.read', { reason: (e as NodeJS.ErrnoException).code ?? 'error' }, { file: shown(d), line: 1, column: 1 }));
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = join(d, name);
      let st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(abs);
        } catch {
          diagnostics.push(diag('io', 'error', 'load.broken-link', { path: shown(abs) }, { file: shown(abs), line: 1, column: 1 }));
          continue;
        }
        if (!isInside(realRoot, target)) {
          diagnostics.push(diag('io', 'error', 'load.link-outside', { path: shown(abs) }, { file: shown(abs), line: 1, column: 1 }));
          continue;
        }
        st = statSync(abs);
        // A link to a folder inside the root would be read twice (or loop): read folders only once, by their real path.
        if (st.isDirectory()) continue;
      }
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) {
        const role = roleOf(name);
        if (role) files.push({ abs, role });
      }
    }
  };
  walk(root);

  // Without its config a folder is not a policy set (a wrong path, most likely): a usage error.
  if (!files.some((f) => f.role === 'config' && dirname(f.abs) === root)) {
    diagnostics.push(diag('config', 'error', 'load.no-config', { dir }, { file: shown(root), line: 1, column: 1 }));
    return { root, documents, diagnostics, fatal: true };
  }
  if (files.length > LIMITS.files) {
    diagnostics.push(diag('limit', 'error', 'load.too-many', { count: files.length, max: LIMITS.files }, { file: shown(root), line: 1, column: 1 }));
    return { root, documents, diagnostics, fatal: false };
  }
  for (const f of files) {
    const res = loadFile(f.abs, shown(f.abs), f.role, opts);
    diagnostics.push(...res.diagnostics);
    if (res.document) documents.push(res.document);
  }
  return { root, documents, diagnostics, fatal: false };
}

/**
 * Loads `path`: a policy folder (as `loadPolicies`) or a single policy file,
 * such as a `.dmn` model checked on its own.
 */
export function loadPath(path: string, opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return loadPolicies(path, opts);
  const shown = relative(cwd, abs).split(sep).join('/') || path;
  const res = loadFile(abs, shown, roleOf(shown) ?? 'document', opts);
  return { root: abs, documents: res.document ? [res.document] : [], diagnostics: res.diagnostics, fatal: false };
}
