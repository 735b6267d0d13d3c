/**
 * What one audience may read. Content for the default audience is for
 * everyone; anything marked for another audience is cut out of the model
 * before a single page, index entry or script is made, so nothing restricted
 * can leak by a template's mistake.
 */
import type { Decision, Model, PolicyDocument, Section } from '../model/index.js';

/** Whether content marked `marked` is visible to `audience`. */
export function visibleTo(marked: string | undefined, audience: string, defaultAudience: string): boolean {
  return marked === undefined || marked === audience || marked === defaultAudience;
}

/** The model as `audience` sees it: hidden documents, sections, decisions, terms, corrections and tests removed. */
export function audienceModel(model: Model, audience: string): Model {
  const def = model.config.defaultAudience;
  const ok = (a: string | undefined): boolean => visibleTo(a, audience, def);
  const documents: PolicyDocument[] = [];
  const sections = new Map<string, Section>();
  const decisions = new Map<string, Decision[]>();
  const visibleDocs = new Set(model.documents.filter((d) => ok(d.audience)).map((d) => d.id));

  // Clauses this audience may read (a section inside a hidden one is hidden): a decision implementing
  // a hidden clause is hidden with it (`check` reports the mismatch as `audience-leak`).
  const readable = new Set<string>();
  const walk = (list: Section[]): void => list.forEach((s) => ok(s.audience) && (readable.add(s.anchor), walk(s.sections)));
  for (const doc of model.documents) if (visibleDocs.has(doc.id)) walk(doc.sections);
  const clauseOk = (v: Decision): boolean => !v.clause || !model.sections.has(`${v.clause.document}#${v.clause.section}`) || readable.has(`${v.clause.document}#${v.clause.section}`);
  for (const [id, versions] of model.decisions) {
    const kept = versions.filter((v) => ok(v.audience) && visibleDocs.has(v.document) && clauseOk(v));
    if (kept.length) decisions.set(id, kept);
  }
  const prune = (list: Section[]): Section[] =>
    list
      .filter((s) => ok(s.audience))
      .map((s) => {
        const copy: Section = { ...s, decisions: s.decisions.filter((id) => decisions.has(id)), sections: prune(s.sections) };
        sections.set(copy.anchor, copy);
        return copy;
      });

  for (const doc of model.documents) {
    if (!visibleDocs.has(doc.id)) continue;
    const docSections = prune(doc.sections);
    documents.push({
      ...doc,
      sections: docSections,
      decisions: doc.decisions.filter((id) => decisions.has(id)),
      corrections: doc.corrections.filter((c) => !c.clause || sections.has(`${c.clause.document}#${c.clause.section}`)),
    });
  }
  const tests = model.tests.filter((t) => decisions.has(t.decision));
  return { config: model.config, documents, decisions, tests, sections };
}
