/**
 * Stage 3, `resolve`: schema-valid documents → the typed Model. Reads each
 * document (cells and formulas parsed with positions), then checks what spans
 * documents: duplicate ids, dangling references, call cycles, formula types.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import { t } from '../diagnostics/catalogue.js';
import type { SourceDocument } from '../load/source.js';
import type { Config, Decision, Model, PolicyDocument, PolicyTest, Section, Span } from '../model/index.js';
import { didYouMean, ReadContext, rec } from './context.js';
import { proseSpan } from '../model/text-span.js';
import { DEFAULT_CONFIG, DIRECTIVE, readConfig, readDocument, readTests, typeTests } from './document.js';
import { checkExpressions } from './expressions.js';
import { checkOverrides } from './overrides.js';
import './messages.js';

export { DEFAULT_CONFIG } from './document.js';

export interface ResolveResult {
  model: Model;
  diagnostics: Diagnostic[];
}

/** The first definition, as a related location of a duplicate. */
function firstDefined(span: Span) {
  return { ...span, message: t('resolve.first-defined', {}).message };
}

function allSections(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    allSections(s.sections, out);
  }
  return out;
}

/** Builds the Model from validated documents. Documents are read in the order given (load sorts them by path). */
export function resolve(sources: readonly SourceDocument[]): ResolveResult {
  const diagnostics: Diagnostic[] = [];

  const configs = sources.filter((s) => s.role === 'config').sort((a, b) => a.file.split('/').length - b.file.split('/').length);
  let config: Config = { ...DEFAULT_CONFIG };
  if (configs[0]) config = readConfig(new ReadContext(configs[0], diagnostics));

  const documents: PolicyDocument[] = [];
  const allDecisions: Decision[] = [];
  const tests: PolicyTest[] = [];
  for (const src of sources) {
    const ctx = new ReadContext(src, diagnostics);
    if (src.role === 'document') documents.push(readDocument(ctx, allDecisions, tests));
    else if (src.role === 'tests') tests.push(...readTests(ctx, rec(src.data).tests, ['tests']));
  }

  // Documents, sections and terms: ids are anchors, so each must be unique.
  const docById = new Map<string, PolicyDocument>();
  for (const doc of documents) {
    const first = docById.get(doc.id);
    if (first) {
      diagnostics.push(diag('duplicate-id', 'error', 'resolve.dup-document', { id: doc.id }, doc.span, { related: [firstDefined(first.span)] }));
      continue;
    }
    docById.set(doc.id, doc);
  }
  const sections = new Map<string, Section>();
  const termIds = new Map<string, Span>();
  for (const doc of docById.values()) {
    for (const s of allSections(doc.sections)) {
      const first = sections.get(s.anchor);
      if (first) diagnostics.push(diag('duplicate-id', 'error', 'resolve.dup-section', { id: s.id }, s.span, { related: [firstDefined(first.span)] }));
      else sections.set(s.anchor, s);
    }
    for (const t of doc.terms) {
      const first = termIds.get(t.id);
      if (first) diagnostics.push(diag('duplicate-id', 'error', 'resolve.dup-term', { id: t.id }, t.span, { related: [firstDefined(first)] }));
      else termIds.set(t.id, t.span);
    }
  }

  // A decision's period is its own `effective`, else its document's; one with neither is always in force.
  const docPeriod = new Map(documents.map((doc) => [doc.id, doc.effective] as const));
  for (const dec of allDecisions) {
    const p = docPeriod.get(dec.document);
    if (!dec.effective && p) {
      dec.effective = p;
      dec.periodFromDocument = true;
    }
  }

  // Decisions: one id may have several versions (across files too) only when each says when it is in force.
  const decisions = new Map<string, Decision[]>();
  for (const dec of allDecisions) {
    const versions = decisions.get(dec.id);
    if (!versions) {
      decisions.set(dec.id, [dec]);
      continue;
    }
    // A version whose period did not read (a bad date) has its own error; calling it a duplicate would be a second.
    if (dec.flawed || versions.some((v) => v.flawed)) {
      versions.push(dec);
      continue;
    }
    if (!dec.effective || versions.some((v) => !v.effective)) {
      diagnostics.push(
        diag('duplicate-id', 'error', 'resolve.dup-decision', { id: dec.id }, dec.span, { related: [firstDefined(versions[0].span)] }),
      );
      continue;
    }
    versions.push(dec);
  }
  for (const versions of decisions.values()) versions.sort((a, b) => (a.effective?.from.iso ?? '').localeCompare(b.effective?.from.iso ?? ''));

  // References.
  const audienceIds = new Set(config.audiences.map((a) => a.id));
  const checkAudience = (aud: string | undefined, span: Span) => {
    if (aud !== undefined && !audienceIds.has(aud)) {
      diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-audience', { name: aud, known: [...audienceIds].join(', ') }, span), aud, audienceIds));
    }
  };
  const checkClause = (ref: { document: string; section: string; span: Span } | undefined) => {
    if (!ref) return undefined;
    const anchor = `${ref.document}#${ref.section}`;
    const s = sections.get(anchor);
    if (!s) diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-clause', { ref: anchor }, ref.span), anchor, sections.keys()));
    return s;
  };
  for (const doc of docById.values()) {
    checkAudience(doc.audience, doc.span);
    for (const s of allSections(doc.sections)) {
      checkAudience(s.audience, s.span);
      for (const m of s.text.matchAll(DIRECTIVE)) {
        const id = m[1];
        if (decisions.has(id)) continue;
        // At the id inside its directive line.
        const at = m.index + m[0].indexOf('#') + 1;
        const span = proseSpan(s, at, at + id.length) ?? s.span;
        diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-decision', { id }, span), id, decisions.keys()));
      }
    }
    for (const c of doc.corrections) checkClause(c.clause);
    for (const q of doc.openQuestions ?? []) checkClause(q.clause);
    for (const n of doc.norms ?? []) checkClause(n.clause);
  }
  for (const versions of decisions.values()) {
    for (const dec of versions) {
      checkAudience(dec.audience, dec.span);
      const section = checkClause(dec.clause);
      if (section && !section.decisions.includes(dec.id)) section.decisions.push(dec.id);
      for (const rel of [dec.overrides, dec.decides]) {
        if (rel && !decisions.has(rel.id)) {
          diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-decision', { id: rel.id }, rel.span), rel.id, decisions.keys()));
        }
      }
      if (dec.decides?.id === dec.id) diagnostics.push(diag('dangling-ref', 'error', 'resolve.decides-self', { id: dec.id }, dec.decides.span));
    }
  }
  checkOverrides(decisions, diagnostics);
  const knownTests = tests.filter((t) => {
    if (decisions.has(t.decision)) return true;
    diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-decision', { id: t.decision }, t.span), t.decision, decisions.keys()));
    return false;
  });
  typeTests(knownTests, decisions, diagnostics);

  const model: Model = { config, documents: [...docById.values()], decisions, tests: knownTests, sections };
  checkExpressions(model, diagnostics);
  return { model, diagnostics };
}
