/**
 * What differs between DuckDB, PostgreSQL and Spark SQL, in one place: type
 * names, structs, lists, function definitions and the integer division the
 * exact rounding is built on. Everything returns fragments (see fragment.ts).
 *
 * Numbers: PostgreSQL's `numeric` is exact at any size, so there values are
 * never cast. DuckDB and Spark cap DECIMAL at 38 digits, so the generator
 * tracks each value's precision and scale and casts where an operation would
 * widen past 38 (see generate.ts).
 */
import { ident, keyword, list, sql, str, type DialectName, type Sql } from './fragment.js';

/** A SQL value type the generator reasons about. */
export type SType =
  | { kind: 'dec'; p: number; s: number }
  | { kind: 'bool' }
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'null' }
  | { kind: 'list'; of: SType };

export const MAX_P = 38;

export interface Param {
  name: string;
  type: Sql;
  /** A default value (only the date argument has one). */
  dflt?: Sql;
}

export interface Dialect {
  name: DialectName;
  id(name: string): Sql;
  str(value: string): Sql;
  type(t: SType): Sql;
  /** `x` as `DECIMAL(p,s)` (nothing in PostgreSQL). */
  cast(x: Sql, t: SType): Sql;
  /** `x` as `t`, NULL when it cannot be (the input contract's type check). */
  tryCast(x: Sql, t: SType): Sql;
  nullOf(t: SType): Sql;
  today: Sql;
  concat(a: Sql, b: Sql): Sql;
  /** A struct value of the decision's result type. */
  struct(typeName: string, fields: [string, Sql][]): Sql;
  field(x: Sql, name: string): Sql;
  /** Values `v` of the entries whose `m` holds, ordered by the integer key `k`. */
  orderedList(entries: { k: Sql; m: Sql; v: Sql }[], of: SType): Sql;
  /** An exact integer of a decimal that holds one (`x * 10^s` already scaled). */
  toInt(x: Sql): Sql;
  /** Integer quotient toward zero and its remainder (sign of the dividend), for exact rounding. */
  tdiv(a: Sql, b: Sql): Sql;
  tmod(a: Sql, b: Sql): Sql;
  /** An integer back to DECIMAL(38,0). */
  fromInt(x: Sql): Sql;
  /** One function: its parameters, result type and body expression. */
  fn(name: string, params: Param[], returns: Sql, body: Sql): Sql;
  /** Statements that must precede the functions of a decision (PostgreSQL's composite type). */
  resultType(typeName: string, fields: [string, Sql][]): Sql[];
  /** Statements at the top of the script. */
  prologue(typeNames: string[], fnNames: string[]): Sql[];
  /** The parameter type of each input kind, as the manifest lists it. */
  paramType(t: SType, wholeKind: boolean): Sql;
}

function decName(t: { p: number; s: number }): string {
  return `DECIMAL(${Math.min(MAX_P, Math.max(1, t.p))},${Math.max(0, Math.min(t.s, MAX_P))})`;
}

function baseType(d: DialectName, t: SType): string {
  switch (t.kind) {
    case 'dec':
      return d === 'postgres' ? 'numeric' : decName(t);
    case 'bool':
      return 'BOOLEAN';
    case 'text':
    case 'null':
      return d === 'postgres' ? 'text' : d === 'spark' ? 'STRING' : 'VARCHAR';
    case 'date':
      return 'DATE';
    case 'list':
      return d === 'spark' ? `ARRAY<${baseType(d, t.of)}>` : `${baseType(d, t.of)}[]`;
  }
}

function common(d: DialectName) {
  return {
    name: d,
    id: (n: string) => ident(d, n),
    str: (v: string) => str(d, v),
    type: (t: SType) => keyword(baseType(d, t)),
    nullOf(t: SType): Sql {
      return sql`CAST(NULL AS ${keyword(baseType(d, t))})`;
    },
  };
}

const duckdb: Dialect = {
  ...common('duckdb'),
  cast: (x, t) => (t.kind === 'dec' || t.kind === 'list' ? sql`CAST(${x} AS ${keyword(baseType('duckdb', t))})` : x),
  tryCast: (x, t) => sql`TRY_CAST(${x} AS ${keyword(baseType('duckdb', t))})`,
  today: keyword('current_date'),
  concat: (a, b) => sql`(${a} || ${b})`,
  struct: (_t, fields) => sql`{${list(fields.map(([n, v]) => sql`${str('duckdb', n)}: ${v}`))}}`,
  field: (x, n) => sql`(${x}).${ident('duckdb', n)}`,
  orderedList(entries, of) {
    const t = keyword(baseType('duckdb', of));
    if (entries.length === 0) return sql`CAST([] AS ${keyword(baseType('duckdb', { kind: 'list', of }))})`;
    const items = entries.map((e) => sql`{'k': ${e.k}, 'm': ${e.m}, 'v': CAST(${e.v} AS ${t})}`);
    return sql`list_transform(list_sort(list_filter([${items}], lambda x: x.m)), lambda x: x.v)`;
  },
  toInt: (x) => sql`CAST(${x} AS HUGEINT)`,
  tdiv: (a, b) => sql`(${a} // ${b})`,
  tmod: (a, b) => sql`(${a} % ${b})`,
  fromInt: (x) => sql`CAST(${x} AS DECIMAL(38,0))`,
  fn(name, params, _returns, body) {
    const ps = params.map((p) => (p.dflt ? sql`${ident('duckdb', p.name)} := ${p.dflt}` : ident('duckdb', p.name)));
    return sql`CREATE OR REPLACE MACRO ${ident('duckdb', name)}(${ps}) AS ${body};`;
  },
  resultType: () => [],
  prologue: () => [],
  paramType: (t) => keyword(baseType('duckdb', t)),
};

const postgres: Dialect = {
  ...common('postgres'),
  cast: (x) => x,
  tryCast: (x) => x,
  today: keyword('current_date'),
  concat: (a, b) => sql`(${a} || ${b})`,
  struct: (t, fields) => sql`ROW(${fields.map(([, v]) => v)})::${ident('postgres', t)}`,
  field: (x, n) => sql`(${x}).${ident('postgres', n)}`,
  orderedList(entries, of) {
    const t = keyword(baseType('postgres', of));
    if (entries.length === 0) return sql`CAST(ARRAY[] AS ${keyword(baseType('postgres', { kind: 'list', of }))})`;
    const rows = entries.map((e) => sql`(${e.k}, ${e.m}, CAST(${e.v} AS ${t}))`);
    return sql`ARRAY(SELECT x.v FROM (VALUES ${rows}) AS x(k, m, v) WHERE x.m ORDER BY x.k)`;
  },
  toInt: (x) => x,
  tdiv: (a, b) => sql`div(${a}, ${b})`,
  tmod: (a, b) => sql`mod(${a}, ${b})`,
  fromInt: (x) => x,
  fn(name, params, returns, body) {
    const ps = params.map((p) => (p.dflt ? sql`${ident('postgres', p.name)} ${p.type} DEFAULT ${p.dflt}` : sql`${ident('postgres', p.name)} ${p.type}`));
    return sql`CREATE FUNCTION ${ident('postgres', name)}(${ps}) RETURNS ${returns} LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN ${body};`;
  },
  resultType: (t, fields) => [sql`CREATE TYPE ${ident('postgres', t)} AS (${fields.map(([n, ty]) => sql`${ident('postgres', n)} ${ty}`)});`],
  // Dropping each result type drops, by CASCADE, every function that returns or calls it: the script can run again.
  prologue: (types, fns) => [...fns.map((f) => sql`DROP FUNCTION IF EXISTS ${ident('postgres', f)} CASCADE;`), ...types.map((t) => sql`DROP TYPE IF EXISTS ${ident('postgres', t)} CASCADE;`)],
  paramType: (t) => keyword(baseType('postgres', t)),
};

const spark: Dialect = {
  ...common('spark'),
  cast: (x, t) => (t.kind === 'dec' || t.kind === 'list' ? sql`CAST(${x} AS ${keyword(baseType('spark', t))})` : x),
  tryCast: (x, t) => sql`try_cast(${x} AS ${keyword(baseType('spark', t))})`,
  today: keyword('current_date()'),
  concat: (a, b) => sql`concat(${a}, ${b})`,
  struct: (_t, fields) => sql`named_struct(${list(fields.map(([n, v]) => sql`${str('spark', n)}, ${v}`))})`,
  field: (x, n) => sql`(${x}).${ident('spark', n)}`,
  orderedList(entries, of) {
    const t = keyword(baseType('spark', of));
    if (entries.length === 0) return sql`CAST(array() AS ${keyword(baseType('spark', { kind: 'list', of }))})`;
    const items = entries.map((e) => sql`named_struct('k', ${e.k}, 'm', ${e.m}, 'v', CAST(${e.v} AS ${t}))`);
    return sql`transform(sort_array(filter(array(${items}), x -> x.m)), x -> x.v)`;
  },
  toInt: (x) => sql`CAST(${x} AS DECIMAL(38,0))`,
  // Spark has no 128-bit integer: the quotient toward zero is (a - a % b) / b, exact since it divides evenly.
  tdiv: (a, b) => sql`CAST((${a} - ${a} % ${b}) / ${b} AS DECIMAL(38,0))`,
  tmod: (a, b) => sql`(${a} % ${b})`,
  fromInt: (x) => sql`CAST(${x} AS DECIMAL(38,0))`,
  fn(name, params, returns, body) {
    const ps = params.map((p) => (p.dflt ? sql`${ident('spark', p.name)} ${p.type} DEFAULT ${p.dflt}` : sql`${ident('spark', p.name)} ${p.type}`));
    return sql`CREATE OR REPLACE TEMPORARY FUNCTION ${ident('spark', name)}(${ps}) RETURNS ${returns} RETURN ${body};`;
  },
  resultType: () => [],
  prologue: () => [],
  paramType: (t) => keyword(baseType('spark', t)),
};

export const DIALECTS: Record<DialectName, Dialect> = { duckdb, postgres, spark };

/** The struct type name a dialect shows for a decision's result (for the manifest). */
export function structTypeText(d: DialectName, typeName: string, fields: [string, SType][]): string {
  if (d === 'postgres') return typeName;
  const inner = fields.map(([n, t]) => (d === 'spark' ? `${n}: ${baseType(d, t)}` : `${JSON.stringify(n)} ${baseType(d, t)}`)).join(', ');
  return d === 'spark' ? `STRUCT<${inner}>` : `STRUCT(${inner})`;
}

/** The text of a type for the manifest. */
export function typeText(d: DialectName, t: SType): string {
  return baseType(d, t);
}
