/**
 * Back end `diff`: two Models → a semantic diff a reviewer can read. Documents
 * (metadata, sections with a character-level prose diff, terms, moves and
 * renames), decisions (rows, thresholds, outputs, hit policy) and, through the
 * evaluator, the input regions whose results change, each with an example.
 * Reads no files: the CLI hands it the Models of both revisions.
 */
import type { Config, Decision, Model } from '../model/index.js';
import { evaluate as realEvaluate } from '../evaluate/index.js';
import { canonicalJson } from './canonical.js';
import { diffDecision } from './decisions.js';
import { change, diffDocuments } from './documents.js';
import { affected, impactOf, type EvaluateFn } from './impact.js';
import type { DecisionDiff, FieldChange, ModelDiff } from './types.js';

export type { ModelDiff, DocumentDiff, DecisionDiff, SectionDiff, RowDiff, ImpactRegion, FieldChange } from './types.js';
export type { TextRun } from './text.js';
export type { EvaluateFn } from './impact.js';
export { diffText, tokenize } from './text.js';
export { canonicalJson, canonicalValue, sameMeaning } from './canonical.js';
export { renderDiffMarkdown, summaryLine } from './markdown.js';

export interface DiffOptions {
  /** The evaluator used for impact examples; `false` skips impact. Default: src/evaluate. */
  evaluate?: EvaluateFn | false;
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
  return out;
}

/**
 * Versions of one decision keyed by their effective start (`` for an undated
 * one, or for a lone version whose period is its document's: moving the
 * document's dates changes that version, it does not replace it).
 */
function versions(m: Model, id: string): Map<string, Decision> {
  const all = m.decisions.get(id) ?? [];
  return new Map(all.map((d) => [all.length === 1 && d.periodFromDocument ? '' : (d.effective?.from.iso ?? ''), d]));
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

/** The semantic diff of two Models. A model diffed with itself gives an empty diff. */
export function diffModels(base: Model, head: Model, opts: DiffOptions = {}): ModelDiff {
  const documents = diffDocuments(base.documents, head.documents);
  const decisions: DecisionDiff[] = [];
  const ids = [...new Set([...head.decisions.keys(), ...base.decisions.keys()])];
  const changedIds = new Set<string>();
  for (const id of ids) {
    const va = versions(base, id);
    const vb = versions(head, id);
    for (const key of new Set([...vb.keys(), ...va.keys()])) {
      const d = diffDecision(va.get(key), vb.get(key));
      if (isEmptyDecision(d)) continue;
      decisions.push(d);
      changedIds.add(id);
    }
  }
  const evaluate = opts.evaluate === undefined ? (realEvaluate as EvaluateFn) : opts.evaluate;
  if (evaluate) {
    for (const id of affected(base, head, changedIds)) {
      if (!base.decisions.has(id) || !head.decisions.has(id)) continue;
      let d = decisions.find((x) => x.id === id && x.status === 'changed');
      if (!d) {
        const h = head.decisions.get(id)?.at(-1) as Decision;
        d = { id, title: h.title ?? id, document: h.document, status: 'changed', inputs: h.inputs.map((f) => f.name), outputs: h.outputs.map((f) => f.name), changes: [], rows: [], impact: [], indirect: true };
      }
      const r = impactOf(base, head, id, evaluate);
      d.impact = r.regions;
      if (r.note) d.impactNote = r.note;
      if (r.more) d.impactMore = r.more;
      if (d.indirect && d.impact.length) decisions.push(d);
    }
  }
  return {
    config: configChanges(base.config, head.config),
    documents,
    decisions,
    tests: testsDiff(base, head),
    locale: head.config.locale,
  };
}

/** Whether a diff has nothing to say. */
export function isEmptyDiff(d: ModelDiff): boolean {
  return !d.config.length && !d.documents.length && !d.decisions.length && !d.tests.added && !d.tests.removed && !d.tests.changed;
}
