/**
 * Documents: metadata, sections (with a character-level diff of the prose),
 * terms, and recognition of moves (same id, other file) and renames (same
 * content, other id).
 */
import type { Period, PolicyDocument, Section, Term } from '../model/index.js';
import { normalizeProse } from '../fmt/markdown.js';
import { canonicalJson } from '../model/canonical.js';
import { periodWords } from './period.js';
import { diffText } from './text.js';
import { both, type Words } from './words.js';
import type { DocumentDiff, FieldChange, SectionDiff } from './types.js';

function period(p?: Period): string | undefined {
  if (!p) return undefined;
  return p.until ? `${p.from.iso} – ${p.until.iso}` : `${p.from.iso} –`;
}

/** Pushes a change when the two sides differ. */
export function change(out: FieldChange[], field: string, before: string | undefined, after: string | undefined): void {
  if (before !== after) out.push({ field, ...(before !== undefined && { before }), ...(after !== undefined && { after }) });
}

function flatten(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    flatten(s.sections, out);
  }
  return out;
}

/** The content of a document without its id and file: what a rename keeps. */
function contentKey(d: PolicyDocument): string {
  const { id: _id, file: _f, ...rest } = d;
  return canonicalJson({ ...rest, sections: flatten(d.sections).map((s) => ({ id: s.id, title: s.title, text: s.text })) });
}

function metadata(a: PolicyDocument | undefined, b: PolicyDocument | undefined, audiences: Map<string, string>): FieldChange[] {
  const out: FieldChange[] = [];
  const words = (field: string, x: Words | undefined, y: Words | undefined) => {
    const c = out.find((o) => o.field === field);
    if (!c) return;
    if (x && c.before !== undefined) c.beforeWords = x;
    if (y && c.after !== undefined) c.afterWords = y;
  };
  const span = (p?: Period) => p && periodWords({ from: p.from.iso, ...(p.until && { until: p.until.iso }) });
  const aud = (x?: string) => (x === undefined ? undefined : both(audiences.get(x) ?? x));
  change(out, 'title', a?.title, b?.title);
  change(out, 'titleEn', a?.titleEn, b?.titleEn);
  change(out, 'version', a?.version, b?.version);
  change(out, 'effective', period(a?.effective), period(b?.effective));
  words('effective', span(a?.effective), span(b?.effective));
  change(out, 'owner', a?.owner, b?.owner);
  change(out, 'audience', a?.audience, b?.audience);
  words('audience', aud(a?.audience), aud(b?.audience));
  change(out, 'summary', a?.summary, b?.summary);
  // Titles, the owner and the summary are prose: they read as written, not as code.
  const prose = (x?: string) => (x === undefined ? undefined : both(x));
  for (const f of ['title', 'titleEn', 'owner', 'summary'] as const) words(f, prose(a?.[f]), prose(b?.[f]));
  return out;
}

function sectionDiffs(a: Section[], b: Section[]): SectionDiff[] {
  const before = new Map(flatten(a).map((s) => [s.id, s]));
  const after = flatten(b);
  const out: SectionDiff[] = [];
  const seen = new Set<string>();
  for (const s of after) {
    seen.add(s.id);
    const old = before.get(s.id);
    if (!old) {
      out.push({ anchor: s.anchor, status: 'added', title: s.title, ...(s.titleEn && { titleEn: s.titleEn }), text: diffText('', s.text), changes: [] });
      continue;
    }
    const changes: FieldChange[] = [];
    change(changes, 'audience', old.audience, s.audience);
    // Prose as `fmt` sees it: a reformatting (bullets, wrapping, emphasis marks) is no change.
    const was = old.text === s.text ? old.text : normalizeProse(old.text);
    const now = old.text === s.text ? s.text : normalizeProse(s.text);
    if (old.title === s.title && old.titleEn === s.titleEn && was === now && !changes.length) continue;
    const d: SectionDiff = { anchor: s.anchor, status: 'changed', title: s.title, ...(s.titleEn && { titleEn: s.titleEn }), changes };
    if (old.title !== s.title) d.titleBefore = old.title;
    if (old.titleEn !== s.titleEn && old.titleEn) d.titleEnBefore = old.titleEn;
    if (was !== now) d.text = diffText(was, now);
    out.push(d);
  }
  for (const s of flatten(a)) {
    if (!seen.has(s.id)) out.push({ anchor: s.anchor, status: 'removed', title: s.title, ...(s.titleEn && { titleEn: s.titleEn }), text: diffText(s.text, ''), changes: [] });
  }
  return out;
}

function termText(t: Term): string {
  return t.termEn ? `${t.term} (${t.termEn}): ${t.definition}` : `${t.term}: ${t.definition}`;
}

function termDiffs(a: Term[], b: Term[]): FieldChange[] {
  const out: FieldChange[] = [];
  const before = new Map(a.map((t) => [t.id, t]));
  const ids = new Set(b.map((t) => t.id));
  for (const t of b) change(out, t.id, before.get(t.id) && termText(before.get(t.id) as Term), termText(t));
  for (const t of a) if (!ids.has(t.id)) change(out, t.id, termText(t), undefined);
  return out;
}

function docDiff(a: PolicyDocument | undefined, b: PolicyDocument | undefined, audiences: Map<string, string>): DocumentDiff {
  const doc = (b ?? a) as PolicyDocument;
  return {
    id: doc.id,
    title: doc.title,
    ...(doc.titleEn && { titleEn: doc.titleEn }),
    status: !a ? 'added' : !b ? 'removed' : 'changed',
    file: doc.file,
    metadata: a && b ? metadata(a, b, audiences) : [],
    sections: sectionDiffs(a?.sections ?? [], b?.sections ?? []),
    terms: termDiffs(a?.terms ?? [], b?.terms ?? []),
  };
}

function isEmpty(d: DocumentDiff): boolean {
  return d.status === 'changed' && !d.movedFrom && !d.renamedFrom && !d.metadata.length && !d.sections.length && !d.terms.length;
}

/** Document-level differences, in head order with removed documents last. */
export function diffDocuments(base: PolicyDocument[], head: PolicyDocument[], audiences: Map<string, string> = new Map()): DocumentDiff[] {
  const byId = new Map(base.map((d) => [d.id, d]));
  const headIds = new Set(head.map((d) => d.id));
  const gone = base.filter((d) => !headIds.has(d.id));
  const goneByContent = new Map(gone.map((d) => [contentKey(d), d]));
  const renamed = new Set<string>();
  const out: DocumentDiff[] = [];
  for (const h of head) {
    const old = byId.get(h.id);
    if (old) {
      const d = docDiff(old, h, audiences);
      if (old.file !== h.file) d.movedFrom = old.file;
      if (!isEmpty(d)) out.push(d);
      continue;
    }
    const twin = goneByContent.get(contentKey(h));
    if (twin && !renamed.has(twin.id)) {
      renamed.add(twin.id);
      const d = docDiff(twin, h, audiences);
      d.renamedFrom = twin.id;
      if (twin.file !== h.file) d.movedFrom = twin.file;
      out.push(d);
      continue;
    }
    out.push(docDiff(undefined, h, audiences));
  }
  for (const d of gone) if (!renamed.has(d.id)) out.push(docDiff(d, undefined, audiences));
  return out;
}
