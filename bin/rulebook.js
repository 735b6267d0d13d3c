#!/usr/bin/env node
// The installed entry point. Runs the CLI bundle (built by `npm run build`, which
// `npm ci` runs) through V8's code cache: the build records the compiled code once,
// so each run skips most parsing and compiling (Node 20 caches scripts, not modules).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url));
if (!existsSync(file)) {
  process.stderr.write('rulebook: the CLI is not built yet; run `npm run build` (or `npm ci`) in the rulebook folder\n');
  process.exit(2);
}
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = readFileSync(file, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, fileURLToPath(new URL('../dist/cli/', import.meta.url)));
await module.exports.runCli(process.argv.slice(2));

if (process.env.RULEBOOK_CODE_CACHE === 'write') {
  // After a real run, so the functions that run are in the cache too.
  writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
  renameSync(`${cacheFile}.tmp`, cacheFile);
}
