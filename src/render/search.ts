/**
 * The offline search index: minisearch over every clause, rule and term, with
 * a tokenizer that understands Chinese (Intl.Segmenter words plus Han bigrams,
 * so `转化率` finds `询单转化率` however the segmenter cut it). The browser
 * runs the same tokenizer (`templates/assets/tokenize.js`) on queries.
 */
import MiniSearch from 'minisearch';

/** One searchable entry. */
export interface SearchEntry {
  id: string;
  kind: 'clause' | 'rule' | 'term';
  title: string;
  doc: string;
  href: string;
  text: string;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}+/gu;

/** Words of `text` for the index and for queries: segmenter words, lowercased, plus bigrams of every Han run. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) out.push(s.segment.toLowerCase());
  }
  for (const m of text.matchAll(HAN)) {
    const run = m[0];
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** The options both sides must share (the browser copy lives in `templates/assets/search.js`). */
export const SEARCH_FIELDS = ['title', 'text', 'doc'];
export const SEARCH_STORE = ['kind', 'title', 'doc', 'href', 'excerpt'];

/** The serialized minisearch index of `entries` (what `assets/search-index.json` holds). */
export function buildSearchIndex(entries: SearchEntry[]): string {
  const ms = new MiniSearch<SearchEntry & { excerpt: string }>({
    fields: SEARCH_FIELDS,
    storeFields: SEARCH_STORE,
    tokenize,
    processTerm: (t) => t,
  });
  ms.addAll(entries.map((e) => ({ ...e, excerpt: excerpt(e.text) })));
  return JSON.stringify(ms);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? flat.slice(0, 120) + '…' : flat;
}

/** Markdown prose as plain text for the index (markup characters removed, link targets dropped). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^::decision\{[^}]*\}\s*$/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#>*_`|~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
