/** `rulebook eval` as a user runs it: exact money in, usage errors (exit 2) for what the user must change, a closed pipe. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inexactJsonNumber } from '../../src/evaluate/batch.js';
import { convertValue } from '../../src/model/convert.js';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');
// The bundled policies speak Chinese (`locale: zh-CN`); these assertions read the English catalogue.
const run = (args: string[]) => spawnSync(process.execPath, [bin, 'eval', ...args, ...(args.includes('--lang') ? [] : ['--lang', 'en'])], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' } });

describe('rulebook eval', () => {
  it('refuses a JSON number that a double cannot carry, and takes it exactly as a string', () => {
    const lossy = run(['cs.performance_bonus', '--input', '{"sales": 12345678901234567890.123, "conversion": "70%"}']);
    expect(lossy.status).toBe(2);
    expect(lossy.stderr).toContain('`12345678901234567890.123` has more digits than a JSON number holds exactly');
    const exact = run(['cs.performance_bonus', '--input', '{"sales": "12345678901234567890.123", "conversion": "70%"}']);
    expect(exact.status).toBe(0);
    // 1.5% of it, to the cent.
    expect(JSON.parse(exact.stdout)).toEqual({ output: { bonus: '185185183518518518.35' } });
    // Ordinary amounts are exact as JSON numbers and pass.
    expect(run(['cs.performance_bonus', '--input', '{"sales": 100000.10, "conversion": "70%"}']).status).toBe(0);
  });

  it('reports such a number in a batch by its line, and goes on', () => {
    const dir = tempDir('rulebook-eval-');
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"sales": 100000, "conversion": "72%"}\n{"sales": 9007199254740993, "conversion": "72%"}\n');
    const r = run(['cs.performance_bonus', '--input-file', file]);
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; output?: unknown; error?: { message: string } });
    expect(rows[0]).toEqual({ line: 1, output: { bonus: '1500.00' } });
    expect(rows[1].line).toBe(2);
    expect(rows[1].error?.message).toContain('`9007199254740993` has more digits');
  });

  it('finds the numbers a double would change, and only those', () => {
    expect(inexactJsonNumber('{"a": 0.1, "b": -12.50, "c": 1e3, "d": 9007199254740992}')).toBeUndefined();
    expect(inexactJsonNumber('{"a": "12345678901234567890", "b": 9007199254740993}')).toBe('9007199254740993');
    expect(inexactJsonNumber('{"a\\"1": 1, "b": 0.30000000000000001}')).toBe('0.30000000000000001');
  });

  it('exits 2 for an unknown decision (with a suggestion), a date that does not exist, and two inputs', () => {
    const unknown = run(['cs.performance_bonu', '--input', '{}']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('did you mean `cs.performance_bonus`?');
    const date = run(['cs.performance_bonus', '--input', '{}', '--as-of', '2025-13-45', '--lang', 'en']);
    expect(date.status).toBe(2);
    expect(date.stderr).toContain('--as-of');
    const both = run(['cs.performance_bonus', '--input', '{}', '--input-file', 'x.jsonl']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('not both');
  });

  it('stops quietly when the reader of its output goes away', () => {
    const dir = tempDir('rulebook-eval-');
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"sales": 100000, "conversion": "72%"}\n'.repeat(50_000));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" eval cs.performance_bonus --input-file "${file}" | head -1; echo "status \${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
    expect(r.stdout).toContain('"line":1');
    expect(r.stdout).toContain('status 0');
    expect(r.stderr).toBe('');
  });
});

describe('outside values', () => {
  it('takes a spreadsheet\'s TRUE and FALSE for a boolean, and nothing looser', () => {
    const b = { kind: 'boolean' } as const;
    expect(convertValue('TRUE', b)).toEqual({ value: true });
    expect(convertValue('False', b)).toEqual({ value: false });
    expect(convertValue('yes', b).error).toBe('wrong-type');
  });
});

describe('fields the decision does not read', () => {
  it('are named once on stderr with a suggestion, and the result stands', () => {
    const r = run(['cs.performance_bonus', '--input', '{"sales": 100000, "conversion": "72%", "convertion": "1%"}']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ output: { bonus: '1500.00' } });
    expect(r.stderr).toBe('rulebook eval: `convertion` is not an input of `cs.performance_bonus`; ignored (did you mean `conversion`?)\n');
  });
});

describe('rulebook eval as of a date', () => {
  const dir = tempDir('rulebook-asof-');
  const policies = join(dir, 'policies');
  const edition = (year: number, pct: string) =>
    `id: rates-${year}\ntitle: Rates ${year}\nversion: ${year}\neffective: { from: ${year}-01-01, until: ${year + 1}-01-01 }\ndecisions:\n  - id: cs.rate\n    inputs: { x: { type: number } }\n    outputs: { r: { type: percent } }\n    formula: { r: "${pct}" }\n`;
  mkdirSync(policies);
  writeFileSync(join(policies, 'rulebook.yaml'), 'title: t\nlocale: en\naudiences: { staff: all }\n');
  writeFileSync(join(policies, 'rates-2025.yaml'), edition(2025, '1%'));
  writeFileSync(join(policies, 'rates-2026.yaml'), edition(2026, '2%'));
  const at = (args: string[]) => run(['cs.rate', '--policies', policies, '--lang', 'en', ...args]);

  it('takes the version of each file in force on the date; none is `no-version` naming the nearest, exit 1', () => {
    expect(JSON.parse(at(['--input', '{"x": 1}', '--as-of', '2025-12-31']).stdout)).toEqual({ output: { r: '0.01' } });
    expect(JSON.parse(at(['--input', '{"x": 1}', '--as-of', '2026-01-01']).stdout)).toEqual({ output: { r: '0.02' } });
    const none = at(['--input', '{"x": 1}', '--as-of', '1900-01-01']);
    expect(none.status).toBe(1);
    const e = JSON.parse(none.stdout).error;
    expect(e.code).toBe('no-version');
    expect(e.hint).toContain('2025-01-01–2025-12-31');
    // `pretty` shows the hint too, the last day in force and not the exclusive `until`.
    expect(at(['--input', '{"x": 1}', '--as-of', '1900-01-01', '--format', 'pretty']).stdout).toMatch(/^error no-version: .*\n  = hint: the nearest versions are in force 2025-01-01–2025-12-31; /);
  });

  it('a batch row with no version is a row error; a JSON null is missing-input; a date that does not exist exits 2', () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"x": 1}\n{"x": null}\n');
    const r = at(['--input-file', file, '--as-of', '2024-06-01']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).error.code)).toEqual(['no-version', 'no-version']);
    const rows = at(['--input-file', file, '--as-of', '2026-03-01']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0]).toEqual({ line: 1, output: { r: '0.02' } });
    expect(rows[1].error).toMatchObject({ code: 'missing-input', input: 'x' });
    const bad = at(['--input', '{"x": 1}', '--as-of', '2026-02-30']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--as-of');
  });
  it('an `overrides` cycle is the place, the message and the hint on stderr, exit 1 (no hang, no stack)', () => {
    const cyc = join(dir, 'cycle');
    mkdirSync(cyc);
    writeFileSync(join(cyc, 'rulebook.yaml'), 'title: t\nlocale: en\naudiences: { staff: all }\n');
    const dec = (id: string, other: string) => `  - id: ${id}\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    overrides: ${other}\n    formula: { y: "x" }\n`;
    writeFileSync(join(cyc, 'c.yaml'), `id: c\ntitle: C\nversion: 1\ndecisions:\n${dec('f.a', 'f.b')}${dec('f.b', 'f.a')}`);
    const r = spawnSync(process.execPath, [bin, 'eval', 'f.a', '--policies', cyc, '--lang', 'en', '--input', '{"x": 1}'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/c\.yaml:8:16: `overrides` form a cycle: `f\.a` → `f\.b` → `f\.a`\n  = hint: .*remove one `overrides:`/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
