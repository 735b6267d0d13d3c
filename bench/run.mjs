// `npm run bench`: every benchmark in one run, each printing its own side-by-side
// ratios. Speed is measured here, never asserted in the test suite.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['startup', 'check', 'build', 'eval', 'tables', 'batch', 'handbook', 'mutate', 'lsp'].filter((b) => only.length === 0 || only.includes(b));

let failed = 0;
for (const name of benches) {
  const file = join(here, `${name}.mjs`);
  if (!existsSync(file)) continue;
  console.log(`\n== ${name}`);
  try {
    const mod = await import(pathToFileURL(file).href);
    await mod.main();
  } catch (e) {
    failed++;
    console.error(`bench ${name} failed: ${e?.stack ?? e}`);
  }
}
process.exitCode = failed ? 1 : 0;
