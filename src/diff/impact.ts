/**
 * Impact: where a change of the rules changes a result, for each stretch of
 * time in which the versions in force stay put (see `period.ts`), and for
 * every decision that calls a changed one.
 *
 * The inputs are cut into regions with the checker's own machinery
 * (`check/domain.ts`): one axis per input from every cell that tests it, on
 * both sides, so each position of an axis is a region on which every table
 * involved is constant. When both versions are tables with literal outputs,
 * every combination of positions is evaluated on both sides, and a verdict of
 * "no result changes" is proved, as the checker proves overlaps and gaps.
 * Otherwise (formulas, calls, too many combinations) the positions are
 * sampled, and the report says so and how many inputs it tried.
 */
import type { Decision, Field, Model, Value } from '../model/index.js';
import { formatRegion } from '../check/axis-values.js';
import { t as msg } from '../diagnostics/catalogue.js';
import { currencySymbol, formatValue } from '../lang/format.js';
import { matchesUnary } from '../lang/unary.js';
import { walkExprs } from './calls.js';
import { canonicalJson } from '../model/canonical.js';
import { periodOf, periodWords, segments, versionAt, type Segment } from './period.js';
import type { ImpactRegion, PeriodImpact } from './types.js';
import { conditionWords, fieldLabel, inputWords, type Words } from './words.js';
import { literalTable, representative, type Sample, type Dim, dimOf, regionTest, product } from './impact-inputs.js';
import { type EvaluateFn, type Result, changeWords, rawOutcome, keyOf, changedOutputs, moneyDelta } from './impact-words.js';


export { type EvaluateFn } from './impact-words.js';

/** Exact comparison enumerates at most this many input regions per period. */
const MAX_EXACT = 20_000;

/** Sampling evaluates at most this many inputs per period and side. */
const MAX_SAMPLED = 2_000;

/** At most this many regions are kept per period (the rest are counted). */
const MAX_REGIONS = 12;

/** The ids of decisions that `d` calls directly. */
export function callees(d: Decision): Set<string> {
  const ids = new Set<string>();
  walkExprs(d, (x) => x.kind === 'call' && ids.add(x.decision));
  return ids;
}

const overrideIndex = new WeakMap<Model, Map<string, string[]>>();

/** The ids of decisions that declare `overrides: id` (asking `id` gives their answer where they apply). */
function overriders(model: Model, id: string): string[] {
  let index = overrideIndex.get(model);
  if (!index) {
    index = new Map();
    for (const [x, versions] of model.decisions) {
      for (const target of new Set(versions.map((v) => v.overrides?.id).filter((t): t is string => !!t))) index.set(target, [...(index.get(target) ?? []), x]);
    }
    overrideIndex.set(model, index);
  }
  return index.get(id) ?? [];
}

/** The inputs of the decisions that override `id`, transitively (by name, first declaration kept). */
function exceptionFields(models: Model[], id: string): Field[] {
  const out = new Map<string, Field>();
  const seen = new Set<string>([id]);
  const walk = (x: string) => {
    for (const m of models) {
      for (const o of overriders(m, x)) {
        if (seen.has(o)) continue;
        seen.add(o);
        for (const v of m.decisions.get(o) ?? []) for (const f of v.inputs) if (!out.has(f.name)) out.set(f.name, f);
        walk(o);
      }
    }
  };
  walk(id);
  return [...out.values()];
}

/** Decisions whose tables decide `id`'s results: itself, what it calls and what overrides it, transitively. */
function closure(model: Model, id: string, seen = new Set<string>()): Set<string> {
  if (seen.has(id)) return seen;
  seen.add(id);
  for (const d of model.decisions.get(id) ?? []) for (const c of callees(d)) closure(model, c, seen);
  for (const x of overriders(model, id)) closure(model, x, seen);
  return seen;
}

/** Ids of decisions whose results may differ: changed ones and every decision that calls one or is overridden by one, transitively. */
export function affected(base: Model, head: Model, changed: Set<string>): Set<string> {
  const out = new Set(changed);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of [base, head]) {
      for (const [id, versions] of m.decisions) {
        if (out.has(id)) continue;
        // A caller of a changed decision, or one a changed exception overrides (overrides are evaluated).
        if (versions.some((d) => [...callees(d)].some((c) => out.has(c))) || overriders(m, id).some((x) => out.has(x))) {
          out.add(id);
          grew = true;
        }
      }
    }
  }
  return out;
}

/** The impact of decision `id` in one segment of time. */
function segmentImpact(base: Model, head: Model, id: string, seg: Segment, evaluate: EvaluateFn): PeriodImpact | undefined {
  const a = versionAt(base, id, seg.asOf);
  const b = versionAt(head, id, seg.asOf);
  const out: PeriodImpact = { ...(seg.from && { from: seg.from }), ...(seg.until && { until: seg.until }), kind: 'compared', proof: 'exact', inputs: 0, regions: [], more: 0 };
  const pw = periodWords(seg);
  if (pw) out.period = pw;
  if (!a && !b) return undefined;
  if (!a || !b) {
    out.kind = a ? 'removed' : 'added';
    return out;
  }
  const currency = head.config.currency;
  const names = new Set(b.inputs.map((f) => f.name));
  // The fields that decide an exception come too: asking the general decision gives the exception's answer where it applies.
  // Their declared domains say where the exception applies, not what the general question admits: taken off.
  const exceptional = exceptionFields([base, head], id)
    .filter((f) => !names.has(f.name) && !a.inputs.some((x) => x.name === f.name))
    .map((f) => ({ ...f, type: { ...f.type, domain: undefined } }));
  const fields = [...b.inputs, ...a.inputs.filter((f) => !names.has(f.name)), ...exceptional];
  const inA = new Set(a.inputs.map((f) => f.name));
  const added = b.inputs.filter((f) => !inA.has(f.name));
  const removed = a.inputs.filter((f) => !names.has(f.name));
  if (added.length) out.inputsAdded = added.map(fieldLabel);
  if (removed.length) out.inputsRemoved = removed.map(fieldLabel);
  const outA = new Set(a.outputs.map((f) => f.name));
  const outB = new Set(b.outputs.map((f) => f.name));
  const common = b.outputs.map((f) => f.name).filter((n) => outA.has(n));
  const oAdded = b.outputs.filter((f) => !outA.has(f.name));
  const oRemoved = a.outputs.filter((f) => !outB.has(f.name));
  if (oAdded.length) out.outputsAdded = oAdded.map(fieldLabel);
  if (oRemoved.length) out.outputsRemoved = oRemoved.map(fieldLabel);

  // The tables that decide the regions: the two versions in force, and everything they call or are overridden by, on both sides.
  const around = [...new Set([...closure(base, id), ...closure(head, id)])].filter((x) => x !== id).flatMap((x) => [...(base.decisions.get(x) ?? []), ...(head.decisions.get(x) ?? [])]);
  const versions = [a, b, ...around];
  // Constant on every region only when every one of them is a table with literal outputs (which calls nothing).
  const exact = versions.every(literalTable);
  const dims = fields.map((f) => dimOf(f, versions, representative([head, base], id, f), exact));
  // Where an input's default differs between the sides (changed, or an added input that has one, or a removed input
  // that had one), a caller that gives no value gets different answers: the input is also tried left out.
  const inputDefault = (d: Decision, name: string) => {
    const f = d.inputs.find((x) => x.name === name);
    return f ? canonicalJson(f.default ?? null) : undefined;
  };
  for (const d of dims) {
    const da = inputDefault(a, d.field.name);
    const db = inputDefault(b, d.field.name);
    const differs = da !== undefined && db !== undefined ? da !== db : (da ?? db) !== undefined && (da ?? db) !== 'null';
    if (differs) d.samples.push({ value: undefined as unknown as Value, omitted: true });
  }
  // The grouping axis: the first input with a numeric axis that varies; regions are runs along it.
  let gi = dims.findIndex((d) => d.axis && d.axis.mode !== 'finite' && d.samples.length > 1);
  if (gi < 0) gi = dims.findIndex((d) => d.samples.length > 1);
  const group = gi >= 0 ? dims[gi] : undefined;
  const others = dims.filter((_, i) => i !== gi);
  const total = product(dims);
  let combos: Sample[][] = [[]];
  if ((exact && total <= MAX_EXACT) || (!exact && total <= MAX_SAMPLED)) {
    for (const d of others) combos = combos.flatMap((c) => d.samples.map((s) => [...c, s]));
    out.proof = exact ? 'exact' : 'sampled';
  } else {
    // Too many combinations: the others at a middle value, then each varied alone.
    out.proof = 'sampled';
    const mid = others.map((d) => d.samples[Math.floor(d.samples.length / 2)]);
    combos = [mid];
    others.forEach((d, k) => {
      for (const s of d.samples) if (s !== mid[k]) combos.push(mid.map((m, j) => (j === k ? s : m)));
    });
    const per = group ? group.samples.length : 1;
    combos = combos.slice(0, Math.max(1, Math.floor(MAX_SAMPLED / per)));
  }
  // Whether any input gets a result on either side: a period in which nothing can be computed says nothing.
  let answered = false;
  const raws: Raw[] = [];
  const sideInput = (d: Decision, input: Record<string, Value>) => Object.fromEntries([...d.inputs, ...exceptional].filter((f) => input[f.name] !== undefined).map((f) => [f.name, input[f.name]]));
  for (const combo of combos) {
    const fixed: Record<string, Value> = {};
    others.forEach((d, k) => (fixed[d.field.name] = combo[k].value));
    const line: { s?: Sample; ra: Result; rb: Result; input: Record<string, Value> }[] = [];
    for (const s of group ? group.samples : [undefined]) {
      const input = s && group ? { ...fixed, [group.field.name]: s.value } : fixed;
      line.push({ s, input, ra: evaluate(base, id, sideInput(a, input), { asOf: seg.asOf }), rb: evaluate(head, id, sideInput(b, input), { asOf: seg.asOf }) });
    }
    out.inputs += line.length;
    if (!answered) answered = line.some((x) => x.ra.output || x.rb.output);
    let k = 0;
    while (k < line.length) {
      const key = keyOf(line[k].ra, common) + '→' + keyOf(line[k].rb, common);
      let e = k + 1;
      while (e < line.length && keyOf(line[e].ra, common) + '→' + keyOf(line[e].rb, common) === key) e++;
      if (keyOf(line[k].ra, common) !== keyOf(line[k].rb, common)) {
        if (raws.length >= MAX_RAW) out.more++;
        else {
          const run = line.slice(k, e);
          const pick = run.length > 2 ? run[Math.floor(run.length / 2)] : run[run.length - 1];
          const pos = others.map((d, j) => (combo[j].pos === undefined ? [] : [combo[j].pos as number]));
          raws.push({ key, from: run[0].s?.pos, to: run[run.length - 1].s?.pos, pos, pick, points: run.length });
        }
      }
      k = e;
    }
  }
  // Regions that differ in one other input only, with the same outcomes, are one region over the values of that input.
  const merged = mergeRaws(raws, others.length);
  for (const r of merged) {
    if (out.regions.length >= MAX_REGIONS) out.more++;
    else out.regions.push(regionOf(base, head, a, b, r, group, others, fields, common, currency));
  }
  return answered ? out : undefined;
}

type Point = { s?: Sample; ra: Result; rb: Result; input: Record<string, Value> };

/** A region before it is put in words: a run along the grouping input, and the positions of every other input. */
interface Raw {
  key: string;
  from?: number;
  to?: number;
  /** Per other input: the positions it holds (empty when it has no axis). */
  pos: number[][];
  pick: Point;
  points: number;
}

/** Regions found before merging (the rest are counted). */
const MAX_RAW = 2_000;

/** Merges regions that differ in the positions of one other input only (same outcomes, same run, same other positions). */
function mergeRaws(raws: Raw[], dims: number): Raw[] {
  let cur = raws;
  for (let k = 0; k < dims; k++) {
    const groups = new Map<string, Raw>();
    const next: Raw[] = [];
    for (const r of cur) {
      const sig = JSON.stringify([r.key, r.from, r.to, r.pos.map((p, j) => (j === k ? null : p))]);
      const g = groups.get(sig);
      if (g) {
        g.pos[k] = [...new Set([...g.pos[k], ...r.pos[k]])].sort((x, y) => x - y);
        g.points += r.points;
      } else {
        const copy = { ...r, pos: r.pos.map((p) => [...p]) };
        groups.set(sig, copy);
        next.push(copy);
      }
    }
    cur = next;
  }
  return cur;
}

/** Positions as runs of neighbours: [s, e] pairs. */
function runsOf(ps: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of ps) {
    const last = out[out.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else out.push([p, p]);
  }
  return out;
}

/** Whether positions hold every sample of a dimension that its declared domain admits. */
function covers(d: Dim, ps: number[]): boolean {
  const dom = d.field.type.domain;
  const held = new Set(ps);
  return d.samples.every((x) => x.pos === undefined || held.has(x.pos) || (dom !== undefined && !matchesUnary(dom, x.value)));
}

function regionOf(base: Model, head: Model, a: Decision, b: Decision, r: Raw, group: Dim | undefined, others: Dim[], fields: Field[], common: string[], currency: string): ImpactRegion {
  const pick = r.pick;
  const region: Record<string, string> = {};
  const conds: Words[] = [];
  const where = (d: Dim, ps: number[]) => {
    if (!d.axis || !ps.length || covers(d, ps)) return;
    const axis = d.axis;
    const runs = runsOf(ps);
    region[d.field.name] = runs.map(([s, e]) => formatRegion(axis, s, e)).join(', ');
    const tests = runs.map(([s, e]) => regionTest(axis, s, e));
    const flat = tests.flatMap((t) => (t.kind === 'or' ? t.items : [t]));
    conds.push(conditionWords(flat.length === 1 ? flat[0] : { kind: 'or', items: flat }, d.field, currency));
  };
  if (group?.axis && r.from !== undefined) where(group, Array.from({ length: (r.to ?? r.from) - r.from + 1 }, (_, i) => r.from! + i).filter((p) => group.samples.some((x) => x.pos === p)));
  others.forEach((d, k) => d.samples.length > 1 && where(d, r.pos[k]));
  const pairs = fields.filter((f) => pick.input[f.name] !== undefined).map((f) => ({ field: f, value: pick.input[f.name] }));
  const example: Record<string, string> = {};
  for (const p of pairs) example[p.field.name] = formatValue(p.value, p.field.type, { currencySymbol: currencySymbol(currency), moneyPlaces: 0 });
  // An input the example leaves out (its default differs between the sides) is said, as the region's condition too.
  const omitted = fields.filter((f) => pick.input[f.name] === undefined);
  const left = omitted.map((f) => ({ zh: msg('diff.omitted', { label: fieldLabel(f).zh }, 'zh').message, en: msg('diff.omitted', { label: fieldLabel(f).en }, 'en').message }));
  for (const f of omitted) example[f.name] = '(omitted)';
  const changed = changedOutputs(pick.ra, pick.rb, common);
  const shown = changed.length ? changed : common;
  return {
    region,
    example,
    before: rawOutcome(base, a, pick.ra, shown),
    after: rawOutcome(head, b, pick.rb, shown),
    points: r.points,
    words: {
      where: { zh: [...conds, ...left].map((c) => c.zh).join('，'), en: [...conds, ...left].map((c) => c.en).join(', ') },
      example: ((x: Words) => (left.length ? { zh: [x.zh, ...left.map((l) => l.zh)].filter(Boolean).join('，'), en: [x.en, ...left.map((l) => l.en)].filter(Boolean).join(', ') } : x))(inputWords(pairs, currency)),
      changes: changeWords(a, b, pick.ra, pick.rb, shown, currency),
    },
    bounded: (!group || !!group.axis) && others.every((d) => d.samples.length < 2 || !!d.axis),
    weight: moneyDelta(b, pick.ra, pick.rb, shown),
  };
}

/**
 * The impact of decision `id` per period: one entry per stretch of time in
 * which the versions in force (of it and of everything it calls) stay the
 * same, neighbours with the same outcome merged.
 */
export function impactOf(base: Model, head: Model, id: string, evaluate: EvaluateFn): PeriodImpact[] {
  const ids = new Set([...closure(base, id), ...closure(head, id)]);
  const out: PeriodImpact[] = [];
  for (const seg of segments([base, head], ids)) {
    const r = segmentImpact(base, head, id, seg, evaluate);
    if (!r) continue;
    const prev = out[out.length - 1];
    const same = (x: PeriodImpact) => canonicalJson({ k: x.kind, r: x.regions.map((g) => [g.region, g.before, g.after]), m: x.more, p: x.proof, ia: x.inputsAdded, ir: x.inputsRemoved, oa: x.outputsAdded, or: x.outputsRemoved });
    if (prev && prev.until === r.from && same(prev) === same(r)) {
      // One period: the neighbour's examples stand for both.
      if (r.until) prev.until = r.until;
      else delete prev.until;
      prev.inputs += r.inputs;
      const pw = periodWords(prev);
      if (pw) prev.period = pw;
      else delete prev.period;
      continue;
    }
    out.push(r);
  }
  return out;
}

/** The period of a decision version, for the report (re-exported for the decision diff). */
export { periodOf };
