/**
 * The FEEL side of the DMN import: which unary tests and expressions fall
 * inside rulebook's language (docs/format.md, "Cells" and "Expressions"), and a
 * lexer that knows the names in scope, since FEEL names may contain spaces and
 * `-` (`Extra days case 1`, `Pre-bureauRiskCategory`) and cannot be split by
 * characters alone.
 */
import { Decimal } from '../runtime/decimal.js';
import { BUILTIN_LIST } from '../lang/builtins/index.js';
import { reason, type Reason } from './messages.js';

const HUNDRED = Decimal.fromBigInt(100n);

/** A translation that failed, with the reason told to the author (a catalogue entry, src/dmn/messages.ts). */
export interface FeelProblem {
  reason: Reason;
}

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const DATE_CALL = /^date\(\s*"(\d{4}-\d{2}-\d{2})"\s*\)$/;

/** Split at top-level commas (outside strings, parentheses and brackets). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** A FEEL string literal `"…"` (with backslash escapes), or undefined when `text` is not exactly one. */
export function stringLiteral(text: string): string | undefined {
  const t = text.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return undefined;
  let out = '';
  for (let i = 1; i < t.length - 1; i++) {
    const ch = t[i];
    if (ch === '"') return undefined;
    if (ch === '\\') {
      const next = t[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
    } else out += ch;
  }
  return out;
}

/** The kind of a literal a cell or an output entry holds. */
export type LiteralKind = 'number' | 'string' | 'boolean' | 'date';

/** Classify one literal as written in a cell; undefined when it is not a literal of our subset. */
export function literalKind(text: string): LiteralKind | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return 'number';
  if (t === 'true' || t === 'false') return 'boolean';
  if (stringLiteral(t) !== undefined) return 'string';
  if (DATE_CALL.test(t) || /^\d{4}-\d{2}-\d{2}$/.test(t)) return 'date';
  return undefined;
}

function literalProblem(text: string): FeelProblem {
  const t = text.trim();
  if (t === 'null') return { reason: reason('dmn.feel.null') };
  if (/^@"/.test(t)) return { reason: reason('dmn.feel.temporal', { text: t }) };
  const call = /^([A-Za-z_][\w ]*?)\s*\(/.exec(t);
  if (call) return { reason: reason('dmn.feel.cell-function', { name: call[1] }) };
  if (/^[A-Za-z_?]/.test(t)) {
    return { reason: reason('dmn.feel.cell-name', { text: t }) };
  }
  return { reason: reason('dmn.feel.not-literal', { text: t }) };
}

function checkInterval(t: string): { text: string } | FeelProblem {
  const m = /^([[\]()])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\]()])$/.exec(t);
  if (!m) return { reason: reason('dmn.feel.interval', { text: t }) };
  const [, open, lo, hi, close] = m;
  for (const bound of [lo, hi]) if (literalKind(bound) === undefined) return literalProblem(bound);
  // FEEL also writes open ends as `]a..b[`; rulebook uses parentheses only.
  const o = open === '[' ? '[' : '(';
  const c = close === ']' ? ']' : ')';
  return { text: `${o}${lo}..${hi}${c}` };
}

function checkSimpleTest(t: string): { text: string } | FeelProblem {
  if (t === '') return { reason: reason('dmn.feel.empty-test') };
  if (/^[[\]()]/.test(t) && t.includes('..')) return checkInterval(t);
  const cmp = /^(<=|>=|<|>)\s*(.+)$/.exec(t);
  if (cmp) {
    if (literalKind(cmp[2]) === undefined) return literalProblem(cmp[2]);
    return { text: t };
  }
  if (/^!=|^=/.test(t)) return { reason: reason('dmn.feel.equality', { text: t }) };
  if (literalKind(t) === undefined) return literalProblem(t);
  return { text: t };
}

/** FEEL's `.5` in rulebook's spelling `0.5` (outside strings). */
function leadingZero(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.])\.(?=\d)/g, (m) => (m === '.' ? '0.' : m));
}

/**
 * Check an S-FEEL input entry against rulebook's cell syntax and give it in our
 * spelling (the same text in almost every case; FEEL's `]a..b[` becomes `(a..b)`).
 */
export function translateUnaryTests(text: string): { text: string } | FeelProblem {
  const t = text.trim();
  if (t === '' || t === '-') return { text: '-' };
  const neg = /^not\s*\((.*)\)$/s.exec(t);
  const inner = neg ? neg[1] : t;
  const items = splitTopLevel(inner);
  const out: string[] = [];
  for (const item of items) {
    const r = checkSimpleTest(item);
    if ('reason' in r) return r;
    out.push(r.text);
  }
  const joined = leadingZero(out.join(', '));
  const result = neg ? `not(${joined})` : joined;
  // Unchanged apart from spacing: keep the author's text so positions inside it stay exact.
  return { text: result.replace(/\s+/g, '') === t.replace(/\s+/g, '') ? t : result };
}

// ---------------------------------------------------------------- expressions

/** One lexical token of a FEEL expression. */
export interface Token {
  kind: 'ws' | 'num' | 'str' | 'op' | 'ident' | 'name';
  text: string;
  start: number;
}

const OPS = ['**', '<=', '>=', '!=', '..', '=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.', ':', '{', '}', '@'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A lexer that recognises the given scope names (longest first) as single `name` tokens. */
export function makeLexer(names: Iterable<string>): (text: string) => Token[] | FeelProblem {
  const patterns = [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map((n) => ({ name: n, re: new RegExp(n.trim().split(/\s+/).map(escapeRegExp).join('\\s+') + '(?![\\w?])', 'y') }));
  return (text) => {
    const tokens: Token[] = [];
    let i = 0;
    outer: while (i < text.length) {
      const ch = text[i];
      const start = i;
      if (/\s/.test(ch)) {
        while (i < text.length && /\s/.test(text[i])) i++;
        tokens.push({ kind: 'ws', text: ' ', start });
        continue;
      }
      if (ch === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
        if (i >= text.length) return { reason: reason('dmn.feel.unterminated') };
        i++;
        tokens.push({ kind: 'str', text: text.slice(start, i), start });
        continue;
      }
      const num = /\d+(?:\.\d+)?|\.\d+/y;
      num.lastIndex = i;
      const nm = num.exec(text);
      if (nm && /\d|\./.test(ch) && !(ch === '.' && text[i + 1] === '.')) {
        i += nm[0].length;
        tokens.push({ kind: 'num', text: nm[0], start });
        continue;
      }
      for (const p of patterns) {
        p.re.lastIndex = i;
        const m = p.re.exec(text);
        if (m) {
          i += m[0].length;
          tokens.push({ kind: 'name', text: p.name, start });
          continue outer;
        }
      }
      const id = /[A-Za-z_?][\w?]*/y;
      id.lastIndex = i;
      const im = id.exec(text);
      if (im) {
        i += im[0].length;
        tokens.push({ kind: 'ident', text: im[0], start });
        continue;
      }
      const op = OPS.find((o) => text.startsWith(o, i));
      if (!op) return { reason: reason('dmn.feel.unexpected-char', { ch }) };
      i += op.length;
      tokens.push({ kind: 'op', text: op, start });
    }
    return tokens;
  };
}

/** FEEL keywords inside rulebook's expression language. */
export const SUPPORTED_KEYWORDS = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'null']);
/** FEEL names of rulebook's built-ins that hold a space (`string length`): the lexer reads each as one name. */
export const SPACED_FUNCTIONS: readonly string[] = BUILTIN_LIST.map((b) => b.feel).filter((n) => n.includes(' '));
/** FEEL keywords for constructs rulebook does not have, with the catalogue entry naming the feature they belong to. */
export const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  for: 'dmn.feature.for',
  some: 'dmn.feature.some',
  every: 'dmn.feature.every',
  in: 'dmn.feature.in',
  between: 'dmn.feature.between',
  instance: 'dmn.feature.instance',
  function: 'dmn.feature.function',
  satisfies: 'dmn.feature.satisfies',
  return: 'dmn.feature.for',
};
/** Operators of FEEL that rulebook's expressions lack, with the catalogue entry naming the feature. */
export const UNSUPPORTED_OPS: Record<string, string> = {
  '..': 'dmn.feature.ranges',
  '{': 'dmn.feature.context',
  '}': 'dmn.feature.context',
  '@': 'dmn.feature.temporal',
  ':': 'dmn.feature.named',
};

/**
 * Rewrite every string literal of a cell or expression through `map` (enum
 * values → enum keys); the first literal `map` rejects is returned as `missing`.
 */
export function mapStringLiterals(text: string, map: (value: string) => string | undefined): { text: string } | { missing: string } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') {
      out += text[i];
      continue;
    }
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    const literal = text.slice(start, i + 1);
    const value = stringLiteral(literal);
    const key = value === undefined ? undefined : map(value);
    if (key === undefined) return { missing: value ?? literal };
    out += `"${key}"`;
  }
  return { text: out };
}

/**
 * Numbers of a percent field as DMN writes them (fractions) in rulebook's
 * spelling: `< 0.7` → `< 70%`, `[0..1]` → `[0%..100%]`. Strings are left alone.
 */
export function percentSpelling(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(?<![\w%]|(?<!\.)\.)(\d+(?:\.\d+)?|\.\d+)(?![\d%]|\.\d)/g, (m, num: string | undefined) => {
    if (num === undefined) return m;
    const d = Decimal.parse(num);
    return d ? `${d.mul(HUNDRED).toString()}%` : m;
  });
}

// ---------------------------------------------------------------- `in` and `between`

const INTERVAL = /^([[\]()])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\]()])$/s;

/** One positive unary test of FEEL's `e in …` as a condition on `lhs` (already parenthesised), or undefined. */
function testOn(lhs: string, item: string): string | undefined {
  const t = item.trim();
  if (t === '') return undefined;
  const iv = INTERVAL.exec(t);
  if (iv && splitTopLevel(t.slice(1, -1)).length === 1) {
    const [, open, lo, hi, close] = iv;
    // `]a..b[` is FEEL's other spelling of open ends.
    const low = open === '[' ? '>=' : '>';
    const high = close === ']' ? '<=' : '<';
    return `(${lhs} ${low} (${lo}) and ${lhs} ${high} (${hi}))`;
  }
  if (t.startsWith('[') && t.endsWith(']')) {
    const items = splitTopLevel(t.slice(1, -1));
    // A list of intervals tests each; a list of values is membership.
    if (items.length > 0 && items.every((x) => INTERVAL.test(x) && splitTopLevel(x.slice(1, -1)).length === 1)) {
      const parts = items.map((x) => testOn(lhs, x));
      return parts.every((p) => p !== undefined) ? `(${parts.join(' or ')})` : undefined;
    }
    return `list contains(${t}, ${lhs})`;
  }
  const cmp = /^(<=|>=|!=|<|>|=)\s*(.+)$/s.exec(t);
  if (cmp) return `(${lhs} ${cmp[1]} (${cmp[2]}))`;
  return `(${lhs} = (${t}))`;
}

/**
 * FEEL's `e in tests` and `e between a and b` (at the top level of an
 * expression, `inAt`/`betweenAt` the keyword's offset, `andAt` the `and` of
 * `between`) as the comparisons they stand for, in FEEL again, so the rest of
 * the import reads them like any expression: `x in (2..4]` is
 * `((x) > (2) and (x) <= (4))`, `x in [1, 2]` is `list contains([1, 2], (x))`,
 * `x in (< 5, 10)` an `or` of its tests. Undefined when a test has no such
 * reading (then the import names the feature as missing).
 */
export function desugarIn(text: string, inAt: number): string | undefined {
  const lhs = `(${text.slice(0, inAt).trim()})`;
  let rhs = text.slice(inAt + 2).trim();
  if (rhs === '' || /^not\s*\(/.test(rhs)) return undefined;
  // `(1, < 5)` or `(=10)`: parentheses around a list of tests; `(2..4)` is an interval.
  if (rhs.startsWith('(') && rhs.endsWith(')') && !(INTERVAL.test(rhs) && splitTopLevel(rhs.slice(1, -1)).length === 1)) rhs = rhs.slice(1, -1);
  const parts = splitTopLevel(rhs).map((x) => testOn(lhs, x));
  if (parts.some((p) => p === undefined)) return undefined;
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

/** `e between a and b` as `(e) >= (a) and (e) <= (b)`, in FEEL. */
export function desugarBetween(text: string, betweenAt: number, andAt: number): string {
  const e = text.slice(0, betweenAt).trim();
  const a = text.slice(betweenAt + 'between'.length, andAt).trim();
  const b = text.slice(andAt + 3).trim();
  return `((${e}) >= (${a}) and (${e}) <= (${b}))`;
}

// ---------------------------------------------------------------- `instance of`

/** FEEL's built-in type names, spaces removed, as the kind of literal they hold (`Any` holds every non-null value). */
const FEEL_TYPES: Record<string, string> = {
  Any: 'any',
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  dateandtime: 'date and time',
  yearsandmonthsduration: 'years and months duration',
  daysandtimeduration: 'days and time duration',
};

/**
 * `literal instance of type` decided when the expression is read: FEEL's
 * `instance of` tests a value's type, and a literal's type is known (`null`
 * is an instance of nothing, not even `Any`). `true`/`false` in FEEL, or
 * undefined when the left side is not a literal or the type is not one of
 * FEEL's own (then the import names the feature as missing).
 */
export function staticInstanceOf(text: string, instanceAt: number): string | undefined {
  const lhs = text.slice(0, instanceAt).trim();
  const m = /^instance\s+of\s+(.+)$/s.exec(text.slice(instanceAt).trim());
  if (!m) return undefined;
  const typeText = m[1].replace(/\s+/g, '');
  const kind = lhs === 'null' ? 'null' : literalKind(lhs);
  if (kind === undefined) return undefined;
  const generic = /^(list|context|function|range)</.exec(typeText)?.[1];
  const want = generic ?? FEEL_TYPES[typeText];
  if (want === undefined) return undefined;
  if (kind === 'null') return 'false';
  if (want === 'any') return 'true';
  return String(kind === want);
}
