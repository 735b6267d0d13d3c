/**
 * The offline search index: minisearch over every clause, rule and term, with
 * a tokenizer that understands Chinese (Intl.Segmenter words plus Han bigrams,
 * so `转化率` finds `询单转化率` however the segmenter cut it). The tokenizer is
 * `templates/assets/tokenize.js`, the very file the browser runs on queries,
 * so the two sides cannot drift apart.
 */
import MiniSearch from 'minisearch';
import { tokenize } from '../../templates/assets/tokenize.js';

export { tokenize };

/** One searchable entry. */
export interface SearchEntry {
  id: string;
  kind: 'clause' | 'rule' | 'term';
  title: string;
  doc: string;
  href: string;
  text: string;
  /** English words for the entry (titles, labels, terms), so English queries find it on either site. */
  en: string;
}

/** The options both sides must share (the browser copy lives in `templates/assets/search.js`). */
const SEARCH_FIELDS = ['title', 'text', 'doc', 'en'];
const SEARCH_STORE = ['kind', 'title', 'doc', 'href', 'snip'];

/** `snip`: the start of the text, kept in the index so the browser can cut a snippet around the match. */
type Indexed = SearchEntry & { snip: string };

/** An index kept between rebuilds, with what each entry held when it was added. */
export interface SearchState {
  audience?: string;
  index?: MiniSearch<Indexed>;
  entries: Map<string, SearchEntry>;
  /** Words computed ahead (on worker threads) for the texts being added. */
  words?: ReadonlyMap<string, string[]>;
}

/** A fresh search state (nothing indexed yet). */
export function searchState(): SearchState {
  return { entries: new Map() };
}

function newIndex(state: SearchState): MiniSearch<Indexed> {
  return new MiniSearch<Indexed>({ fields: SEARCH_FIELDS, storeFields: SEARCH_STORE, tokenize: (t) => state.words?.get(t) ?? tokenize(t), processTerm: (t) => t });
}

/**
 * Brings the index in `state` up to `entries` and serializes it. Entries that
 * did not change since the last call are not tokenized again: after one
 * document changes, only its clauses (and what refers to it) are re-indexed.
 */
export function updateSearchIndex(state: SearchState, audience: string, entries: SearchEntry[], words?: ReadonlyMap<string, string[]>): string {
  if (!state.index || state.audience !== audience) {
    state.index = newIndex(state);
    state.entries.clear();
    state.audience = audience;
  }
  const ms = state.index;
  const seen = new Set<string>();
  const added: Indexed[] = [];
  for (const e of entries) {
    seen.add(e.id);
    const before = state.entries.get(e.id);
    if (before && sameEntry(before, e)) continue;
    if (before) remove(ms, before);
    state.entries.set(e.id, e);
    added.push({ ...e, snip: snip(e.text) });
  }
  for (const id of state.entries.keys()) {
    if (!seen.has(id)) {
      remove(ms, state.entries.get(id)!);
      state.entries.delete(id);
    }
  }
  state.words = words;
  try {
    ms.addAll(added);
  } finally {
    state.words = undefined;
  }
  return JSON.stringify(ms);
}

/**
 * Takes an entry out of the index by its terms (re-tokenized from what was
 * added), so word statistics match a fresh index exactly; minisearch's
 * `discard` would leave them stale until a vacuum.
 */
function remove(ms: MiniSearch<Indexed>, e: SearchEntry): void {
  ms.remove({ ...e, snip: snip(e.text) });
}

function sameEntry(a: SearchEntry, b: SearchEntry): boolean {
  return a.text === b.text && a.title === b.title && a.doc === b.doc && a.href === b.href && a.kind === b.kind && a.en === b.en;
}

const SNIP = 1200;

function snip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIP ? flat.slice(0, SNIP) + '…' : flat;
}

/** The index as a classic script (`assets/search-index.<lang>.js`): loadable by `<script src>` from `file://`, where fetch() fails. */
export function searchIndexScript(json: string): string {
  return `self.RulebookSearchIndex=${json.replace(/</g, '\\u003c')};\n`;
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
