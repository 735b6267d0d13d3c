/**
 * `rulebook serve`: builds the handbook, serves `dist/handbook/` on localhost
 * (node:http: files under the site root only, MIME types, a CSP header), and
 * rebuilds when a policy file changes (debounced; files, prose, pages and
 * search entries that did not change come from memory, and only changed files
 * are written). Stops cleanly on SIGINT/SIGTERM.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chooseLang } from '../common.js';
import type { CommandInput } from '../registry.js';
import { renderState } from '../../render/index.js';
import { buildOptionsOf, buildSite, reportBuild, type BuildOptions } from './build.js';
import { asWriteError, WriteError } from '../write.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** An HTTP server for the folder `siteDir`: GET/HEAD of files inside it, nothing else. */
export function createSiteServer(siteDir: string): Server {
  const root = resolve(siteDir);
  return createServer(async (req, res) => {
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    if (path.includes('\0')) {
      res.writeHead(400, headers).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  });
}

/** Something to stop watching. */
export interface Closable {
  close(): void;
}

/**
 * Watches every folder under `dir` (one inotify watch per folder, set up before
 * this returns). Node 20's `recursive` watch on Linux sets up one watcher per
 * file, asynchronously: a change made right after it returns can be missed,
 * and a policy folder of 1,000 files needs 1,000 watchers.
 */
export function watchTree(dir: string, onChange: () => void): Closable {
  const watchers = new Map<string, FSWatcher>();
  const add = (d: string): void => {
    if (watchers.has(d)) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
      watchers.set(
        d,
        watch(d, (_event, name) => {
          // A new folder is watched too (a name that is no folder is not: it cannot be read as one).
          if (name) add(join(d, name.toString()));
          onChange();
        }),
      );
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') add(join(d, e.name));
  };
  add(resolve(dir));
  return { close: () => watchers.forEach((w) => w.close()) };
}

/** Rebuilds on every change under the policy folder, at most one build at a time, after a quiet spell of `delay` ms. */
function watchAndRebuild(opts: BuildOptions, onBuilt: (ok: boolean, ms: number) => void, delay = 80): Closable {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const t0 = performance.now();
    try {
      const r = await buildSite({ ...opts, parallel: false });
      onBuilt(r.ok, performance.now() - t0);
    } catch {
      // A failed write or a vanished folder: the server stays up with the site it has.
      onBuilt(false, performance.now() - t0);
    } finally {
      running = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  return watchTree(opts.policies, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), delay);
  });
}

/** Builds, serves and watches until SIGINT/SIGTERM; resolves to the exit code. */
export async function serve(input: CommandInput, announce: (url: string) => void): Promise<number> {
  // Everything a rebuild may reuse: parsed files, rendered prose, pages, search entries, and what is on disk.
  const opts: BuildOptions = { ...buildOptionsOf(input), cache: new Map(), state: renderState(), parseCache: new Map(), writeChanged: new Map() };
  chooseLang(input, opts.policies);
  const portText = String(input.opts.port ?? 4000);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    process.stderr.write(`rulebook: --port must be a number from 0 to 65535 (0 picks a free one), not \`${portText}\`\n`);
    return 2;
  }
  const host = typeof input.opts.host === 'string' ? input.opts.host : '127.0.0.1';
  let first;
  try {
    first = await buildSite(opts);
  } catch (e) {
    // The templates are read (and refused) inside the build: a file-system error here is the output folder's.
    const err = asWriteError(e, opts.out);
    if (!(err instanceof WriteError)) throw err;
    process.stderr.write(`rulebook: ${err.message}\n`);
    return 2;
  }
  const code = reportBuild(first, input);
  if (!first.ok) return code;
  const server = createSiteServer(join(opts.out, 'handbook'));
  const listening = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    server.once('error', done);
    server.listen(port, host, () => done(undefined));
  });
  if (listening) {
    // A port in use or a host that is not this machine's: the user's to change, not a crash.
    const why = listening.code === 'EADDRINUSE' ? 'the port is in use; pick another with --port (0 picks a free one)' : listening.code === 'EACCES' ? 'not allowed to use that port; pick one above 1023' : `${listening.code ?? listening.message}; check --host`;
    process.stderr.write(`rulebook: cannot serve on ${host}:${port}: ${why}\n`);
    return 2;
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // Watching before announcing: a change made as soon as the address is out must not be missed.
  const watcher = watchAndRebuild(opts, (ok, ms) => {
    process.stdout.write(ok ? `rebuilt in ${Math.round(ms)} ms\n` : 'rebuild failed; the previous site stays up (run `rulebook check` for the report)\n');
  });
  announce(`http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`);
  return new Promise<number>((done) => {
    const stop = (): void => {
      watcher.close();
      server.close(() => done(0));
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function run(input: CommandInput): Promise<number> {
  return serve(input, (url) => process.stdout.write(`handbook at ${url}\n`));
}
