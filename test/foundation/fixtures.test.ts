/**
 * One harness for every foundation fixture: `test/fixtures/foundation/<case>/`
 * holds a `policies/` folder and `expected.txt`, one line per diagnostic as
 * `code file:line:col`. Adding a case needs no code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { loadModel } from '../../src/pipeline.js';

const root = join(import.meta.dirname, '../fixtures/foundation');

describe('foundation fixtures', () => {
  setLang('en');
  // A case is a folder with expected.txt (a stray dist/ from a manual run is not one).
  for (const name of readdirSync(root).sort().filter((n) => existsSync(join(root, n, 'expected.txt')))) {
    it(name, () => {
      const dir = join(root, name);
      const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n').filter(Boolean);
      const result = loadModel('policies', { cwd: dir });
      const actual = result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
      expect(actual).toEqual(expected);
      for (const d of result.diagnostics) {
        expect(d.message).not.toMatch(/^\s*$/);
        expect(d.hint ?? 'x').not.toMatch(/^\s*$/);
      }
    });
  }
});
