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
import { diag, type Diagnostic } from '../diagnostics/index.js';
import type { Model, PolicyDocument, Section } from '../model/index.js';
import { audienceModel } from './audience.js';
import { buildMarkdownExport } from './export-md.js';
import { cachedProse, splitProse, type ProseCache } from './markdown.js';
import { presentContext } from './present.js';
import { calcData, calcDataScript } from './calculator.js';
import type { Lang } from '../diagnostics/catalogue.js';
import { plainText, searchIndexScript, searchState, updateSearchIndex, type SearchEntry, type SearchState } from './search.js';
import { compileTemplates, type TemplateSet } from './templates.js';
import { correctionView, decisionView, docPath, periodText, sectionViews, type DecisionView, type SectionView } from './view.js';
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
  /** minisearch's browser build, a classic script that sets `self.MiniSearch` (part of `assets/search-engine.js`). */
  minisearchJs?: string;
  /** The build's date (`YYYY-MM-DD`) for the footer; default today. */
  buildDate?: string;
  /** Each source file's path inside its repository (for edit links), when it differs from the file name. */
  repoPaths?: ReadonlyMap<string, string>;
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
  /** The incremental search index (of the main language). */
  search: SearchState;
  /** The search index of the second language, when the handbook has two. */
  searchOther?: SearchState;
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
export function handbookSearchEntries(full: Model, audience: string, cache: ProseCache, lang?: Lang): SearchEntry[] {
  const model = orderedModel(audienceModel(full, audience));
  const ctx = presentContext(model, lang ?? langOf(model.config.locale));
  const decisions = new Map<string, DecisionView>();
  for (const [id, versions] of model.decisions) decisions.set(id, decisionView(id, versions, model, ctx, cache));
  return searchEntries(model, decisions, ctx.lang);
}

/** The languages of the handbook, the main one (the config's locale) first. */
function handbookLanguages(model: Model): Lang[] {
  const main = langOf(model.config.locale);
  const asked = model.config.languages ?? [];
  return [main, ...(['zh', 'en'] as const).filter((l) => l !== main && asked.includes(l))];
}

/**
 * The documents in the author's order: those named in the config's `order`
 * first, as listed, then the rest in the order they were loaded (file names).
 */
function orderedModel(model: Model): Model {
  const order = model.config.order;
  if (!order?.length) return model;
  const rank = new Map(order.map((id, i) => [id, i]));
  const documents = model.documents
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (rank.get(a.d.id) ?? order.length + a.i) - (rank.get(b.d.id) ?? order.length + b.i))
    .map((x) => x.d);
  return { ...model, documents };
}

/**
 * The serialized search index of `entries`. With a `state`, only the entries
 * that changed since the last call are indexed; `words` holds the words of
 * texts tokenized ahead.
 */
export function handbookSearchIndex(entries: SearchEntry[], audience: string, state: SearchState = searchState(), words?: ReadonlyMap<string, string[]>): string {
  return updateSearchIndex(state, audience, entries, words);
}

/** Renders the handbook of one audience, in each of its languages. Throws `TemplateError` when a template fails (nothing is written then). */
export function renderHandbook(full: Model, opts: RenderOptions): RenderResult {
  const diagnostics: Diagnostic[] = [];
  const audience = opts.audience ?? full.config.defaultAudience;
  if (!full.config.audiences.some((a) => a.id === audience)) {
    const audiences = full.config.audiences.map((a) => a.id).join(', ');
    diagnostics.push(diag('config', 'error', 'render.unknown-audience', { audience, audiences }, { file: full.config.file ?? 'policies/rulebook.yaml', line: 1, column: 1 }));
    return { files: new Map(), markdown: '', diagnostics };
  }
  const model = orderedModel(audienceModel(full, audience));
  const cache = opts.cache ?? new Map();
  const tpl = compileTemplates(opts.templates);
  const files = new Map<string, string | Uint8Array>();
  const state = opts.state;
  // Views are plain data and the templates pure, so an unchanged view (with the same templates) gives the same page.
  const templatesKey = state ? JSON.stringify([...opts.templates]) : '';
  if (state && state.templates !== templatesKey) {
    state.pages.clear();
    state.templates = templatesKey;
  }
  const langs = handbookLanguages(model);
  const main = langs[0];
  let mainSections = new Map<string, SectionView[]>();
  let mainDecisions = new Map<string, DecisionView>();
  for (const lang of langs) {
    const site = renderLanguage(model, lang, langs, tpl, cache, opts, files);
    if (lang === main) {
      mainSections = site.docSections;
      mainDecisions = site.decisions;
      files.set(`assets/search-index.${lang}.js`, searchIndexScript(opts.searchIndex ?? updateSearchIndex(state?.search ?? searchState(), audience, site.entries)));
    } else {
      if (state && !state.searchOther) state.searchOther = searchState();
      files.set(`assets/search-index.${lang}.js`, searchIndexScript(updateSearchIndex(state?.searchOther ?? searchState(), `${audience}\0${lang}`, site.entries)));
    }
  }

  // Type declarations beside the assets serve the type-checker, not the browser; tokenize.js reaches the browser inside search-engine.js.
  for (const [path, text] of opts.templates) if (path.startsWith('assets/') && !path.endsWith('.d.ts') && path !== 'assets/tokenize.js') files.set(path, text);
  files.set('assets/search-engine.js', searchEngineScript(opts.minisearchJs ?? '', opts.templates.get('assets/tokenize.js') ?? ''));
  if (opts.evaluatorJs !== undefined) files.set('assets/evaluator.js', classicEvaluator(opts.evaluatorJs));

  const markdown = buildMarkdownExport(model, mainSections, mainDecisions, cache, main, opts.state?.markdown);
  return { files, markdown, diagnostics };
}

/**
 * The compiled evaluator (an ES module) as a classic script that sets
 * `self.RulebookEvaluator`: pages opened from disk cannot import modules.
 */
export function classicEvaluator(js: string): string {
  const body = js.replace(/^export (?=(?:async )?function |const |let |class )/gm, '').replace(/^export \{[^}]*\};?[ \t]*$/gm, '');
  return `(function () {\n${body}\nself.RulebookEvaluator = { evaluate: evaluate };\n})();\n`;
}

/** minisearch and the shared tokenizer as one classic script (`self.MiniSearch`, `self.RulebookTokenize`), loaded when search is first used. */
function searchEngineScript(minisearchJs: string, tokenizeJs: string): string {
  const tok = tokenizeJs.replace(/^export (?=function |const )/gm, '');
  return `${minisearchJs}\n;(function () {\n${tok}\nself.RulebookTokenize = { tokenize: tokenize, tokenizeQuery: tokenizeQuery };\n})();\n`;
}

interface LanguageSite {
  docSections: Map<string, SectionView[]>;
  decisions: Map<string, DecisionView>;
  entries: SearchEntry[];
}

/** One language's pages (under `en/` for the second language) and its calculator data. */
function renderLanguage(
  model: Model,
  lang: Lang,
  langs: Lang[],
  tpl: TemplateSet,
  cache: ProseCache,
  opts: RenderOptions,
  files: Map<string, string | Uint8Array>,
): LanguageSite {
  const main = langs[0];
  const prefix = lang === main ? '' : `${lang}/`;
  const other = langs.find((l) => l !== lang);
  const en = lang === 'en' && main !== 'en';
  const ctx = presentContext(model, lang);
  const words = wordsFor(lang);
  const state = opts.state;
  const buildDate = opts.buildDate ?? new Date().toISOString().slice(0, 10);
  const docTitle = (d: PolicyDocument): string => (en ? (d.titleEn ?? d.title) : d.title);
  const siteTitle = en ? (model.config.titleEn ?? model.config.title) : model.config.title;

  const decisions = new Map<string, DecisionView>();
  for (const [id, versions] of model.decisions) decisions.set(id, decisionView(id, versions, model, ctx, cache));
  files.set(`assets/calc-data.${lang}.js`, calcDataScript(calcData(model, ctx)));

  const docIndex = new Map(model.documents.map((d, i) => [d.id, i]));
  const all = model.documents.length <= SIDEBAR_ALL;
  const sidebar = (current: string | null): { title: string; href: string; current: boolean; missing: boolean }[] => {
    const at = current === null ? -1 : (docIndex.get(current) ?? -1);
    const shown = all ? model.documents : at < 0 ? [] : model.documents.slice(Math.max(0, at - SIDEBAR_NEIGHBOURS), at + SIDEBAR_NEIGHBOURS + 1);
    return shown.map((d) => ({ title: docTitle(d), href: docPath(d.id), current: d.id === current, missing: en && !d.titleEn }));
  };
  const sidebarMore = all ? null : { count: model.documents.length };
  const repo = model.config.repository;
  const page = (name: string, path: string, title: string, body: object, extra: { docId: string | null; toc: object[]; crumbs: object[]; nav?: string }): void => {
    const full = prefix + path;
    const depth = full.split('/').length - 1;
    const root = '../'.repeat(depth);
    const view = {
      lang: lang === main ? model.config.locale : lang === 'zh' ? 'zh-CN' : 'en',
      assetLang: lang,
      w: words,
      site: { title: siteTitle },
      root,
      // Links between pages of this language: the second language lives under its own folder.
      home: `${root}${prefix}`,
      title,
      sidebar: sidebar(extra.docId),
      sidebarMore,
      nav: { home: extra.nav === 'home', decisions: extra.nav === 'decisions', glossary: extra.nav === 'glossary', print: extra.nav === 'print' },
      breadcrumbs: extra.crumbs,
      toc: extra.toc,
      hasToc: extra.toc.length > 0,
      switchLang: other ? { href: `${root}${other === main ? '' : `${other}/`}${path}`, label: w('ui.other-language', lang), lang: other === 'zh' ? 'zh-CN' : 'en' } : null,
      footer: { buildDate, feedback: repo ? (repo.feedback ?? `${repo.url}/issues/new`) : null },
      body,
    };
    const key = state ? `${name}\0${JSON.stringify(view)}` : '';
    const before = state?.pages.get(full);
    if (before && before.key === key) {
      files.set(full, before.html);
      return;
    }
    const bodyHtml = tpl.page(name)(view);
    const html = tpl.layout({ ...view, bodyHtml });
    state?.pages.set(full, { key, html });
    files.set(full, html);
  };
  const home = { title: w('ui.home', lang), href: 'index.html' };

  const docSections = new Map<string, SectionView[]>();
  const docBodies: object[] = [];
  model.documents.forEach((doc, i) => {
    const placed = new Set<string>();
    const sections = sectionViews(doc, model, decisions, cache, placed, lang);
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
    const neighbour = (d: PolicyDocument | undefined) => (d ? { title: docTitle(d), href: docPath(d.id) } : null);
    const repoFile = opts.repoPaths?.get(doc.file) ?? doc.file;
    const body = {
      id: doc.id,
      title: docTitle(doc),
      titleMissing: en && !doc.titleEn,
      // The other language's title under the main one (the Chinese site shows the English title small).
      titleAlt: !en && lang === 'zh' ? (doc.titleEn ?? null) : null,
      summary: doc.summary ?? null,
      version: doc.version,
      effective: periodText(doc, lang),
      owner: doc.owner ?? null,
      lastChanged: opts.lastChanged?.get(doc.file) ?? null,
      audience: model.config.audiences.find((a) => a.id === (doc.audience ?? model.config.defaultAudience))?.label ?? null,
      corrections: doc.corrections.filter((c) => !c.clause).map((c) => correctionView(c.original, c.corrected, c.reason)),
      sections,
      unplaced,
      hasUnplaced: unplaced.length > 0,
      proseMissing: en,
      // A law's page says, in the page's language, that the encoding is information, not legal advice.
      law: doc.kind === 'law',
      prev: neighbour(model.documents[i - 1]),
      next: neighbour(model.documents[i + 1]),
      edit: repo ? `${repo.url}/edit/${encodeURI(repo.branch)}/${repoFile.split('/').map(encodeURIComponent).join('/')}` : null,
      feedback: repo ? (repo.feedback ?? `${repo.url}/issues/new?title=${encodeURIComponent(docTitle(doc))}`) : null,
    };
    page('document', docPath(doc.id), docTitle(doc), body, { docId: doc.id, toc, crumbs: [home, { title: docTitle(doc), href: null }] });
    docBodies.push({ ...body, sections: sectionViews(doc, model, decisions, cache, new Set(), lang, `${doc.id}--`) });
  });

  const terms = model.documents
    .flatMap((d) =>
      d.terms.map((t) => ({
        id: `${d.id}--${t.id}`,
        term: en ? (t.termEn ?? t.term) : t.term,
        termMissing: en && !t.termEn,
        termAlt: en ? (t.termEn ? t.term : null) : (t.termEn ?? null),
        definition: t.definition,
        doc: { title: docTitle(d), href: docPath(d.id) },
      })),
    )
    .sort((a, b) => a.term.localeCompare(b.term, lang === 'zh' ? 'zh-CN' : 'en'));
  page('glossary', 'glossary.html', w('ui.glossary', lang), { terms, proseMissing: en }, { docId: null, toc: [], crumbs: [home, { title: w('ui.glossary', lang), href: null }], nav: 'glossary' });

  const groups = model.documents
    .map((d) => ({ title: docTitle(d), href: docPath(d.id), decisions: d.decisions.map((id) => decisions.get(id)).filter((x): x is DecisionView => !!x) }))
    .filter((g) => g.decisions.length > 0);
  page('decisions', 'decisions.html', w('ui.decisions', lang), { groups }, { docId: null, toc: [], crumbs: [home, { title: w('ui.decisions', lang), href: null }], nav: 'decisions' });

  page(
    'print',
    'print.html',
    w('ui.print-title', lang),
    { documents: docBodies, contents: model.documents.map((d) => ({ title: docTitle(d), href: `#doc-${d.id}` })), buildDate, proseMissing: en },
    { docId: null, toc: [], crumbs: [home, { title: w('ui.print-title', lang), href: null }], nav: 'print' },
  );

  page(
    'home',
    'index.html',
    siteTitle,
    {
      documents: model.documents.map((d) => ({
        title: docTitle(d),
        missing: en && !d.titleEn,
        href: docPath(d.id),
        summary: d.summary ?? null,
        version: d.version,
        effective: periodText(d, lang),
        owner: d.owner ?? null,
      })),
      counts: { documents: model.documents.length, rules: decisions.size, terms: terms.length },
      // The English site has no English summaries (the prose is Chinese only): say so once, and mark their language.
      summariesMissing: en && model.documents.some((d) => d.summary),
    },
    { docId: null, toc: [], crumbs: [], nav: 'home' },
  );
  return { docSections, decisions, entries: searchEntries(model, decisions, lang) };
}

function searchEntries(model: Model, decisions: Map<string, DecisionView>, lang: Lang): SearchEntry[] {
  const en = lang === 'en' && langOf(model.config.locale) !== 'en';
  const entries: SearchEntry[] = [];
  const docTitle = (d: PolicyDocument): string => (en ? (d.titleEn ?? d.title) : d.title);
  const walk = (doc: PolicyDocument, list: Section[]): void => {
    for (const s of list) {
      const rules = s.decisions.map((id) => decisions.get(id)).filter((d): d is DecisionView => !!d);
      entries.push({
        id: `c:${s.anchor}`,
        kind: 'clause',
        title: en ? (s.titleEn ?? s.title) : s.title,
        doc: docTitle(doc),
        href: `${docPath(doc.id)}#${s.id}`,
        text: [plainText(s.text), ...rules.map((r) => r.title)].join('\n'),
        en: [s.titleEn ?? '', doc.titleEn ?? ''].join(' '),
      });
      walk(doc, s.sections);
    }
  };
  for (const doc of model.documents) {
    walk(doc, doc.sections);
    for (const t of doc.terms) {
      entries.push({
        id: `t:${doc.id}#${t.id}`,
        kind: 'term',
        title: en ? (t.termEn ?? t.term) : t.term,
        doc: docTitle(doc),
        href: `glossary.html#term-${doc.id}--${t.id}`,
        text: `${en ? t.term : (t.termEn ?? '')}\n${t.definition}`,
        en: t.termEn ?? '',
      });
    }
  }
  for (const d of decisions.values()) {
    const doc = model.documents.find((x) => d.href.startsWith(docPath(x.id) + '#'));
    const versions = model.decisions.get(d.id) ?? [];
    const latest = versions[versions.length - 1];
    const text = d.versions.flatMap((v) => [...v.rows.map((r) => r.sentence), ...v.formulas.map((f) => `${f.label} = ${f.sentence}`)]);
    entries.push({
      id: `d:${d.id}`,
      kind: 'rule',
      title: d.title,
      doc: doc ? docTitle(doc) : '',
      href: d.href,
      // One sentence per line: the tokenizer segments line by line.
      text: [...text, ...d.examples].join('\n'),
      en: latest ? [latest.titleEn ?? '', ...[...latest.inputs, ...latest.outputs].map((f) => f.labelEn ?? '')].join(' ') : '',
    });
  }
  return entries;
}

export { cachedProse };
