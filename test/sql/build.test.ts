// `rulebook build --target sql` as a user runs it: the four files, a manifest that
// lists every decision with its functions, argument order and SQL types; nothing
// written when the policies have errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { model, ROOT } from './helpers.js';
import { tempDir } from '../temp.js';

const bin = join(ROOT, 'bin/rulebook.js');
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' } });

describe('build --target sql', () => {
  it('writes duckdb.sql, postgres.sql, spark.sql and manifest.json for the bundled policies', () => {
    const out = tempDir('rulebook-sql-build-');
    const r = run(['build', '--target', 'sql', '--policies', join(ROOT, 'policies'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['duckdb.sql', 'postgres.sql', 'spark.sql', 'manifest.json']) expect(existsSync(join(out, 'sql', f))).toBe(true);
    expect(existsSync(join(out, 'handbook'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, 'sql', 'manifest.json'), 'utf8'));
    const m = model('policies');
    expect(Object.keys(manifest.decisions).sort()).toEqual([...m.decisions.keys()].sort());
    const bonus = manifest.decisions['cs.performance_bonus'];
    expect(bonus.function).toBe('cs_performance_bonus');
    expect(bonus.arguments.map((a: { name: string }) => a.name)).toEqual(['sales', 'conversion']);
    expect(bonus.arguments[0].types).toEqual({ duckdb: 'DECIMAL(20,4)', postgres: 'numeric', spark: 'DECIMAL(38,18)' });
    expect(bonus.arguments[1]).toMatchObject({ kind: 'percent', types: { duckdb: 'DECIMAL(12,8)' } });
    expect(bonus.outputs).toEqual([{ name: 'bonus', kind: 'money', label: '提成金额', function: 'cs_performance_bonus__bonus', types: { duckdb: 'DECIMAL(38,2)', postgres: 'numeric', spark: 'DECIMAL(38,2)' } }]);
    expect(bonus.error).toEqual({ field: 'error', function: 'cs_performance_bonus__error' });
    expect(manifest.conventions.percent).toContain('0.72');
    // The general fine asks the exception's further fact after its own inputs.
    expect(manifest.decisions['data.leak_fine'].arguments.map((a: { name: string }) => a.name)).toEqual(['offense', 'material', 'count', 'serious_consequence']);
    expect(manifest.decisions['data.leak_fine'].overriddenBy).toEqual(['data.serious_leak_fine']);
  });

  it('writes nothing when the policies have errors (exit 1, the finding reported)', () => {
    const dir = tempDir('rulebook-sql-bad-');
    cpSync(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
    const f = join(dir, 'policies', 'awards.md');
    writeFileSync(f, readFileSync(f, 'utf8').replace('when: { conversion: ">= 70%" }', 'when: { conversion: "> 70%" }'));
    const r = run(['build', '--target', 'sql', '--policies', join(dir, 'policies'), '--out', join(dir, 'dist')], dir);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('gap');
    expect(existsSync(join(dir, 'dist', 'sql'))).toBe(false);
  });
});
