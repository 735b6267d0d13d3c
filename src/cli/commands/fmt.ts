/**
 * `rulebook fmt [paths...] [--check]`: rewrites policy files in canonical form.
 * Only regular files inside the repository are touched (symlinks and paths
 * outside are refused), unchanged files are not written, and a write goes to a
 * temporary file in the same folder that is then renamed over the original, so
 * a crash never leaves half a policy. `--check` writes nothing, lists the files
 * that would change and exits 1 if there are any.
 */
import { t } from '../../diagnostics/catalogue.js';
import '../messages.js';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { formatSource } from '../../fmt/index.js';
import { decodeSource, roleOf } from '../../load/index.js';
import { chooseLang, policyDir } from '../common.js';
import { printableName } from '../../diagnostics/printable.js';
import type { CommandInput } from '../registry.js';
import { asWriteError, WriteError, writeFileAtomic } from '../write.js';

function repositoryRoot(cwd: string): string {
  try {
    return realpathSync(execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return realpathSync(cwd);
  }
}

const inside = (root: string, p: string) => p === root || p.startsWith(root + sep);

/**
 * Whether `file` is what the loader reads as a policy: inside a policy folder
 * (one holding `rulebook.yaml`, at or above the file, within the repository).
 * A docker-compose.yml or a README.md elsewhere in the repository is not
 * fmt's to rewrite, nor is a DMN model (fmt does not format XML).
 */
function inPolicyFolder(file: string, root: string): boolean {
  let dir = dirname(realpathSync(file));
  for (let i = 0; i < 256 && inside(root, dir); i++) {
    if (existsSync(join(dir, 'rulebook.yaml')) || existsSync(join(dir, 'rulebook.yml'))) return true;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return false;
}

/** Policy files under `paths`, with the ones refused and why. */
function collect(paths: string[], root: string): { files: string[]; refused: string[]; missing: number } {
  const files: string[] = [];
  const refused: string[] = [];
  let missing = 0;
  const walk = (p: string, given: boolean) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      refused.push(t('fmt.skipped-why', { file: p, reason: t('fmt.why.missing').message }).message);
      if (given) missing++;
      return;
    }
    if (st.isSymbolicLink()) {
      refused.push(t('fmt.skipped-why', { file: p, reason: t('fmt.why.symlink').message }).message);
      return;
    }
    if (!inside(root, realpathSync(p))) {
      refused.push(t('fmt.skipped-why', { file: p, reason: t('fmt.why.outside').message }).message);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.') && name !== 'node_modules') walk(join(p, name), false);
    } else if (st.isFile() && roleOf(basename(p)) && !/\.dmn$/i.test(p) && inPolicyFolder(p, root)) files.push(p);
    else if (given) refused.push(t('fmt.skipped-why', { file: p, reason: t('fmt.why.not-policy-file').message }).message);
  };
  for (const p of paths) walk(resolve(p), true);
  return { files, refused, missing };
}

export async function run(input: CommandInput): Promise<number> {
  const given = (input.args[0] as string[] | undefined) ?? [];
  chooseLang(input, policyDir({ args: [], opts: input.opts }));
  const paths = given.length ? given : [policyDir({ args: [], opts: input.opts })];
  const cwd = process.cwd();
  const root = repositoryRoot(cwd);
  const { files, refused, missing } = collect(paths, root);
  // Names go to a terminal or a CI log: a line break in one would start a line of its own (`::error …`).
  const show = (f: string) => printableName(relative(cwd, f).split(sep).join('/'));
  for (const r of refused) process.stderr.write(`rulebook fmt: ${printableName(r)}\n`);
  let changed = 0;
  let skipped = refused.length;
  let unwritable = 0;
  for (const file of files) {
    // Decoded strictly: a GBK file read as UTF-8 would be written back with its bytes replaced.
    const text = decodeSource(readFileSync(file), show(file)).text;
    const res = text === undefined ? ({ status: 'skipped', reason: 'unreadable' } as const) : formatSource(text, show(file), roleOf(basename(file)) ?? 'document');
    if (res.status === 'unchanged') continue;
    if (res.status === 'skipped' && res.reason === 'not-policy') {
      // Found while walking the folder: not ours, left alone without a word; named by the user: said.
      if (given.some((g) => resolve(g) === file)) {
        skipped++;
        process.stderr.write(`rulebook fmt: ${t('fmt.skipped-why', { file: show(file), reason: t('fmt.not-policy').message }).message}\n`);
      }
      continue;
    }
    if (res.status === 'skipped') {
      skipped++;
      const why = t(res.reason === 'unreadable' ? 'fmt.unparsable' : 'fmt.meaning').message;
      process.stderr.write(`rulebook fmt: ${t('fmt.skipped-why', { file: show(file), reason: why }).message}\n`);
      continue;
    }
    changed++;
    if (input.opts.check) process.stdout.write(`${show(file)}\n`);
    else {
      try {
        writeFileAtomic(file, res.output, lstatSync(file).mode & 0o777);
      } catch (e) {
        // A read-only folder or a full disk: the user's to fix; the file stays as it was, the others go on.
        const err = asWriteError(e, show(file));
        if (!(err instanceof WriteError)) throw err;
        process.stderr.write(`rulebook fmt: ${err.message}\n`);
        unwritable++;
        continue;
      }
      process.stdout.write(`${t('fmt.formatted', { file: show(file) }).message}\n`);
    }
  }
  if (input.opts.check && changed) process.stderr.write(`${t('fmt.would-change', { count: changed }).message}\n`);
  // A path that does not exist, or a file that cannot be written, is the user's to fix, whatever else happened.
  if (missing || unwritable) return 2;
  return (input.opts.check && changed) || skipped ? 1 : 0;
}
