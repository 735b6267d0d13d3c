/**
 * View models: the plain data the templates read. Every string here is plain
 * text that the templates escape, except fields named `...Html`, which hold
 * sanitized prose only.
 */
import type { Lang } from '../diagnostics/catalogue.js';
import type { Decision, Field, Model, PolicyDocument, Section } from '../model/index.js';
import { cachedProse, splitProse as splitChunks, type ProseCache } from './markdown.js';
import {
  decisionTitle,
  exampleSentence,
  fieldLabel,
  hitSentence,
  lastDay,
  periodWords,
  presentCell,
  presentOutputExpr,
  presentValue,
  ruleSentence,
  type PresentContext,
} from './present.js';
import { calcFields, callClosure, fieldExample } from './calculator.js';
import { w } from './words.js';
import { askedInputs } from '../model/precedence.js';
import { localToday } from '../runtime/semantics.js';
import { matchesUnary } from '../lang/unary.js';


/** Where a period stands on the build date. */
function standing(p: Decision['effective'], today: string): 'current' | 'upcoming' | 'earlier' {
  if (!p) return 'current';
  if (p.from.iso > today) return 'upcoming';
  if (p.until && p.until.iso <= today) return 'earlier';
  return 'current';
}

/**
 * A correction for staff: every parenthesis that names ids or technical terms
 * (`（data.serious_leak_fine 声明 overrides data.leak_fine）`) is taken out of
 * the reason and kept as the authors' note, folded on the page.
 */
export function correctionView(original: string, corrected: string, reason: string): CorrectionView {
  const notes: string[] = [];
  const staff = reason.replace(/\s*[（(]([^（）()]*)[）)]/g, (whole, inner: string) => {
    if (!TECHNICAL.test(inner)) return whole;
    notes.push(inner.trim());
    return '';
  });
  return { clause: null, original, corrected, reason: staff, note: notes.length ? notes.join('；') : null };
}

/** What marks a remark as the authors': a dotted id, code, or the name of a hit policy or `overrides`. */
const TECHNICAL = /[a-z_]+\.[a-z_]|`|\b(overrides|first|unique|priority|hit|collect)\b/;

/** The site-relative page of a document. */
export function docPath(docId: string): string {
  return `docs/${docId}.html`;
}

/** The anchor of a decision on its document's page. */
function decisionAnchor(id: string): string {
  return `decision-${id}`;
}

export interface LinkView {
  title: string;
  href: string;
}

export interface RowView {
  cells: string[];
  outs: string[];
  note: string | null;
  /** The same texts as HTML (`html`, escaped) with a line-break chance between Chinese words only (see `wordBreaks`). */
  cells2: { html: string }[];
  outs2: { html: string }[];
  noteHtml: string | null;
  sentence: string;
}

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const escapeHtml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A table cell as HTML in which a line may break between two Chinese words
 * (`<wbr>`) but never inside one: the cells are set with `word-break:
 * keep-all`, which alone would let a long phrase break only at punctuation.
 */
function wordBreaks(text: string): string {
  if (!HAN.test(text)) return escapeHtml(text);
  let html = '';
  let prev = '';
  for (const { segment } of segmenter.segment(text)) {
    // No chance before a closing mark or after an opening one: a line never starts with 、 or ） nor ends with （ (the rules of Chinese line breaking, which a <wbr> would override).
    if (prev && !NO_BREAK_BEFORE.test(segment) && !NO_BREAK_AFTER.test(prev)) html += '<wbr>';
    html += escapeHtml(segment);
    prev = segment;
  }
  return html;
}
const NO_BREAK_BEFORE = /^[、，。．,.;；：:？?！!）)］\]｝}」』”’〉》】〕…—·%％]/u;
const NO_BREAK_AFTER = /[（(［\[｛{「『“‘〈《【〔¥￥]$/u;

/**
 * A column name as HTML: a short one stays whole (set with `keep-all`, a Chinese
 * name has no break inside it: 询单转化率 never becomes 询单转化 / 率); a long one
 * gets `wordBreaks`, so it wraps between words instead of widening the table.
 */
function columnName(label: string): string {
  return [...label].length > 8 ? wordBreaks(label) : escapeHtml(label);
}

export interface VersionView {
  period: string | null;
  /** On the build date: in force (现行), upcoming with its start date, or earlier (folded). */
  statusLabel: string | null;
  upcoming: boolean;
  folded: boolean;
  hit: string;
  hasTable: boolean;
  inputs: string[];
  outputs: string[];
  /** The column names as HTML with line-break chances between Chinese words (see `wordBreaks`): a long name wraps instead of widening the table. */
  inputsHtml: string[];
  outputsHtml: string[];
  rows: RowView[];
  /** Some row carries a note (else the table has no note column). */
  hasNotes: boolean;
  defaults: string | null;
  formulas: { label: string; sentence: string; source: string }[];
  hasFormulas: boolean;
}

export interface CalcFieldView {
  name: string;
  label: string;
  inputId: string;
  isEnum: boolean;
  isBool: boolean;
  isDate: boolean;
  /** The unit inside the box: before the number (`¥`) or after it (`%`, `个月`). */
  unitBefore: string;
  unitAfter: string;
  placeholder: string;
  example: string;
  /** A line under the box saying how to write the value (percent fields), and its id for aria-describedby. */
  hint: string | null;
  hintId: string;
  /** The values the rule takes (its domain's, when it declares one); the only one is chosen already. */
  options: { key: string; label: string; selected: boolean }[];
  /** A yes/no the rule allows one way only (`domain: "true"`): shown ticked or not, and not to be changed. */
  fixed: boolean;
  checked: boolean;
}

export interface DecisionView {
  id: string;
  anchor: string;
  href: string;
  title: string;
  clause: LinkView | null;
  descriptionHtml: string | null;
  versions: VersionView[];
  examples: string[];
  hasExamples: boolean;
  /** Some title or label is only in the source language (shown on the English site). */
  missingEn: boolean;
  calc: { decision: string; fields: CalcFieldView[]; asOf: { inputId: string } | null };
}

/** Builds the view of a decision (all its visible versions) in the reader's language. */
export function decisionView(id: string, versions: Decision[], model: Model, ctx: PresentContext, cache: ProseCache): DecisionView {
  const latest = versions[versions.length - 1];
  const lang = ctx.lang;
  const doc = model.documents.find((d) => d.id === latest.document);
  let clause: LinkView | null = null;
  if (latest.clause) {
    const s = model.sections.get(`${latest.clause.document}#${latest.clause.section}`);
    if (s) clause = { title: lang === 'en' ? (s.titleEn ?? s.title) : s.title, href: `${docPath(latest.clause.document)}#${latest.clause.section}` };
  }
  // Callers (and examples, and the calculator) give the decision's inputs and its exceptions' further ones.
  const asked = { ...latest, inputs: askedInputs(model.decisions, latest) };
  // Worked examples are tests `build` has just evaluated (a failing one stops the build), so every number shown is the evaluator's.
  const examples = model.tests
    .filter((t) => t.decision === id && t.expect)
    .slice(0, 6)
    .map((t) => exampleSentence(asked, t, ctx));
  const today = localToday();
  return {
    id,
    anchor: decisionAnchor(id),
    href: `${docPath(doc?.id ?? latest.document)}#${decisionAnchor(id)}`,
    title: decisionTitle(latest, lang),
    clause,
    descriptionHtml: latest.description ? cachedProse(latest.description, cache).html : null,
    versions: versions.map((v) => versionView(v, versions.length > 1, ctx, today)),
    examples,
    hasExamples: examples.length > 0,
    missingEn: lang === 'en' && (!latest.titleEn || [...latest.inputs, ...latest.outputs].some((f) => f.label !== undefined && !f.labelEn)),
    calc: calcView(asked, versions, model, ctx),
  };
}

function versionView(d: Decision, several: boolean, ctx: PresentContext, today: string): VersionView {
  const lang = ctx.lang;
  const status = standing(d.effective, today);
  // A lone version in force needs no words about time; anything else says where it stands.
  const showPeriod = (several || status !== 'current') && d.effective !== undefined;
  const period = showPeriod && d.effective ? `${w('ui.from', lang)} ${periodWords(d.effective, lang)}` : null;
  const statusLabel = !showPeriod || !d.effective ? null : status === 'upcoming' ? w('ui.upcoming', lang).replace('{date}', d.effective.from.iso) : status === 'earlier' ? w('ui.earlier', lang) : w('ui.current', lang);
  const ruleOutputs = d.outputs.filter((o) => d.rules.some((r) => r.then.some((t) => t.output === o.name)));
  const rows: RowView[] = d.rules.map((r, i) => ({
    cells2: [],
    outs2: [],
    noteHtml: null,
    cells: d.inputs.map((f) => {
      const c = r.when.find((x) => x.input === f.name);
      return c ? presentCell(c.test, f.type, ctx) : w('ui.any', lang);
    }),
    outs: ruleOutputs.map((o) => {
      const t = r.then.find((x) => x.output === o.name);
      return t ? presentOutputExpr(t.expr, d, o.type, ctx) : '—';
    }),
    note: r.note ?? null,
    sentence: ruleSentence(d, i, ctx),
  }));
  for (const r of rows) {
    r.cells2 = r.cells.map((c) => ({ html: wordBreaks(c) }));
    r.outs2 = r.outs.map((c) => ({ html: wordBreaks(c) }));
    r.noteHtml = r.note === null ? null : wordBreaks(r.note);
  }
  const defaults = d.defaults?.length
    ? d.defaults
        .map((e) => {
          const f = d.outputs.find((o) => o.name === e.output);
          return `${f ? fieldLabel(f, lang) : e.output} ${presentOutputExpr(e.expr, d, f?.type, ctx)}`;
        })
        .join(w('sep.list', lang))
    : null;
  const formulas = d.formulas.map((f) => {
    const out = d.outputs.find((o) => o.name === f.output);
    return { label: out ? fieldLabel(out, lang) : f.output, sentence: presentOutputExpr(f.expr, d, out?.type, ctx), source: f.source };
  });
  return {
    period,
    statusLabel,
    upcoming: showPeriod && status === 'upcoming',
    folded: showPeriod && status === 'earlier',
    hit: d.rules.length ? hitSentence(d, ctx) : '',
    hasTable: d.rules.length > 0,
    inputs: d.inputs.map((f) => fieldLabel(f, lang)),
    outputs: ruleOutputs.map((f) => fieldLabel(f, lang)),
    inputsHtml: d.inputs.map((f) => columnName(fieldLabel(f, lang))),
    outputsHtml: ruleOutputs.map((f) => columnName(fieldLabel(f, lang))),
    rows,
    hasNotes: rows.some((r) => r.note !== null),
    defaults,
    formulas,
    hasFormulas: formulas.length > 0,
  };
}

/**
 * A calculator field. `own` is whether the field is the rule's own input: its
 * domain then says which values the rule takes at all, so a choice it always
 * refuses is not offered. An exception's field keeps every value (outside the
 * exception's domain the general rule answers).
 */
function calcField(decision: string, f: Field, ctx: PresentContext, own: boolean): CalcFieldView {
  const k = f.type.kind;
  const domain = own ? f.type.domain : undefined;
  const values = (f.type.values ?? []).filter((v) => !domain || matchesUnary(domain, v.key));
  const bools = domain && k === 'boolean' ? [true, false].filter((b) => matchesUnary(domain, b)) : [];
  const after = k === 'percent' ? '%' : k === 'months' || k === 'days' ? w(`calc.unit-${k}`, ctx.lang).trim() : '';
  const example = fieldExample(f);
  const inputId = `calc-${decision}-${f.name}`;
  return {
    name: f.name,
    label: fieldLabel(f, ctx.lang),
    inputId,
    isEnum: k === 'enum',
    isBool: k === 'boolean',
    isDate: k === 'date',
    unitBefore: k === 'money' ? ctx.symbol : '',
    unitAfter: after,
    placeholder: example ? `${w('calc.example', ctx.lang)} ${example}` : '',
    example,
    hint: k === 'percent' ? w('calc.percent-hint', ctx.lang) : null,
    hintId: `${inputId}-hint`,
    options: values.map((v) => ({ key: v.key, label: v.label, selected: values.length === 1 })),
    fixed: bools.length === 1,
    checked: bools.length === 1 && bools[0],
  };
}

/** The calculator of a decision; it asks for a date when the decision or one it calls has versions. */
function calcView(d: Decision, versions: Decision[], model: Model, ctx: PresentContext): DecisionView['calc'] {
  const dated = [...callClosure(d.id, model)].some((id) => (model.decisions.get(id)?.length ?? 0) > 1) || versions.length > 1;
  // The rule's own inputs as declared (d may carry its exceptions' too: they are asked, not its own).
  const own = new Set((model.decisions.get(d.id)?.at(-1) ?? d).inputs.map((f) => f.name));
  return { decision: d.id, fields: calcFields(d.id, model).map((f) => calcField(d.id, f, ctx, own.has(f.name))), asOf: dated ? { inputId: `calc-${d.id}-as-of` } : null };
}

export interface CorrectionView {
  clause: LinkView | null;
  original: string;
  corrected: string;
  /** The reason for staff, and the technical remark for authors split off it (folded on the page). */
  reason: string;
  note: string | null;
}

export interface BlockView {
  html: string | null;
  decision: DecisionView | null;
}

export interface SectionView {
  id: string;
  title: string;
  /** The title is only in the source language (English site). */
  titleMissing: boolean;
  level: number;
  /** The heading level of the decisions placed in this section. */
  sublevel: number;
  blocks: BlockView[];
  corrections: CorrectionView[];
  rules: LinkView[];
  sections: SectionView[];
}

/**
 * Words for a document's metadata line: its period with the last day in force
 * (an exclusive `until` minus one day), and, when the build date lies outside
 * it, that it is not yet or no longer in force — the period bounds every
 * section of the document.
 */
export function periodText(doc: PolicyDocument, lang: Lang): string | null {
  if (!doc.effective) return null;
  const text = periodWords(doc.effective, lang);
  const status = standing(doc.effective, localToday());
  return status === 'current' ? text : `${text}（${w(status === 'upcoming' ? 'ui.not-yet' : 'ui.expired', lang)}）`;
}

/** Sections of a document with their prose, placed decisions, corrections and rule links. */
export function sectionViews(
  doc: PolicyDocument,
  model: Model,
  decisions: Map<string, DecisionView>,
  cache: ProseCache,
  placed: Set<string>,
  lang: Lang = 'zh',
  idPrefix = '',
): SectionView[] {
  const build = (s: Section, depth: number): SectionView => {
    const blocks: BlockView[] = [];
    const chunks = splitChunks(s.text);
    for (const c of chunks) {
      if (c.kind === 'markdown') {
        // Prose the sanitiser empties (a raw `<script>` block swallows its whole line) is no block: an empty `html` would read as a decision.
        const html = cachedProse(c.text, cache).html;
        if (html.trim() !== '') blocks.push({ html, decision: null });
      }
      else {
        const dv = decisions.get(c.id);
        if (dv && !placed.has(c.id)) {
          placed.add(c.id);
          blocks.push({ html: null, decision: dv });
        }
      }
    }
    for (const id of s.decisions) {
      const dv = decisions.get(id);
      if (dv && !placed.has(id) && model.decisions.get(id)?.[0].document === doc.id) {
        placed.add(id);
        blocks.push({ html: null, decision: dv });
      }
    }
    const corrections = doc.corrections
      .filter((c) => c.clause && c.clause.section === s.id && c.clause.document === doc.id)
      .map((c) => correctionView(c.original, c.corrected, c.reason));
    const rules = s.decisions.map((id) => decisions.get(id)).filter((d): d is DecisionView => !!d).map((d) => ({ title: d.title, href: d.href }));
    const en = lang === 'en';
    return {
      id: idPrefix + s.id,
      title: en ? (s.titleEn ?? s.title) : s.title,
      titleMissing: en && !s.titleEn,
      level: Math.min(depth + 2, 6),
      sublevel: Math.min(depth + 3, 6),
      blocks,
      corrections,
      rules,
      sections: s.sections.map((c) => build(c, depth + 1)),
    };
  };
  return doc.sections.map((s) => build(s, 0));
}
