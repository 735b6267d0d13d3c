// Rewrites the built-ins' table in docs/format.md from src/lang/builtins/index.ts.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, root } from '../bench/eval-load.mjs';

const { withBuiltinsTable } = await loadTs('src/lang/builtins/docs.ts');
const file = join(root, 'docs/format.md');
const next = withBuiltinsTable(readFileSync(file, 'utf8'));
if (next === undefined) {
  console.error('error: docs/format.md lacks the built-ins markers');
  process.exit(2);
}
writeFileSync(file + '.tmp', next);
renameSync(file + '.tmp', file);
