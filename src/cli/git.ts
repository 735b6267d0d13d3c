/**
 * Reading a policy folder as it was at a git revision, without checking out:
 * `git ls-tree` lists the files, `git show rev:path` gives each text, and
 * `parseBytes` turns it into the same SourceDocuments the disk loader gives,
 * with the same file names (relative to the current directory).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import { LIMITS, parseBytes, roleOf, type SourceDocument } from '../load/index.js';

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Whether `rev` names a commit in the repository around `cwd`. */
export function isRevision(rev: string, cwd = process.cwd()): boolean {
  if (rev.startsWith('-')) return false;
  try {
    git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/** The policy sources of folder `dir` at revision `rev`; `error` when git cannot give them. */
export function sourcesAtRevision(rev: string, dir: string, cwd = process.cwd()): { sources: SourceDocument[]; diagnostics: Diagnostic[]; error?: string; missing?: boolean } {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch {
    return { sources: [], diagnostics: [], error: 'not a git repository' };
  }
  const abs = resolve(cwd, dir);
  const inRepo = relative(top, abs).split(sep).join('/');
  if (inRepo.startsWith('..')) return { sources: [], diagnostics: [], error: `${dir} is outside the repository` };
  let listing: string;
  try {
    // `-l` gives each blob's size, so a file over the limit is refused before a byte of it is read.
    listing = git(['ls-tree', '-r', '-z', '-l', '--full-tree', rev, '--', inRepo || '.'], top);
  } catch {
    return { sources: [], diagnostics: [], error: `unknown revision ${rev}` };
  }
  const sources: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries = listing.split('\0').filter(Boolean);
  for (const entry of entries.slice(0, LIMITS.files)) {
    // `<mode> <type> <object> <size>\t<path>` (the size padded): only regular files (symlinks are mode 120000).
    const tab = entry.indexOf('\t');
    const [mode, type, object, size] = entry.slice(0, tab).split(/ +/);
    const path = entry.slice(tab + 1);
    if (type !== 'blob' || !mode.startsWith('100')) continue;
    const name = path.split('/').pop() ?? path;
    if (path.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) continue;
    const role = roleOf(name);
    if (!role) continue;
    const shown = relative(cwd, resolve(top, path)).split(sep).join('/');
    const bytesInGit = Number(size);
    if (bytesInGit > LIMITS.fileBytes) {
      diagnostics.push(diag('limit', 'error', 'load.too-big', { size: bytesInGit, max: LIMITS.fileBytes }, { file: shown, line: 1, column: 1 }));
      continue;
    }
    // Bytes, not text: the size limit and the UTF-8 check apply as they do on disk.
    const bytes = execFileSync('git', ['cat-file', 'blob', object], { cwd: top, maxBuffer: LIMITS.fileBytes + 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    const res = parseBytes(bytes, shown, role);
    diagnostics.push(...res.diagnostics);
    if (res.document) sources.push(res.document);
  }
  if (entries.length > LIMITS.files) diagnostics.push(diag('limit', 'error', 'load.too-many', { count: entries.length, max: LIMITS.files }, { file: dir, line: 1, column: 1 }));
  // Nothing at all under the folder: it does not exist at this revision.
  return entries.length ? { sources, diagnostics } : { sources, diagnostics, missing: true };
}

/**
 * The files of folder `dir` at revision `rev` (relative to the folder) with
 * their git blob ids; empty when the folder is not there. For `diff`, which
 * must report a change of the template folder (templates are code).
 */
export function treeAtRevision(rev: string, dir: string, cwd = process.cwd()): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
    const inRepo = relative(top, resolve(cwd, dir)).split(sep).join('/');
    if (inRepo.startsWith('..')) return out;
    const listing = git(['ls-tree', '-r', '-z', '--full-tree', rev, '--', inRepo || '.'], top);
    for (const entry of listing.split('\0').filter(Boolean)) {
      const tab = entry.indexOf('\t');
      const [, , object] = entry.slice(0, tab).split(' ');
      out.set(entry.slice(tab + 1).slice(inRepo ? inRepo.length + 1 : 0), object);
    }
  } catch {
    return out;
  }
  return out;
}

/** The files of folder `dir` on disk with the blob ids git would give them (so both sides of a diff compare alike). */
export function treeOnDisk(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const rel = sub ? `${sub}/${name}` : name;
      const st = lstatSync(join(dir, rel));
      if (st.isDirectory()) walk(rel);
      else if (st.isFile() && st.size <= LIMITS.fileBytes) {
        const bytes = readFileSync(join(dir, rel));
        out.set(rel, createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'));
      } else out.set(rel, st.isSymbolicLink() ? 'link' : `size ${st.size}`);
    }
  };
  walk('');
  return out;
}

/** A template folder's change as one config row: the files added, removed or changed. */
export function treeChange(before: Map<string, string>, after: Map<string, string>): { before?: string; after?: string } | undefined {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changed = names.filter((n) => before.get(n) !== after.get(n));
  if (!changed.length) return undefined;
  const list = (m: Map<string, string>) => {
    const shown = changed.filter((n) => m.has(n));
    return shown.length ? shown.slice(0, 20).map((n) => `${n}@${m.get(n)!.slice(0, 8)}`).join(', ') + (shown.length > 20 ? `, … (${shown.length - 20})` : '') : undefined;
  };
  return { before: list(before), after: list(after) };
}
