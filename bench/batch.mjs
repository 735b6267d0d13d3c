// Batch evaluation through the CLI: a CSV of commission inputs → JSON lines, with
// exact money, measured as rows per minute (issue 4 target: ≥ 1,000,000 rows/min),
// and peak memory, which must stay flat however long the file is.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write('sales,conversion\n');
  for (let i = 0; i < rows; i++) {
    const line = `${(i * 7919) % 1000000}.${String(i % 100).padStart(2, '0')},${(i * 37) % 101}%\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

export async function main({ rows = Number(process.env.BATCH_ROWS ?? 1_000_000) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-batch-'));
  try {
    const csv = join(dir, 'in.csv');
    await writeCsv(csv, rows);
    const t = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/rulebook.js'), 'eval', 'cs.performance_bonus', '--input-file', csv, '--format', 'json'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const peakKb = Number(r.stderr.trim().split('\n').pop());
    console.log(`batch CSV → JSONL: ${rows.toLocaleString('en')} rows in ${s.toFixed(1)} s = ${Math.round((rows / s) * 60).toLocaleString('en')} rows/min (target ≥ 1,000,000), peak memory ${(peakKb / 1024).toFixed(0)} MB, exit ${r.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
