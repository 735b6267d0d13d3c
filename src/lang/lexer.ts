/**
 * The tokenizer shared by cells (unary tests) and formulas. It never throws:
 * text it cannot read becomes a `bad` token that carries the message, so the
 * parser reports it at the right place, in source order with its own errors.
 */
import { t, word } from '../diagnostics/catalogue.js';
import { Decimal } from '../runtime/decimal.js';
import './messages.js';

/** A problem in a cell or formula; offsets are inside the text given to the parser. */
export interface LangError {
  message: string;
  hint?: string;
  start: number;
  end: number;
}

export type Token =
  | { kind: 'number'; value: Decimal; percent: boolean; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'date'; iso: string; start: number; end: number }
  | { kind: 'ident'; text: string; start: number; end: number }
  | { kind: 'punct'; text: string; start: number; end: number }
  | { kind: 'bad'; message: string; hint?: string; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

const PUNCT = ['..', '**', '<=', '>=', '!=', '(', ')', '[', ']', ',', '.', ':', '<', '>', '=', '+', '-', '*', '/', '?'];

/** Look-alikes people type (often from a Chinese input method) and what to write instead. */
const LOOKALIKE: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '×': '*',
  '÷': '/',
  '，': ',',
  '、': ',',
  '（': '(',
  '）': ')',
  '：': ':',
  '％': '%',
  '【': '[',
  '】': ']',
  '。': '.',
  '＝': '=',
  '＜': '<',
  '＞': '>',
  '－': '-',
  '＋': '+',
};

/** Two-character operators from other languages and what to write instead (`==` has its own message). */
const MULTI_BAD: Record<string, string> = {
  '==': '=',
  '<>': '!=',
  '&&': 'and',
  '||': 'or',
  '=>': '>=',
  '=<': '<=',
};

const ID_START = /[\p{L}_]/u;
const ID_PART = /[\p{L}\p{N}_]/u;

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A message when `iso` (YYYY-MM-DD) is not a real calendar date, else undefined. */
export function badDate(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return t('lang.date.not-a-date', { iso }).message;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12) return t('lang.date.no-month', { iso, month: mo }).message;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = mo === 2 && !leap ? 28 : DAYS[mo - 1];
  if (d < 1 || d > max) return t('lang.date.no-day', { iso, day: d }).message;
  return undefined;
}

/** Split `text` into tokens; the last token is always `eof`, and nothing after a `bad` token is read. */
export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  const bad = (start: number, end: number, m: { message: string; hint?: string }): Token[] => {
    out.push({ kind: 'bad', message: m.message, hint: m.hint, start, end });
    out.push({ kind: 'eof', start: n, end: n });
    return out;
  };
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000' || ch === '\u00a0') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch)) {
      // A date first: exactly YYYY-MM-DD not glued to more digits or letters.
      const dm = /^\d{4}-\d{2}-\d{2}/.exec(text.slice(i, i + 10));
      if (dm && !(i + 10 < n && ID_PART.test(text[i + 10]))) {
        const iso = dm[0];
        const why = badDate(iso);
        if (why) return bad(start, i + 10, { message: why, hint: word('lang.hint.date-format') });
        out.push({ kind: 'date', iso, start, end: i + 10 });
        i += 10;
        continue;
      }
      while (isDigit(text[i])) i++;
      const loose = /^\d{4}-\d{1,2}-\d{1,2}(?!\d)/.exec(text.slice(start, start + 10));
      if (i - start === 4 && loose) {
        const [y, m, d] = loose[0].split('-');
        return bad(start, start + loose[0].length, t('lang.loose-date', { text: loose[0], fixed: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` }));
      }
      if (text[i] === ',' && isDigit(text[i + 1]) && isDigit(text[i + 2]) && isDigit(text[i + 3]) && !isDigit(text[i + 4])) {
        let e = i + 4;
        while (text[e] === ',' && isDigit(text[e + 1]) && isDigit(text[e + 2]) && isDigit(text[e + 3]) && !isDigit(text[e + 4])) e += 4;
        if (text[e] === '.' && isDigit(text[e + 1])) {
          e++;
          while (isDigit(text[e])) e++;
        }
        const written = text.slice(start, e);
        return bad(start, e, t('lang.thousands-separator', { text: written, plain: written.replace(/,/g, '') }));
      }
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      } else if (text[i] === '.' && text[i + 1] !== '.' && !(i + 1 < n && ID_START.test(text[i + 1]))) {
        return bad(start, i + 1, t('lang.trailing-dot', { text: text.slice(start, i + 1), int: text.slice(start, i) }));
      }
      const digits = text.slice(start, i);
      let percent = false;
      if (text[i] === '%' || text[i] === '％') {
        if (text[i] === '％') return bad(i, i + 1, t('lang.fullwidth-percent', { digits }));
        percent = true;
        i++;
      }
      if (i < n && ID_START.test(text[i])) {
        let e = i;
        while (e < n && ID_PART.test(text[e])) e++;
        return bad(start, e, t('lang.number-with-unit', { text: text.slice(start, e) }));
      }
      let value = Decimal.parse(digits) as Decimal;
      if (percent) value = new Decimal(value.coefficient, value.scale + 2);
      out.push({ kind: 'number', value, percent, start, end: i });
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      let closed = false;
      while (j < n) {
        const c = text[j];
        if (c === '"') {
          closed = true;
          j++;
          break;
        }
        if (c === '\\') {
          const e = text[j + 1];
          if (e === '"' || e === '\\' || e === '/') s += e;
          else if (e === 'n') s += '\n';
          else if (e === 't') s += '\t';
          else if (e === 'r') s += '\r';
          else if (e === 'b') s += '\b';
          else if (e === 'f') s += '\f';
          else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
            s += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
            j += 4;
          } else return bad(j, Math.min(n, j + 2), t('lang.bad-escape', { escape: text.slice(j, j + 2) }));
          j += 2;
          continue;
        }
        s += c;
        j++;
      }
      if (!closed) return bad(start, n, t('lang.unterminated-string'));
      out.push({ kind: 'string', value: s, start, end: j });
      i = j;
      continue;
    }
    if (ch === '“' || ch === '”' || ch === "'" || ch === '‘' || ch === '’' || ch === '「' || ch === '」') {
      return bad(start, start + 1, t('lang.curly-quote', { ch }));
    }
    if (ID_START.test(ch)) {
      let j = i + 1;
      while (j < n && ID_PART.test(text[j])) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    const prev = out.length ? out[out.length - 1] : undefined;
    const afterOperand = prev !== undefined && (prev.kind === 'ident' || (prev.kind === 'punct' && (prev.text === ')' || prev.text === ']')));
    if (ch === '.' && isDigit(text[i + 1]) && !afterOperand) {
      let e = i + 1;
      while (isDigit(text[e])) e++;
      return bad(start, e, t('lang.leading-dot', { text: text.slice(i, e) }));
    }
    const two = text.slice(i, i + 2);
    if (MULTI_BAD[two]) return bad(start, start + 2, t(two === '==' ? 'lang.double-equals' : 'lang.lookalike', { ch: two, instead: MULTI_BAD[two] }));
    const p = PUNCT.find((q) => text.startsWith(q, i));
    if (p) {
      out.push({ kind: 'punct', text: p, start, end: i + p.length });
      i += p.length;
      continue;
    }
    if (ch === '!') return bad(start, start + 1, t('lang.bang'));
    if (ch === '%') return bad(start, start + 1, t('lang.lone-percent'));
    if (ch === '¥' || ch === '￥' || ch === '$' || ch === '€') {
      return bad(start, start + 1, t('lang.currency-symbol', { ch }));
    }
    const cp = text.codePointAt(i) ?? 0;
    const chr = String.fromCodePoint(cp);
    const instead = LOOKALIKE[chr];
    return bad(start, start + chr.length, t(instead ? 'lang.lookalike' : 'lang.unexpected-char', { ch: chr, instead }));
  }
  out.push({ kind: 'eof', start: n, end: n });
  return out;
}

/** How a token reads in a message: `` `<` `` or the words for the end (`end of text`, in the run's language). */
export function describe(tok: Token, text: string, eof = word('lang.word.end-of-text')): string {
  return tok.kind === 'eof' ? eof : `\`${text.slice(tok.start, tok.end)}\``;
}
