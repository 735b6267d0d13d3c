/**
 * Audience changes with their consequences: for each audience, the handbook
 * it would get from each side (the very `audienceModel` the build renders
 * from), compared: the pages (documents) and clauses it gains or loses, the
 * rules (each with its calculator) and the search entries (clauses, rules,
 * terms).
 */
import type { Model, Section } from '../model/index.js';
import { audienceModel } from '../render/audience.js';
import type { AudienceChange } from './types.js';
import { both, decisionTitle, type Words } from './words.js';

interface Seen {
  pages: Map<string, Words>;
  clauses: Map<string, Words>;
  decisions: Map<string, Words>;
  search: Set<string>;
}

function flatten(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    flatten(s.sections, out);
  }
  return out;
}

/** What `audience` reads on the handbook of `model` (`all`: everything the model holds). */
function seenBy(model: Model, audience: string, all = false): Seen {
  const m = all ? model : audienceModel(model, audience);
  const s: Seen = { pages: new Map(), clauses: new Map(), decisions: new Map(), search: new Set() };
  for (const d of m.documents) {
    // Keyed by what the reader sees, so a renamed or moved document is neither gained nor lost.
    s.pages.set(d.title, { zh: d.title, en: d.titleEn ?? d.title });
    for (const x of flatten(d.sections)) {
      s.clauses.set(`${d.title}\u0000${x.title}`, { zh: `${d.title} · ${x.title}`, en: `${d.titleEn ?? d.title} · ${x.titleEn ?? x.title}` });
      s.search.add(`c:${d.title}\u0000${x.title}`);
    }
    for (const t of d.terms) s.search.add(`t:${t.term}`);
  }
  for (const [id, versions] of m.decisions) {
    const title = decisionTitle(versions[versions.length - 1]);
    s.decisions.set(title.zh, title);
    s.search.add(`d:${title.zh}\u0000${id}`);
  }
  return s;
}

/** Entries of `a` not in `b` that `still` holds: hidden or shown, not created or deleted (the documents section says that). */
function minus(a: Map<string, Words>, b: Map<string, Words>, still: Map<string, Words>): Words[] {
  return [...a].filter(([k]) => !b.has(k) && still.has(k)).map(([, v]) => v);
}

/** What each audience (of either side's config) gains or loses; audiences without a change are left out. */
export function audienceChanges(base: Model, head: Model): AudienceChange[] {
  const ids = new Map<string, string>();
  for (const a of [...head.config.audiences, ...base.config.audiences]) if (!ids.has(a.id)) ids.set(a.id, a.label);
  const out: AudienceChange[] = [];
  // Everything each side holds, whoever may read it: an audience "loses" only what still exists.
  const everyone = (m: Model): Seen => seenBy(m, '', true);
  const allBase = everyone(base);
  const allHead = everyone(head);
  for (const [audience, label] of ids) {
    const a = seenBy(base, audience);
    const b = seenBy(head, audience);
    const side = (x: Seen, y: Seen, still: Seen) => ({
      pages: [...minus(x.pages, y.pages, still.pages), ...minus(x.clauses, y.clauses, still.clauses)],
      decisions: minus(x.decisions, y.decisions, still.decisions),
      search: [...x.search].filter((k) => !y.search.has(k) && still.search.has(k)).length,
      calculators: minus(x.decisions, y.decisions, still.decisions),
    });
    const gains = side(b, a, allBase);
    const loses = side(a, b, allHead);
    if (!gains.pages.length && !gains.decisions.length && !gains.search && !loses.pages.length && !loses.decisions.length && !loses.search) continue;
    out.push({ audience, label, gains, loses });
  }
  return out;
}
