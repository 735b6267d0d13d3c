/**
 * Runs the generated functions of a model on a list of cases in one engine and
 * gives each case's answer in the canonical form of helpers.ts: outputs, or
 * the `error` field. One query per decision: the cases as a VALUES list.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ident, type DialectName } from '../../src/sql/fragment.js';
import type { SqlManifest } from '../../src/sql/generate.js';
import { parseCsv, type Postgres } from '../../bench/sql-postgres.mjs';
import { canonSql, sqlArg, type Case } from './helpers.js';

export interface Answer {
  output?: Record<string, unknown>;
  error?: string;
}

type Entry = SqlManifest['decisions'][string];

function valuesList(dialect: DialectName, entry: Entry, cases: Case[]): string {
  return cases
    .map((c, i) => {
      const args = entry.arguments.map((a) => sqlArg(dialect, a.kind, c.input[a.name], a.types[dialect]));
      return `(${i}, ${[...args, `DATE '${c.asOf}'`].join(', ')})`;
    })
    .join(',\n');
}

function columns(entry: Entry): string[] {
  return [...entry.arguments.map((_, k) => `c${k}`), 'as_of'];
}

function answerOf(entry: Entry, errorField: string, row: Record<string, unknown>): Answer {
  const err = row[errorField];
  if (err !== null && err !== undefined) return { error: String(err) };
  const output: Record<string, unknown> = {};
  for (const o of entry.outputs) output[o.name] = canonSql(row[o.name], o.kind, o.types.duckdb.endsWith('[]'));
  return { output };
}

/** An embedded DuckDB with the script loaded. */
export async function duckdb(script: string): Promise<{ run(entry: Entry, cases: Case[]): Promise<Answer[]>; conn: DuckDBConnection; close(): void }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(script);
  return {
    conn,
    async run(entry, cases) {
      const cols = columns(entry);
      const q = `SELECT t.i, ${ident('duckdb', entry.function).text}(${cols.map((c) => `t.${c}`).join(', ')}) AS r FROM (VALUES ${valuesList('duckdb', entry, cases)}) AS t(i, ${cols.join(', ')}) ORDER BY t.i`;
      const reader = await conn.runAndReadAll(q);
      const rows = reader.getRowObjectsJson() as { i: number; r: Record<string, unknown> }[];
      return rows.map((x) => answerOf(entry, entry.error.field, x.r));
    },
    close() {
      conn.closeSync();
      db.closeSync();
    },
  };
}

/** A PostgreSQL (see bench/sql-postgres.mjs) in a fresh database with the script loaded. */
export async function postgres(pg: Postgres, script: string, dbName: string): Promise<{ run(entry: Entry, cases: Case[]): Promise<Answer[]> }> {
  await pg.psql(`DROP DATABASE IF EXISTS ${dbName}; CREATE DATABASE ${dbName};`);
  const use = `\\connect ${dbName}\n`;
  await pg.psql(use + script);
  return {
    async run(entry, cases) {
      const cols = columns(entry);
      const fn = ident('postgres', entry.function).text;
      const q = `${use}SELECT t.i, (x.r).* FROM (VALUES ${valuesList('postgres', entry, cases)}) AS t(i, ${cols.join(', ')}), LATERAL (SELECT ${fn}(${cols.map((c) => `t.${c}`).join(', ')}) AS r) AS x ORDER BY t.i;`;
      const rows = parseCsv(await pg.psql(q));
      const header = rows[0] as string[];
      return rows.slice(1).map((r) => {
        const o: Record<string, unknown> = {};
        header.forEach((h, k) => (o[h] = r[k]));
        const err = o[entry.error.field];
        if (err !== null && err !== undefined) return { error: String(err) };
        const output: Record<string, unknown> = {};
        for (const out of entry.outputs) output[out.name] = canonSql(o[out.name], out.kind, out.types.postgres.endsWith('[]'));
        return { output };
      });
    },
  };
}

/**
 * Spark SQL in local mode through pyspark: one Python process that reads a
 * statement per line (JSON) on stdin and answers each with one JSON line of
 * rows, every value as text. `undefined` when pyspark cannot be imported.
 */
const SPARK_DRIVER = String.raw`
import json, sys
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[2]").appName("rulebook-sql-test").config("spark.ui.enabled", "false").config("spark.sql.ansi.enabled", "false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
print(json.dumps({"ready": spark.version}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    try:
        rows = []
        for stmt in req["statements"]:
            df = spark.sql(stmt)
            rows = [[None if v is None else str(v) for v in r] for r in df.collect()] if req.get("collect") else []
        print(json.dumps({"rows": rows}), flush=True)
    except Exception as e:
        print(json.dumps({"error": str(e)[:2000]}), flush=True)
`;

export async function spark(script: string): Promise<{ run(entry: Entry, cases: Case[]): Promise<Answer[]>; close(): void } | string> {
  const { spawn, spawnSync } = await import('node:child_process');
  const probe = spawnSync('python3', ['-c', 'import pyspark'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'Spark: pyspark cannot be imported here (pip install pyspark and a Java runtime; .ci/run installs both)';
  const py = spawn('python3', ['-c', SPARK_DRIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  let buf = '';
  py.stdout.setEncoding('utf8');
  py.stdout.on('data', (d: string) => {
    buf += d;
    let k;
    while ((k = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, k);
      buf = buf.slice(k + 1);
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  const next = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiting.push(resolve)));
  const ask = async (statements: string[], collect: boolean) => {
    py.stdin.write(JSON.stringify({ statements, collect }) + '\n');
    const r = JSON.parse(await next()) as { rows?: (string | null)[][]; error?: string };
    if (r.error) throw new Error(r.error);
    return r.rows ?? [];
  };
  await next();
  // One statement per line: the generator writes each CREATE on a line of its own and escapes line breaks in literals.
  await ask(script.split('\n').filter((l) => l.startsWith('CREATE ')).map((l) => l.replace(/;$/, '')), false);
  return {
    async run(entry, cases) {
      const cols = columns(entry);
      const fn = ident('spark', entry.function).text;
      const fields = [...entry.outputs.map((o) => o.name), entry.error.field].map((n) => `CAST(r.${ident('spark', n).text} AS STRING)`);
      const q = `SELECT i, ${fields.join(', ')} FROM (SELECT t.i, ${fn}(${cols.map((c) => `t.${c}`).join(', ')}) AS r FROM VALUES ${valuesList('spark', entry, cases)} AS t(i, ${cols.join(', ')})) ORDER BY i`;
      const rows = await ask([q], true);
      return rows.map((r) => {
        const err = r[entry.outputs.length + 1];
        if (err !== null) return { error: err };
        const output: Record<string, unknown> = {};
        entry.outputs.forEach((o, k) => {
          const v = r[k + 1];
          const isList = o.types.spark.startsWith('ARRAY');
          output[o.name] = canonSql(isList && v !== null ? v.replace(/^\[|\]$/g, '').split(',').map((x) => x.trim()).filter((x) => x !== '') : v, o.kind, isList);
        });
        return { output };
      });
    },
    close() {
      py.stdin.end();
    },
  };
}
