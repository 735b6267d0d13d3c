/**
 * One decision table in the checker's terms: an axis per input and a box per
 * row. Built once per decision and shared by the rules that need it.
 */
import type { Cell, Decision, Expr, Field, Rule, UnaryTest, Value } from '../model/index.js';
import { formatExpr } from '../lang/format.js';
import { columnAxis, UnsupportedError, type Axis, type Unsupported } from './domain.js';
import { type PosSet } from './posset.js';
import { formatAxisValue, formatRegion, pickPosition, valueAt } from './axis-values.js';
import { Boxes } from './sweep.js';
import type { Validity } from './runs.js';

export interface Table {
  decision: Decision;
  axes: Axis[];
  /** Row → axis → positions (none on an axis: the row can never match). */
  boxes: Boxes;
  /** Rows whose every cell matches some value of the domain. */
  live: number[];
  /** Output key of a row, equal for rows that give the same outputs (computed on demand: clean tables never ask). */
  outputKey(row: number): string;
}

export type TableResult =
  | { ok: true; table: Table }
  | { ok: false; why: Unsupported | { reason: 'invalid-cell'; cell: Cell } | { reason: 'empty-domain'; field: Field } };

/**
 * A cell the resolver could not read keeps `any` without a span; the resolver
 * reported it, and reasoning about it as `-` would invent findings.
 */
export function isUnreadCell(cell: Cell): boolean {
  return cell.test.kind === 'any' && cell.test.span === undefined && cell.source.trim() !== '-';
}

/** A key that is equal for two output expressions that are certainly equal. */
export function exprKey(e: Expr): string {
  if (e.kind === 'literal') {
    const v = e.value;
    if (v.kind === 'number') return 'n:' + v.value.normalize().toString();
    if (v.kind === 'date') return 'd:' + v.value.iso;
    return v.kind + ':' + String(v.value);
  }
  return 'e:' + formatExpr(e);
}

function ruleKey(rule: Rule): string {
  if (rule.then.length === 1) return `${rule.then[0].output}=${exprKey(rule.then[0].expr)}`;
  return rule.then
    .map((t) => `${t.output}=${exprKey(t.expr)}`)
    .sort()
    .join('\u0000');
}

/** Builds the table view of `decision`, or says why it is outside exact reasoning. */
export function buildTable(decision: Decision): TableResult {
  const rules = decision.rules;
  const m = decision.inputs.length;
  // One pass over the cells: unread ones stop the table, the rest fill the columns.
  const columns: (UnaryTest | undefined)[][] = Array.from({ length: m }, () => new Array<UnaryTest | undefined>(rules.length).fill(undefined));
  for (let r = 0; r < rules.length; r++) {
    const when = rules[r].when;
    for (let j = 0; j < when.length; j++) {
      const cell = when[j];
      if (isUnreadCell(cell)) return { ok: false, why: { reason: 'invalid-cell', cell } };
      if (j < m) columns[j][r] = cell.test;
    }
  }
  const axes: Axis[] = [];
  const at: Int32Array[] = [];
  const ends: Int32Array[] = [];
  try {
    decision.inputs.forEach((field, j) => {
      const c = columnAxis(field, columns[j]);
      axes.push(c.axis);
      at.push(c.at);
      ends.push(c.ends);
    });
  } catch (e) {
    if (e instanceof UnsupportedError) return { ok: false, why: e.why };
    throw e;
  }
  const empty = axes.findIndex((a) => a.domain.length === 0);
  if (empty >= 0) return { ok: false, why: { reason: 'empty-domain', field: decision.inputs[empty] } };
  const boxes = new Boxes(rules.length, at, ends);
  const live: number[] = [];
  for (let r = 0; r < rules.length; r++) {
    let ok = true;
    for (let a = 0; a < at.length && ok; a++) ok = at[a][r + 1] > at[a][r];
    if (ok) live.push(r);
  }
  const keys: (string | undefined)[] = new Array(rules.length);
  const outputKey = (row: number): string => (keys[row] ??= ruleKey(rules[row]));
  return { ok: true, table: { decision, axes, boxes, live, outputKey } };
}

/** A concrete point of `region` (one interval per axis): positions and values. */
export function pointOf(axes: Axis[], region: number[]): { pos: number[]; values: Value[] } {
  const pos = axes.map((axis, a) => pickPosition(axis, region[2 * a], region[2 * a + 1]));
  return { pos, values: pos.map((p, a) => valueAt(axes[a], p)) };
}

/**
 * Whether a witness names each input: not one that no row reads and that has a
 * `default` (any value shows the finding, and left out it takes its default),
 * so `s = 10` is the witness, not `s = 10, bonus_base = 0`.
 */
function named(decision: Decision | undefined, a: number): boolean {
  if (!decision) return true;
  const field = decision.inputs[a];
  if (!field || field.default === undefined) return true;
  return decision.rules.some((r) => r.when[a] !== undefined && r.when[a].test.kind !== 'any');
}

/** The witness record of a point: input name → value as the author writes it. */
export function witnessInput(axes: Axis[], values: Value[], decision?: Decision): Record<string, string> {
  const out: Record<string, string> = {};
  axes.forEach((axis, a) => {
    if (named(decision, a)) out[axis.name] = formatAxisValue(axis, values[a]);
  });
  return out;
}

/**
 * A witness record as the decision's own model says it: for a decision imported
 * from DMN (`semantics: feel`), each input by its DMN name (the field's label)
 * and each enum value by its DMN text (`"UNEMPLOYED"`, not the key `"unemployed"`).
 * Rulebook's own decisions keep their input names and keys.
 */
export function inModelTerms(decision: Decision, record: Record<string, string>): Record<string, string> {
  if (decision.semantics !== 'feel') return record;
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(record)) {
    const field = decision.inputs.find((f) => f.name === name);
    let shown = text;
    for (const v of field?.type.values ?? []) shown = shown.split(`"${v.key}"`).join(JSON.stringify(v.label ?? v.key));
    out[field?.label ?? name] = shown;
  }
  return out;
}

/** The region record of a gap: input name → uncovered region as a cell. */
export function witnessRegion(axes: Axis[], region: number[], decision?: Decision): Record<string, string> {
  const out: Record<string, string> = {};
  axes.forEach((axis, a) => {
    if (named(decision, a)) out[axis.name] = formatRegion(axis, region[2 * a], region[2 * a + 1]);
  });
  return out;
}

/** The first interval of the intersection of two boxes, per axis, or undefined when they do not meet. */
export function meetRegion(a: PosSet[], b: PosSet[]): number[] | undefined {
  const out: number[] = [];
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    let i = 0;
    let j = 0;
    let found = false;
    while (i < x.length && j < y.length) {
      const s = Math.max(x[i], y[j]);
      const e = Math.min(x[i + 1], y[j + 1]);
      if (s <= e) {
        out.push(s, e);
        found = true;
        break;
      }
      if (x[i + 1] < y[j + 1]) i += 2;
      else j += 2;
    }
    if (!found) return undefined;
  }
  return out;
}

/** Where each axis holds values, for the sweeps (dense and finite axes hold one everywhere). */
export function validity(axes: Axis[]): Validity {
  return axes.map((a) => (a.mode === 'discrete' ? a.valid : null));
}
