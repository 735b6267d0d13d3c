// Batch evaluation through the CLI: a CSV of commission inputs → JSON lines, with
// exact money, measured as rows per minute (issue 4 target: ≥ 1,000,000 rows/min),
// and peak memory, which must stay flat however long the file is. The output is
// checked, not just timed: one line per row, in order, each equal to what the
// compiled module (built here from the same policies) gives for that row; the
// load average is printed beside the figure.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Row i of the input: sales and conversion as the CSV holds them. */
const row = (i) => [`${(i * 7919) % 1000000}.${String(i % 100).padStart(2, '0')}`, `${(i * 37) % 101}%`];

async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write('sales,conversion\n');
  for (let i = 0; i < rows; i++) {
    const line = `${row(i).join(',')}\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

export async function main({ rows = Number(process.env.BATCH_ROWS ?? 1_000_000) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-batch-'));
  try {
    const csv = join(dir, 'in.csv');
    await writeCsv(csv, rows);
    const outFile = join(dir, 'out.jsonl');
    const load = loadavg()[0];
    const t = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/rulebook.js'), 'eval', 'cs.performance_bonus', '--input-file', csv, '--format', 'json'], {
      cwd: root,
      stdio: ['ignore', openSync(outFile, 'w'), 'pipe'],
      encoding: 'utf8',
    });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const peakKb = Number(r.stderr.trim().split('\n').pop());
    console.log(`batch CSV → JSONL: ${rows.toLocaleString('en')} rows in ${s.toFixed(1)} s = ${Math.round((rows / s) * 60).toLocaleString('en')} rows/min (target ≥ 1,000,000), peak memory ${(peakKb / 1024).toFixed(0)} MB, exit ${r.status}, load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
    if (r.status !== 0) throw new Error(`batch eval exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    // The answers, against the compiled module of the same policies.
    const built = spawnSync(process.execPath, [join(root, 'bin/rulebook.js'), 'build', '--out', join(dir, 'site')], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
    const mod = await import(pathToFileURL(join(dir, 'site', 'evaluator', 'index.js')).href);
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(outFile) })) {
      const got = JSON.parse(line);
      const [sales, conversion] = row(n);
      const want = mod.cs_performance_bonus({ sales, conversion });
      if (got.line !== n + 2 || JSON.stringify(got.output) !== JSON.stringify(want.output)) throw new Error(`row ${n + 1} (line ${n + 2}): batch gave ${line}, the compiled module ${JSON.stringify(want)}`);
      n++;
    }
    if (n !== rows) throw new Error(`batch gave ${n} lines for ${rows} rows`);
    console.log(`  checked: ${n.toLocaleString('en')} lines, one per row in order, each equal to the compiled module's answer`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
