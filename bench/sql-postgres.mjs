// A throwaway PostgreSQL for the SQL tests and the bench: Debian's binaries
// (/usr/lib/postgresql/<version>/bin, or RULEBOOK_PG_BIN), a cluster in a
// temporary folder with trust authentication, listening on 127.0.0.1 at a free
// port and on a socket in that folder, fsync off. As root, initdb and the server
// run as the `postgres` user (PostgreSQL refuses to run as root). With
// RULEBOOK_PG_URL set (e.g. by .ci/run) that server is used instead and nothing
// is started. `psql` runs every statement; results come back as CSV text.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pgBin() {
  if (process.env.RULEBOOK_PG_BIN) return process.env.RULEBOOK_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs `psql` on `sqlText` (a script) and gives its stdout (CSV with a header for each query). */
function makePsql(bin, conn) {
  const psqlPath = bin ? join(bin, 'psql') : 'psql';
  return (sqlText) =>
    new Promise((resolve, reject) => {
      const p = spawn(psqlPath, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--csv', ...conn], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out = [];
      const err = [];
      p.stdout.on('data', (b) => out.push(b));
      p.stderr.on('data', (b) => err.push(b));
      p.on('error', reject);
      p.on('close', (code) => {
        const stderr = Buffer.concat(err).toString('utf8');
        if (code !== 0) reject(new Error(`psql exited ${code}: ${stderr.slice(0, 2000)}`));
        else resolve(Buffer.concat(out).toString('utf8'));
      });
      p.stdin.end(sqlText);
    });
}

/**
 * Starts (or reaches) a PostgreSQL. Gives `{ psql, stop, version }`, or
 * `{ skip }` saying why there is none.
 */
export async function startPostgres() {
  const bin = pgBin();
  if (process.env.RULEBOOK_PG_URL) {
    const psql = makePsql(bin && existsSync(join(bin, 'psql')) ? bin : undefined, [process.env.RULEBOOK_PG_URL]);
    return { psql, stop: async () => {}, version: (await psql('SHOW server_version;')).split('\n')[1] };
  }
  if (!bin || !existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl'))) {
    return { skip: 'PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin; apt-get install postgresql, or set RULEBOOK_PG_URL)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-pg-'));
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let run = (cmd, args) => spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { skip: 'running as root and there is no `postgres` user to run the server as' };
    }
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    run = (cmd, args) => spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' });
  }
  const data = join(dir, 'data');
  const init = run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `initdb failed: ${(init.stderr || init.stdout).slice(0, 500)}` };
  }
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `the server did not start: ${(start.stderr || start.stdout).slice(0, 500)}` };
  }
  const psql = makePsql(bin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres']);
  const stop = async () => {
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  let version = '';
  try {
    version = (await psql('SHOW server_version;')).split('\n')[1];
  } catch (e) {
    await stop();
    return { skip: `cannot connect: ${e.message}` };
  }
  return { psql, stop, version, port };
}

/** Parses CSV text (RFC 4180, as psql --csv writes it) into rows of strings; an unquoted empty field is null. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      row.push(field === '' && !wasQuoted ? null : field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n') {
      row.push(field === '' && !wasQuoted ? null : field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) {
    row.push(field === '' && !wasQuoted ? null : field);
    rows.push(row);
  }
  return rows;
}

export function writeTemp(dir, name, text) {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}
