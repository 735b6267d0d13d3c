/**
 * Stage `render`: the handbook site staff read, from the Model. Pure: the
 * templates, the evaluator module and the "last changed" dates come in as
 * values; the site comes out as a map of files (the CLI writes them).
 *
 *   model ──audience──▶ visible model ──views──▶ Handlebars pages
 *                                     ├──────▶ search index (minisearch)
 *                                     └──────▶ handbook.md (mdast → remark-stringify)
 */
import { langOf } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { Model, PolicyDocument, Section } from '../model/index.js';
import { audienceModel } from './audience.js';
import { buildMarkdownExport } from './export-md.js';
import { cachedProse, splitProse, type ProseCache } from './markdown.js';
import { presentContext } from './present.js';
import { plainText, searchState, updateSearchIndex, type SearchEntry, type SearchState } from './search.js';
import { compileTemplates } from './templates.js';
import { decisionView, docPath, periodText, sectionViews, type DecisionView, type SectionView } from './view.js';
import { wordsFor, w } from './words.js';

export { audienceModel, visibleTo } from './audience.js';
export { TemplateError } from './templates.js';
export { tokenize, searchState, type SearchEntry, type SearchState } from './search.js';
export { renderProse, splitProse, type ProseCache, type RenderedProse } from './markdown.js';

export interface RenderOptions {
  /** Whose handbook: documents, sections and rules for other audiences are left out. Default: config.defaultAudience. */
  audience?: string;
  /** The files of `templates/` (with a user's overrides applied), by path: `layout.hbs`, `partials/*.hbs`, `pages/*.hbs`, `assets/*`. */
  templates: ReadonlyMap<string, string>;
  /** The compiled evaluator module for the calculators (`assets/evaluator.js`). */
  evaluatorJs?: string;
  /** minisearch's browser build (`assets/minisearch.js`). */
  minisearchJs?: string;
  /** Last commit date (`YYYY-MM-DD`) by source file. */
  lastChanged?: ReadonlyMap<string, string>;
  /** Rendered prose kept between builds (a rebuild renders only prose that changed). */
  cache?: ProseCache;
  /** The serialized search index, when the caller built it already (see `handbookSearchIndex`). */
  searchIndex?: string;
  /** What a rebuild may reuse (`rulebook serve`): pages whose view did not change are not rendered again. */
  state?: RenderState;
}

/** Kept between the builds of one `rulebook serve`. */
export interface RenderState {
  /** The templates the pages were rendered with (as JSON); other templates invalidate every page. */
  templates: string;
  /** Page path → the view it was rendered from (as JSON) and the HTML. */
  pages: Map<string, { key: string; html: string }>;
  /** The incremental search index. */
  search: SearchState;
  /** Each document's part of `handbook.md`, by the tree it was printed from (as JSON). */
  markdown: Map<string, { key: string; markdown: string }>;
}

/** An empty state for a series of rebuilds. */
export function renderState(): RenderState {
  return { templates: '', pages: new Map(), search: searchState(), markdown: new Map() };
}

/**
 * A handbook with more documents than this shows only the current
 * document's neighbours in each page's sidebar, plus a link to the full list
 * on the home page: listing every document on every page makes the site grow
 * with the square of its size (1,000 documents: 66 MB of sidebars).
 */
export const SIDEBAR_ALL = 40;
const SIDEBAR_NEIGHBOURS = 7;

export interface RenderResult {
  /** The site: path under `dist/handbook/` → content. */
  files: Map<string, string | Uint8Array>;
  /** The whole handbook as one Markdown file (`dist/handbook.md`). */
  markdown: string;
  diagnostics: Diagnostic[];
}

/** Every prose text the handbook of `audience` renders (for rendering them ahead, in parallel). */
export function proseTexts(model: Model, audience?: string): string[] {
  const m = audienceModel(model, audience ?? model.config.defaultAudience);
  const out: string[] = [];
  const walk = (list: Section[]): void => {
    for (const s of list) {
      for (const c of splitProse(s.text)) if (c.kind === 'markdown') out.push(c.text);
      walk(s.sections);
    }
  };
  for (const d of m.documents) walk(d.sections);
  for (const versions of m.decisions.values()) for (const v of versions) if (v.description) out.push(v.description);
  return out;
}

/**
 * The search entries of the handbook of `audience`. They need no rendered
 * prose, so a build can index them while prose renders.
 */
export function handbookSearchEntries(full: Model, audience: string, cache: ProseCache): SearchEntry[] {
  const model = audienceModel(full, audience);
  const ctx = presentContext(model, langOf(model.config.locale));
  const decisions = new Map<string, DecisionView>();
  for (const [id, versions] of model.decisions) decisions.set(id, decisionView(id, versions, model, ctx, cache));
  return searchEntries(model, decisions);
}

/**
 * The serialized search index of `entries`. With a `state`, only the entries
 * that changed since the last call are indexed; `words` holds the words of
 * texts tokenized ahead.
 */
export function handbookSearchIndex(entries: SearchEntry[], audience: string, state: SearchState = searchState(), words?: ReadonlyMap<string, string[]>): string {
  return updateSearchIndex(state, audience, entries, words);
}

/** Renders the handbook of one audience. Throws `TemplateError` when a template fails (nothing is written then). */
export function renderHandbook(full: Model, opts: RenderOptions): RenderResult {
  const diagnostics: Diagnostic[] = [];
  const audience = opts.audience ?? full.config.defaultAudience;
  if (!full.config.audiences.some((a) => a.id === audience)) {
    diagnostics.push({
      code: 'config',
      severity: 'error',
      message: `unknown audience \`${audience}\``,
      hint: `audiences in rulebook.yaml: ${full.config.audiences.map((a) => a.id).join(', ')}`,
      file: full.config.file ?? 'policies/rulebook.yaml',
      line: 1,
      column: 1,
    });
    return { files: new Map(), markdown: '', diagnostics };
  }
  const model = audienceModel(full, audience);
  const lang = langOf(model.config.locale);
  const ctx = presentContext(model, lang);
  const cache = opts.cache ?? new Map();
  const tpl = compileTemplates(opts.templates);
  const words = wordsFor(lang);
  const files = new Map<string, string | Uint8Array>();

  const decisions = new Map<string, DecisionView>();
  for (const [id, versions] of model.decisions) decisions.set(id, decisionView(id, versions, model, ctx, cache));

  const docIndex = new Map(model.documents.map((d, i) => [d.id, i]));
  const all = model.documents.length <= SIDEBAR_ALL;
  const sidebar = (current: string | null): { title: string; href: string; current: boolean }[] => {
    const at = current === null ? -1 : (docIndex.get(current) ?? -1);
    const shown = all ? model.documents : at < 0 ? [] : model.documents.slice(Math.max(0, at - SIDEBAR_NEIGHBOURS), at + SIDEBAR_NEIGHBOURS + 1);
    return shown.map((d) => ({ title: d.title, href: docPath(d.id), current: d.id === current }));
  };
  const sidebarMore = all ? null : { count: model.documents.length };
  const state = opts.state;
  // Views are plain data and the templates pure, so an unchanged view (with the same templates) gives the same page.
  const templatesKey = state ? JSON.stringify([...opts.templates]) : '';
  const page = (name: string, path: string, title: string, body: object, extra: { docId: string | null; toc: object[]; crumbs: object[] }): void => {
    const root = path.includes('/') ? '../' : '';
    const view = {
      lang: model.config.locale,
      w: words,
      site: { title: model.config.title },
      root,
      title,
      sidebar: sidebar(extra.docId),
      sidebarMore,
      breadcrumbs: extra.crumbs,
      toc: extra.toc,
      hasToc: extra.toc.length > 0,
      body,
    };
    const key = state ? `${name}\0${JSON.stringify(view)}` : '';
    const before = state?.pages.get(path);
    if (before && before.key === key) {
      files.set(path, before.html);
      return;
    }
    const bodyHtml = tpl.page(name)(view);
    const html = tpl.layout({ ...view, bodyHtml });
    state?.pages.set(path, { key, html });
    files.set(path, html);
  };
  if (state && state.templates !== templatesKey) {
    state.pages.clear();
    state.templates = templatesKey;
  }

  const docSections = new Map<string, SectionView[]>();
  for (const doc of model.documents) {
    const placed = new Set<string>();
    const sections = sectionViews(doc, model, decisions, cache, placed);
    const unplaced = doc.decisions.filter((id) => !placed.has(id)).map((id) => decisions.get(id)).filter((d): d is DecisionView => !!d);
    docSections.set(doc.id, sections);
    const toc: { title: string; href: string; depth: number }[] = [];
    const walk = (list: SectionView[], depth: number): void => {
      for (const s of list) {
        if (depth < 3) toc.push({ title: s.title, href: `#${s.id}`, depth });
        walk(s.sections, depth + 1);
      }
    };
    walk(sections, 0);
    const body = {
      id: doc.id,
      title: doc.title,
      titleEn: doc.titleEn ?? null,
      summary: doc.summary ?? null,
      version: doc.version,
      effective: periodText(doc, lang),
      owner: doc.owner ?? null,
      lastChanged: opts.lastChanged?.get(doc.file) ?? null,
      audience: model.config.audiences.find((a) => a.id === (doc.audience ?? model.config.defaultAudience))?.label ?? null,
      corrections: doc.corrections.filter((c) => !c.clause).map((c) => ({ clause: null, original: c.original, corrected: c.corrected, reason: c.reason })),
      sections,
      unplaced,
      hasUnplaced: unplaced.length > 0,
    };
    page('document', docPath(doc.id), doc.title, body, {
      docId: doc.id,
      toc,
      crumbs: [
        { title: w('ui.home', lang), href: 'index.html' },
        { title: doc.title, href: null },
      ],
    });
  }

  const terms = model.documents
    .flatMap((d) => d.terms.map((t) => ({ id: `${d.id}--${t.id}`, term: t.term, termEn: t.termEn ?? null, definition: t.definition, doc: { title: d.title, href: docPath(d.id) } })))
    .sort((a, b) => a.term.localeCompare(b.term, model.config.locale));
  page('glossary', 'glossary.html', w('ui.glossary', lang), { terms }, {
    docId: null,
    toc: [],
    crumbs: [
      { title: w('ui.home', lang), href: 'index.html' },
      { title: w('ui.glossary', lang), href: null },
    ],
  });

  const groups = model.documents
    .map((d) => ({ title: d.title, href: docPath(d.id), decisions: d.decisions.map((id) => decisions.get(id)).filter((x): x is DecisionView => !!x) }))
    .filter((g) => g.decisions.length > 0);
  page('decisions', 'decisions.html', w('ui.decisions', lang), { groups }, {
    docId: null,
    toc: [],
    crumbs: [
      { title: w('ui.home', lang), href: 'index.html' },
      { title: w('ui.decisions', lang), href: null },
    ],
  });

  page(
    'home',
    'index.html',
    model.config.title,
    {
      documents: model.documents.map((d) => ({
        title: d.title,
        href: docPath(d.id),
        summary: d.summary ?? null,
        version: d.version,
        effective: periodText(d, lang),
        owner: d.owner ?? null,
      })),
      counts: { documents: model.documents.length, rules: decisions.size, terms: terms.length },
    },
    { docId: null, toc: [], crumbs: [] },
  );

  // Type declarations beside the assets serve the type-checker, not the browser.
  for (const [path, text] of opts.templates) if (path.startsWith('assets/') && !path.endsWith('.d.ts')) files.set(path, text);
  if (opts.minisearchJs !== undefined) files.set('assets/minisearch.js', opts.minisearchJs);
  if (opts.evaluatorJs !== undefined) files.set('assets/evaluator.js', opts.evaluatorJs);
  files.set('assets/search-index.json', opts.searchIndex ?? updateSearchIndex(state?.search ?? searchState(), audience, searchEntries(model, decisions)));

  const markdown = buildMarkdownExport(model, docSections, decisions, cache, lang, opts.state?.markdown);
  return { files, markdown, diagnostics };
}

function searchEntries(model: Model, decisions: Map<string, DecisionView>): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const walk = (doc: PolicyDocument, list: Section[]): void => {
    for (const s of list) {
      const rules = s.decisions.map((id) => decisions.get(id)).filter((d): d is DecisionView => !!d);
      entries.push({
        id: `c:${s.anchor}`,
        kind: 'clause',
        title: s.title,
        doc: doc.title,
        href: `${docPath(doc.id)}#${s.id}`,
        text: [plainText(s.text), ...rules.map((r) => r.title)].join(' '),
      });
      walk(doc, s.sections);
    }
  };
  for (const doc of model.documents) {
    walk(doc, doc.sections);
    for (const t of doc.terms) {
      entries.push({ id: `t:${doc.id}#${t.id}`, kind: 'term', title: t.term, doc: doc.title, href: 'glossary.html', text: `${t.termEn ?? ''} ${t.definition}` });
    }
  }
  for (const d of decisions.values()) {
    const doc = model.documents.find((x) => d.href.startsWith(docPath(x.id) + '#'));
    const text = d.versions.flatMap((v) => [...v.rows.map((r) => r.sentence), ...v.formulas.map((f) => `${f.label} = ${f.sentence}`)]);
    entries.push({ id: `d:${d.id}`, kind: 'rule', title: d.title, doc: doc?.title ?? '', href: d.href, text: [...text, ...d.examples].join(' ') });
  }
  return entries;
}

export { cachedProse };
