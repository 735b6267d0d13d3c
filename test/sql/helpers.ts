/**
 * Shared by the SQL differential tests: generated inputs per decision
 * (boundaries of every cell and domain, period edges, missing inputs, labels
 * and bad enum keys, then seeded random values), the interpreter's answer as
 * the oracle, and one canonical form of values so that `1500.00` from an
 * engine and `1500` from the interpreter compare equal exactly.
 */
import { join } from 'node:path';
import { loadModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import type { Decision, Field, Literal, Model, UnaryTest, Value } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { generateSql, type SqlManifest } from '../../src/sql/generate.js';
import { str } from '../../src/sql/fragment.js';
import type { DialectName } from '../../src/sql/fragment.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export function model(dir: string): Model {
  const r = loadModel(join(ROOT, dir), {});
  if (!r.model) throw new Error(`cannot load ${dir}`);
  return r.model;
}

/** A tiny seeded generator (xorshift32), so every run draws the same cases. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Places a generated value of each kind carries (within what DuckDB and Spark take). */
const PLACES: Record<string, number> = { money: 2, percent: 4, number: 3, integer: 0, months: 0, days: 0 };

function literalsOf(t: UnaryTest | undefined, out: Literal[]): void {
  if (!t) return;
  if (t.kind === 'compare') out.push(t.value);
  if (t.kind === 'range') out.push(t.low, t.high);
  if (t.kind === 'or' || t.kind === 'not') for (const i of t.items) literalsOf(i, out);
}

function dayShift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** One case: the raw input (a key absent = not given) and the date. */
export interface Case {
  input: Record<string, unknown>;
  asOf: string;
}

function boundaries(m: Model, id: string, f: Field): unknown[] {
  const lits: Literal[] = [];
  // The cells and domains of the decision and of every decision with an input of that name (an exception's, say).
  for (const d of [...m.decisions.values()].flat().filter((x) => x.id === id || x.inputs.some((g) => g.name === f.name))) {
    const k = d.inputs.findIndex((x) => x.name === f.name);
    if (k < 0) continue;
    literalsOf(d.inputs[k].type.domain, lits);
    for (const r of d.rules) literalsOf(r.when[k]?.test, lits);
  }
  const kind = f.type.kind;
  if (kind in PLACES) {
    const unit = new Decimal(1n, PLACES[kind]);
    const vals: Decimal[] = [Decimal.ZERO, Decimal.ONE];
    if (kind === 'percent') vals.push(Decimal.parse('0.7')!, Decimal.parse('0.9999')!);
    for (const l of lits) if (l.kind === 'number') vals.push(l.value, l.value.add(unit), l.value.sub(unit));
    return vals.map((v) => v.round(unit, 'half-up').toString());
  }
  if (kind === 'date') {
    const out = ['2019-12-31', '2020-01-01', '2026-02-28'];
    for (const l of lits) if (l.kind === 'date') out.push(l.value.iso, dayShift(l.value.iso, -1), dayShift(l.value.iso, 1));
    return out;
  }
  if (kind === 'boolean') return [true, false];
  if (kind === 'enum') {
    const vs = f.type.values ?? [];
    return [...vs.map((v) => v.key), ...(vs[0] ? [vs[0].label, `"${vs[vs.length - 1].key}"`] : []), 'no_such_key'];
  }
  return ['a', 'b', 'low'];
}

function randomValue(f: Field, r: () => number): unknown {
  const kind = f.type.kind;
  if (kind in PLACES) {
    const places = PLACES[kind];
    const span = kind === 'money' ? 300000 : kind === 'percent' ? 1 : kind === 'number' ? 200 : 40;
    const lo = kind === 'money' || kind === 'percent' || kind === 'months' || kind === 'days' ? 0 : -span / 4;
    const x = lo + r() * (span - lo);
    return new Decimal(BigInt(Math.round(x * 10 ** places)), places).toString();
  }
  if (kind === 'boolean') return r() < 0.5;
  if (kind === 'date') return dayShift('2018-01-01', Math.floor(r() * 3000));
  if (kind === 'enum') {
    const vs = f.type.values ?? [];
    return vs[Math.floor(r() * vs.length)]?.key ?? 'x';
  }
  return ['a', 'b', 'c'][Math.floor(r() * 3)];
}

/** The dates worth asking: every version's edges (from, the day before, until, the day before) and a few others. */
function dates(m: Model, id: string): string[] {
  const out = new Set(['2026-03-01', '2025-06-30']);
  for (const d of m.decisions.get(id) ?? []) {
    if (!d.effective) continue;
    out.add(d.effective.from.iso);
    out.add(dayShift(d.effective.from.iso, -1));
    if (d.effective.until) {
      out.add(d.effective.until.iso);
      out.add(dayShift(d.effective.until.iso, -1));
    }
  }
  return [...out].sort();
}

/** Cases for one decision: each boundary of each input at least once, each date, a missing input, then random ones. */
export function cases(m: Model, id: string, params: Field[], n = 120, seed = 20): Case[] {
  const r = rng(seed + id.length * 7919);
  const asOfs = dates(m, id);
  // Every input a caller gives: the decision's own and its exceptions' further ones.
  const ownNames = new Set(params.map((f) => f.name));
  const base = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const f of params) if (ownNames.has(f.name)) o[f.name] = randomValue(f, r);
    return o;
  };
  const out: Case[] = [];
  const pickDate = () => asOfs[Math.floor(r() * asOfs.length)];
  for (const f of params) {
    if (!ownNames.has(f.name)) continue;
    for (const v of boundaries(m, id, f)) out.push({ input: { ...base(), [f.name]: v }, asOf: pickDate() });
    const missing = base();
    delete missing[f.name];
    out.push({ input: missing, asOf: pickDate() });
  }
  for (const d of asOfs) out.push({ input: base(), asOf: d });
  while (out.length < n + params.length * 4) out.push({ input: base(), asOf: pickDate() });
  return out;
}

/** A value in one canonical text: decimals normalized (1500.00 → 1500), dates as ISO, lists element by element. */
export function canon(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Decimal.isDecimal(v)) return v.toString();
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === 'object' && (v as { kind?: string }).kind === 'date') return (v as { iso: string }).iso;
  return v;
}

/** What the interpreter says: outputs in canonical form, or the error code and input at fault. */
export function oracle(m: Model, id: string, c: Case): { output?: Record<string, unknown>; error?: string } {
  const r = evaluate(m, id, c.input, { asOf: c.asOf });
  if (r.error) return { error: r.error.input ? `${r.error.code}:${r.error.input}` : r.error.code };
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r.output ?? {})) o[k] = canon(v as Value);
  return { output: o };
}

/** A generated SQL value as an engine reads it: a decimal string, `t`/`f`, `{a,b}` arrays (PostgreSQL CSV) → canonical. */
export function canonSql(v: unknown, kind: string, list: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (list) {
    const items = Array.isArray(v) ? v : String(v) === '{}' ? [] : String(v).replace(/^\{|\}$/g, '').split(',').map((x) => x.replace(/^"|"$/g, ''));
    return items.map((x) => canonSql(x, kind, false));
  }
  if (['number', 'integer', 'percent', 'money', 'months', 'days'].includes(kind)) return Decimal.parse(String(v))!.toString();
  if (kind === 'boolean') return v === true || v === 't' || v === 'true';
  return String(v);
}

/** The SQL text of one argument value for `dialect`, typed as the manifest says. */
export function sqlArg(dialect: DialectName, kind: string, value: unknown, type: string): string {
  if (value === undefined || value === null) return `CAST(NULL AS ${type})`;
  if (['number', 'integer', 'percent', 'money', 'months', 'days'].includes(kind)) return dialect === 'postgres' ? `CAST('${String(value)}' AS numeric)` : `CAST('${String(value)}' AS ${type})`;
  if (kind === 'boolean') return value === true ? 'TRUE' : 'FALSE';
  if (kind === 'date') return `DATE '${String(value)}'`;
  return str(dialect, String(value)).text;
}

export function generated(m: Model): { files: Map<string, string>; manifest: SqlManifest } {
  return generateSql(m);
}

export function latest(m: Model, id: string): Decision {
  const v = m.decisions.get(id)!;
  return v[v.length - 1];
}
