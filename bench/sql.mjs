// `node bench/sql.mjs` (or `npm run bench sql`): 1,000,000 commission rows
// (cs.performance_bonus on the bundled policies) through
//   - `rulebook eval --input-file` on one thread and on N worker threads (--jobs),
//   - the compiled module (dist/evaluator) in process,
//   - the generated DuckDB macros (embedded, @duckdb/node-api),
//   - the generated PostgreSQL functions (a throwaway cluster, see sql-postgres.mjs),
// rows per second side by side in one run, medians of interleaved rounds, and
// every result cross-checked: the exact sum of all bonuses (in cents) and the
// count must be the same everywhere. BENCH_SQL_ROWS and BENCH_SQL_ROUNDS change
// the size; the machine's load average is printed with the figures, since a
// shared machine makes the thread speedup smaller than it is.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTs, root } from './eval-load.mjs';
import { startPostgres, parseCsv } from './sql-postgres.mjs';

const ROWS = Number(process.env.BENCH_SQL_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_SQL_ROUNDS ?? 3);
const now = () => performance.now();

/** Row i: sales with cents, conversion a whole percent from 0 to 100. */
const salesOf = (i) => `${(i * 7919) % 1000000}.${String(i % 100).padStart(2, '0')}`;
const convOf = (i) => (i * 37) % 101;

async function writeCsv(file) {
  const out = createWriteStream(file);
  out.write('employee,sales,conversion\n');
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(`E${i},${salesOf(i)},${convOf(i)}%\n`)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

const cents = (s) => {
  const [a, b = ''] = String(s).split('.');
  return BigInt(a) * 100n + BigInt((b + '00').slice(0, 2)) * (a.startsWith('-') ? -1n : 1n);
};
const show = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/** One CLI batch run: wall time, and the exact sum and count of its bonuses (checking the employee ids come back in order). */
function cli(csv, jobs) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const p = spawn(process.execPath, [join(root, 'bin/rulebook.js'), 'eval', 'cs.performance_bonus', '--input-file', csv, '--jobs', String(jobs), '--policies', join(root, 'policies')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let sum = 0n;
    let n = 0;
    let rest = '';
    let inOrder = true;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop();
      for (const l of lines) {
        const k = l.indexOf('"bonus":"');
        if (k < 0) continue;
        if (!l.startsWith(`{"line":${n + 2},"employee":"E${n}"`)) inOrder = false;
        sum += cents(l.slice(k + 9, l.indexOf('"', k + 9)));
        n++;
      }
    });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ ms: now() - t0, sum, n, inOrder }) : reject(new Error(`eval exited ${code}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms) => (ROWS / ms) * 1000;
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M rows/s` : `${(x / 1e3).toFixed(0)} k rows/s`);

export async function main() {
  const jobs = Math.max(2, availableParallelism());
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-bench-sql-'));
  const results = [];
  const checks = [];
  try {
    const csv = join(dir, 'in.csv');
    await writeCsv(csv);
    const pipeline = await loadTs('src/pipeline.ts');
    const sqlGen = await loadTs('src/sql/index.ts');
    const compile = await loadTs('src/compile/index.ts');
    const model = pipeline.loadModel(join(root, 'policies'), {}).model;
    const { files } = sqlGen.compileSql(model);

    // The CLI, one thread and N, interleaved.
    const one = [];
    const many = [];
    for (let r = 0; r < ROUNDS; r++) {
      const a = await cli(csv, 1);
      const b = await cli(csv, jobs);
      one.push(a.ms);
      many.push(b.ms);
      if (r === 0) checks.push(['eval --jobs 1', a.sum, a.n, a.inOrder], [`eval --jobs ${jobs}`, b.sum, b.n, b.inOrder]);
    }
    results.push(['eval --input-file, 1 thread', median(one)], [`eval --input-file, --jobs ${jobs}`, median(many)]);
    console.log(`eval: 1 thread ${one.map((x) => (x / 1000).toFixed(1)).join(' ')} s; --jobs ${jobs} ${many.map((x) => (x / 1000).toFixed(1)).join(' ')} s`);

    // The compiled module in process.
    const mdir = mkdtempSync(join(root, 'node_modules/.cache/rulebook-bench-sql-'));
    writeFileSync(join(mdir, 'index.js'), compile.compileEvaluator(model).js);
    const mod = await import(pathToFileURL(join(mdir, 'index.js')).href);
    const inputs = Array.from({ length: ROWS }, (_, i) => ({ sales: salesOf(i), conversion: convOf(i) / 100 }));
    const times = [];
    for (let r = 0; r < ROUNDS; r++) {
      let sum = 0n;
      const t0 = now();
      for (const x of inputs) sum += cents(mod.cs_performance_bonus(x).output.bonus);
      times.push(now() - t0);
      if (r === 0) checks.push(['compiled module', sum, ROWS, true]);
    }
    results.push(['compiled module, in process', median(times)]);
    rmSync(mdir, { recursive: true, force: true });

    // DuckDB: the rows as a table, the bonus of each summed.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(files.get('duckdb.sql'));
    await conn.run(`CREATE TABLE t AS SELECT 'E' || i AS employee, CAST(((i * 7919) % 1000000) + (i % 100) / 100 AS DECIMAL(20,2)) AS sales, CAST(((i * 37) % 101) AS DECIMAL(12,8)) / 100 AS conversion FROM range(${ROWS}) r(i)`);
    const q = 'SELECT CAST(sum(b) AS VARCHAR) AS s, count(b) AS n FROM (SELECT cs_performance_bonus__bonus(sales, CAST(conversion AS DECIMAL(12,8))) AS b FROM t)';
    const dtimes = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = now();
      const row = (await conn.runAndReadAll(q)).getRowObjectsJson()[0];
      dtimes.push(now() - t0);
      if (r === 0) checks.push(['DuckDB', cents(row.s), Number(row.n), true]);
    }
    results.push([`DuckDB ${(await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v} (its own threads)`, median(dtimes)]);
    conn.closeSync();

    // PostgreSQL.
    const pg = await startPostgres();
    if ('skip' in pg) console.log(`PostgreSQL skipped: ${pg.skip}`);
    else {
      try {
        await pg.psql(files.get('postgres.sql'));
        await pg.psql(`CREATE TABLE t AS SELECT 'E' || i AS employee, ((i * 7919) % 1000000) + (i % 100) / 100.0 AS sales, ((i * 37) % 101) / 100.0 AS conversion FROM generate_series(0::bigint, ${ROWS - 1}) i; ANALYZE t;`);
        const base = [];
        const ptimes = [];
        for (let r = 0; r < ROUNDS; r++) {
          let t0 = now();
          await pg.psql('SELECT 1;');
          base.push(now() - t0);
          t0 = now();
          const out = parseCsv(await pg.psql('SELECT sum(b)::text AS s, count(b) AS n FROM (SELECT cs_performance_bonus__bonus(sales, conversion) AS b FROM t) x;'));
          ptimes.push(now() - t0);
          if (r === 0) checks.push([`PostgreSQL ${pg.version}`, cents(out[1][0]), Number(out[1][1]), true]);
        }
        results.push([`PostgreSQL ${pg.version.split(' ')[0]}`, median(ptimes) - median(base)]);
      } finally {
        await pg.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [l1, l5] = loadavg();
  console.log(`${ROWS.toLocaleString('en')} rows of cs.performance_bonus, median of ${ROUNDS} interleaved rounds; ${availableParallelism()} cores, load average ${l1.toFixed(1)} (1 min), ${l5.toFixed(1)} (5 min)`);
  for (const [name, ms] of results) console.log(`  ${name.padEnd(44)} ${fmt(rate(ms)).padStart(16)}   (${(ms / 1000).toFixed(2)} s)`);
  const speedup = results[0][1] / results[1][1];
  console.log(`  --jobs ${Math.max(2, availableParallelism())} vs 1 thread: ${speedup.toFixed(2)}×`);
  const [ref] = checks;
  let same = true;
  for (const [name, sum, n, inOrder] of checks) {
    const ok = sum === ref[1] && n === ROWS && inOrder;
    same &&= ok;
    console.log(`  check ${name.padEnd(30)} sum ${show(sum)}  rows ${n}${inOrder ? '' : '  OUT OF ORDER'}${ok ? '' : '  MISMATCH'}`);
  }
  if (!same) throw new Error('the engines disagree');
  return { results, speedup };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
