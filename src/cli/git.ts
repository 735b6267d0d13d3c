/**
 * Reading a policy folder as it was at a git revision, without checking out:
 * `git ls-tree` lists the files, `git show rev:path` gives each text, and
 * `parseBytes` turns it into the same SourceDocuments the disk loader gives,
 * with the same file names (relative to the current directory).
 */
import { execFileSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
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
    listing = git(['ls-tree', '-r', '-z', '--full-tree', rev, '--', inRepo || '.'], top);
  } catch {
    return { sources: [], diagnostics: [], error: `unknown revision ${rev}` };
  }
  const sources: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries = listing.split('\0').filter(Boolean);
  for (const entry of entries.slice(0, LIMITS.files)) {
    // `<mode> <type> <object>\t<path>`: only regular files (symlinks are mode 120000).
    const tab = entry.indexOf('\t');
    const [mode, type, object] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (type !== 'blob' || !mode.startsWith('100')) continue;
    const name = path.split('/').pop() ?? path;
    if (path.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) continue;
    const role = roleOf(name);
    if (!role) continue;
    const shown = relative(cwd, resolve(top, path)).split(sep).join('/');
    // Bytes, not text: the size limit and the UTF-8 check apply as they do on disk.
    const bytes = execFileSync('git', ['cat-file', 'blob', object], { cwd: top, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    const res = parseBytes(bytes, shown, role);
    diagnostics.push(...res.diagnostics);
    if (res.document) sources.push(res.document);
  }
  if (entries.length > LIMITS.files) diagnostics.push(diag('limit', 'error', 'load.too-many', { count: entries.length, max: LIMITS.files }, { file: dir, line: 1, column: 1 }));
  // Nothing at all under the folder: it does not exist at this revision.
  return entries.length ? { sources, diagnostics } : { sources, diagnostics, missing: true };
}
