/**
 * The VS Code extension packages offline into a .vsix (`npm run vsix`, with
 * @vscode/vsce) holding the bundled client and the schemas it maps. VS Code
 * itself is not on this machine, so the bundle runs against a stand-in of the
 * `vscode` API (test/lsp/vscode-stand-in.cjs: records what the extension
 * registers) and the real server: findings arrive, hover and the gap's fix
 * come back in VS Code's types.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bin, root } from './client.js';

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

describe('the extension bundle against the server', () => {
  it('starts `rulebook lsp --stdio`, shows its findings and forwards hover and quick fixes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-vscode-'));
    try {
      cpSync(join(root, 'test/fixtures/check/gap/policies'), join(dir, 'policies'), { recursive: true });
      mkdirSync(join(dir, 'node_modules/vscode'), { recursive: true });
      cpSync(join(import.meta.dirname, 'vscode-stand-in.cjs'), join(dir, 'node_modules/vscode/index.js'));
      // The bundle the .vsix carries (built here too, so this test also runs alone).
      if (!existsSync(join(root, 'editors/vscode/dist/extension.js'))) spawnSync(process.execPath, [join(root, 'editors/vscode/build.mjs'), '--bundle-only'], { cwd: root });
      cpSync(join(root, 'editors/vscode/dist/extension.js'), join(dir, 'extension.js'));
      const req = createRequire(join(dir, 'extension.js'));
      const vscode = req('vscode');
      const state = (globalThis as unknown as { __vscode: Record<string, any> }).__vscode;
      state.folder = dir;
      state.config.command = [process.execPath, bin, 'lsp', '--stdio'];
      const file = join(dir, 'policies/rates.yaml');
      const text = readFileSync(file, 'utf8');
      const doc = { uri: vscode.Uri.file(file), languageId: 'yaml', version: 1, getText: () => text };
      state.documents.push(doc);
      const ext = req('./extension.js');
      const subscriptions: { dispose(): void }[] = [];
      ext.activate({ subscriptions });
      const start = Date.now();
      while (!state.diagnostics.get(file)?.length && Date.now() - start < 20000) await new Promise((r) => setTimeout(r, 20));
      const diags = state.diagnostics.get(file);
      expect(diags.map((d: { code: string }) => d.code)).toEqual(['gap', 'gap']);
      const gap = diags[0];
      const hover = await state.providers.hover.provideHover(doc, new vscode.Position(5, 10));
      expect(hover.contents.value).toContain('rates.rate');
      const actions = await state.providers.codeActions.provideCodeActions(doc, gap.range);
      const fix = actions.find((a: { isPreferred?: boolean }) => a.isPreferred);
      expect(fix.title).toBe('add a row for `conversion: [70%..70%]`');
      expect(fix.edit.edits[0].newText).toContain('"[70%..70%]"');
      expect(state.errors).toEqual([]);
      await ext.deactivate();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
