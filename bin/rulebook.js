#!/usr/bin/env node
// The installed entry point: runs the bundled CLI (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('rulebook: the CLI is not built yet; run `npm run build` (or `npm ci`) in the rulebook folder\n');
  process.exit(2);
}
const { runCli } = await import(bundle.href);
await runCli(process.argv.slice(2));
