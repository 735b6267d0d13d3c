/** `rulebook serve` as a user runs it: a site on localhost, and usage errors (exit 2) for a bad or busy port. */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');
const env = { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' };

describe('rulebook serve', () => {
  it('refuses a port that is not a number, before building anything', () => {
    const out = tempDir('rulebook-serve-');
    const r = spawnSync(process.execPath, [bin, 'serve', '--port', 'abc', '--out', out, '--lang', 'en'], { cwd: root, encoding: 'utf8', env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be a number from 0 to 65535');
    // The bundled policies say `locale: zh`: without --lang the same refusal reads in Chinese.
    const zh = spawnSync(process.execPath, [bin, 'serve', '--port', 'abc', '--out', out], { cwd: root, encoding: 'utf8', env });
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('--port 必须是 0 到 65535 之间的数');
    expect(r.stderr).not.toContain('internal error');
  });

  it('says the port is in use (exit 2), not an internal error', async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as { port: number }).port;
    try {
      const out = tempDir('rulebook-serve-');
      const r = spawnSync(process.execPath, [bin, 'serve', '--port', String(port), '--out', out, '--lang', 'en'], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`cannot serve on 127.0.0.1:${port}: the port is in use`);
      expect(r.stderr).not.toContain('internal error');
    } finally {
      busy.close();
    }
  });

  it('serves the handbook on a free port and stops cleanly on SIGTERM', async () => {
    const out = tempDir('rulebook-serve-');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--out', out], { cwd: root, env });
    let stdout = '';
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no address in time: ${stdout}`)), 60_000);
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        const m = /手册地址：(http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          done(m[1]);
        }
      });
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<html');
    const code = await new Promise<number | null>((done) => {
      child.once('exit', (c) => done(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
