/**
 * Where a command stands: the repository around a folder, found as git finds
 * it (walking up to the nearest `.git`), and the policy folder a command uses
 * when none is named, so `rulebook check` works from any subfolder of the
 * repository (`policies/`, `policies/hr/`) as `git status` does.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Whether `p` is `root` or inside it (both absolute, real paths). */
export const isInside = (root: string, p: string): boolean => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** The work tree holding `start` (the nearest folder with a `.git` entry, file or folder), or undefined outside git. */
export function findRepository(start: string): string | undefined {
  let dir = real(start);
  for (let i = 0; i < 256; i++) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The policy folder when none is named: `./policies` if it exists; else,
 * walking up to the repository's top, the first `<folder>/policies` holding a
 * `rulebook.yaml`, else the nearest folder that itself holds one (a policy
 * folder by another name, entered). Returned relative to `cwd`, since file
 * names in reports are; `policies` when nothing is found (its error says so).
 */
export function defaultPolicyDir(cwd = process.cwd()): string {
  if (isDir(join(cwd, 'policies'))) return 'policies';
  const here = real(cwd);
  const top = findRepository(here);
  let nearest: string | undefined;
  let dir = here;
  for (let i = 0; i < 256; i++) {
    if (existsSync(join(dir, 'policies', 'rulebook.yaml'))) return relative(here, join(dir, 'policies')) || '.';
    if (!nearest && existsSync(join(dir, 'rulebook.yaml'))) nearest = dir;
    const up = dirname(dir);
    if (dir === top || up === dir) break;
    dir = up;
  }
  return nearest ? relative(here, nearest) || '.' : 'policies';
}

/** The output folder when `--out` is not given: `dist` beside the policy folder (`./dist` for `./policies`). */
export function defaultOutDir(policies: string, cwd = process.cwd()): string {
  if (policies === 'policies') return 'dist';
  return relative(real(cwd), join(dirname(real(resolve(cwd, policies))), 'dist')) || 'dist';
}

/** The repository a policy folder belongs to: its git work tree, else the folder above it. */
export function repositoryOf(policies: string): string {
  return findRepository(policies) ?? dirname(real(policies));
}
