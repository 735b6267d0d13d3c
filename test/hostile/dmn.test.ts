/**
 * `rulebook import dmn` on hostile XML: external entities and entity bombs
 * are never expanded, deep nesting does not overflow, and nothing is written
 * for a file that cannot be read.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandExists, crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-dmn-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fixtures = join(root, 'test/fixtures/hostile');

describe.skipIf(!commandExists('import'))('import dmn', () => {
  it('refuses external entities and entity bombs, and writes nothing', async () => {
    const dir = join(work, 'xxe');
    cpSync(join(fixtures, 'dmn-entities/policies/x.dmn'), join(dir, 'x.dmn'));
    const r = await rulebook(['import', 'dmn', 'x.dmn', '--out', 'policies'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect([1, 2]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(/root:|lollollol/);
    expect(existsSync(join(dir, 'policies')) ? readdirSync(join(dir, 'policies')) : []).toEqual([]);
  });

  it('reads XML nested 5,000 deep without overflowing', async () => {
    const dir = join(work, 'deep');
    cpSync(join(fixtures, 'dmn-deep/policies/x.dmn'), join(dir, 'x.dmn'));
    const r = await rulebook(['import', 'dmn', 'x.dmn', '--out', 'policies'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect([0, 1, 2]).toContain(r.code);
  });
});
