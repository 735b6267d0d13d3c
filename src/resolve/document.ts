/**
 * Documents, sections, terms, corrections, tests and the config → model parts.
 */
import { diag } from '../diagnostics/index.js';
import type { DataPath } from '../load/source.js';
import { convertValue, parseDate } from '../model/convert.js';
import { askedInputs } from '../model/precedence.js';
import type { ClauseRef, Config, Correction, Decision, Norm, OpenQuestion, PolicyDocument, PolicyTest, Section, Term, Value } from '../model/index.js';
import { didYouMean, entries, list, rec, str, type ReadContext } from './context.js';
import { formatPercent } from '../lang/format.js';
import { Decimal } from '../runtime/decimal.js';
import { readAssertions, readDecision, readExpr, readPeriod, readRounding } from './decision.js';

/** The config with every default filled in, so back ends never guess. */
export const DEFAULT_CONFIG: Config = {
  title: 'Handbook',
  locale: 'zh-CN',
  currency: 'CNY',
  audiences: [{ id: 'staff', label: 'staff' }],
  defaultAudience: 'staff',
};

export function readConfig(ctx: ReadContext): Config {
  const c = rec(ctx.doc.data);
  const audiences = entries(c.audiences).map(([id, label]) => ({ id, label: String(label) }));
  const config: Config = {
    title: str(c.title) ?? DEFAULT_CONFIG.title,
    locale: (c.locale as Config['locale']) ?? DEFAULT_CONFIG.locale,
    currency: str(c.currency) ?? DEFAULT_CONFIG.currency,
    audiences: audiences.length ? audiences : DEFAULT_CONFIG.audiences,
    defaultAudience: str(c.defaultAudience) ?? audiences[0]?.id ?? DEFAULT_CONFIG.defaultAudience,
    file: ctx.file,
  };
  const rounding = readRounding(ctx, c.rounding, ['rounding']);
  if (rounding) config.rounding = rounding;
  if (typeof c.templates === 'string') config.templates = c.templates;
  if (typeof c.titleEn === 'string') config.titleEn = c.titleEn;
  if (Array.isArray(c.order)) {
    const at = c.order.map((x, i) => ({ x, i })).filter((e): e is { x: string; i: number } => typeof e.x === 'string');
    config.order = at.map((e) => e.x);
    config.orderSpans = at.map((e) => ctx.at(['order', e.i]));
  }
  if (Array.isArray(c.languages)) config.languages = c.languages.filter((x): x is 'zh' | 'en' => x === 'zh' || x === 'en');
  const repo = rec(c.repository);
  if (typeof repo.url === 'string') {
    config.repository = { url: repo.url.replace(/\/+$/, ''), branch: str(repo.branch) ?? 'main' };
    if (typeof repo.feedback === 'string') config.repository.feedback = repo.feedback;
  }
  if (!config.audiences.some((a) => a.id === config.defaultAudience)) {
    ctx.diagnostics.push(
      diag('dangling-ref', 'error', 'resolve.unknown-audience', { name: config.defaultAudience, known: config.audiences.map((a) => a.id).join(', ') }, ctx.at(['defaultAudience'])),
    );
  }
  return config;
}

/** A `::decision{#id}` line in prose: where a decision is placed in a Markdown section. */
export const DIRECTIVE = /^::decision\{#([^}\s]+)\}\s*$/gm;

function readSections(ctx: ReadContext, v: unknown, path: DataPath, docId: string): Section[] {
  return list(v).map((raw, i) => {
    const s = rec(raw);
    const spath = [...path, i];
    const id = String(s.id);
    const text = typeof s.text === 'string' ? s.text : '';
    const section: Section = {
      id,
      anchor: `${docId}#${id}`,
      title: String(s.title),
      ...(typeof s.titleEn === 'string' ? { titleEn: s.titleEn } : {}),
      text,
      sections: readSections(ctx, s.sections, [...spath, 'sections'], docId),
      decisions: [],
      span: ctx.at([...spath, 'id']),
    };
    if (text) {
      const tpath = [...spath, 'text'];
      section.textSpan = ctx.at(tpath);
      if (ctx.doc.scalarOffsets?.(tpath)) {
        const inText = ctx.doc.locateInScalar(tpath);
        section.textLines = [];
        for (let o = 0; o !== -1 && o <= text.length; o = text.indexOf('\n', o) === -1 ? -1 : text.indexOf('\n', o) + 1) {
          const at = inText(o, o);
          section.textLines.push([o, at.line, at.column]);
        }
      }
    }
    if (typeof s.audience === 'string') section.audience = s.audience;
    if (typeof s.titleEn === 'string') section.titleEn = s.titleEn;
    for (const m of text.matchAll(DIRECTIVE)) section.decisions.push(m[1]);
    return section;
  });
}

/** Reads a schema-valid policy document; its decisions go to `decisions`, its tests to `tests`. */
export function readDocument(ctx: ReadContext, decisions: Decision[], tests: PolicyTest[]): PolicyDocument {
  const d = rec(ctx.doc.data);
  const id = String(d.id);
  const doc: PolicyDocument = {
    id,
    title: String(d.title ?? id),
    version: String(d.version),
    file: ctx.file,
    format: ctx.doc.format === 'md' ? 'md' : 'yaml',
    sections: readSections(ctx, d.sections, ['sections'], id),
    terms: [],
    decisions: [],
    corrections: [],
    assertions: readAssertions(ctx, d.assert, ['assert']),
    span: ctx.at(['id']),
  };
  if (typeof d.titleEn === 'string') doc.titleEn = d.titleEn;
  if (typeof d.owner === 'string') doc.owner = d.owner;
  if (typeof d.audience === 'string') doc.audience = d.audience;
  if (typeof d.summary === 'string') doc.summary = d.summary;
  if (d.effective !== undefined) doc.effective = readPeriod(ctx, d.effective, ['effective']);

  doc.terms = list(d.terms).map((raw, i): Term => {
    const t = rec(raw);
    const term: Term = { id: String(t.id), term: String(t.term), definition: String(t.definition), span: ctx.at(['terms', i]) };
    if (typeof t.termEn === 'string') term.termEn = t.termEn;
    return term;
  });
  doc.corrections = list(d.corrections).map((raw, i): Correction => {
    const c = rec(raw);
    const corr: Correction = { original: String(c.original ?? ''), corrected: String(c.corrected ?? ''), reason: String(c.reason ?? ''), span: ctx.at(['corrections', i]) };
    if (typeof c.clause === 'string') {
      const [document, section] = c.clause.split('#');
      corr.clause = { document: document || id, section, span: ctx.at(['corrections', i, 'clause']) };
    }
    return corr;
  });
  readLawParts(ctx, d, doc);
  list(d.decisions).forEach((raw, i) => {
    const before = ctx.diagnostics.length;
    const dec = readDecision(ctx, raw, ['decisions', i], id);
    if (d.semantics === 'feel') dec.semantics = 'feel';
    for (let k = before; k < ctx.diagnostics.length; k++) if (ctx.diagnostics[k].severity === 'error') dec.flawed = true;
    doc.decisions.push(dec.id);
    decisions.push(dec);
  });
  tests.push(...readTests(ctx, d.tests, ['tests']));
  return doc;
}

/** Reads tests; values are converted once the decision's input types are known (see `typeTests`). */
export function readTests(ctx: ReadContext, v: unknown, path: DataPath): PolicyTest[] {
  return list(v).map((raw, i) => {
    const t = rec(raw);
    const tpath = [...path, i];
    const test: PolicyTest = { decision: String(t.decision), input: {}, file: ctx.file, span: ctx.at(tpath) };
    if (typeof t.id === 'string') test.id = t.id;
    if (typeof t.name === 'string') test.name = t.name;
    if (typeof t.expectError === 'string') test.expectError = t.expectError;
    if (t.asOf !== undefined) {
      const d = parseDate(str(t.asOf) ?? '');
      if (d) test.asOf = d;
      else ctx.diagnostics.push(diag('type', 'error', 'resolve.bad-date', { value: String(t.asOf) }, ctx.at([...tpath, 'asOf'])));
    }
    // Raw values for now; `typeTests` converts them against the decision's declared types.
    for (const [name, value] of entries(t.input)) {
      test.input[name] = { value: value as Value, span: ctx.at([...tpath, 'input', name]) };
      rawText.set(test.input[name], ctx.doc.scalarText([...tpath, 'input', name]));
      keySpans.set(test.input[name], ctx.at([...tpath, 'input', name], true));
    }
    if (t.expect !== undefined) {
      test.expect = {};
      for (const [name, value] of entries(t.expect)) {
        test.expect[name] = { value: value as Value, span: ctx.at([...tpath, 'expect', name]) };
        rawText.set(test.expect[name], ctx.doc.scalarText([...tpath, 'expect', name]));
        keySpans.set(test.expect[name], ctx.at([...tpath, 'expect', name], true));
      }
    }
    return test;
  });
}

/** Source digits of test values, so `0.1` or a long amount converts exactly. */
const rawText = new WeakMap<object, string | undefined>();
/** Where each test value's name is, for findings about the name. */
const keySpans = new WeakMap<object, import('../model/index.js').Span>();

const COUNT: import('../model/index.js').ValueType = { kind: 'integer' };

/** What a decision gives per output under its hit policy: one value, a list of them, or a count. */
function resultShape(hit: Decision['hit']): 'value' | 'list' | 'count' {
  if (hit === 'collect' || hit === 'rule-order' || hit === 'output-order') return 'list';
  return hit === 'collect-count' ? 'count' : 'value';
}

/** Converts each test's raw values to typed values against its decision; unknown names are dangling refs. */
export function typeTests(tests: PolicyTest[], decisionsById: Map<string, Decision[]>, diagnostics: import('../diagnostics/index.js').Diagnostic[]): void {
  for (const test of tests) {
    const versions = decisionsById.get(test.decision);
    if (!versions) continue;
    const dec = versions[versions.length - 1];
    const convert = (slot: Record<string, { value: Value; span: import('../model/index.js').Span }> | undefined, fields: Decision['inputs'], what: 'input' | 'output') => {
      if (!slot) return;
      for (const [name, entry] of Object.entries(slot)) {
        const field = fields.find((f) => f.name === name);
        if (!field) {
          const d = diag('dangling-ref', 'error', `resolve.unknown-${what}`, { name, what: test.decision }, keySpans.get(entry) ?? entry.span);
          diagnostics.push(didYouMean(d, name, fields.map((f) => f.name)));
          delete slot[name];
          continue;
        }
        const shape = what === 'output' ? resultShape(dec.hit) : 'value';
        const type = shape === 'count' ? COUNT : field.type;
        const one = (raw: unknown, exact?: string) => {
          // As in cells: a percent is written with `%` (a bare `72` meant 72%, not 7200%); 0 is 0 either way.
          if (type.kind === 'percent' && typeof raw === 'number' && raw !== 0) {
            const text = exact ?? String(raw);
            const n = Decimal.fromNumber(raw);
            const d = n.abs().gt(Decimal.ONE) ? diag('type', 'error', 'lang.type.needs-percent', { text }, entry.span) : diag('type', 'error', 'lang.type.needs-percent-or-fraction', { text, percent: formatPercent(n) }, entry.span);
            diagnostics.push(d);
            return undefined;
          }
          const c = convertValue(raw, type, exact);
          if (c.error) diagnostics.push(diag('type', 'error', 'resolve.test-value', { value: String(raw), name, type: type.kind, reason: c.reason ?? '' }, entry.span));
          return c.error ? undefined : (c.value ?? null);
        };
        if (Array.isArray(entry.value) !== (shape === 'list')) {
          diagnostics.push(diag('type', 'error', shape === 'list' ? 'resolve.test-wants-list' : 'resolve.test-wants-value', { name, hit: dec.hit }, entry.span));
          delete slot[name];
          continue;
        }
        const converted = Array.isArray(entry.value) ? entry.value.map((x) => one(x)) : [one(entry.value, rawText.get(entry))];
        if (converted.some((x) => x === undefined)) delete slot[name];
        else entry.value = Array.isArray(entry.value) ? (converted as Value[]) : (converted[0] as Value);
      }
    };
    // A test asks the decision as any caller does: its inputs and its exceptions' further ones.
    convert(test.input, askedInputs(decisionsById, dec), 'input');
    convert(test.expect, dec.outputs, 'output');
  }
}

/** A clause ref `doc#section` or `#section` (this document) at `path`. */
function clauseAt(ctx: ReadContext, v: unknown, path: DataPath, docId: string): ClauseRef | undefined {
  if (typeof v !== 'string') return undefined;
  const [document, section] = v.split('#');
  return { document: document || docId, section, span: ctx.at(path) };
}

/** `kind`, `source`, `norms` (superior norms) and `openQuestions` (the source's gaps). */
function readLawParts(ctx: ReadContext, d: Record<string, unknown>, doc: PolicyDocument): void {
  if (d.kind === 'law') doc.kind = 'law';
  if (d.source !== undefined) {
    const s = rec(d.source);
    doc.source = { text: String(s.text ?? '') };
    if (typeof s.title === 'string') doc.source.title = s.title;
    if (typeof s.url === 'string') doc.source.url = s.url;
  }
  if (d.openQuestions !== undefined) {
    doc.openQuestions = list(d.openQuestions).map((raw, i): OpenQuestion => {
      const q = rec(raw);
      const out: OpenQuestion = { question: String(q.question ?? ''), span: ctx.at(['openQuestions', i]) };
      if (typeof q.id === 'string') out.id = q.id;
      if (typeof q.questionEn === 'string') out.questionEn = q.questionEn;
      const clause = clauseAt(ctx, q.clause, ['openQuestions', i, 'clause'], doc.id);
      if (clause) out.clause = clause;
      return out;
    });
  }
  if (d.norms !== undefined) {
    const raws = list(d.norms);
    doc.norms = readAssertions(ctx, raws, ['norms']).map((a, i): Norm => {
      const n = rec(raws[i]);
      const norm: Norm = { ...a, id: String(n.id ?? ''), about: String(n.about ?? '') };
      if (typeof n.messageEn === 'string') norm.messageEn = n.messageEn;
      if (typeof n.assume === 'string') {
        const e = readExpr(ctx, n.assume, ['norms', i, 'assume']);
        if (e) norm.assume = e;
      }
      const clause = clauseAt(ctx, n.clause, ['norms', i, 'clause'], doc.id);
      if (clause) norm.clause = clause;
      return norm;
    });
  }
}
