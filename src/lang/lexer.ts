/**
 * The tokenizer shared by cells (unary tests) and formulas. It never throws:
 * text it cannot read becomes a `bad` token that carries the message, so the
 * parser reports it at the right place, in source order with its own errors.
 */
import { Decimal } from '../runtime/decimal.js';

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

const MULTI_BAD: Record<string, string> = {
  '==': 'write `=` to compare',
  '<>': 'write `!=`',
  '&&': 'write `and`',
  '||': 'write `or`',
  '=>': 'write `>=`',
  '=<': 'write `<=`',
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
  if (!m) return `\`${iso}\` is not a date`;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12) return `\`${iso}\` has no month ${mo}`;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = mo === 2 && !leap ? 28 : DAYS[mo - 1];
  if (d < 1 || d > max) return `\`${iso}\` has no day ${d}`;
  return undefined;
}

/** Split `text` into tokens; the last token is always `eof`, and nothing after a `bad` token is read. */
export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  const bad = (start: number, end: number, message: string, hint?: string): Token[] => {
    out.push({ kind: 'bad', message, hint, start, end });
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
        if (why) return bad(start, i + 10, why, 'dates are written `YYYY-MM-DD`, e.g. `2026-01-31`');
        out.push({ kind: 'date', iso, start, end: i + 10 });
        i += 10;
        continue;
      }
      while (isDigit(text[i])) i++;
      const loose = /^\d{4}-\d{1,2}-\d{1,2}(?!\d)/.exec(text.slice(start, start + 10));
      if (i - start === 4 && loose) {
        const [y, m, d] = loose[0].split('-');
        return bad(start, start + loose[0].length, `\`${loose[0]}\` is not a date`, `dates are written \`YYYY-MM-DD\`: \`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}\``);
      }
      if (text[i] === ',' && isDigit(text[i + 1]) && isDigit(text[i + 2]) && isDigit(text[i + 3]) && !isDigit(text[i + 4])) {
        let e = i + 4;
        while (text[e] === ',' && isDigit(text[e + 1]) && isDigit(text[e + 2]) && isDigit(text[e + 3]) && !isDigit(text[e + 4])) e += 4;
        if (text[e] === '.' && isDigit(text[e + 1])) {
          e++;
          while (isDigit(text[e])) e++;
        }
        const written = text.slice(start, e);
        return bad(start, e, `thousands separators are not allowed in \`${written}\``, `write \`${written.replace(/,/g, '')}\`; to list values, put a space after the comma`);
      }
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      } else if (text[i] === '.' && text[i + 1] !== '.' && !(i + 1 < n && ID_START.test(text[i + 1]))) {
        return bad(start, i + 1, `\`${text.slice(start, i + 1)}\` is not a number`, `write \`${text.slice(start, i)}\` or \`${text.slice(start, i)}.5\``);
      }
      const digits = text.slice(start, i);
      let percent = false;
      if (text[i] === '%' || text[i] === '％') {
        if (text[i] === '％') return bad(i, i + 1, 'unexpected full-width `％`', `write \`${digits}%\``);
        percent = true;
        i++;
      }
      if (i < n && ID_START.test(text[i])) {
        let e = i;
        while (e < n && ID_PART.test(text[e])) e++;
        return bad(start, e, `\`${text.slice(start, e)}\` is not a number`, 'numbers are plain digits such as `1500`, `1.5` or `70%`; money is in the configured currency without a symbol or unit');
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
          } else return bad(j, Math.min(n, j + 2), `unknown escape \`${text.slice(j, j + 2)}\` in a string`, 'escapes are `\\"`, `\\\\`, `\\n`, `\\t`, `\\uXXXX`');
          j += 2;
          continue;
        }
        s += c;
        j++;
      }
      if (!closed) return bad(start, n, 'unterminated string', 'close the string with `"`');
      out.push({ kind: 'string', value: s, start, end: j });
      i = j;
      continue;
    }
    if (ch === '“' || ch === '”' || ch === "'" || ch === '‘' || ch === '’' || ch === '「' || ch === '」') {
      return bad(start, start + 1, `unexpected \`${ch}\``, 'strings use straight double quotes, e.g. `"leak"`');
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
      return bad(start, e, `\`${text.slice(i, e)}\` is not a number`, `write \`0${text.slice(i, e)}\``);
    }
    const two = text.slice(i, i + 2);
    if (MULTI_BAD[two]) return bad(start, start + 2, `unexpected \`${two}\``, MULTI_BAD[two]);
    const p = PUNCT.find((q) => text.startsWith(q, i));
    if (p) {
      out.push({ kind: 'punct', text: p, start, end: i + p.length });
      i += p.length;
      continue;
    }
    if (ch === '!') return bad(start, start + 1, 'unexpected `!`', 'write `not(x)` to negate, `!=` for not equal');
    if (ch === '%') return bad(start, start + 1, 'unexpected `%`', 'a percent is a number directly followed by `%`, e.g. `70%`');
    if (ch === '¥' || ch === '￥' || ch === '$' || ch === '€') {
      return bad(start, start + 1, `unexpected \`${ch}\``, 'money is written as a plain number in the configured currency, e.g. `1500`');
    }
    const cp = text.codePointAt(i) ?? 0;
    const chr = String.fromCodePoint(cp);
    const instead = LOOKALIKE[chr];
    return bad(start, start + chr.length, `unexpected \`${chr}\``, instead ? `write \`${instead}\`` : undefined);
  }
  out.push({ kind: 'eof', start: n, end: n });
  return out;
}

/** How a token reads in a message: `` `<` `` or `end of text`. */
export function describe(t: Token, text: string, eof = 'end of text'): string {
  return t.kind === 'eof' ? eof : `\`${text.slice(t.start, t.end)}\``;
}
