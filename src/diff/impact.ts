/**
 * Impact: where a change of the rules changes a result. For each input, the
 * union of both sides' cell boundaries is enumerated (plus the domain's ends),
 * with a point between each pair of neighbours and one beyond each end; both
 * models are evaluated at every combination, and consecutive points along one
 * numeric input that show the same change form a region with a
 * representative example. Tables are constant between boundaries, so a region
 * read off the sampled points is exact for them.
 */
import type { Decision, Expr, Field, Literal, Model, UnaryTest, Value } from '../model/index.js';
import { currencySymbol, formatValue } from '../lang/format.js';
import { Decimal } from '../runtime/decimal.js';
import { canonicalJson } from './canonical.js';
import type { ImpactRegion } from './types.js';

/** The evaluator as impact needs it (`evaluate` of src/evaluate, or any stand-in with its contract). */
export type EvaluateFn = (
  model: Model,
  decisionId: string,
  input: Record<string, unknown>,
  opts: { asOf?: string },
) => { output?: Record<string, Value>; error?: { code: string } };

/** At most this many evaluations per decision and side; beyond, inputs vary one at a time. */
const MAX_POINTS = 2000;
/** At most this many regions are kept per decision (the rest are counted). */
export const MAX_REGIONS = 12;

const NUMERIC = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);
const INTEGRAL = new Set(['integer', 'months', 'days']);
const TWO = new Decimal(2n, 0);

interface Point {
  value: Value;
  /** For numeric points: the open interval a between-point stands for, or the boundary itself. */
  at?: Decimal;
  low?: Decimal;
  high?: Decimal;
  boundary?: boolean;
}

function walkExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  switch (e.kind) {
    case 'field':
      return walkExpr(e.target, f);
    case 'unary':
      return walkExpr(e.operand, f);
    case 'binary':
      walkExpr(e.left, f);
      return walkExpr(e.right, f);
    case 'if':
      walkExpr(e.cond, f);
      walkExpr(e.then, f);
      return walkExpr(e.else, f);
    case 'builtin':
    case 'list':
      for (const a of e.kind === 'builtin' ? e.args : e.items) walkExpr(a, f);
      return;
    case 'call':
      for (const a of [...e.args, ...Object.values(e.named ?? {})]) walkExpr(a, f);
      return;
    default:
      return;
  }
}

/** Every expression of a decision (outputs, formulas, defaults, expression cells). */
function exprsOf(d: Decision): Expr[] {
  const out: Expr[] = [];
  for (const r of d.rules) {
    for (const t of r.then) out.push(t.expr);
    for (const c of r.when) if (c.test.kind === 'expr') out.push(c.test.expr);
  }
  for (const f of d.formulas) out.push(f.expr);
  for (const o of d.defaults ?? []) out.push(o.expr);
  return out;
}

/** The ids of decisions that `d` calls directly. */
export function callees(d: Decision): Set<string> {
  const ids = new Set<string>();
  for (const e of exprsOf(d)) walkExpr(e, (x) => x.kind === 'call' && ids.add(x.decision));
  return ids;
}

/** Decisions reachable from `id` by calls, itself included. */
function closure(model: Model, id: string, seen = new Set<string>()): Set<string> {
  if (seen.has(id)) return seen;
  seen.add(id);
  for (const d of model.decisions.get(id) ?? []) for (const c of callees(d)) closure(model, c, seen);
  return seen;
}

function literalsOf(t: UnaryTest, out: Literal[]): void {
  switch (t.kind) {
    case 'compare':
      out.push(t.value);
      return;
    case 'range':
      out.push(t.low, t.high);
      return;
    case 'or':
    case 'not':
      for (const x of t.items) literalsOf(x, out);
      return;
    default:
      return;
  }
}

/** Boundaries of `input` in the cells of every decision called (by name: inputs passed on keep their names in practice). */
function boundaries(models: Model[], ids: Set<string>, input: string): Literal[] {
  const out: Literal[] = [];
  for (const m of models) {
    for (const id of ids) {
      for (const d of m.decisions.get(id) ?? []) {
        for (const r of d.rules) for (const c of r.when) if (c.input === input) literalsOf(c.test, out);
        const f = d.inputs.find((x) => x.name === input);
        if (f?.type.domain) literalsOf(f.type.domain, out);
      }
    }
  }
  return out;
}

function dedupeSorted(ds: Decimal[]): Decimal[] {
  const s = [...ds].sort((a, b) => a.cmp(b));
  return s.filter((d, i) => i === 0 || !d.eq(s[i - 1]));
}

function between(a: Decimal, b: Decimal, integral: boolean): Decimal | undefined {
  if (integral) {
    const m = a.add(b).div(TWO).floor();
    return m.gt(a) && m.lt(b) ? m : undefined;
  }
  const span = b.sub(a);
  // Whole numbers read better in examples when the gap allows one.
  if (span.gt(TWO)) return a.add(b).div(TWO).floor();
  return a.add(b).div(TWO);
}

function numericPoints(field: Field, lits: Literal[]): Point[] {
  const kind = field.type.kind;
  const integral = INTEGRAL.has(kind);
  const bs: Decimal[] = lits.flatMap((l) => (l.kind === 'number' ? [l.value] : []));
  const domLow = kind === 'percent' || kind === 'money' || kind === 'months' || kind === 'days' ? Decimal.ZERO : undefined;
  const domHigh = kind === 'percent' ? Decimal.ONE : undefined;
  if (domLow && bs.length) bs.push(domLow);
  if (domHigh && bs.length) bs.push(domHigh);
  const b = dedupeSorted(bs).filter((d) => (!domLow || d.gte(domLow)) && (!domHigh || d.lte(domHigh)));
  if (!b.length) return [];
  const pts: Point[] = [];
  if (!domLow || b[0].gt(domLow)) {
    const step = b[0].abs().gt(Decimal.ONE) ? b[0].abs() : Decimal.ONE;
    pts.push({ value: b[0].sub(step), at: b[0].sub(step), high: b[0] });
  }
  for (let i = 0; i < b.length; i++) {
    pts.push({ value: b[i], at: b[i], boundary: true });
    if (i + 1 < b.length) {
      const m = between(b[i], b[i + 1], integral);
      if (m) pts.push({ value: m, at: m, low: b[i], high: b[i + 1] });
    }
  }
  const last = b[b.length - 1];
  if (!domHigh || last.lt(domHigh)) {
    const step = last.abs().gt(Decimal.ONE) ? last.abs() : Decimal.ONE;
    pts.push({ value: last.add(step), at: last.add(step), low: last });
  }
  return pts;
}

function pointsOf(field: Field, lits: Literal[]): Point[] {
  const t = field.type;
  if (NUMERIC.has(t.kind)) return numericPoints(field, lits);
  if (t.kind === 'enum') return (t.values ?? []).map((v) => ({ value: v.key }));
  if (t.kind === 'boolean') return [{ value: true }, { value: false }];
  const seen = new Map<string, Value>();
  for (const l of lits) if (l.kind !== 'number') seen.set(canonicalJson(l.value), l.value);
  return [...seen.values()].map((value) => ({ value }));
}

/** A value for an input no cell looks at: the first test's, else a plain one of its type. */
function representative(model: Model, id: string, field: Field): Value | undefined {
  for (const t of model.tests) if (t.decision === id && t.input[field.name]) return t.input[field.name].value;
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
      return field.type.values?.[0]?.key;
    case 'date':
      return { kind: 'date', iso: '2026-01-01' };
    default:
      return '';
  }
}

function latest(model: Model, id: string): Decision | undefined {
  const v = model.decisions.get(id);
  return v?.[v.length - 1];
}

function sameInputs(a: Decision, b: Decision): boolean {
  return a.inputs.length === b.inputs.length && a.inputs.every((f, i) => b.inputs[i].name === f.name && b.inputs[i].type.kind === f.type.kind);
}

/** The outputs (or the error) of one side, in the author's units. */
function outcome(model: Model, d: Decision, r: ReturnType<EvaluateFn>, only?: Set<string>): string {
  if (!r.output) return `error: ${r.error?.code ?? 'unknown'}`;
  const sym = currencySymbol(model.config.currency);
  const parts: string[] = [];
  for (const f of d.outputs) {
    if (only && !only.has(f.name)) continue;
    const v = r.output[f.name];
    if (v === undefined) continue;
    parts.push(`${f.name} ${formatValue(v, f.type, { currencySymbol: sym })}`);
  }
  return parts.join(', ');
}

function keyOf(r: ReturnType<EvaluateFn>): string {
  return r.output ? canonicalJson(r.output) : `error:${r.error?.code}`;
}

function changedOutputs(a: ReturnType<EvaluateFn>, b: ReturnType<EvaluateFn>): Set<string> | undefined {
  if (!a.output || !b.output) return undefined;
  const names = new Set<string>();
  for (const k of new Set([...Object.keys(a.output), ...Object.keys(b.output)])) {
    if (canonicalJson(a.output[k] ?? null) !== canonicalJson(b.output[k] ?? null)) names.add(k);
  }
  return names;
}

function fmt(model: Model, field: Field, v: Value): string {
  return formatValue(v, field.type, { currencySymbol: currencySymbol(model.config.currency), moneyPlaces: 0 });
}

function regionText(model: Model, field: Field, run: Point[]): string {
  const f = (d: Decimal) => fmt(model, field, d);
  const first = run[0];
  const last = run[run.length - 1];
  if (first.at === undefined || last.at === undefined) return run.map((p) => fmt(model, field, p.value)).join(', ');
  if (run.length === 1 && first.boundary) return `= ${f(first.at)}`;
  const lo = first.boundary ? { v: first.at, closed: true } : first.low ? { v: first.low, closed: false } : undefined;
  const hi = last.boundary ? { v: last.at, closed: true } : last.high ? { v: last.high, closed: false } : undefined;
  if (!lo && !hi) return '-';
  if (!lo && hi) return `${hi.closed ? '<=' : '<'} ${f(hi.v)}`;
  if (lo && !hi) return `${lo.closed ? '>=' : '>'} ${f(lo.v)}`;
  const l = lo as { v: Decimal; closed: boolean };
  const h = hi as { v: Decimal; closed: boolean };
  return `${l.closed ? '[' : '('}${f(l.v)}..${f(h.v)}${h.closed ? ']' : ')'}`;
}

export interface ImpactResult {
  regions: ImpactRegion[];
  /** Regions found beyond MAX_REGIONS. */
  more: number;
  note?: 'inputs-changed' | 'sampled';
}

/** The input regions where decision `id` gives another result in `head` than in `base`. */
export function impactOf(base: Model, head: Model, id: string, evaluate: EvaluateFn): ImpactResult {
  const a = latest(base, id);
  const b = latest(head, id);
  if (!a || !b) return { regions: [], more: 0 };
  if (!sameInputs(a, b)) return { regions: [], more: 0, note: 'inputs-changed' };
  const ids = new Set([...closure(base, id), ...closure(head, id)]);
  const asOf = [a.effective?.from.iso, b.effective?.from.iso].filter((x): x is string => !!x).sort().pop();
  const axes: { field: Field; points: Point[] }[] = [];
  const fixed: Record<string, Value> = {};
  for (const field of b.inputs) {
    const pts = pointsOf(field, boundaries([base, head], ids, field.name));
    const rep = representative(head, id, field) ?? representative(base, id, field);
    if (pts.length > 1) axes.push({ field, points: pts });
    else if (pts.length === 1) fixed[field.name] = pts[0].value;
    else if (rep !== undefined) fixed[field.name] = rep;
  }
  // The grouping axis: the first numeric input that varies; the others are enumerated around it.
  const gi = Math.max(0, axes.findIndex((x) => x.points[0]?.at !== undefined));
  const group = axes[gi];
  const others = axes.filter((_, i) => i !== gi);
  let combos: Record<string, Point>[] = [{}];
  for (const ax of others) combos = combos.flatMap((c) => ax.points.map((p) => ({ ...c, [ax.field.name]: p })));
  const total = combos.length * (group?.points.length ?? 1);
  if (total > MAX_POINTS) {
    // Too many combinations: hold the others at their middle point.
    const mid: Record<string, Point> = {};
    for (const ax of others) mid[ax.field.name] = ax.points[Math.floor(ax.points.length / 2)];
    combos = [mid];
  }
  const regions: ImpactRegion[] = [];
  let more = 0;
  for (const combo of combos) {
    const baseInput: Record<string, Value> = { ...fixed };
    for (const [k, p] of Object.entries(combo)) baseInput[k] = p.value;
    const line: { p?: Point; ra: ReturnType<EvaluateFn>; rb: ReturnType<EvaluateFn> }[] = [];
    for (const p of group ? group.points : [undefined]) {
      const input = p && group ? { ...baseInput, [group.field.name]: p.value } : baseInput;
      line.push({ p, ra: evaluate(base, id, input, { asOf }), rb: evaluate(head, id, input, { asOf }) });
    }
    let k = 0;
    while (k < line.length) {
      const x = line[k];
      const key = keyOf(x.ra) + '→' + keyOf(x.rb);
      let e = k + 1;
      while (e < line.length && keyOf(line[e].ra) + '→' + keyOf(line[e].rb) === key) e++;
      if (keyOf(x.ra) !== keyOf(x.rb)) {
        if (regions.length >= MAX_REGIONS) more++;
        else {
          const run = line.slice(k, e);
          const pick = run.find((r) => r.p && !r.p.boundary) ?? run[0];
          const example: Record<string, string> = {};
          const input = pick.p && group ? { ...baseInput, [group.field.name]: pick.p.value } : baseInput;
          for (const f of b.inputs) if (input[f.name] !== undefined) example[f.name] = fmt(head, f, input[f.name]);
          const region: Record<string, string> = {};
          for (const ax of others) region[ax.field.name] = `= ${fmt(head, ax.field, combo[ax.field.name].value)}`;
          const whole = group && run[0].p ? regionText(head, group.field, run.map((r) => r.p as Point)) : '-';
          if (group && whole !== '-') region[group.field.name] = whole;
          const only = changedOutputs(pick.ra, pick.rb);
          regions.push({ region, example, before: outcome(base, a, pick.ra, only), after: outcome(head, b, pick.rb, only), points: run.length });
        }
      }
      k = e;
    }
  }
  return { regions, more, ...(total > MAX_POINTS && { note: 'sampled' as const }) };
}

/** Ids of decisions whose results may differ: changed ones and every decision that calls one, transitively. */
export function affected(base: Model, head: Model, changed: Set<string>): Set<string> {
  const out = new Set(changed);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of [base, head]) {
      for (const [id, versions] of m.decisions) {
        if (out.has(id)) continue;
        if (versions.some((d) => [...callees(d)].some((c) => out.has(c)))) {
          out.add(id);
          grew = true;
        }
      }
    }
  }
  return out;
}

/** The latest version of a decision in a model (what impact compares). */
export { latest as latestVersion };
