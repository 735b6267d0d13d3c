/**
 * Decisions: rows added, removed, changed and moved, thresholds that moved,
 * outputs, formulas, defaults and hit policy, each with the reader's words.
 *
 * Rows are aligned by rule id, then by whole equal rows. Where DMN makes row
 * order irrelevant (`unique`, `any`, `priority`, `output-order`, collect
 * tables) equal rows match wherever they stand, so a reordering is no change;
 * in `first` and `rule-order` tables order is meaning, and a row that moved is
 * reported as moved (its impact is computed like any other change).
 */
import type { Decision, Field, HitPolicy, Rule, UnaryTest } from '../model/index.js';
import { t as msg } from '../diagnostics/catalogue.js';
import { formatUnaryTest } from '../lang/format.js';
import { canonicalJson } from '../model/canonical.js';
import { change } from './documents.js';
import { periodWords, type Span } from './period.js';
import type { DecisionDiff, FieldChange, RowDiff } from './types.js';
import { both, decisionTitle, entryWords, fieldLabel, testWords, valueWords, type Words } from './words.js';
import './messages.js';

/** What the words of a decision need from the policy set. */
export interface WordsContext {
  currency: string;
  audiences: Map<string, string>;
  /**
   * Reader's names of what a decision refers to by id (head first, then
   * base): a document by its title, a clause as `document · section`, a
   * decision by its title. An id not found reads as written.
   */
  names?: Map<string, Words>;
}

/** The names a decision diff refers to, from both sides (the head's wording wins). */
export function namesOf(models: { documents: { id: string; title: string; titleEn?: string }[]; sections: Map<string, { title: string; titleEn?: string }>; decisions: Map<string, Decision[]> }[]): Map<string, Words> {
  const out = new Map<string, Words>();
  for (const m of models) {
    const docs = new Map(m.documents.map((d) => [d.id, d]));
    for (const d of m.documents) if (!out.has(d.id)) out.set(d.id, { zh: d.title, en: d.titleEn ?? d.title });
    for (const [anchor, sec] of m.sections) {
      if (out.has(anchor)) continue;
      const doc = docs.get(anchor.split('#')[0]);
      const dt = doc ? { zh: doc.title, en: doc.titleEn ?? doc.title } : undefined;
      const st = { zh: sec.title, en: sec.titleEn ?? sec.title };
      out.set(anchor, dt ? { zh: `${dt.zh} · ${st.zh}`, en: `${dt.en} · ${st.en}` } : st);
    }
    for (const [id, versions] of m.decisions) if (!out.has(id) && versions.length) out.set(id, decisionTitle(versions[versions.length - 1]));
  }
  return out;
}

/** Hit policies where the order of rows decides the result. */
const ORDERED: ReadonlySet<HitPolicy> = new Set(['first', 'rule-order']);

const cat = (key: string, params: Record<string, string | number> = {}): Words => ({ zh: msg(key, params, 'zh').message, en: msg(key, params, 'en').message });

function join(ws: Words[], sep: Words = { zh: '，', en: ', ' }): Words {
  return { zh: ws.map((w) => w.zh).join(sep.zh), en: ws.map((w) => w.en).join(sep.en) };
}

function fieldText(f: Field): string {
  const t = f.type;
  let s = t.kind;
  if (t.values) s += `{${t.values.map((v) => v.key).join(', ')}}`;
  if (t.domain) s += ` ${formatUnaryTest(t.domain)}`;
  // A default changes what a caller who gives nothing gets: a change of meaning.
  if (f.default !== undefined) s += ` default ${JSON.stringify(f.default)}`;
  return f.label ? `${s} (${f.label})` : s;
}

function fieldWords(f: Field, ctx: WordsContext): Words {
  const parts = [cat(`diff.type.${f.type.kind}`)];
  if (f.type.values) parts.push(join(f.type.values.map((v) => both(v.label)), { zh: '、', en: ', ' }));
  if (f.type.domain) parts.push(testWords(f.type.domain, f, ctx.currency));
  // What a caller that gives no value gets.
  if (f.default !== undefined) {
    const v = valueWords(f.default, f, ctx.currency);
    parts.push({ zh: msg('diff.default-value', { v: v.zh }, 'zh').message, en: msg('diff.default-value', { v: v.en }, 'en').message });
  }
  return join(parts);
}

function assertionWords(d: Decision): Words {
  if (!d.assertions.length) return cat('diff.v.empty');
  if (d.assertions.every((x) => x.message)) return join(d.assertions.map((x) => both(x.message as string)), { zh: '；', en: '; ' });
  return cat('diff.assertions', { n: d.assertions.length });
}

function fieldChanges(out: FieldChange[], what: 'input' | 'output', a: Field[], b: Field[], ctx: WordsContext): void {
  const before = new Map(a.map((f) => [f.name, f]));
  const names = new Set(b.map((f) => f.name));
  const push = (f: Field, x: Field | undefined, y: Field | undefined) => {
    const n = out.length;
    change(out, `${what} ${f.name}`, x && fieldText(x), y && fieldText(y));
    if (out.length === n) return;
    const c = out[n];
    const l = fieldLabel(f);
    const kind = cat(`diff.${what}`);
    c.label = { zh: `${kind.zh} ${l.zh}`, en: `${kind.en} ${l.en}` };
    if (x) c.beforeWords = fieldWords(x, ctx);
    if (y) c.afterWords = fieldWords(y, ctx);
    // A field renamed in the reader's words shows its label on both sides (else the two sides could read the same).
    if (x && y && canonicalJson(fieldLabel(x)) !== canonicalJson(fieldLabel(y))) {
      const lx = fieldLabel(x);
      const ly = fieldLabel(y);
      c.beforeWords = { zh: `${lx.zh}：${c.beforeWords?.zh}`, en: `${lx.en}: ${c.beforeWords?.en}` };
      c.afterWords = { zh: `${ly.zh}：${c.afterWords?.zh}`, en: `${ly.en}: ${c.afterWords?.en}` };
    }
  };
  for (const f of b) push(f, before.get(f.name), f);
  for (const f of a) if (!names.has(f.name)) push(f, f, undefined);
}

function rowKey(r: Rule): string {
  return canonicalJson({ when: r.when.filter((c) => c.test.kind !== 'any').map((c) => [c.input, c.test]), then: r.then.map((t) => [t.output, t.expr]) });
}

/** A cell as its author wrote it; `-` when blank. A cell that does not parse stays as written (not `-`, which it stands for in the model). */
function cellText(r: Rule, input: string): string {
  const c = r.when.find((x) => x.input === input);
  return c && c.source.trim() !== '' ? c.source : '-';
}

function cellWords(r: Rule, f: Field | undefined, ctx: WordsContext): Words {
  const c = r.when.find((x) => x.input === f?.name);
  if (!c || !f) return testWords({ kind: 'any' }, f ?? ({ name: '', type: { kind: 'string' } } as unknown as Field), ctx.currency);
  // A cell the resolver could not read keeps its text: it is what the author must fix.
  if (c.test.kind === 'any' && c.source.trim() !== '' && c.source.trim() !== '-') return both(c.source);
  return testWords(c.test, f, ctx.currency, c.source);
}

function outWords(r: Rule, output: string, d: Decision, ctx: WordsContext): Words | undefined {
  const o = r.then.find((x) => x.output === output);
  if (!o) return undefined;
  return entryWords(o.expr.kind === 'literal' ? o.expr.value : undefined, o.source, d.outputs.find((f) => f.name === output), ctx.currency);
}

/** Same kind of test, only a bound moved: `< 70%` → `< 75%`, `[1..3)` → `[1..4)`. */
function thresholdMoved(a: UnaryTest, b: UnaryTest): boolean {
  if (a.kind === 'compare' && b.kind === 'compare') return a.op === b.op && a.op !== '=' && a.op !== '!=';
  if (a.kind === 'range' && b.kind === 'range') return a.lowClosed === b.lowClosed && a.highClosed === b.highClosed;
  return false;
}

function wholeRow(status: 'added' | 'removed', r: Rule, d: Decision, ctx: WordsContext): RowDiff {
  const side = status === 'added' ? 'after' : 'before';
  const words = status === 'added' ? 'afterWords' : 'beforeWords';
  const row: RowDiff = { status, cells: [], outputs: [], thresholds: [] };
  row[status === 'added' ? 'headRow' : 'baseRow'] = r.index + 1;
  if (r.id) row.id = r.id;
  for (const f of d.inputs) row.cells.push({ field: f.name, [side]: cellText(r, f.name), [words]: cellWords(r, f, ctx) });
  for (const o of r.then) row.outputs.push({ field: o.output, [side]: o.source, [words]: outWords(r, o.output, d, ctx) });
  return row;
}

function changedRow(a: Rule, b: Rule, da: Decision, db: Decision, ctx: WordsContext): RowDiff | undefined {
  const row: RowDiff = { status: 'changed', baseRow: a.index + 1, headRow: b.index + 1, cells: [], outputs: [], thresholds: [] };
  if (b.id ?? a.id) row.id = b.id ?? a.id;
  const fields = [...db.inputs, ...da.inputs.filter((f) => !db.inputs.some((x) => x.name === f.name))];
  for (const f of fields) {
    const ca = a.when.find((c) => c.input === f.name);
    const cb = b.when.find((c) => c.input === f.name);
    if (canonicalJson(ca?.test ?? { kind: 'any' }) === canonicalJson(cb?.test ?? { kind: 'any' })) {
      // An unchanged condition is the row's context: "row 2 (conversion at least 70%): 1.5% → 1.6%".
      if (cb && cb.test.kind !== 'any') (row.context ??= []).push({ field: f.name, after: cellText(b, f.name), afterWords: cellWords(b, f, ctx) });
      continue;
    }
    row.cells.push({ field: f.name, before: cellText(a, f.name), after: cellText(b, f.name), beforeWords: cellWords(a, da.inputs.find((x) => x.name === f.name), ctx), afterWords: cellWords(b, db.inputs.find((x) => x.name === f.name), ctx) });
    if (ca && cb && thresholdMoved(ca.test, cb.test)) row.thresholds.push(f.name);
  }
  const outputs = [...new Set([...b.then, ...a.then].map((o) => o.output))];
  for (const name of outputs) {
    const ea = a.then.find((o) => o.output === name);
    const eb = b.then.find((o) => o.output === name);
    if (canonicalJson(ea?.expr ?? null) === canonicalJson(eb?.expr ?? null)) continue;
    const c: FieldChange = { field: name };
    if (ea) (c.before = ea.source), (c.beforeWords = outWords(a, name, da, ctx));
    if (eb) (c.after = eb.source), (c.afterWords = outWords(b, name, db, ctx));
    row.outputs.push(c);
  }
  const n = row.cells.length;
  change(row.cells, 'note', a.note, b.note);
  // A note is prose: it reads as written.
  if (row.cells.length > n) {
    if (a.note !== undefined) row.cells[n].beforeWords = both(a.note);
    if (b.note !== undefined) row.cells[n].afterWords = both(b.note);
  }
  return row.cells.length || row.outputs.length ? row : undefined;
}

/** Pairs of (base row, head row) that are the same row: by id, else equal content; in unordered tables wherever they stand. */
function unorderedPairs(ra: Rule[], rb: Rule[]): { pairs: [number, number][]; gapA: number[]; gapB: number[] } {
  const pairs: [number, number][] = [];
  const used = new Set<number>();
  const byKey = new Map<string, number[]>();
  ra.forEach((r, i) => {
    const k = r.id ? `id:${r.id}` : rowKey(r);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const gapB: number[] = [];
  rb.forEach((r, j) => {
    const list = byKey.get(r.id ? `id:${r.id}` : rowKey(r));
    const i = list?.shift();
    if (i === undefined) gapB.push(j);
    else pairs.push([i, j]), used.add(i);
  });
  return { pairs, gapA: ra.map((_, i) => i).filter((i) => !used.has(i)), gapB };
}

/** Aligns two tables (see the module comment); what is left unmatched pairs up by position. */
function diffRows(a: Decision, b: Decision, ctx: WordsContext): RowDiff[] {
  const ra = a.rules;
  const rb = b.rules;
  const out: RowDiff[] = [];
  const pairs: [number, number][] = [];
  const leftovers = (gapA: number[], gapB: number[]) => {
    // Rows left between two anchors are most often edits of each other: pair them by position.
    const k = Math.min(gapA.length, gapB.length);
    for (let x = 0; x < k; x++) pairs.push([gapA[x], gapB[x]]);
    for (const x of gapA.slice(k)) out.push(wholeRow('removed', ra[x], a, ctx));
    for (const y of gapB.slice(k)) out.push(wholeRow('added', rb[y], b, ctx));
  };
  const ordered = ORDERED.has(b.hit) || ORDERED.has(a.hit);
  if (!ordered) {
    const u = unorderedPairs(ra, rb);
    pairs.push(...u.pairs);
    leftovers(u.gapA, u.gapB);
  } else {
    const ka = ra.map(rowKey);
    const kb = rb.map(rowKey);
    const n = ra.length;
    const m = rb.length;
    const same = (i: number, j: number) => (ra[i].id && rb[j].id ? ra[i].id === rb[j].id : ka[i] === kb[j]);
    const w = m + 1;
    // The longest common subsequence of rows; among the longest, the one keeping most rows at their own place, so
    // that swapping the first and the last row reports those two as moved, not the middle one that stayed.
    // Score = rows kept × 2^20 + rows kept at their own place (exact in a double for any table this tool reads).
    const K = 2 ** 20;
    const gain = (i: number, j: number) => K + (i === j ? 1 : 0);
    const len = new Float64Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        const skip = Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
        len[i * w + j] = same(i, j) ? Math.max(skip, len[(i + 1) * w + j + 1] + gain(i, j)) : skip;
      }
    }
    let i = 0;
    let j = 0;
    const gapA: number[] = [];
    const gapB: number[] = [];
    while (i < n || j < m) {
      if (i < n && j < m && same(i, j) && len[i * w + j] === len[(i + 1) * w + j + 1] + gain(i, j)) {
        pairs.push([i, j]);
        i++, j++;
      } else if (j >= m || (i < n && len[(i + 1) * w + j] >= len[i * w + j + 1])) gapA.push(i++);
      else gapB.push(j++);
    }
    // Out of the LCS: a row equal to one on the other side has moved; the rest pair by position.
    const moved = unorderedPairs(gapA.map((x) => ra[x]), gapB.map((y) => rb[y]));
    for (const [x, y] of moved.pairs) {
      const r = ra[gapA[x]];
      const row = wholeRow('added', rb[gapB[y]], b, ctx);
      row.status = 'moved';
      row.baseRow = r.index + 1;
      out.push(row);
    }
    leftovers(moved.gapA.map((x) => gapA[x]), moved.gapB.map((y) => gapB[y]));
  }
  for (const [x, y] of pairs) {
    const r = changedRow(ra[x], rb[y], a, b, ctx);
    if (r) out.push(r);
  }
  return out.sort((p, q) => (p.headRow ?? p.baseRow ?? 0) - (q.headRow ?? q.baseRow ?? 0));
}

function periodText(p: Span | undefined): string | undefined {
  if (!p || (!p.from && !p.until)) return undefined;
  return `${p.from ?? ''} – ${p.until ?? ''}`;
}

/**
 * Everything about one decision version except impact. `a` and `b` are the
 * versions compared: for a new version, `a` is the one it succeeds.
 */
export function diffDecision(a: Decision | undefined, b: Decision | undefined, ctx: WordsContext, periods: { a?: Span; b?: Span } = {}): DecisionDiff {
  const d = (b ?? a) as Decision;
  const title = decisionTitle(d);
  const fields = [...(b ?? (a as Decision)).inputs, ...(b ?? (a as Decision)).outputs, ...(a?.inputs ?? []), ...(a?.outputs ?? [])];
  const labels: Record<string, Words> = {};
  for (const f of fields) labels[f.name] ??= fieldLabel(f);
  labels.note = cat('diff.note');
  const out: DecisionDiff = {
    id: d.id,
    title: title.zh,
    titleEn: title.en,
    document: d.document,
    status: !a ? 'added' : !b ? 'removed' : 'changed',
    inputs: [...new Set([...(b ?? (a as Decision)).inputs, ...(a?.inputs ?? [])].map((f) => f.name))],
    outputs: [...new Set([...(b ?? (a as Decision)).outputs, ...(a?.outputs ?? [])].map((f) => f.name))],
    labels,
    changes: [],
    rows: [],
    impact: [],
  };
  const p = b ? periods.b : periods.a;
  if (p && (p.from || p.until)) {
    out.period = p;
    if (p.from) out.version = p.from;
  }
  if (!a || !b) {
    out.rows = (a ?? (b as Decision)).rules.map((r) => wholeRow(a ? 'removed' : 'added', r, d, ctx));
    return out;
  }
  const c = out.changes;
  const labelled = (field: string, before: string | undefined, after: string | undefined, bw?: Words, aw?: Words) => {
    const n = c.length;
    change(c, field, before, after);
    if (c.length === n) return;
    c[n].label = cat(`diff.f.${field}`);
    if (bw && before !== undefined) c[n].beforeWords = bw;
    if (aw && after !== undefined) c[n].afterWords = aw;
  };
  const ta = decisionTitle(a);
  const tb = decisionTitle(b);
  labelled('title', a.title, b.title, ta, tb);
  labelled('titleEn', a.titleEn, b.titleEn);
  // Ids a reviewer knows by their names: the document's title, the clause as "document · section", a decision's title.
  const named = (id: string | undefined) => (id === undefined ? undefined : ctx.names?.get(id));
  const clauseOf = (x: Decision) => x.clause && `${x.clause.document}#${x.clause.section}`;
  labelled('document', a.document, b.document, named(a.document), named(b.document));
  labelled('hit', a.hit, b.hit, cat(`diff.hit.${a.hit}`), cat(`diff.hit.${b.hit}`));
  labelled('clause', clauseOf(a), clauseOf(b), named(clauseOf(a)), named(clauseOf(b)));
  // An undated side reads "without dates" when the other side has a period.
  const pa = periodText(periods.a);
  const pb = periodText(periods.b);
  const undated = cat('diff.undated');
  labelled('effective', pa ?? (pb ? '–' : undefined), pb ?? (pa ? '–' : undefined), (periods.a && periodWords(periods.a)) ?? undated, (periods.b && periodWords(periods.b)) ?? undated);
  labelled('overrides', a.overrides?.id, b.overrides?.id, named(a.overrides?.id), named(b.overrides?.id));
  labelled('decides', a.decides?.id, b.decides?.id, named(a.decides?.id), named(b.decides?.id));
  const aud = (x: string | undefined) => (x === undefined ? undefined : both(ctx.audiences.get(x) ?? x));
  labelled('audience', a.audience, b.audience, aud(a.audience), aud(b.audience));
  labelled('rounding', a.rounding && `${a.rounding.mode} ${a.rounding.step.toString()}`, b.rounding && `${b.rounding.mode} ${b.rounding.step.toString()}`);
  fieldChanges(c, 'input', a.inputs, b.inputs, ctx);
  fieldChanges(c, 'output', a.outputs, b.outputs, ctx);
  const fa = new Map(a.formulas.map((f) => [f.output, f]));
  const fb = new Map(b.formulas.map((f) => [f.output, f]));
  for (const name of new Set([...fb.keys(), ...fa.keys()])) {
    const x = fa.get(name);
    const y = fb.get(name);
    if (canonicalJson(x?.expr ?? null) === canonicalJson(y?.expr ?? null)) continue;
    const n = c.length;
    change(c, `formula ${name}`, x?.source, y?.source);
    if (c.length > n) c[n].label = { zh: msg('diff.formula-of', { name: labels[name]?.zh ?? name }, 'zh').message, en: msg('diff.formula-of', { name: labels[name]?.en ?? name }, 'en').message };
  }
  const da = new Map((a.defaults ?? []).map((o) => [o.output, o]));
  const db = new Map((b.defaults ?? []).map((o) => [o.output, o]));
  for (const name of new Set([...db.keys(), ...da.keys()])) {
    const x = da.get(name);
    const y = db.get(name);
    if (canonicalJson(x?.expr ?? null) === canonicalJson(y?.expr ?? null)) continue;
    const n = c.length;
    change(c, `default ${name}`, x?.source, y?.source);
    if (c.length > n) c[n].label = { zh: msg('diff.default-of', { name: labels[name]?.zh ?? name }, 'zh').message, en: msg('diff.default-of', { name: labels[name]?.en ?? name }, 'en').message };
  }
  // Invariants by what they say (their messages; the count where one has none), not as a bare count.
  if (canonicalJson(a.assertions) !== canonicalJson(b.assertions)) labelled('assert', String(a.assertions.length), String(b.assertions.length), assertionWords(a), assertionWords(b));
  out.rows = diffRows(a, b, ctx);
  return out;
}
