/**
 * A character-level text diff that reads well in Chinese: every CJK character
 * (every grapheme) is its own token, while a run of Latin letters or digits
 * (`70%`, `1.5%`, `performance`) stays whole, so a changed number shows as one
 * replacement rather than a scatter of digits.
 */

/** One run of a text diff: unchanged, removed or inserted. */
export interface TextRun {
  op: 'same' | 'del' | 'ins';
  text: string;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const WORDISH = /^[\p{Script=Latin}\p{N}_.,%'’-]$/u;

/** Splits text into diff tokens: whole Latin words and numbers, single graphemes otherwise. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const { segment } of segmenter.segment(text)) {
    if (WORDISH.test(segment)) {
      word += segment;
      continue;
    }
    if (word) out.push(word), (word = '');
    out.push(segment);
  }
  if (word) out.push(word);
  return out;
}

/** Beyond this many token pairs the exact table is too costly: the changed middle is reported whole. */
const MAX_CELLS = 4_000_000;

function push(runs: TextRun[], op: TextRun['op'], text: string): void {
  if (!text) return;
  const last = runs[runs.length - 1];
  if (last && last.op === op) last.text += text;
  else runs.push({ op, text });
}

/**
 * The diff of two texts as runs, deletions before insertions at each change.
 * Common prefix and suffix are trimmed first, then the middle is aligned by a
 * longest common subsequence of tokens; one-token islands of sameness inside a
 * change are folded into it, since `~~a~~b~~c~~` reads worse than `~~abc~~`.
 */
export function diffText(before: string, after: string): TextRun[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  const a = tokenize(before);
  const b = tokenize(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const raw: TextRun[] = [];
  push(raw, 'same', a.slice(0, pre).join(''));
  if (am.length * bm.length > MAX_CELLS) {
    push(raw, 'del', am.join(''));
    push(raw, 'ins', bm.join(''));
  } else {
    for (const r of lcsRuns(am, bm)) push(raw, r.op, r.text);
  }
  push(raw, 'same', a.slice(a.length - suf).join(''));
  return foldIslands(raw);
}

function lcsRuns(a: string[], b: string[]): TextRun[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
    }
  }
  const runs: TextRun[] = [];
  let i = 0;
  let j = 0;
  let del = '';
  let ins = '';
  const flush = () => {
    push(runs, 'del', del);
    push(runs, 'ins', ins);
    del = ins = '';
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      push(runs, 'same', a[i]);
      i++, j++;
    } else if (j >= m || (i < n && len[(i + 1) * w + j] >= len[i * w + j + 1])) del += a[i++];
    else ins += b[j++];
  }
  flush();
  return runs;
}

/** Folds a single-character unchanged run between two changes into them. */
function foldIslands(runs: TextRun[]): TextRun[] {
  let changed = true;
  let cur = runs;
  while (changed) {
    changed = false;
    const out: TextRun[] = [];
    for (let k = 0; k < cur.length; k++) {
      const r = cur[k];
      const prev = out[out.length - 1];
      const next = cur[k + 1];
      const island = r.op === 'same' && [...r.text].length === 1 && r.text !== '\n' && prev && prev.op !== 'same' && next && next.op !== 'same';
      if (!island) {
        out.push({ ...r });
        continue;
      }
      // Gather the change on both sides of the island into one del + one ins.
      let del = '';
      let ins = '';
      while (out.length && out[out.length - 1].op !== 'same') {
        const x = out.pop() as TextRun;
        if (x.op === 'del') del = x.text + del;
        else ins = x.text + ins;
      }
      del += r.text;
      ins += r.text;
      let j = k + 1;
      while (j < cur.length && cur[j].op !== 'same') {
        if (cur[j].op === 'del') del += cur[j].text;
        else ins += cur[j].text;
        j++;
      }
      push(out, 'del', del);
      push(out, 'ins', ins);
      k = j - 1;
      changed = true;
    }
    cur = out;
  }
  return cur;
}

/** The text of one side of a diff: `before` (same + del) or `after` (same + ins). */
export function sideOf(runs: readonly TextRun[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? 'ins' : 'del';
  return runs.filter((r) => r.op !== skip).map((r) => r.text).join('');
}
