// Loads TypeScript sources of this repository into a plain Node script (the
// benchmark, the TCK runner): esbuild bundles an entry into a temp file, which
// is then imported. Not used by the library or the tests.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Imports `src/…​.ts` (path relative to the repository root) through an esbuild bundle. */
export async function loadTs(rel) {
  // Inside the repository, so the bundle's bare imports resolve to node_modules.
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/rulebook-ts-'));
  const outfile = join(dir, rel.replace(/[\/.]/g, '_') + '.mjs');
  await build({
    entryPoints: [join(root, rel)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
    packages: 'external',
    absWorkingDir: root,
  });
  return import(pathToFileURL(outfile).href);
}
