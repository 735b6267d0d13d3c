// Builds the extension (one CommonJS file: the extension with vscode-jsonrpc
// bundled, `vscode` left to the editor), copies the policy schemas it maps,
// and packages it as rulebook-policies.vsix with @vscode/vsce. Offline: no
// dependency is fetched (the bundle holds them; `--no-dependencies`).
//   node editors/vscode/build.mjs [--bundle-only]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
rmSync(join(here, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(here, 'src/extension.js')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  external: ['vscode'],
  outfile: join(here, 'dist/extension.js'),
  logLevel: 'warning',
  legalComments: 'none',
});
mkdirSync(join(here, 'schemas'), { recursive: true });
for (const s of ['policy', 'tests', 'config']) cpSync(join(root, 'schemas', `${s}.schema.json`), join(here, 'schemas', `${s}.schema.json`));
if (!process.argv.includes('--bundle-only')) {
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', join(here, 'rulebook-policies.vsix')], { cwd: here, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
