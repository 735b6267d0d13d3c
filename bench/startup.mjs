// Start-up of `rulebook check` on the shipped policies, side by side with a bare
// `node -e 0`, in one run: the ratio is what issue 17 bounds (≤ 3×), for a
// fresh clone as CI runs it, so with no parse cache. The three commands take
// turns run by run (interleaved), and each figure is the median.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function once(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env: { ...process.env, RULEBOOK_CACHE: '0' } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && args[0] !== '-e') throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main({ runs = 15 } = {}) {
  const commands = { bare: ['-e', '0'], check: ['bin/rulebook.js', 'check', 'policies'], help: ['bin/rulebook.js', '--help'] };
  for (const args of Object.values(commands)) once(args);
  const times = { bare: [], check: [], help: [] };
  const load = loadavg()[0];
  for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(commands)) times[k].push(once(args));
  const [bare, check, help] = [median(times.bare), median(times.check), median(times.help)];
  console.log(`start-up (median of ${runs} interleaved runs, no parse cache; load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)})`);
  console.log(`  node -e 0                        ${bare.toFixed(1).padStart(7)} ms   1.00×`);
  console.log(`  rulebook --help                  ${help.toFixed(1).padStart(7)} ms   ${(help / bare).toFixed(2)}×`);
  console.log(`  rulebook check policies          ${check.toFixed(1).padStart(7)} ms   ${(check / bare).toFixed(2)}×   (target ≤ 3.00×)`);
  return { bare, check, help };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
