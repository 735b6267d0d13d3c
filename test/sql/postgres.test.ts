// The generated PostgreSQL functions against the interpreter (see suite.ts), on a
// throwaway cluster started here (bench/sql-postgres.mjs), or the server of
// RULEBOOK_PG_URL. Without PostgreSQL every case is skipped with the reason.
import { afterAll } from 'vitest';
import { startPostgres, type Postgres } from '../../bench/sql-postgres.mjs';
import { differential } from './suite.js';
import { postgres } from './engines.js';

let server: Promise<Postgres | { skip: string }> | undefined;
afterAll(async () => {
  const s = await server;
  if (s && 'psql' in s) await s.stop();
});

differential('PostgreSQL', async (script, set) => {
  server ??= startPostgres();
  const s = await server;
  if ('skip' in s) return `PostgreSQL: ${s.skip}`;
  return postgres(s, script, `rb_${set.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`);
});
