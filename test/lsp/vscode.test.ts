/**
 * The VS Code extension packages offline into a .vsix (`npm run vsix`, with
 * @vscode/vsce) holding the bundled client and the schemas it maps. VS Code
 * itself is not on the machine: the client's behaviour is tested through the
 * server's other clients (test/lsp/*.test.ts over stdio, and Neovim).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { root } from './client.js';

/** The entries of a zip file (the .vsix), name → bytes; stored or deflated, as vsce writes them. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

describe('the VS Code extension', () => {
  it('packages offline into a .vsix with the bundled client and the schemas mapped onto policy files', () => {
    const r = spawnSync('npm', ['run', 'vsix'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const files = unzip(readFileSync(join(root, 'editors/vscode/rulebook-policies.vsix')));
    const manifest = JSON.parse(files.get('extension/package.json')!.toString());
    expect(files.has(manifest.main.replace(/^\.\//, 'extension/'))).toBe(true);
    for (const v of manifest.contributes.yamlValidation) {
      const schema = JSON.parse(files.get(v.url.replace(/^\.\//, 'extension/'))!.toString());
      expect(schema).toEqual(JSON.parse(readFileSync(join(root, v.url.replace('./', '')), 'utf8')));
    }
    // The client needs nothing at run time but VS Code and Node: the protocol library is inside.
    const code = files.get('extension/dist/extension.js')!.toString();
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((m) => !m.startsWith('node:')));
    expect([...required].filter((m) => !['vscode', 'util', 'path', 'os', 'crypto', 'net', 'fs', 'child_process'].includes(m))).toEqual([]);
    expect(code.includes('"lsp", "--stdio"')).toBe(true);
  });
});
