/**
 * `rulebook init [dir]`: writes a new policy repository. Refuses (exit 2,
 * nothing written) when any of its files already exists, so it never
 * overwrites an author's work.
 */
import { lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initFiles } from '../../init/index.js';
import type { CommandInput } from '../registry.js';
import { asWriteError, WriteError } from '../write.js';

const exists = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

export async function run(input: CommandInput): Promise<number> {
  const dir = resolve(typeof input.args[0] === 'string' && input.args[0] ? input.args[0] : '.');
  const files = initFiles();
  const taken = files.filter((f) => exists(join(dir, f.path)));
  if (taken.length) {
    process.stderr.write(`rulebook init: refusing to overwrite existing files (nothing written):\n${taken.map((f) => `  ${f.path}\n`).join('')}`);
    return 2;
  }
  if (exists(dir) && !statSync(dir).isDirectory()) {
    process.stderr.write(`rulebook init: \`${dir}\` is a file, not a folder (nothing written)\n`);
    return 2;
  }
  try {
    for (const f of files) {
      const abs = join(dir, f.path);
      mkdirSync(dirname(abs), { recursive: true });
      // `wx`: fail rather than overwrite, should a file appear meanwhile.
      writeFileSync(abs, f.content, { flag: 'wx' });
    }
  } catch (e) {
    const err = asWriteError(e, dir);
    if (!(err instanceof WriteError)) throw err;
    process.stderr.write(`rulebook init: ${err.message}\n`);
    return 2;
  }
  process.stdout.write(`created ${files.length} files in ${dir}:\n${files.map((f) => `  ${f.path}\n`).join('')}next: rulebook check && rulebook test\n`);
  return 0;
}
