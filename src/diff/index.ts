/**
 * Back end `diff`: two Models → a semantic diff a reviewer can read. Documents
 * (metadata, sections with a character-level prose diff as `fmt` sees it,
 * terms, moves and renames), decisions per version (rows, thresholds,
 * outputs, hit policy), and, through the evaluator, per period of time the
 * input regions whose results change, each with an example in the reader's
 * words; check findings introduced and fixed; what each audience gains or
 * loses. Reads no files: the CLI hands it the Models of both revisions and the
 * head's errors.
 */
import type { Config, Decision, Model, PolicyDocument } from '../model/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { check as realCheck } from '../check/index.js';
import { evaluate as realEvaluate } from '../evaluate/index.js';
import { audienceChanges } from './audience.js';
import { canonicalJson } from '../model/canonical.js';
import { diffDecision, namesOf, type WordsContext } from './decisions.js';
import { change, diffDocuments } from './documents.js';
import { findingsDiff } from './findings.js';
import { affected, impactOf, type EvaluateFn } from './impact.js';
import { periodOf, versionAt, type Span } from './period.js';
import type { DecisionDiff, FieldChange, ModelDiff, PeriodImpact } from './types.js';

export type { ModelDiff, DocumentDiff, DecisionDiff, SectionDiff, RowDiff, ImpactRegion, PeriodImpact, FieldChange, Finding, AudienceChange, Words } from './types.js';
export type { TextRun } from './text.js';
export type { EvaluateFn } from './impact.js';
export { diffText, tokenize } from './text.js';
export { canonicalJson, canonicalValue, sameMeaning } from '../model/canonical.js';
export { renderDiffMarkdown, summaryLine } from './markdown.js';

export interface DiffOptions {
  /** The evaluator used for impact examples; `false` skips impact. Default: src/evaluate. */
  evaluate?: EvaluateFn | false;
  /** The checker whose findings are compared; `false` skips them. Default: src/check. */
  check?: ((m: Model) => Diagnostic[]) | false;
  /** Errors of the head (load, schema, resolve): listed first; files among them that did not parse are not compared. */
  headErrors?: Diagnostic[];
}

function configChanges(a: Config, b: Config): FieldChange[] {
  const out: FieldChange[] = [];
  change(out, 'title', a.title, b.title);
  change(out, 'locale', a.locale, b.locale);
  change(out, 'currency', a.currency, b.currency);
  const r = (c: Config) => (c.rounding ? `${c.rounding.mode} ${c.rounding.step.toString()}` : undefined);
  change(out, 'rounding', r(a), r(b));
  const aud = (c: Config) => c.audiences.map((x) => `${x.id} (${x.label})`).join(', ');
  change(out, 'audiences', aud(a), aud(b));
  change(out, 'defaultAudience', a.defaultAudience, b.defaultAudience);
  // Templates are code in every staff page: a reviewer must see the folder change (its files: the diff command).
  change(out, 'templates', a.templates, b.templates);
  return out;
}

function isEmptyDecision(d: DecisionDiff): boolean {
  return d.status === 'changed' && !d.changes.length && !d.rows.length;
}

function testsDiff(a: Model, b: Model): ModelDiff['tests'] {
  const key = (t: Model['tests'][number]) => t.id ?? t.name ?? canonicalJson({ d: t.decision, i: t.input, a: t.asOf });
  const before = new Map(a.tests.map((t) => [`${t.decision} ${key(t)}`, canonicalJson(t)]));
  const after = new Map(b.tests.map((t) => [`${t.decision} ${key(t)}`, canonicalJson(t)]));
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const [k, v] of after) {
    const old = before.get(k);
    if (old === undefined) added++;
    else if (old !== v) changed++;
  }
  for (const k of before.keys()) if (!after.has(k)) removed++;
  return { added, removed, changed };
}

/** Codes of diagnostics that mean a file could not be read at all. */
const UNREADABLE = new Set(['yaml-syntax', 'md-syntax', 'limit']);

/**
 * The head as far as it can be compared: a document in a file that does not
 * parse (whole, or one of its blocks) is taken from the base with its
 * decisions and tests, so it reads as "does not parse", never as removed,
 * and what calls its decisions keeps its meaning.
 */
function comparableHead(base: Model, head: Model, unparsed: Set<string>): { head: Model; unparsedDocs: Set<string> } {
  const docs = new Set([...base.documents, ...head.documents].filter((d) => unparsed.has(d.file)).map((d) => d.id));
  if (!docs.size) return { head, unparsedDocs: docs };
  const decisions = new Map(head.decisions);
  for (const [id, versions] of head.decisions) if (versions.every((v) => docs.has(v.document))) decisions.delete(id);
  for (const [id, versions] of base.decisions) {
    if (!decisions.has(id) && versions.some((v) => docs.has(v.document))) decisions.set(id, versions);
  }
  const tests = [...head.tests.filter((t) => !unparsed.has(t.file)), ...base.tests.filter((t) => unparsed.has(t.file))];
  const documents = [...head.documents.filter((d) => !docs.has(d.id)), ...base.documents.filter((d) => docs.has(d.id))];
  return { head: { ...head, decisions, tests, documents }, unparsedDocs: docs };
}

/** Whether two periods share a day. */
function meet(a: Span, b: Span): boolean {
  return (a.from === undefined || b.until === undefined || a.from < b.until) && (b.from === undefined || a.until === undefined || b.from < a.until);
}

/**
 * Version pairs of one decision: same start first; then a base version left
 * over continues as the first head version its period meets (a version
 * narrowed or re-dated is changed, not removed); a head version left over is
 * new from its date, compared with the version it succeeds; a base version
 * left over was removed.
 */
function versionDiffs(base: Model, head: Model, id: string, ctx: WordsContext): DecisionDiff[] {
  const va = base.decisions.get(id) ?? [];
  const vb = head.decisions.get(id) ?? [];
  const out: DecisionDiff[] = [];
  if (!va.length || !vb.length) {
    for (const d of va.length ? va : vb) out.push(diffDecision(va.length ? d : undefined, va.length ? undefined : d, ctx, { a: va.length ? periodOf(base, d) : undefined, b: vb.length ? periodOf(head, d) : undefined }));
    return out;
  }
  const pa = new Map(va.map((d) => [d, periodOf(base, d)]));
  const pb = new Map(vb.map((d) => [d, periodOf(head, d)]));
  const pairs = new Map<Decision, Decision>();
  const leftA = new Set(va);
  const leftB = new Set(vb);
  for (const b of vb) {
    const a = [...leftA].find((x) => (pa.get(x)?.from ?? '') === (pb.get(b)?.from ?? ''));
    if (a) pairs.set(b, a), leftA.delete(a), leftB.delete(b);
  }
  for (const a of [...leftA]) {
    const b = [...leftB].find((x) => meet(pa.get(a) as Span, pb.get(x) as Span));
    if (b) pairs.set(b, a), leftA.delete(a), leftB.delete(b);
  }
  const entries: [Decision | undefined, Decision | undefined, DecisionDiff['status']][] = [];
  for (const b of vb) {
    const a = pairs.get(b);
    entries.push(a ? [a, b, 'changed'] : [versionAt(base, id, pb.get(b)?.from), b, 'version-added']);
  }
  for (const a of leftA) entries.push([a, versionAt(head, id, pa.get(a)?.from), 'version-removed']);
  for (const [a, b, status] of entries) {
    const d = status === 'version-removed' ? diffDecision(a, b, ctx, { a: a && pa.get(a), b: a && pa.get(a) }) : diffDecision(a, b, ctx, { a: a && pa.get(a), b: b && pb.get(b) });
    if (status !== 'changed') d.status = status;
    // A new version's period is in its heading, not a change against the version it succeeds.
    if (status === 'version-added') d.changes = d.changes.filter((c) => c.field !== 'effective');
    if (!b && status === 'version-removed') d.rows = [];
    if (!isEmptyDecision(d)) out.push(d);
  }
  return out;
}

/** Whether a period's results differ (or exist on one side only). */
export function periodChanges(p: PeriodImpact): boolean {
  return p.kind !== 'compared' || p.regions.length > 0 || p.more > 0 || !!p.outputsAdded?.length || !!p.outputsRemoved?.length;
}

/** The semantic diff of two Models. A model diffed with itself gives an empty diff. */
export function diffModels(base: Model, rawHead: Model, opts: DiffOptions = {}): ModelDiff {
  const headErrors = (opts.headErrors ?? []).filter((d) => d.severity === 'error');
  const parseFailed = new Set(headErrors.filter((d) => UNREADABLE.has(d.code)).map((d) => d.file));
  // A file that parses but whose errors (a schema error such as `hit: uniq`) keep its document out of the head is
  // not compared either: its document and decisions would otherwise read as removed.
  const headFiles = new Set(rawHead.documents.map((d) => d.file));
  const invalidFiles = new Set(headErrors.map((d) => d.file).filter((f) => !parseFailed.has(f) && !headFiles.has(f) && base.documents.some((d) => d.file === f)));
  const unparsedFiles = new Set([...parseFailed, ...invalidFiles]);
  const { head, unparsedDocs } = comparableHead(base, rawHead, unparsedFiles);
  const ctx: WordsContext = { currency: head.config.currency, audiences: new Map(head.config.audiences.map((a) => [a.id, a.label])), names: namesOf([head, base]) };
  const documents = diffDocuments(base.documents, head.documents, ctx.audiences);
  for (const id of unparsedDocs) {
    const doc = [...rawHead.documents, ...base.documents].find((d) => d.id === id) as PolicyDocument;
    documents.push({ id, title: doc.title, ...(doc.titleEn && { titleEn: doc.titleEn }), status: 'unparsed', ...(invalidFiles.has(doc.file) && { invalid: true }), file: doc.file, metadata: [], sections: [], terms: [] });
  }
  const invalidDocs = new Set(documents.filter((d) => d.invalid).map((d) => d.id));
  const decisions: DecisionDiff[] = [];
  const ids = [...new Set([...head.decisions.keys(), ...base.decisions.keys()])];
  const changedIds = new Set<string>();
  for (const id of ids) {
    const ds = versionDiffs(base, head, id, ctx);
    if (!ds.length) continue;
    decisions.push(...ds);
    changedIds.add(id);
  }
  for (const d of decisions) if (unparsedDocs.has(d.document)) Object.assign(d, { unparsed: true }, invalidDocs.has(d.document) && { invalid: true });
  // A decision added or removed whole changes results (there is nothing to compare point by point).
  const verdict: ModelDiff['verdict'] = { changed: decisions.some((d) => d.status === 'added' || d.status === 'removed'), proof: 'exact', inputs: 0 };
  const evaluate = opts.evaluate === undefined ? (realEvaluate as EvaluateFn) : opts.evaluate;
  if (evaluate) {
    for (const id of affected(base, head, changedIds)) {
      if (!base.decisions.has(id) || !head.decisions.has(id)) continue;
      const impact = impactOf(base, head, id, evaluate);
      for (const p of impact) {
        verdict.inputs += p.inputs;
        if (p.kind === 'compared' && p.proof === 'sampled') verdict.proof = 'sampled';
        if (periodChanges(p)) verdict.changed = true;
      }
      // Impact is per decision, over all its versions: it goes with the last entry of the id (a new version comes last).
      let d = decisions.filter((x) => x.id === id).pop();
      if (!d) {
        // A caller is listed when its results change, and when they were only sampled: "no change found in N inputs" is
        // what a reviewer must see, not silence (only a proof of no change leaves it out).
        if (!impact.some(periodChanges) && !impact.some((p) => p.kind === 'compared' && p.proof === 'sampled')) continue;
        const h = head.decisions.get(id)?.at(-1) as Decision;
        d = { ...diffDecision(h, h, ctx), indirect: true };
        decisions.push(d);
      }
      d.impact = impact;
    }
  }
  const check = opts.check === undefined ? realCheck : opts.check;
  return {
    config: configChanges(base.config, head.config),
    documents,
    decisions,
    tests: testsDiff(base, head),
    locale: head.config.locale,
    headErrors: headErrors.map((e) => ({ file: e.file, line: e.line, column: e.column, code: e.code, message: e.message })),
    // A finding in a file that does not parse is neither fixed nor introduced: that file was not compared.
    findings: check ? findingsDiff(check(base).filter((f) => !unparsedFiles.has(f.file)), check(rawHead).filter((f) => !unparsedFiles.has(f.file))) : { introduced: [], fixed: [] },
    audienceLabels: Object.fromEntries([...base.config.audiences, ...head.config.audiences].map((a) => [a.id, a.label])),
    audiences: audienceChanges(base, head),
    verdict,
  };
}

/** Whether a diff has nothing to say. */
export function isEmptyDiff(d: ModelDiff): boolean {
  return !d.config.length && !d.documents.length && !d.decisions.length && !d.tests.added && !d.tests.removed && !d.tests.changed && !d.headErrors.length && !d.findings.introduced.length && !d.findings.fixed.length && !d.audiences.length;
}
