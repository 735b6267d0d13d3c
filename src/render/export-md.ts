/**
 * `handbook.md`: the whole handbook as one Markdown file, built as an mdast
 * (rules as GFM tables) and printed by remark-stringify, so escaping is the
 * printer's job, not ours. Prose comes in already printed (from the same parse
 * as its HTML, see `RenderedProse.markdown`) and is placed as opaque blocks.
 */
import type { PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { Lang } from '../diagnostics/catalogue.js';
import type { Model, Section } from '../model/index.js';
import { cachedProse, MARKDOWN_OPTIONS, splitProse, type ProseCache } from './markdown.js';
import type { DecisionView, SectionView } from './view.js';
import { w } from './words.js';

const printer = unified().use(remarkGfm).use(remarkStringify, MARKDOWN_OPTIONS).freeze();

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const para = (...children: PhrasingContent[]): RootContent => ({ type: 'paragraph', children });
const heading = (depth: number, value: string): RootContent => ({ type: 'heading', depth: Math.min(depth, 6) as 1, children: [text(value)] });
const list = (items: string[]): RootContent => ({
  type: 'list',
  ordered: false,
  spread: false,
  children: items.map((i) => ({ type: 'listItem', spread: false, children: [para(text(i)) as never] })),
});

const LIST_LINE = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/**
 * Places printed prose after `nodes`. Two lists in a row would run together
 * into one, so an empty comment keeps them apart (as remark-stringify does).
 */
function pushProse(nodes: RootContent[], markdown: string): void {
  const prev = nodes[nodes.length - 1];
  const prevList = prev?.type === 'list' || (prev?.type === 'html' && LIST_LINE.test(prev.value.slice(prev.value.lastIndexOf('\n') + 1)));
  if (prevList && LIST_LINE.test(markdown)) nodes.push({ type: 'html', value: '<!---->' });
  nodes.push({ type: 'html', value: markdown });
}

function row(cells: string[]): TableRow {
  return { type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: [text(c)] })) };
}

function decisionNodes(d: DecisionView, lang: Lang): RootContent[] {
  const out: RootContent[] = [para({ type: 'strong', children: [text(d.title)] }, text(` (${d.id})`))];
  for (const v of d.versions) {
    if (v.period) out.push(para(text(v.period)));
    if (v.hasTable) {
      out.push(para(text(v.hit)));
      const table: Table = {
        type: 'table',
        children: [row([...v.inputs, ...v.outputs, w('ui.note', lang)]), ...v.rows.map((r) => row([...r.cells, ...r.outs, r.note ?? '']))],
      };
      out.push(table);
      if (v.defaults) out.push(para(text(`${w('ui.otherwise', lang)}${w('sep.colon', lang)}${v.defaults}`)));
    }
    if (v.hasFormulas) out.push(list(v.formulas.map((f) => `${f.label} = ${f.sentence}`)));
  }
  if (d.hasExamples) out.push(list(d.examples));
  return out;
}

/** The Markdown export of the (already audience-filtered) model; `memo` keeps each document's printout between builds. */
export function buildMarkdownExport(
  model: Model,
  sections: Map<string, SectionView[]>,
  decisions: Map<string, DecisionView>,
  cache: ProseCache,
  lang: Lang,
  memo?: Map<string, { key: string; markdown: string }>,
): string {
  const print = (children: RootContent[]): string => String(printer.stringify({ type: 'root', children })).trim();
  const parts: string[] = [print([heading(1, model.config.title)])];
  for (const doc of model.documents) {
    const nodes: RootContent[] = [];
    nodes.push(heading(2, doc.title));
    const meta = [
      `${w('ui.version', lang)} ${doc.version}`,
      doc.effective ? `${w('ui.effective', lang)} ${doc.effective.from.iso}` : '',
      doc.owner ? `${w('ui.owner', lang)} ${doc.owner}` : '',
    ].filter(Boolean);
    nodes.push(para(text(meta.join(' · '))));
    if (doc.kind === 'law') nodes.push(para(text(w('ui.law-notice', lang))));
    if (doc.summary) nodes.push(para(text(doc.summary)));
    const views = new Map<string, SectionView>();
    const index = (list: SectionView[]): void => {
      for (const s of list) {
        views.set(s.id, s);
        index(s.sections);
      }
    };
    index(sections.get(doc.id) ?? []);
    const walk = (list: Section[], depth: number): void => {
      for (const s of list) {
        nodes.push(heading(depth, s.title));
        const view = views.get(s.id);
        const shown = new Set<string>();
        for (const c of splitProse(s.text)) {
          if (c.kind === 'markdown') pushProse(nodes, cachedProse(c.text, cache).markdown);
        }
        for (const b of view?.blocks ?? []) {
          if (b.decision && !shown.has(b.decision.id)) {
            shown.add(b.decision.id);
            nodes.push(...decisionNodes(b.decision, lang));
          }
        }
        for (const c of view?.corrections ?? []) {
          nodes.push({
            type: 'blockquote',
            children: [
              para({ type: 'strong', children: [text(w('ui.correction', lang))] }),
              para(text(`${w('ui.original', lang)}${w('sep.colon', lang)}${c.original}`)),
              para(text(`${w('ui.corrected', lang)}${w('sep.colon', lang)}${c.corrected}`)),
              para(text(`${w('ui.reason', lang)}${w('sep.colon', lang)}${c.reason}`)),
            ] as never,
          });
        }
        walk(s.sections, depth + 1);
      }
    };
    walk(doc.sections, 3);
    const placed = new Set<string>();
    for (const v of views.values()) for (const b of v.blocks) if (b.decision) placed.add(b.decision.id);
    for (const id of doc.decisions) {
      const d = decisions.get(id);
      if (d && !placed.has(id)) nodes.push(...decisionNodes(d, lang));
    }
    // Documents print alone (each starts with its heading, so nothing joins across them), and one unchanged since the last build is not printed again.
    const key = memo ? JSON.stringify(nodes) : '';
    const before = memo?.get(doc.id);
    if (before && before.key === key) parts.push(before.markdown);
    else {
      const markdown = print(nodes);
      memo?.set(doc.id, { key, markdown });
      parts.push(markdown);
    }
  }
  const nodes: RootContent[] = [];
  const terms = model.documents.flatMap((d) => d.terms);
  if (terms.length) {
    nodes.push(heading(2, w('ui.glossary', lang)));
    nodes.push(list(terms.map((t) => `${t.term}${t.termEn ? ` (${t.termEn})` : ''}${w('sep.colon', lang)}${t.definition}`)));
  }
  if (nodes.length) parts.push(print(nodes));
  return parts.join('\n\n') + '\n';
}
