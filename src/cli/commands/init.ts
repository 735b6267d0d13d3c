/**
 * `rulebook init [dir]`: writes a new policy repository. Refuses (exit 2,
 * nothing written) when any of its files already exists, so it never
 * overwrites an author's work.
 */
import { t } from '../../diagnostics/catalogue.js';
import { chooseLang } from '../common.js';
import '../messages.js';
import { lstatSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initFiles } from '../../init/index.js';
import type { CommandInput } from '../registry.js';
import { makeDirs } from '../../load/dirs.js';
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
  chooseLang(input, typeof input.args[0] === 'string' && input.args[0] ? input.args[0] : '.');
  const dir = resolve(typeof input.args[0] === 'string' && input.args[0] ? input.args[0] : '.');
  const files = initFiles();
  const taken = files.filter((f) => exists(join(dir, f.path)));
  if (taken.length) {
    process.stderr.write(`rulebook init: ${t('init.taken').message}\n${taken.map((f) => `  ${f.path}\n`).join('')}`);
    return 2;
  }
  if (exists(dir) && !statSync(dir).isDirectory()) {
    process.stderr.write(`rulebook init: ${t('init.not-folder', { dir }).message}\n`);
    return 2;
  }
  try {
    for (const f of files) {
      const abs = join(dir, f.path);
      makeDirs(dirname(abs));
      // `wx`: fail rather than overwrite, should a file appear meanwhile.
      writeFileSync(abs, f.content, { flag: 'wx' });
    }
  } catch (e) {
    const err = asWriteError(e, dir);
    if (!(err instanceof WriteError)) throw err;
    process.stderr.write(`rulebook init: ${err.message}\n`);
    return 2;
  }
  process.stdout.write(`${t('init.created', { count: files.length, dir }).message}\n${files.map((f) => `  ${f.path}\n`).join('')}${t('init.next', { command: 'rulebook check && rulebook test' }).message}\n`);
  return 0;
}
