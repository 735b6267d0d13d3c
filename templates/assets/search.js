// Offline search: the minisearch index built with the site, queried with the same Chinese-aware tokenizer.
import MiniSearch from './minisearch.js';
import { tokenize } from './tokenize.js';

const KIND = { clause: '条款', rule: '规则', term: '术语' };

export async function setup(root) {
  const input = document.querySelector('.search-input');
  const list = document.querySelector('.search-results');
  let index = null;
  const load = async () => {
    if (!index) {
      const res = await fetch(new URL('assets/search-index.json', root));
      index = MiniSearch.loadJSON(await res.text(), {
        fields: ['title', 'text', 'doc'],
        storeFields: ['kind', 'title', 'doc', 'href', 'excerpt'],
        tokenize,
        processTerm: (t) => t,
      });
    }
    return index;
  };
  const show = async () => {
    const q = input.value.trim();
    if (!q) { list.hidden = true; list.replaceChildren(); return; }
    const ms = await load();
    const hits = ms.search(q, { boost: { title: 3, doc: 0.5 }, prefix: (t) => t.length > 2, fuzzy: 0 }).slice(0, 12);
    list.replaceChildren();
    if (!hits.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = input.dataset.noResults;
      list.append(li);
    }
    for (const h of hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = new URL(h.href, root).href;
      const title = document.createElement('span');
      title.className = 'r-title';
      title.textContent = h.title;
      const kind = document.createElement('span');
      kind.className = 'r-kind';
      kind.textContent = `${KIND[h.kind] ?? h.kind} · ${h.doc}`;
      const text = document.createElement('span');
      text.className = 'r-text';
      text.textContent = h.excerpt;
      a.append(title, kind, text);
      li.append(a);
      list.append(li);
    }
    list.hidden = false;
  };
  input.addEventListener('input', show);
  input.addEventListener('focus', show);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { list.hidden = true; input.blur(); }
    if (e.key === 'Enter') list.querySelector('a')?.click();
  });
  document.addEventListener('click', (e) => { if (!e.target.closest('.search')) list.hidden = true; });
}
