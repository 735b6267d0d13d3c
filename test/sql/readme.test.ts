// The README's SQL example on the bundled policies: every line of its first ```sql
// block runs in DuckDB and in PostgreSQL and gives what its comment says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, parseCsv, type Postgres } from '../../bench/sql-postgres.mjs';
import { generated, model, ROOT } from './helpers.js';
import { duckdb } from './engines.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const block = /```sql\n([\s\S]*?)```/.exec(readme)![1];
const lines = block
  .split('\n')
  .filter((l) => l.includes('--'))
  .map((l) => {
    const [q, want] = l.split(/\s+--\s+/);
    return { q: q.trim().replace(/;$/, ''), want: want.trim() };
  });
const { files } = generated(model('policies'));

let pg: Postgres | { skip: string } | undefined;
afterAll(async () => {
  if (pg && 'psql' in pg) await pg.stop();
});

describe('the README example', () => {
  it('has lines to run', () => expect(lines.length).toBeGreaterThanOrEqual(5));

  it('gives what it says in DuckDB', async () => {
    const e = await duckdb(files.get('duckdb.sql')!);
    try {
      for (const { q, want } of lines) {
        const row = (await e.conn.runAndReadAll(`${q} AS v`)).getRowObjectsJson()[0];
        expect([q, String(row.v)]).toEqual([q, want]);
      }
    } finally {
      e.close();
    }
  });

  it('gives what it says in PostgreSQL', async (ctx) => {
    pg = await startPostgres();
    if ('skip' in pg) return ctx.skip(`PostgreSQL: ${pg.skip}`);
    await pg.psql(files.get('postgres.sql')!);
    for (const { q, want } of lines) {
      const v = parseCsv(await pg.psql(`${q} AS v;`))[1][0];
      expect([q, v === 't' ? 'true' : v === 'f' ? 'false' : v]).toEqual([q, want]);
    }
  });
});
