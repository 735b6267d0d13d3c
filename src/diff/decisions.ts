/**
 * Decisions: rows added, removed and changed (aligned by rule id, then by a
 * longest common subsequence of whole rows), thresholds that moved, outputs,
 * formulas, defaults and hit policy.
 */
import type { Decision, Field, Rule, UnaryTest } from '../model/index.js';
import { formatUnaryTest } from '../lang/format.js';
import { canonicalJson } from './canonical.js';
import { change } from './documents.js';
import type { DecisionDiff, FieldChange, RowDiff } from './types.js';

function fieldText(f: Field): string {
  const t = f.type;
  let s = t.kind;
  if (t.values) s += `{${t.values.map((v) => v.key).join(', ')}}`;
  if (t.domain) s += ` ${formatUnaryTest(t.domain)}`;
  // A default changes what a caller who gives nothing gets: a change of meaning.
  if (f.default !== undefined) s += ` default ${JSON.stringify(f.default)}`;
  return f.label ? `${s} (${f.label})` : s;
}

function fieldChanges(out: FieldChange[], what: 'input' | 'output', a: Field[], b: Field[]): void {
  const before = new Map(a.map((f) => [f.name, f]));
  const names = new Set(b.map((f) => f.name));
  for (const f of b) change(out, `${what} ${f.name}`, before.get(f.name) && fieldText(before.get(f.name) as Field), fieldText(f));
  for (const f of a) if (!names.has(f.name)) change(out, `${what} ${f.name}`, fieldText(f), undefined);
}

function rowKey(r: Rule): string {
  return canonicalJson({ when: r.when.filter((c) => c.test.kind !== 'any').map((c) => [c.input, c.test]), then: r.then.map((t) => [t.output, t.expr]) });
}

/** A cell as its author wrote it; `-` when blank. A cell that does not parse stays as written (not `-`, which it stands for in the model). */
function cellText(r: Rule, input: string): string {
  const c = r.when.find((x) => x.input === input);
  return c && c.source.trim() !== '' ? c.source : '-';
}

function outText(r: Rule, output: string): string | undefined {
  return r.then.find((x) => x.output === output)?.source;
}

/** Same kind of test, only a bound moved: `< 70%` → `< 75%`, `[1..3)` → `[1..4)`. */
function thresholdMoved(a: UnaryTest, b: UnaryTest): boolean {
  if (a.kind === 'compare' && b.kind === 'compare') return a.op === b.op && a.op !== '=' && a.op !== '!=';
  if (a.kind === 'range' && b.kind === 'range') return a.lowClosed === b.lowClosed && a.highClosed === b.highClosed;
  return false;
}

function wholeRow(status: 'added' | 'removed', r: Rule, d: Decision): RowDiff {
  const side = status === 'added' ? 'after' : 'before';
  const row: RowDiff = { status, cells: [], outputs: [], thresholds: [] };
  row[status === 'added' ? 'headRow' : 'baseRow'] = r.index + 1;
  if (r.id) row.id = r.id;
  for (const f of d.inputs) row.cells.push({ field: f.name, [side]: cellText(r, f.name) });
  for (const o of r.then) row.outputs.push({ field: o.output, [side]: o.source });
  return row;
}

function changedRow(a: Rule, b: Rule, da: Decision, db: Decision): RowDiff | undefined {
  const row: RowDiff = { status: 'changed', baseRow: a.index + 1, headRow: b.index + 1, cells: [], outputs: [], thresholds: [] };
  if (b.id ?? a.id) row.id = b.id ?? a.id;
  const inputs = [...new Set([...db.inputs, ...da.inputs].map((f) => f.name))];
  for (const name of inputs) {
    const ca = a.when.find((c) => c.input === name);
    const cb = b.when.find((c) => c.input === name);
    if (canonicalJson(ca?.test ?? { kind: 'any' }) === canonicalJson(cb?.test ?? { kind: 'any' })) continue;
    const before = cellText(a, name);
    const after = cellText(b, name);
    row.cells.push({ field: name, before, after });
    if (ca && cb && thresholdMoved(ca.test, cb.test)) row.thresholds.push(name);
  }
  const outputs = [...new Set([...b.then, ...a.then].map((o) => o.output))];
  for (const name of outputs) {
    const ea = a.then.find((o) => o.output === name);
    const eb = b.then.find((o) => o.output === name);
    if (canonicalJson(ea?.expr ?? null) === canonicalJson(eb?.expr ?? null)) continue;
    change(row.outputs, name, outText(a, name), outText(b, name));
  }
  change(row.cells, 'note', a.note, b.note);
  return row.cells.length || row.outputs.length ? row : undefined;
}

/** Aligns two tables: rule ids first, then whole equal rows in order; what is left between anchors pairs up by position. */
export function diffRows(a: Decision, b: Decision): RowDiff[] {
  const ra = a.rules;
  const rb = b.rules;
  const pairs: [number, number][] = [];
  const ka = ra.map(rowKey);
  const kb = rb.map(rowKey);
  const n = ra.length;
  const m = rb.length;
  // LCS over "same id, or (no ids) same row".
  const same = (i: number, j: number) => (ra[i].id && rb[j].id ? ra[i].id === rb[j].id : ka[i] === kb[j]);
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) len[i * w + j] = same(i, j) ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
  let i = 0;
  let j = 0;
  const out: RowDiff[] = [];
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flushGap = () => {
    // Rows left between two anchors are most often edits of each other: pair them by position.
    const k = Math.min(gapA.length, gapB.length);
    for (let x = 0; x < k; x++) pairs.push([gapA[x], gapB[x]]);
    for (const x of gapA.slice(k)) out.push(wholeRow('removed', ra[x], a));
    for (const y of gapB.slice(k)) out.push(wholeRow('added', rb[y], b));
    gapA = [];
    gapB = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && same(i, j)) {
      flushGap();
      pairs.push([i, j]);
      i++, j++;
    } else if (j >= m || (i < n && len[(i + 1) * w + j] >= len[i * w + j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flushGap();
  for (const [x, y] of pairs) {
    const r = changedRow(ra[x], rb[y], a, b);
    if (r) out.push(r);
  }
  return out.sort((p, q) => (p.headRow ?? p.baseRow ?? 0) - (q.headRow ?? q.baseRow ?? 0));
}

/** Everything about one decision version except impact. */
export function diffDecision(a: Decision | undefined, b: Decision | undefined): DecisionDiff {
  const d = (b ?? a) as Decision;
  const out: DecisionDiff = {
    id: d.id,
    title: d.title ?? d.id,
    document: d.document,
    status: !a ? 'added' : !b ? 'removed' : 'changed',
    inputs: [...new Set([...(b ?? a as Decision).inputs, ...(a?.inputs ?? [])].map((f) => f.name))],
    outputs: [...new Set([...(b ?? a as Decision).outputs, ...(a?.outputs ?? [])].map((f) => f.name))],
    changes: [],
    rows: [],
    impact: [],
  };
  // A period taken from the document is the document's change (reported with it), not a version of its own.
  if (d.effective && !d.periodFromDocument) out.version = d.effective.from.iso;
  if (!a || !b) {
    out.rows = (a ?? b as Decision).rules.map((r) => wholeRow(a ? 'removed' : 'added', r, d));
    return out;
  }
  const c = out.changes;
  change(c, 'title', a.title, b.title);
  change(c, 'document', a.document, b.document);
  change(c, 'hit', a.hit, b.hit);
  change(c, 'clause', a.clause && `${a.clause.document}#${a.clause.section}`, b.clause && `${b.clause.document}#${b.clause.section}`);
  const own = (x: Decision) => (x.effective && !x.periodFromDocument ? `${x.effective.from.iso} – ${x.effective.until?.iso ?? ''}` : undefined);
  change(c, 'effective', own(a), own(b));
  change(c, 'overrides', a.overrides?.id, b.overrides?.id);
  change(c, 'decides', a.decides?.id, b.decides?.id);
  change(c, 'audience', a.audience, b.audience);
  change(c, 'rounding', a.rounding && `${a.rounding.mode} ${a.rounding.step.toString()}`, b.rounding && `${b.rounding.mode} ${b.rounding.step.toString()}`);
  fieldChanges(c, 'input', a.inputs, b.inputs);
  fieldChanges(c, 'output', a.outputs, b.outputs);
  const fa = new Map(a.formulas.map((f) => [f.output, f]));
  const fb = new Map(b.formulas.map((f) => [f.output, f]));
  for (const name of new Set([...fb.keys(), ...fa.keys()])) {
    const x = fa.get(name);
    const y = fb.get(name);
    if (canonicalJson(x?.expr ?? null) !== canonicalJson(y?.expr ?? null)) change(c, `formula ${name}`, x?.source, y?.source);
  }
  const da = new Map((a.defaults ?? []).map((o) => [o.output, o]));
  const db = new Map((b.defaults ?? []).map((o) => [o.output, o]));
  for (const name of new Set([...db.keys(), ...da.keys()])) {
    const x = da.get(name);
    const y = db.get(name);
    if (canonicalJson(x?.expr ?? null) !== canonicalJson(y?.expr ?? null)) change(c, `default ${name}`, x?.source, y?.source);
  }
  if (canonicalJson(a.assertions) !== canonicalJson(b.assertions)) change(c, 'assert', String(a.assertions.length), String(b.assertions.length));
  out.rows = diffRows(a, b);
  return out;
}
