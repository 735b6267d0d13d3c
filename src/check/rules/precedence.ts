/**
 * `overlap` across decisions, from declared relations only: two decisions
 * that say they decide the same thing (`decides: <id>`), or two exceptions
 * of one rule (both `overrides` it), conflict where both apply to one input
 * with different outputs — the witness is that input. An exception and the
 * rule it overrides never conflict: that is precedence, evaluated. Shared
 * output names alone relate nothing. Versions of one id are the period
 * rule's business, and decisions whose periods never meet cannot conflict.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { Decision, Field, Model, Period, UnaryTest } from '../../model/index.js';
import { showPoint } from '../context.js';
import { buildAxis, cellSet, UnsupportedError, type Axis } from '../domain.js';
import { type PosSet } from '../posset.js';
import { Boxes, overlapGroups } from '../sweep.js';
import { exprKey, isUnreadCell, meetRegion, pointOf, witnessInput } from '../table.js';
import type { CheckRule } from './index.js';

function signature(d: Decision): string {
  return d.outputs
    .map((o) => `${o.name}:${o.type.kind}`)
    .sort()
    .join(',');
}

function periodOf(model: Model, d: Decision): Period | undefined {
  return d.effective ?? model.documents.find((doc) => doc.id === d.document)?.effective;
}

function periodsMeet(a: Period | undefined, b: Period | undefined): boolean {
  if (!a || !b) return true;
  return (a.until === undefined || b.from.iso < a.until.iso) && (b.until === undefined || a.from.iso < b.until.iso);
}

interface Piece {
  decision: 0 | 1;
  /** Row index, or -1 for the whole decision (formulas). */
  row: number;
  key: string;
}

/** The regions where a decision gives its outputs, each with a key of what it gives. */
function pieces(d: Decision, which: 0 | 1): Piece[] | undefined {
  const formulaKey = (name: string) => {
    const f = d.formulas.find((x) => x.output === name);
    return f ? exprKey(f.expr) : undefined;
  };
  const names = d.outputs.map((o) => o.name).sort();
  if (d.rules.length === 0) {
    const keys = names.map((n) => formulaKey(n));
    if (keys.some((k) => k === undefined)) return undefined;
    return [{ decision: which, row: -1, key: names.map((n, i) => `${n}=${keys[i]}`).join('\u0000') }];
  }
  return d.rules.map((rule, row) => ({
    decision: which,
    row,
    key: names.map((n) => `${n}=${formulaKey(n) ?? (rule.then.find((t) => t.output === n) ? exprKey(rule.then.find((t) => t.output === n)!.expr) : '?')}`).join('\u0000'),
  }));
}

/** Pairs of decisions the model relates: `decides` either way, or two exceptions of one rule. */
function relatedPairs(decisions: readonly Decision[]): [Decision, Decision][] {
  const pairs: [Decision, Decision][] = [];
  const seen = new Set<string>();
  const add = (a: Decision, b: Decision) => {
    if (a.id === b.id || a === b) return;
    // One overriding the other is precedence, not a conflict.
    if (a.overrides?.id === b.id || b.overrides?.id === a.id) return;
    const k = a.id < b.id ? `${a.id}\u0000${b.id}\u0000${decisions.indexOf(a)}\u0000${decisions.indexOf(b)}` : `${b.id}\u0000${a.id}\u0000${decisions.indexOf(b)}\u0000${decisions.indexOf(a)}`;
    if (seen.has(k)) return;
    seen.add(k);
    pairs.push([a, b]);
  };
  const byId = new Map<string, Decision[]>();
  for (const d of decisions) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  const byTarget = new Map<string, Decision[]>();
  for (const d of decisions) {
    // Reported at the decision that declares the relation (the second of the pair).
    if (d.decides) for (const o of byId.get(d.decides.id) ?? []) add(o, d);
    if (d.overrides) byTarget.set(d.overrides.id, [...(byTarget.get(d.overrides.id) ?? []), d]);
  }
  for (const siblings of byTarget.values()) for (let i = 0; i < siblings.length; i++) for (let j = i + 1; j < siblings.length; j++) add(siblings[i], siblings[j]);
  return pairs;
}

export const precedence: CheckRule = {
  name: 'precedence',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const [a, b] of relatedPairs(ctx.decisions)) {
      if (a.outputs.length === 0 || signature(a) !== signature(b)) continue;
      if (!periodsMeet(periodOf(model, a), periodOf(model, b))) continue;
      const d = conflict(a, b);
      if (d) out.push(d(ctx));
    }
    return out;
  },
};

type Make = (ctx: Parameters<CheckRule['run']>[1]) => Diagnostic;

/** The finding for two decisions deciding one case, if they do. */
function conflict(a: Decision, b: Decision): Make | undefined {
  // The pair is declared related, so it is compared even without a shared input (two exceptions of one rule may ask different facts).
  const shared = a.inputs.filter((f) => b.inputs.some((g) => g.name === f.name));
  for (const f of shared) if (b.inputs.find((g) => g.name === f.name)!.type.kind !== f.type.kind) return undefined;
  if ([a, b].some((d) => d.rules.some((r) => r.when.some(isUnreadCell)) || (d.defaults?.length ?? 0) > 0)) return undefined;
  const pa = pieces(a, 0);
  const pb = pieces(b, 1);
  if (!pa || !pb) return undefined;

  const names: string[] = [...a.inputs.map((f) => f.name), ...b.inputs.filter((g) => !a.inputs.some((f) => f.name === g.name)).map((g) => g.name)];
  const cellsOf = (d: Decision, name: string): UnaryTest[] => {
    const k = d.inputs.findIndex((f) => f.name === name);
    return k < 0 ? [] : d.rules.map((r) => r.when[k]?.test).filter((t): t is UnaryTest => t !== undefined && t.kind !== 'any');
  };
  let axes: Axis[];
  try {
    axes = names.map((name) => {
      const fields = [a, b].map((d) => d.inputs.find((f) => f.name === name)).filter((f): f is Field => f !== undefined);
      return buildAxis(fields, [...cellsOf(a, name), ...cellsOf(b, name)]);
    });
  } catch (e) {
    if (e instanceof UnsupportedError) return undefined;
    throw e;
  }
  if (axes.some((x) => x.domain.length === 0)) return undefined;
  const boxOf = (d: Decision, row: number): PosSet[] =>
    axes.map((axis) => {
      const k = d.inputs.findIndex((f) => f.name === axis.name);
      if (k < 0 || row < 0) return axis.domain;
      return cellSet(axis, d.rules[row].when[k]?.test ?? { kind: 'any' });
    });
  const all = [...pa, ...pb];
  const sets = all.map((p) => boxOf(p.decision === 0 ? a : b, p.row));
  const live = all.map((_, i) => i).filter((i) => sets[i].every((s) => s.length > 0));
  const boxes = Boxes.of(sets, axes.length);

  let found: { x: number; y: number; differ: boolean } | undefined;
  overlapGroups(boxes, live, (rows) => {
    for (const x of rows) {
      if (all[x].decision !== 0) continue;
      for (const y of rows) {
        if (all[y].decision !== 1) continue;
        const differ = all[x].key !== all[y].key;
        if (!found || (differ && !found.differ)) found = { x, y, differ };
        if (differ) return false;
      }
    }
    return true;
  });
  if (!found) return undefined;
  const { x, y, differ } = found;
  const region = meetRegion(sets[x], sets[y]);
  if (!region) return undefined;
  const input = witnessInput(axes, pointOf(axes, region).values);
  const outputs = a.outputs.map((o) => o.name).join(', ');
  return (ctx) => {
    const related = [ctx.related(a.span, 'check.related-decision', { id: a.id })];
    if (all[x].row >= 0) related.push(ctx.related(a.rules[all[x].row].span, 'check.related-row-first', { a: String(all[x].row + 1) }));
    if (all[y].row >= 0) related.push(ctx.related(b.rules[all[y].row].span, 'check.related-row-first', { a: String(all[y].row + 1) }));
    return diag('overlap', differ ? 'error' : 'info', differ ? 'check.precedence' : 'check.precedence-same', { a: a.id, b: b.id, outputs, point: showPoint(input) }, b.span, {
      witness: { input },
      related,
    });
  };
}
