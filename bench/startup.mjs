// Start-up of `rulebook check` on the shipped policies, side by side with a bare
// `node -e 0`, in one run: the ratio is what issue 2 bounds (≤ 3×).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function time(args, runs) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && args[0] !== '-e') throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

export async function main({ runs = 15 } = {}) {
  time(['-e', '0'], 3);
  time(['bin/rulebook.js', 'check', 'policies'], 3);
  const bare = time(['-e', '0'], runs);
  const check = time(['bin/rulebook.js', 'check', 'policies'], runs);
  const help = time(['bin/rulebook.js', '--help'], runs);
  console.log('start-up (median of %d runs)', runs);
  console.log(`  node -e 0                        ${bare.toFixed(1).padStart(7)} ms   1.00×`);
  console.log(`  rulebook --help                  ${help.toFixed(1).padStart(7)} ms   ${(help / bare).toFixed(2)}×`);
  console.log(`  rulebook check policies          ${check.toFixed(1).padStart(7)} ms   ${(check / bare).toFixed(2)}×   (target ≤ 3.00×)`);
  return { bare, check, help };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
