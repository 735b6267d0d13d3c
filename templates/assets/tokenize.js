// The search tokenizer, the one source of truth for both sides: the browser
// runs it on queries, and the build (src/render/search.ts imports this file)
// runs it on the indexed text. Intl.Segmenter words, lowercased, plus every
// single Han character and the bigrams of every run of Han characters, so a
// one-character query (`罚`) finds every text that holds it.
//
// Text is segmented one sentence at a time: V8's Intl.Segmenter in Node 20 is
// quadratic in the length of the string it walks (issue 17), and joined
// search texts run to megabytes.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}+/gu;
const SENTENCE = /[^。！？；;\n]+[。！？；;\n]*|[。！？；;\n]+/gu;
const PIECE = 400;

function pieces(text) {
  const out = [];
  for (const m of text.matchAll(SENTENCE)) {
    let s = m[0];
    // A long run without sentence marks is cut at a space when there is one near, else anywhere.
    while (s.length > PIECE) {
      let cut = s.lastIndexOf(' ', PIECE);
      if (cut < PIECE / 2) cut = PIECE;
      out.push(s.slice(0, cut));
      s = s.slice(cut);
    }
    if (s) out.push(s);
  }
  return out;
}

function words(text, out) {
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) out.push(s.segment.toLowerCase());
  }
}

/** The words of an indexed text. */
export function tokenize(text) {
  const out = [];
  for (const p of pieces(text)) words(p, out);
  for (const m of text.matchAll(HAN)) {
    const run = m[0];
    for (let i = 0; i < run.length; i++) out.push(run[i]);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/**
 * The words of a query: like the text's, but a run of several Han characters
 * gives its words and bigrams only (its single characters would match nearly
 * every entry), while a lone Han character stands for itself.
 */
export function tokenizeQuery(text) {
  const segmented = [];
  for (const p of pieces(text)) words(p, segmented);
  const out = segmented.filter((t) => !/^\p{Script=Han}$/u.test(t));
  for (const m of text.matchAll(HAN)) {
    const run = m[0];
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return [...new Set(out)];
}
