// `rulebook build` (check, tests, handbook, evaluator) on one policy file
// holding a one-input `unique` table of N threshold bands, at 1k, 4k and 16k
// rows (and 100k with --full, or when bench/run.mjs is given `build-full`):
// the goal is a linear build, 4k within 6× of 1k and under 10 s, and
// 100k under 2 minutes. Each size is run as the command a user runs (a whole
// process, a fresh parse cache each time), in interleaved rounds; the figure is the median
// wall time and the median CPU time of the process and its workers (from the
// shell's `times`), with the load average printed beside each round.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'rulebook.js');

/** A document with one decision: `amount` in [100i, 100(i+1)) → bonus i (money), every band a row. */
export function tableYaml(rows) {
  const lines = [
    'id: bench-table',
    'title: 基准表',
    'version: 1',
    'owner: 人事部',
    'sections:',
    '  - id: rule',
    '    title: 规则',
    '    text: |',
    `      按金额分为 ${rows} 档。`,
    'decisions:',
    '  - id: bench.bonus',
    '    title: 分档奖金',
    '    clause: "#rule"',
    '    hit: unique',
    '    inputs:',
    `      amount: { type: money, label: 金额, domain: "[0..${rows * 100})" }`,
    '    outputs:',
    '      bonus: { type: money, label: 奖金 }',
    '    rules:',
  ];
  for (let i = 0; i < rows; i++) lines.push(`      - { when: { amount: "[${i * 100}..${(i + 1) * 100})" }, then: { bonus: ${i} } }`);
  return `${lines.join('\n')}\n`;
}

function folder(rows) {
  const dir = mkdtempSync(join(tmpdir(), `rulebook-bench-build-${rows}-`));
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  writeFileSync(join(policies, 'rulebook.yaml'), 'title: 基准\nlocale: zh-CN\ncurrency: CNY\naudiences: { staff: 全体员工 }\ndefaultAudience: staff\n');
  writeFileSync(join(policies, 'table.yaml'), tableYaml(rows));
  return { dir, policies, out: join(dir, 'dist') };
}

/** One build as a whole process: wall ms and CPU ms (user + system of the command and its threads). */
function buildOnce(f) {
  rmSync(f.out, { recursive: true, force: true });
  // A fresh cache folder: every build parses, as a fresh clone and CI do.
  const cache = join(f.dir, 'cache');
  rmSync(cache, { recursive: true, force: true });
  const script = `"${process.execPath}" "${cli}" build --policies "${f.policies}" --out "${f.out}" >/dev/null 2>"${f.dir}/err"; s=$?; times; exit $s`;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache } });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`build failed (${r.status}) in ${f.dir}: ${r.stdout}${r.stderr}`);
  // `times` prints the shell's times, then its children's: "0m1.234s 0m0.123s".
  const child = r.stdout.trim().split('\n').pop();
  const secs = [...child.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: (secs[0] + secs[1]) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main({ sizes = process.argv.includes('--full') || process.argv.includes('build-full') ? [1000, 4000, 16000, 100000] : [1000, 4000, 16000], rounds = 3 } = {}) {
  const folders = sizes.map((n) => ({ n, ...folder(n) }));
  const results = new Map(sizes.map((n) => [n, []]));
  try {
    buildOnce(folders[0]); // warm the file system and node's code cache
    for (let r = 0; r < rounds; r++) {
      for (const f of folders) {
        // The 100k build takes a minute: once is enough to see the goal.
        if (f.n >= 100000 && r > 0) continue;
        const x = buildOnce(f);
        results.get(f.n).push(x);
        console.log(`  round ${r + 1}  ${String(f.n).padStart(6)} rows  ${(x.wall / 1000).toFixed(2).padStart(6)} s wall  ${(x.cpu / 1000).toFixed(2).padStart(6)} s CPU   load ${loadavg()[0].toFixed(2)}`);
      }
    }
    const base = median(results.get(sizes[0]).map((x) => x.wall));
    console.log('\n  rows     wall (median)   CPU (median)   × the 1k build   goal');
    for (const n of sizes) {
      const xs = results.get(n);
      const wall = median(xs.map((x) => x.wall));
      const cpu = median(xs.map((x) => x.cpu));
      const goal = n === 4000 ? '≤ 6× and < 10 s' : n === 100000 ? '< 120 s' : '';
      console.log(`  ${String(n).padStart(6)}   ${(wall / 1000).toFixed(2).padStart(8)} s   ${(cpu / 1000).toFixed(2).padStart(8)} s   ${(wall / base).toFixed(2).padStart(8)}×      ${goal}`);
    }
  } finally {
    for (const f of folders) rmSync(f.dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
