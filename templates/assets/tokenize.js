// The search tokenizer, the one source of truth for both sides: the browser
// runs it on queries, and the build (src/render/search.ts imports this file)
// runs it on the indexed text. Intl.Segmenter words, lowercased, plus bigrams
// of every run of Han characters.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}+/gu;

export function tokenize(text) {
  const out = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) out.push(s.segment.toLowerCase());
  }
  for (const m of text.matchAll(HAN)) {
    const run = m[0];
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}
