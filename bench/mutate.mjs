// Benchmark of `rulebook test --mutate` (issue 16): on the shipped policies/,
// the mutation run (every single-edit mutant, the tests that reach each, a
// suggested test per survivor) against the plain test run it extends, both as
// the built CLI a user runs (`dist/cli`). Rounds interleave the two commands;
// the figures are medians with min–max, and the ratio says what mutation costs
// over testing. Run: `node bench/mutate.mjs` after `npm run build`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/rulebook.js');
const ROUNDS = 7;

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`rulebook ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const span = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;

export async function main() {
  const plain = [];
  const mutate = [];
  let report;
  time(['test', 'policies']);
  for (let i = 0; i < ROUNDS; i++) {
    plain.push(time(['test', 'policies', '--format', 'json']).ms);
    const m = time(['test', 'policies', '--mutate', '--format', 'json']);
    mutate.push(m.ms);
    report = JSON.parse(m.stdout).mutation;
  }
  console.log(`policies/: ${report.total} mutants, ${report.killed} killed, ${report.equivalent} equivalent`);
  console.log(`test           ${median(plain).toFixed(0)} ms (${span(plain)})`);
  console.log(`test --mutate  ${median(mutate).toFixed(0)} ms (${span(mutate)})`);
  console.log(`ratio          ${(median(mutate) / median(plain)).toFixed(2)}× the plain test run (load average ${(await import('node:os')).loadavg()[0].toFixed(2)})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
