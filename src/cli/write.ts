/**
 * Every file rulebook writes goes through here, at the CLI's edge (the stages
 * only return contents): a temporary sibling, then a rename. A reader, or
 * `rulebook serve`, never sees half a file or half a site, and a failed or
 * killed run leaves what was there before.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `files` (relative path → content) as the folder `outDir`, replacing it whole (the site, the evaluator). */
export function replaceFolder(files: ReadonlyMap<string, string | Uint8Array>, outDir: string): void {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}-${Date.now()}`);
  const old = join(parent, `.${basename(outDir)}.old-${process.pid}-${Date.now()}`);
  try {
    const dirs = new Set<string>();
    for (const [rel, content] of files) {
      if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`refusing to write outside the site: \`${rel}\``);
      const target = join(tmp, rel);
      const dir = dirname(target);
      if (!dirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        dirs.add(dir);
      }
      writeFileSync(target, content);
    }
    mkdirSync(tmp, { recursive: true });
    // Two renames: the old site moves aside, the new one takes its place; the gap is one syscall wide.
    let hadOld = true;
    try {
      renameSync(outDir, old);
    } catch {
      hadOld = false;
    }
    renameSync(tmp, outDir);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Writes one file by a temporary sibling and a rename; `mode` keeps a replaced
 * file's permissions. The temporary name is hidden (policy walks skip it) and
 * created exclusively, so it never clobbers someone else's file.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.rulebook-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx', mode });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Brings the folder `outDir` from `previous` (what the last call wrote, updated
 * here) to `files`, writing only the files whose content changed, each
 * atomically, and removing the files that are gone. For `rulebook serve`:
 * after one document changes, a handful of files are written instead of the
 * whole site. A missing folder is written whole.
 */
export function updateFolder(files: ReadonlyMap<string, string | Uint8Array>, outDir: string, previous: Map<string, string | Uint8Array>): void {
  if (previous.size === 0 || !existsSync(outDir)) {
    replaceFolder(files, outDir);
  } else {
    for (const [rel, content] of files) {
      if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`refusing to write outside the site: \`${rel}\``);
      const before = previous.get(rel);
      if (before === content) continue;
      writeFileAtomic(join(outDir, rel), content);
    }
    for (const rel of previous.keys()) if (!files.has(rel)) rmSync(join(outDir, rel), { force: true });
  }
  previous.clear();
  for (const [rel, content] of files) previous.set(rel, content);
}
