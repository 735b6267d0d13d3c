/**
 * Cells of decision tables: DMN S-FEEL unary tests (`< 70%`, `[70%..100%]`,
 * `"a", "b"`, `not("intern")`, `-`) parsed into the `UnaryTest` AST, and the
 * one definition of what a cell matches.
 */
import { t, word, type Params } from '../diagnostics/catalogue.js';
import type { Expr, Literal, Span, UnaryTest, Value } from '../model/index.js';
import { badDate, type LangError, type Token } from './lexer.js';
import { Stop, TokenCursor } from './cursor.js';
import { suggest } from './suggest.js';
import { testCompare, testRange } from '../runtime/semantics.js';
import './messages.js';

export type { LangError } from './lexer.js';

/** Maps offsets inside the parsed text to a source span. */
export type SpanAt = (start: number, end: number) => Span;

/** `not(…)` nesting deeper than this is refused: no real cell needs it. */
export const MAX_UNARY_DEPTH = 64;

const COMPARE = new Set(['<', '<=', '>', '>=', '=']);

/**
 * Parse one cell. Never throws; on an error `test` is absent and `errors` says
 * why, with offsets into `text`. `enumKeys` lets bare enum keys (`leak`) stand
 * for quoted ones (`"leak"`).
 */
export function parseUnaryTest(
  text: string,
  at: SpanAt,
  opts: { enumKeys?: ReadonlySet<string> } = {},
): { test?: UnaryTest; errors: LangError[] } {
  try {
    return { test: new UnaryParser(text, at, opts.enumKeys).parseCell(), errors: [] };
  } catch (e) {
    if (e instanceof Stop) return { errors: [e.error] };
    return { errors: [{ ...t('lang.cell.unreadable', { error: String(e) }), start: 0, end: text.length }] };
  }
}

class UnaryParser extends TokenCursor {
  private depth = 0;

  constructor(
    text: string,
    private readonly at: SpanAt,
    private readonly enumKeys: ReadonlySet<string> | undefined,
  ) {
    super(text, 'lang.word.end-of-cell');
  }

  parseCell(): UnaryTest {
    const first = this.peek();
    if (first.kind === 'eof') {
      this.fail(first, 'lang.cell.empty');
    }
    if (this.isPunct(first, '-') && this.peek(1).kind === 'eof') {
      this.next();
      return { kind: 'any', span: this.at(first.start, first.end) };
    }
    const test = this.parseList();
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.fail(t, this.isPunct(t, ')') ? 'lang.cell.closes-nothing' : 'lang.cell.separate');
    }
    return test;
  }

  private parseList(): UnaryTest {
    const items = [this.parseItem()];
    while (this.isPunct(this.peek(), ',')) {
      this.next();
      items.push(this.parseItem());
    }
    if (items.length === 1) return items[0];
    const or: UnaryTest = { kind: 'or', items, span: this.span(items[0], items[items.length - 1]) };
    this.offsets.set(or, [this.offsets.get(items[0])![0], this.offsets.get(items[items.length - 1])![1]]);
    return or;
  }

  /** Offsets of parsed tests, so a list's span can run from its first item to its last. */
  private readonly offsets = new WeakMap<UnaryTest, [number, number]>();

  private span(a: UnaryTest, b: UnaryTest): Span {
    return this.at(this.offsets.get(a)![0], this.offsets.get(b)![1]);
  }

  private node<T extends UnaryTest>(n: T, start: number, end: number): T {
    this.offsets.set(n, [start, end]);
    n.span = this.at(start, end);
    return n;
  }

  private parseItem(): UnaryTest {
    const t = this.peek();
    if (t.kind === 'ident' && t.text === 'not' && this.isPunct(this.peek(1), '(')) {
      if (++this.depth > MAX_UNARY_DEPTH) this.fail(t, 'lang.cell.too-deep', { max: MAX_UNARY_DEPTH });
      this.next();
      this.next();
      const inner = this.parseList();
      const close = this.peek();
      if (!this.isPunct(close, ')')) this.fail(close, 'lang.cell.not-unclosed');
      this.next();
      this.depth--;
      const items = inner.kind === 'or' ? inner.items : [inner];
      return this.node({ kind: 'not', items }, t.start, close.end);
    }
    if (t.kind === 'ident' && t.text === 'not') {
      const rest = this.text.slice(t.end).trim() || '"x"';
      this.fail(this.peek(1), 'lang.cell.not-paren', { rest });
    }
    if (t.kind === 'punct') {
      if (COMPARE.has(t.text)) {
        this.next();
        const eq = this.peek();
        if ((t.text === '<' || t.text === '>') && eq.kind === 'punct' && eq.text === '=') {
          this.fail(eq, 'lang.spaced-compare', { op: t.text });
        }
        const lit = this.parseEndpoint('lang.cell.value-after-op', { op: t.text });
        const op = t.text as '<' | '<=' | '>' | '>=' | '=';
        return this.node({ kind: 'compare', op, value: lit.lit }, t.start, lit.end);
      }
      if (t.text === '!=') {
        const rest = this.text.slice(t.end).split(',')[0].trim() || '5';
        this.fail(t, 'lang.cell.not-equal', { rest });
      }
      if (t.text === '[' || t.text === '(' || t.text === ']') return this.parseInterval();
      if (t.text === '-' && this.peek(1).kind !== 'number') {
        this.fail(t, 'lang.cell.lone-dash');
      }
    }
    const lit = this.parseEndpoint('lang.cell.value-or-test');
    return this.node({ kind: 'compare', op: '=', value: lit.lit }, lit.start, lit.end);
  }

  private parseInterval(): UnaryTest {
    const open = this.next();
    const lowClosed = this.isPunct(open, '[');
    const low = this.parseEndpoint('lang.cell.interval-low');
    const dots = this.peek();
    if (this.isPunct(open, '(') && this.isPunct(dots, ')')) {
      this.fail(dots, 'lang.cell.paren-single', { value: this.text.slice(open.end, dots.start).trim() });
    }
    if (!this.isPunct(dots, '..')) {
      if (this.isPunct(dots, '.')) this.fail(dots, 'lang.cell.single-dot');
      this.fail(dots, 'lang.cell.interval-dots');
    }
    this.next();
    const high = this.parseEndpoint('lang.cell.interval-high');
    const close = this.peek();
    if (!(this.isPunct(close, ']') || this.isPunct(close, ')') || this.isPunct(close, '['))) {
      this.fail(close, 'lang.cell.interval-close');
    }
    this.next();
    const highClosed = this.isPunct(close, ']');
    return this.node({ kind: 'range', low: low.lit, high: high.lit, lowClosed, highClosed }, open.start, close.end);
  }

  /** One literal; `key` says what was expected when there is none. */
  private parseEndpoint(key: string, params: Params = {}): { lit: Literal; start: number; end: number } {
    const t = this.next();
    const done = (lit: Literal, start: number, end: number) => {
      lit.span = this.at(start, end);
      return { lit, start, end };
    };
    switch (t.kind) {
      case 'number':
        return done({ kind: 'number', value: t.value, ...(t.percent ? { unit: 'percent' as const } : {}) }, t.start, t.end);
      case 'string':
        return done({ kind: 'string', value: t.value }, t.start, t.end);
      case 'date':
        return done({ kind: 'date', value: { kind: 'date', iso: t.iso } }, t.start, t.end);
      case 'punct':
        if (t.text === '-' && this.peek().kind === 'number') {
          const num = this.next() as Extract<Token, { kind: 'number' }>;
          return done({ kind: 'number', value: num.value.neg(), ...(num.percent ? { unit: 'percent' as const } : {}) }, t.start, num.end);
        }
        break;
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') return done({ kind: 'boolean', value: t.text === 'true' }, t.start, t.end);
        if (t.text === 'null') return done({ kind: 'null', value: null }, t.start, t.end);
        if (t.text === 'date' && this.isPunct(this.peek(), '(')) {
          this.next();
          const s = this.next();
          if (s.kind !== 'string') this.fail(s, 'lang.cell.date-arg');
          const why = badDate(s.value);
          if (why) throw new Stop({ message: why, hint: word('lang.hint.date-call-example'), start: s.start, end: s.end });
          const close = this.next();
          if (!this.isPunct(close, ')')) this.fail(close, 'lang.cell.date-close');
          return done({ kind: 'date', value: { kind: 'date', iso: s.value } }, t.start, close.end);
        }
        if (this.enumKeys?.has(t.text)) return done({ kind: 'string', value: t.text }, t.start, t.end);
        if (this.enumKeys) {
          const near = suggest(t.text, [...this.enumKeys]);
          this.fail(t, near ? 'lang.unknown-value.near' : 'lang.unknown-value.one-of', { text: t.text, near, keys: [...this.enumKeys].map((k) => `\`"${k}"\``).join(', ') });
        }
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false' || lower === 'null') this.fail(t, 'lang.cell.bool-case', { name: t.text, lower });
        this.fail(t, 'lang.cell.unquoted', { name: t.text });
      }
    }
    this.fail(t, key, params);
  }
}

/**
 * Whether `value` passes the cell `test`. Numbers compare by value (0.70 = 0.7),
 * strings by code point, dates by day; a value of another type than the literal
 * (or `null` against a comparison) fails the test rather than erroring, as in
 * FEEL. `not(a, b)` passes when none of its items passes. `expr` tests need
 * `evalExpr`, which gets the cell's expression and the input value and must
 * give a boolean; without it they fail.
 */
export function matchesUnary(test: UnaryTest, value: Value, evalExpr?: (expr: Expr, input: Value) => Value): boolean {
  switch (test.kind) {
    case 'any':
      return true;
    case 'compare':
      return testCompare(test.op, value, test.value.value);
    case 'range':
      return testRange(value, test.low.value, test.high.value, test.lowClosed, test.highClosed);
    case 'or':
      return test.items.some((t) => matchesUnary(t, value, evalExpr));
    case 'not':
      return !test.items.some((t) => matchesUnary(t, value, evalExpr));
    case 'expr':
      return evalExpr ? evalExpr(test.expr, value) === true : false;
  }
}
