/**
 * Every file rulebook writes goes through here, at the CLI's edge (the stages
 * only return contents): a temporary sibling, then a rename. A reader, or
 * `rulebook serve`, never sees half a file or half a site, and a failed or
 * killed run leaves what was there before.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { register, t } from '../diagnostics/catalogue.js';
import { makeDirs } from '../load/dirs.js';

register({
  'write.cannot': { en: 'cannot write `{path}`: {why}', zh: '无法写入 `{path}`：{why}' },
  'write.why.EACCES': { en: 'permission denied', zh: '没有权限' },
  'write.why.EPERM': { en: 'permission denied', zh: '没有权限' },
  'write.why.EROFS': { en: 'the file system is read-only', zh: '文件系统是只读的' },
  'write.why.ENOTDIR': { en: 'a part of the path is a file, not a folder', zh: '路径中的某一段是文件，不是文件夹' },
  'write.why.EEXIST': { en: 'a file is in the way', zh: '有文件挡在那里' },
  'write.why.EISDIR': { en: 'it is a folder', zh: '它是文件夹' },
  'write.why.ENOSPC': { en: 'the disk is full', zh: '磁盘已满' },
  'write.why.EDQUOT': { en: 'the disk quota is used up', zh: '磁盘配额已用完' },
  'write.why.ENAMETOOLONG': { en: 'the name is too long', zh: '名称太长' },
  'write.why.ENOENT': { en: 'a folder on the way is missing or cannot be made there', zh: '路径上的文件夹不存在或无法在那里创建' },
  'write.out-is-file': { en: '--out `{path}` is a file, not a folder', zh: '--out `{path}` 是文件，不是文件夹' },
  'write.out-inside': {
    en: 'refusing --out `{out}`: it is inside the policy folder `{policies}` (the next check would read the handbook as a policy); choose a folder outside it, e.g. `dist`',
    zh: '拒绝 --out `{out}`：它在制度文件夹 `{policies}` 里（下一次 check 会把手册当作制度读取）；请选择它外面的文件夹，例如 `dist`',
  },
  'write.out-replaces': {
    en: 'refusing --out `{out}`: its `{entry}` would replace the policy folder `{policies}`',
    zh: '拒绝 --out `{out}`：其中的 `{entry}` 会替换制度文件夹 `{policies}`',
  },
  'write.symlink': { en: 'refusing to replace `{path}`: it is a symbolic link', zh: '拒绝替换 `{path}`：它是符号链接' },
  'write.foreign': {
    en: 'refusing to replace `{path}`: rulebook did not write it; remove it or choose another --out',
    zh: '拒绝替换 `{path}`：它不是 rulebook 写的；请删除它或换一个 --out',
  },
  'write.locked': {
    en: 'another rulebook (process {pid}) is writing `{path}`; wait for it to finish or remove `{lock}`',
    zh: '另一个 rulebook（进程 {pid}）正在写入 `{path}`；请等它结束或删除 `{lock}`',
  },
});


/** Writes `files` (relative path → content) as the folder `outDir`, replacing it whole (the site, the evaluator). */
export function replaceFolder(files: ReadonlyMap<string, string | Uint8Array>, outDir: string): void {
  const parent = dirname(outDir);
  makeDirs(parent);
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}-${Date.now()}`);
  const old = join(parent, `.${basename(outDir)}.old-${process.pid}-${Date.now()}`);
  try {
    const dirs = new Set<string>();
    for (const [rel, content] of files) {
      if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`refusing to write outside the site: \`${rel}\``);
      const target = join(tmp, rel);
      const dir = dirname(target);
      if (!dirs.has(dir)) {
        makeDirs(dir);
        dirs.add(dir);
      }
      writeFileSync(target, content);
    }
    makeDirs(tmp);
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
  makeDirs(dirname(path));
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

/**
 * A write the user can fix (an `--out` that is a file, a read-only folder, a
 * folder rulebook did not make): the command says so and exits 2, never
 * "internal error".
 */
export class WriteError extends Error {
  override name = 'WriteError';
  /** The message of catalogue entry `key`, in the run's language. */
  static of(key: string, params: Record<string, string | number>): WriteError {
    return new WriteError(t(key, params).message);
  }
}

const USER_FS_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'ENOENT', 'ELOOP', 'EBUSY', 'EMFILE', 'EXDEV', 'ENOTEMPTY']);

/** `e` as a WriteError naming `path` when it is a file-system refusal, else `e` itself (a bug of ours). */
export function asWriteError(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof WriteError || !code || !USER_FS_ERRORS.has(code)) return e;
  const why = t(`write.why.${code}`).message;
  return WriteError.of('write.cannot', { path, why: why.startsWith('write.why.') ? code : why });
}

/** Entries `publish` owns in an output folder, and how to tell an entry made by an older rulebook without a manifest. */
const MANIFEST = '.rulebook-build.json';
const JOURNAL = '.rulebook-swap.json';
const LOCK = '.rulebook-lock';

interface Journal {
  stage: string;
  old: string;
  entries: string[];
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const entryExists = (p: string): boolean => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** Finishes a swap a killed run committed to (its journal written, some renames left): the new entries go in whole. */
function rollForward(out: string): void {
  let j: Journal;
  try {
    j = JSON.parse(readFileSync(join(out, JOURNAL), 'utf8')) as Journal;
  } catch {
    return;
  }
  // Only names this code writes: a planted journal cannot move anything else.
  const ok = (n: string) => typeof n === 'string' && /^\.rulebook-(stage|old)-[0-9a-z-]+$/.test(n);
  if (!ok(j.stage) || !ok(j.old) || !Array.isArray(j.entries)) {
    rmSync(join(out, JOURNAL), { force: true });
    return;
  }
  makeDirs(join(out, j.old));
  for (const e of j.entries) {
    if (!/^[a-z][a-z0-9.-]*$/.test(e)) continue;
    const staged = join(out, j.stage, e);
    if (!entryExists(staged)) continue;
    if (entryExists(join(out, e)) && !entryExists(join(out, j.old, e))) renameSync(join(out, e), join(out, j.old, e));
    rmSync(join(out, e), { recursive: true, force: true });
    renameSync(staged, join(out, e));
  }
  rmSync(join(out, JOURNAL), { force: true });
}

/** Temporary folders and files (a half-written journal or manifest) of runs that died, theirs or older rulebooks': their pid is gone. */
function cleanLeftovers(out: string): void {
  for (const name of readdirSync(out)) {
    const m = /^\.rulebook-(?:stage|old)-(\d+)-/.exec(name) ?? /^\.(?:handbook|evaluator)\.(?:tmp|old)-(\d+)-/.exec(name) ?? /^\.(?:handbook\.md|\.rulebook-swap\.json|\.rulebook-build\.json)\.rulebook-(\d+)\.tmp$/.exec(name);
    if (m && (Number(m[1]) === process.pid || !isAlive(Number(m[1])))) rmSync(join(out, name), { recursive: true, force: true });
  }
}

/**
 * Takes the output folder's lock, waiting for a live holder (two builds into
 * one folder run one after the other) and taking over a dead one's. Returns
 * the release function.
 */
async function lock(out: string, waitMs: number): Promise<() => void> {
  const file = join(out, LOCK);
  const start = Date.now();
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
      // A dead holder's lock: remove it and try again (another waiter may win the race: fine).
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() - start > waitMs) throw WriteError.of('write.locked', { pid: holder, path: out, lock: file });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether `out` holds an older rulebook's output, made before the manifest: its generated evaluator or its search index. */
function legacyOutput(out: string): boolean {
  try {
    if (readFileSync(join(out, 'evaluator', 'index.js'), 'utf8').startsWith('// Generated by rulebook')) return true;
  } catch {
    // not there: try the site
  }
  return existsSync(join(out, 'handbook', 'assets', 'search-index.json')) && existsSync(join(out, 'handbook', 'assets', 'evaluator.js'));
}

/** What publish writes: an entry name (`handbook`, `handbook.md`, `evaluator`) → a folder's files or a file's content. */
export type Entries = ReadonlyMap<string, ReadonlyMap<string, string | Uint8Array> | string | Uint8Array>;

/**
 * Writes `entries` into the folder `out` as one unit, touching nothing else
 * in it: all of them are written into a staging folder inside `out`, a
 * journal naming the swap is written (the commit point), then each entry is
 * renamed into place. A run killed before the journal leaves the old entries;
 * one killed after is completed by the next `publish` (the new entries, all
 * of them). Refuses (WriteError) an entry that holds something rulebook did
 * not write (the manifest lists what it wrote), and an `out` that is a file
 * or cannot be written. Concurrent runs wait on a lock in `out`.
 */
export async function publish(entries: Entries, out: string, opts: { waitMs?: number } = {}): Promise<void> {
  try {
    if (entryExists(out) && !statSync(out).isDirectory()) throw WriteError.of('write.out-is-file', { path: out });
    makeDirs(out);
  } catch (e) {
    throw asWriteError(e, out);
  }
  let release: (() => void) | undefined;
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const stage = `.rulebook-stage-${stamp}`;
  const old = `.rulebook-old-${stamp}`;
  try {
    release = await lock(out, opts.waitMs ?? 120_000);
    rollForward(out);
    cleanLeftovers(out);
    let manifest: string[] = [];
    try {
      const m = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { entries?: unknown };
      if (Array.isArray(m.entries)) manifest = m.entries.filter((x): x is string => typeof x === 'string');
    } catch {
      manifest = [];
    }
    const legacy = manifest.length === 0 && legacyOutput(out);
    for (const name of entries.keys()) {
      const at = join(out, name);
      if (!entryExists(at)) continue;
      if (lstatSync(at).isSymbolicLink()) throw WriteError.of('write.symlink', { path: at });
      if (!manifest.includes(name) && !legacy) {
        throw WriteError.of('write.foreign', { path: at });
      }
    }
    for (const [name, content] of entries) {
      if (typeof content === 'string' || content instanceof Uint8Array) {
        makeDirs(join(out, stage));
        writeFileSync(join(out, stage, name), content);
      } else writeTree(content, join(out, stage, name));
    }
    writeFileAtomic(join(out, JOURNAL), JSON.stringify({ stage, old, entries: [...entries.keys()] } satisfies Journal));
    rollForward(out);
    writeFileAtomic(join(out, MANIFEST), JSON.stringify({ tool: 'rulebook', entries: [...new Set([...manifest, ...entries.keys()])].sort() }, null, 2) + '\n');
  } catch (e) {
    throw asWriteError(e, out);
  } finally {
    rmSync(join(out, old), { recursive: true, force: true });
    // A failure before the journal leaves the stage: drop it (after the journal, rollForward has emptied it).
    if (!entryExists(join(out, JOURNAL))) rmSync(join(out, stage), { recursive: true, force: true });
    release?.();
  }
}

/** Writes `files` (relative path → content) under the new folder `dir`. */
function writeTree(files: ReadonlyMap<string, string | Uint8Array>, dir: string): void {
  const dirs = new Set<string>();
  makeDirs(dir);
  for (const [rel, content] of files) {
    if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`refusing to write outside the site: \`${rel}\``);
    const target = join(dir, rel);
    const parent = dirname(target);
    if (!dirs.has(parent)) {
      makeDirs(parent);
      dirs.add(parent);
    }
    writeFileSync(target, content);
  }
}
