// Safe generation: decision ids, input and output names, enum keys and labels
// holding quotes, backslashes, `;`, `--`, `$body$` and line breaks stay inside their
// identifiers, literals and comments. The policy format refuses such ids and keys,
// so the test loads a clean policy and renames its parts in the model (what a
// future importer or a bug upstream could hand the generator). The script must
// load, create exactly the functions of the manifest, leave a canary table alone,
// and answer as the interpreter does for the hostile key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import type { Model } from '../../src/model/index.js';
import { generateSql } from '../../src/sql/generate.js';
import { ident, str, comment, type DialectName } from '../../src/sql/fragment.js';
import { startPostgres, parseCsv, type Postgres } from '../../bench/sql-postgres.mjs';
import { duckdb } from './engines.js';

const EVIL = `x'); DROP TABLE canary; --"\`\\' $body$ ;\n--`;
const RENAME: Record<string, string> = {
  's.pick_zz': `s.pick"); DROP TABLE canary; --${EVIL}`,
  kind_zz: `kind'); DROP TABLE canary; -- ${EVIL}`,
  level_zz: `level"-- ${EVIL}`,
  aa_zz: `aa'--;"${EVIL}`,
  bb_zz: `bb\`); DROP TABLE canary; --`,
  hi_zz: `hi'' OR 1=1 --`,
};

const CONFIG = `title: "safety'; DROP TABLE canary; --"\nlocale: en\ncurrency: CNY\naudiences: { staff: Staff }\ndefaultAudience: staff\n`;
const DOC = `id: safety
title: "t'; DROP TABLE canary; --"
version: 1
sections: [{ id: s, title: S, text: "x" }]
decisions:
  - id: s.pick_zz
    title: "pick'); DROP TABLE canary; -- \\" \\n newline"
    clause: "#s"
    inputs:
      kind_zz: { type: enum, label: "kind'; --", values: { aa_zz: "A'); DROP TABLE canary; --", bb_zz: "B\\"; --" } }
    outputs:
      level_zz: { type: enum, values: { hi_zz: "H'--", lo_zz: "L;" } }
    rules:
      - when: { kind_zz: '"aa_zz"' }
        then: { level_zz: '"hi_zz"' }
      - when: { kind_zz: '"bb_zz"' }
        then: { level_zz: '"lo_zz"' }
  - id: s.caller
    clause: "#s"
    inputs:
      kind_zz: { type: enum, values: { aa_zz: A, bb_zz: B } }
    outputs:
      same: { type: boolean }
    formula:
      same: 's.pick_zz(kind_zz).level_zz = "hi_zz"'
`;

/** Every string in the model (and the decision map's keys) that equals an old name gets the hostile one. */
function rename(m: Model): Model {
  const seen = new Set<object>();
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return Object.prototype.hasOwnProperty.call(RENAME, x) ? RENAME[x] : x;
    if (typeof x !== 'object' || x === null || seen.has(x)) return x;
    seen.add(x);
    if (x instanceof Map) {
      const entries = [...x.entries()].map(([k, v]) => [walk(k), walk(v)] as const);
      x.clear();
      for (const [k, v] of entries) x.set(k, v);
      return x;
    }
    if (Array.isArray(x)) {
      x.forEach((v, i) => (x[i] = walk(v)));
      return x;
    }
    if ((x as { constructor?: unknown }).constructor !== Object) return x;
    for (const k of Object.keys(x)) (x as Record<string, unknown>)[k] = walk((x as Record<string, unknown>)[k]);
    return x;
  };
  walk(m);
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'rulebook-sql-safety-'));
writeFileSync(join(dir, 'rulebook.yaml'), CONFIG);
writeFileSync(join(dir, 'safety.yaml'), DOC);
const loaded = loadModel(dir, {});
const model = rename(loaded.model!);
const { files, manifest } = generateSql(model);
const pickId = RENAME['s.pick_zz'];
const pick = manifest.decisions[pickId];
const created = (f: string, head: string) => files.get(f)!.split('\n').filter((l) => l.startsWith(head)).length;

let pg: Postgres | { skip: string } | undefined;
afterAll(async () => {
  if (pg && 'psql' in pg) await pg.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile names', () => {
  it('reach the model and the manifest as they are', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pick).toBeDefined();
    expect(pick.arguments[0].name).toBe(RENAME.kind_zz);
    expect(pick.outputs[0].name).toBe(RENAME.level_zz);
    expect(evaluate(model, pickId, { [RENAME.kind_zz]: RENAME.aa_zz }).output).toEqual({ [RENAME.level_zz]: RENAME.hi_zz });
  });

  it('are quoted and escaped by construction', () => {
    for (const d of ['duckdb', 'postgres', 'spark'] as DialectName[]) {
      expect(ident(d, 'a"b`c').text).toBe(d === 'spark' ? '`a"b``c`' : '"a""b`c"');
      expect(str(d, "it's\\").text).toBe(d === 'spark' ? "'it\\'s\\\\'" : "'it''s\\'");
    }
    expect(comment('x\n DROP TABLE canary; --').text).toBe('-- x  DROP TABLE canary; --');
    // Nothing else can be interpolated into a fragment.
    expect(() => (ident as unknown as (d: string, n: string) => unknown)('duckdb', 'a\u0000b')).toThrow();
    // Comments hold titles and labels: each stays on its line.
    for (const f of ['duckdb.sql', 'postgres.sql', 'spark.sql']) {
      for (const line of files.get(f)!.split('\n')) if (line.startsWith('-- ')) expect(line).not.toMatch(/\r/);
      expect(files.get(f)!).toContain('-- s.caller');
    }
  });

  it('cannot inject into DuckDB', async () => {
    const e = await duckdb('CREATE TABLE canary (x INTEGER); INSERT INTO canary VALUES (42);');
    try {
      await e.conn.run(files.get('duckdb.sql')!);
      const call = `SELECT ${ident('duckdb', pick.function).text}(${str('duckdb', RENAME.aa_zz).text}) AS r, ${ident('duckdb', pick.outputs[0].function).text}(${str('duckdb', RENAME.bb_zz).text}) AS o, (SELECT x FROM canary) AS canary`;
      const rows = (await e.conn.runAndReadAll(call)).getRowObjectsJson();
      expect(rows[0].r).toEqual({ [RENAME.level_zz]: RENAME.hi_zz, error: null });
      expect(rows[0].o).toBe('lo_zz');
      expect(rows[0].canary).toBe(42);
      const caller = (await e.conn.runAndReadAll(`SELECT s_caller__same(${str('duckdb', RENAME.aa_zz).text}) AS s`)).getRowObjectsJson();
      expect(caller[0].s).toBe(true);
      const made = (await e.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_type = 'macro' AND schema_name = 'main' AND NOT internal`)).getRowObjectsJson();
      expect(made[0].n).toBe(created('duckdb.sql', 'CREATE OR REPLACE MACRO '));
    } finally {
      e.close();
    }
  });

  it('cannot inject into PostgreSQL', async (ctx) => {
    pg = await startPostgres();
    if ('skip' in pg) return ctx.skip(`PostgreSQL: ${pg.skip}`);
    await pg.psql('CREATE TABLE canary (x integer); INSERT INTO canary VALUES (42);');
    await pg.psql(files.get('postgres.sql')!);
    // Twice: the script replaces what it made before.
    await pg.psql(files.get('postgres.sql')!);
    const out = parseCsv(
      await pg.psql(
        `SELECT (${ident('postgres', pick.function).text}(${str('postgres', RENAME.aa_zz).text})).${ident('postgres', RENAME.level_zz).text} AS r, ${ident('postgres', pick.outputs[0].function).text}(${str('postgres', RENAME.bb_zz).text}) AS o, (SELECT x FROM canary) AS canary, s_caller__same(${str('postgres', RENAME.aa_zz).text}) AS same, (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public') AS made;`,
      ),
    );
    expect(out[1]).toEqual([RENAME.hi_zz, 'lo_zz', '42', 't', String(created('postgres.sql', 'CREATE OR REPLACE FUNCTION '))]);
  });
});
