/**
 * One harness for every checker fixture: `test/fixtures/check/<case>/` holds a
 * `policies/` folder and `expected.txt`, one line per diagnostic (pipeline
 * errors and warnings first, then the checker's findings) as
 * `code[:severity] file:line:col witness`. Adding a case needs no code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { line, run } from './harness.js';

const root = join(import.meta.dirname, '../fixtures/check');

describe('check fixtures', () => {
  // A case is a folder with expected.txt (a stray dist/ from a manual run is not one).
  for (const name of readdirSync(root).sort().filter((n) => existsSync(join(root, n, 'expected.txt')))) {
    it(name, () => {
      const dir = join(root, name);
      const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n').filter(Boolean);
      const { pipeline, check } = run(dir);
      expect([...pipeline, ...check].map(line)).toEqual(expected);
      for (const d of check) {
        expect(d.message).toMatch(/^[^A-Z].*[^.]$/);
        expect(d.message).not.toContain('\n');
      }
    });
  }
});
