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
