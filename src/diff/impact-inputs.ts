/**
 * The inputs an impact is computed over: one dimension per input, cut at every
 * cell and formula threshold of both sides (the checker's axes), a
 * representative value per region, and the region as a cell test.
 */
import type { Decision, Expr, Field, Literal, Model, UnaryTest, Value } from '../model/index.js';
import { NUMERIC_KINDS } from '../runtime/semantics.js';
import { buildAxis, type Axis } from '../check/domain.js';
import { formatRegion, valueAt } from '../check/axis-values.js';
import { matchesUnary } from '../lang/unary.js';
import { walkExprs } from './calls.js';
import { canonicalJson } from '../model/canonical.js';
import { Decimal } from '../runtime/decimal.js';

/** A table whose every output is a literal and every cell a plain test: constant on each region of its axes. */
export function literalTable(d: Decision): boolean {
  return (
    !d.formulas.length &&
    d.rules.every((r) => r.then.every((o) => o.expr.kind === 'literal') && r.when.every((c) => c.test.kind !== 'expr')) &&
    (d.defaults ?? []).every((o) => o.expr.kind === 'literal')
  );
}

/** A value for an input no cell looks at: a test's, else a plain one of its type. */
export function representative(models: Model[], id: string, field: Field): Value {
  for (const m of models) for (const t of m.tests) if (t.decision === id && t.input[field.name]) return t.input[field.name].value;
  switch (field.type.kind) {
    case 'money':
      return new Decimal(100000n, 0);
    case 'percent':
      return new Decimal(5n, 1);
    case 'number':
    case 'integer':
    case 'months':
    case 'days':
      return Decimal.ONE;
    case 'boolean':
      return true;
    case 'enum':
      return field.type.values?.[0]?.key ?? '';
    case 'date':
      return { kind: 'date', iso: '2026-01-01' };
    default:
      return '';
  }
}

/** One sampled value of an axis: its position (a region of the axis) and a value in it. */
export interface Sample {
  pos?: number;
  value: Value;
  /** The input left out (the caller gives no value: its default, if any, applies). */
  omitted?: boolean;
}

export interface Dim {
  field: Field;
  axis?: Axis;
  samples: Sample[];
}

/** The cells on `input` of the given decision versions, and their fields' domains. */
function testsOn(versions: Decision[], input: string): UnaryTest[] {
  const out: UnaryTest[] = [];
  for (const d of versions) {
    for (const r of d.rules) for (const c of r.when) if (c.input === input && c.test.kind !== 'expr' && c.test.kind !== 'any') out.push(c.test);
    const f = d.inputs.find((x) => x.name === input);
    if (f?.type.domain) out.push(f.type.domain);
  }
  return out;
}

/** The axis of one input over the tests both sides ask of it; the type's own domain bounds it (a declared one is a test like the others). */
function axisOf(field: Field, tests: UnaryTest[]): Axis | undefined {
  const bare: Field = { ...field, type: { ...field.type, domain: undefined } };
  try {
    return buildAxis([bare], tests);
  } catch {
    // A cell of another type (the resolver reported it): keep the tests that fit.
    const ok = tests.filter((t) => {
      try {
        buildAxis([bare], [t]);
        return true;
      } catch {
        return false;
      }
    });
    try {
      return buildAxis([bare], ok);
    } catch {
      return undefined;
    }
  }
}

const CMP = new Set(['<', '<=', '>', '>=', '=', '!=']);

/**
 * Thresholds written in formulas rather than cells: number literals compared
 * with something, or given to `min`/`max` (a cap such as `min(loss, 100000)`),
 * and the numbers a called table's rows give for an output a formula compares
 * with (`done_day < deadline(...).due_before_day` has that table's
 * `due_before_day` values as thresholds). An input no cell tests is sampled at these and one above
 * each, so moving a cap, or a called table's number, is seen.
 */
function formulaThresholds(versions: Decision[]): Decimal[] {
  const out = new Map<string, Decimal>();
  const lit = (e: Expr) => {
    if (e.kind === 'literal' && e.value.kind === 'number') out.set(e.value.value.normalize().toString(), e.value.value);
  };
  // Outputs of called decisions that a formula compares with: decision id → output name (undefined: its only output).
  const compared = new Map<string, Set<string | undefined>>();
  const called = (e: Expr) => {
    const c = e.kind === 'field' && e.target.kind === 'call' ? { id: e.target.decision, out: e.field } : e.kind === 'call' ? { id: e.decision, out: undefined } : undefined;
    if (c) compared.set(c.id, (compared.get(c.id) ?? new Set()).add(c.out));
  };
  for (const d of versions) {
    walkExprs(d, (e) => {
      if (e.kind === 'binary' && CMP.has(e.op)) lit(e.left), lit(e.right), called(e.left), called(e.right);
      if (e.kind === 'builtin' && (e.name === 'min' || e.name === 'max')) e.args.forEach(lit);
    });
  }
  // Then the numbers those outputs take (the literal outputs of the called tables' rows).
  for (const d of versions) {
    const outs = compared.get(d.id);
    if (outs) for (const r of d.rules) for (const o of r.then) if (outs.has(o.output) || (outs.has(undefined) && d.outputs.length === 1)) lit(o.expr);
  }
  return [...out.values()].slice(0, 32);
}

/** The formula thresholds (and one step above each) that an input of this type and domain can take. */
function thresholdValues(field: Field, versions: Decision[]): Decimal[] {
  const out: Decimal[] = [];
  if (!NUMERIC_KINDS.has(field.type.kind)) return out;
  const seen = new Set<string>();
  const step = field.type.kind === 'percent' ? new Decimal(1n, 2) : Decimal.ONE;
  for (const t of formulaThresholds(versions)) {
    for (const v of [t, t.add(step)]) {
      if (v.sign() < 0 && field.type.kind !== 'number' && field.type.kind !== 'integer') continue;
      // A whole-number input takes only whole numbers (a called table's `1.5%` is no day of the month).
      if (field.type.kind !== 'number' && field.type.kind !== 'percent' && field.type.kind !== 'money' && !v.eq(v.floor())) continue;
      if (field.type.domain && !matchesUnary(field.type.domain, v)) continue;
      if (!seen.has(canonicalJson(v))) seen.add(canonicalJson(v)), out.push(v);
    }
  }
  return out;
}

export function dimOf(field: Field, versions: Decision[], rep: Value, exact: boolean): Dim {
  const tests = testsOn(versions, field.name);
  // Sampled: an input with an axis (cells, or only its declared domain) is also cut at the formulas' thresholds,
  // so a formula comparing it with a number (or with a called table's number) is tried on both sides of it.
  if (tests.length && !exact) for (const v of thresholdValues(field, versions)) tests.push({ kind: 'compare', op: '<', value: { kind: 'number', value: v } });
  const axis = tests.length || field.type.kind === 'enum' || field.type.kind === 'boolean' ? axisOf(field, tests) : undefined;
  if (!axis) {
    const samples: Sample[] = [{ value: rep }];
    if (!exact) {
      const seen = new Set([canonicalJson(rep)]);
      for (const v of thresholdValues(field, versions)) if (!seen.has(canonicalJson(v))) seen.add(canonicalJson(v)), samples.push({ value: v });
    }
    return { field, samples };
  }
  const samples: Sample[] = [];
  const [lo, hi] = axis.domain.length ? [axis.domain[0], axis.domain[axis.domain.length - 1]] : [0, -1];
  for (let p = lo; p <= hi; p++) if (axis.mode !== 'discrete' || axis.valid[p]) samples.push({ pos: p, value: midValue(axis, p) ?? valueAt(axis, p) });
  return samples.length ? { field, axis, samples } : { field, samples: [{ value: rep }] };
}

const HUNDRED = new Decimal(100n, 0);

/**
 * For the stretch between two values of a numeric axis, a value a reader
 * expects as an example: the whole number (in the author's unit, percent
 * points for percents) nearest the middle, when it lies strictly inside. Any
 * value of a stretch stands for all of it, so the choice is only for reading.
 */
function midValue(axis: Axis, p: number): Value | undefined {
  if (axis.mode === 'finite' || axis.type.kind === 'date' || p % 2 === 1 || p === 0 || p === 2 * axis.points.length) return undefined;
  const k = axis.type.kind === 'percent' ? HUNDRED : Decimal.ONE;
  const a = axis.points[p / 2 - 1].mul(k);
  const b = axis.points[p / 2].mul(k);
  const mid = a.add(b).div(new Decimal(2n, 0)).floor();
  return mid.gt(a) && mid.lt(b) ? mid.div(k) : undefined;
}

function dayIso(day: Decimal): string {
  return new Date(day.toNumber() * 86_400_000).toISOString().slice(0, 10);
}

function literalOf(axis: Axis, v: Value | Decimal): Literal {
  if (axis.type.kind === 'date' && Decimal.isDecimal(v)) return { kind: 'date', value: { kind: 'date', iso: dayIso(v) } };
  if (Decimal.isDecimal(v)) return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  return { kind: 'string', value: String(v) };
}

/** The positions [s, e] of an axis as a unary test (what `formatRegion` prints, as a test to put in words). */
export function regionTest(axis: Axis, s: number, e: number): UnaryTest {
  const dom = axis.domain;
  if (dom.length === 2 && dom[0] === s && dom[1] === e) return { kind: 'any' };
  if (axis.mode === 'finite') {
    const items: UnaryTest[] = [];
    for (let p = s; p <= e; p++) items.push({ kind: 'compare', op: '=', value: literalOf(axis, valueAt(axis, p)) });
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }
  const pts = axis.points;
  const m = pts.length;
  let low: { v: Decimal; closed: boolean } | undefined;
  let high: { v: Decimal; closed: boolean } | undefined;
  if (axis.mode === 'discrete') {
    if (s > dom[0]) low = { v: s % 2 === 1 ? pts[(s - 1) / 2] : pts[s / 2 - 1].floor().add(Decimal.ONE), closed: true };
    if (e < dom[dom.length - 1]) high = { v: e % 2 === 1 ? pts[(e - 1) / 2] : pts[e / 2].ceiling().sub(Decimal.ONE), closed: true };
  } else {
    if (s > dom[0] && s > 0) low = s % 2 === 1 ? { v: pts[(s - 1) / 2], closed: true } : { v: pts[s / 2 - 1], closed: false };
    if (e < dom[dom.length - 1] && e < 2 * m) high = e % 2 === 1 ? { v: pts[(e - 1) / 2], closed: true } : { v: pts[e / 2], closed: false };
  }
  const lit = (d: Decimal) => literalOf(axis, d);
  if (low && high && low.closed && high.closed && low.v.eq(high.v)) return { kind: 'compare', op: '=', value: lit(low.v) };
  if (low && high) return { kind: 'range', low: lit(low.v), high: lit(high.v), lowClosed: low.closed, highClosed: high.closed };
  if (low) return { kind: 'compare', op: low.closed ? '>=' : '>', value: lit(low.v) };
  if (high) return { kind: 'compare', op: high.closed ? '<=' : '<', value: lit(high.v) };
  return { kind: 'any' };
}

export function product(dims: Dim[]): number {
  return dims.reduce((n, d) => n * d.samples.length, 1);
}
