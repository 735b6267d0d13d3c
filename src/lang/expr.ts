/**
 * Formulas: the FEEL subset of docs/format.md ("Expressions") parsed into the
 * `Expr` AST with exact spans. Precedence, loosest first:
 * `if` < `or` < `and` < comparison < `+ -` < `* /` < `**` < unary `-` < `.field`/calls.
 * Binary operators are left-associative (as in FEEL, `**` too); comparisons do
 * not chain.
 */
import { t, word, type Params } from '../diagnostics/catalogue.js';
import type { BinaryOp, Expr, Literal, Span } from '../model/index.js';
import { badDate, type LangError, type Token } from './lexer.js';
import { Stop, TokenCursor } from './cursor.js';
import { childrenOf } from './walk.js';
import { BUILTIN_LIST } from './builtins/index.js';
import './messages.js';

export type { LangError } from './lexer.js';

/** Built-in functions (src/lang/builtins/); a call of any other name is a call of a decision. */
export const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_LIST.map((b) => b.name));

/** Words that cannot be names. */
export const KEYWORDS: ReadonlySet<string> = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'null']);

/** Nesting deeper than this is refused with an error (never a stack overflow). */
export const MAX_EXPR_DEPTH = 256;

const COMPARE = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * Parse a formula. Never throws; on an error `expr` is absent and `errors`
 * says why, with offsets into `text`. `at` turns offsets into source spans.
 * `enumKeys` (the keys of an enum output) lets a formula that is just a bare
 * key, as in `then: { level: secret }`, stand for the quoted key `"secret"`.
 */
export function parseExpr(
  text: string,
  at: (start: number, end: number) => Span,
  opts: { enumKeys?: ReadonlySet<string> } = {},
): { expr?: Expr; errors: LangError[] } {
  try {
    const parser = new ExprParser(text, at);
    return { expr: parser.bareKey(opts.enumKeys) ?? parser.parseAll(), errors: [] };
  } catch (e) {
    if (e instanceof Stop) return { errors: [e.error] };
    if (e instanceof RangeError) {
      return { errors: [{ ...t('lang.formula.stack-too-deep', { max: MAX_EXPR_DEPTH }), start: 0, end: text.length }] };
    }
    return { errors: [{ ...t('lang.formula.unreadable', { error: String(e) }), start: 0, end: text.length }] };
  }
}

/** An Expr variant without its span (distributes over the union). */
type NoSpan<T> = T extends unknown ? Omit<T, 'span'> : never;

interface Pos {
  start: number;
  end: number;
  /** Height of the node's tree: long operator chains nest too (`1+1+…` is left-deep). */
  height: number;
}

class ExprParser extends TokenCursor {
  private depth = 0;
  /** Offsets of every node, for spans of the nodes built around them. */
  private readonly where = new WeakMap<Expr, Pos>();

  constructor(
    text: string,
    private readonly at: (start: number, end: number) => Span,
  ) {
    super(text, 'lang.word.end-of-formula');
  }

  /** The punctuation `p` next, or a stop with `key` (whose message names `p`). */
  private expect(p: string, key: string): Token {
    const tok = this.peek();
    if (!this.isPunct(tok, p)) this.fail(tok, key);
    return this.next();
  }

  private make(node: NoSpan<Expr>, start: number, end: number): Expr {
    const n = { ...node, span: this.at(start, end) } as Expr;
    let height = 0;
    for (const c of childrenOf(n)) height = Math.max(height, this.where.get(c)?.height ?? 0);
    if (++height > MAX_EXPR_DEPTH) {
      throw new Stop({ ...t('lang.formula.too-deep', { max: MAX_EXPR_DEPTH }), start, end });
    }
    this.where.set(n, { start, end, height });
    return n;
  }

  private of(e: Expr): Pos {
    return this.where.get(e)!;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_EXPR_DEPTH) {
      this.fail(t, 'lang.formula.too-deep', { max: MAX_EXPR_DEPTH });
    }
  }

  /** The whole text as one bare enum key, if it is one. */
  bareKey(keys: ReadonlySet<string> | undefined): Expr | undefined {
    const [t, end] = this.toks;
    if (!keys || t.kind !== 'ident' || end.kind !== 'eof' || !keys.has(t.text)) return undefined;
    return this.literal({ kind: 'string', value: t.text }, t.start, t.end);
  }

  parseAll(): Expr {
    const first = this.peek();
    if (first.kind === 'eof') this.fail(first, 'lang.formula.empty');
    const e = this.parseExpr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      if (this.isPunct(t, ')')) this.fail(t, 'lang.formula.closes-nothing');
      if (COMPARE.has(t.kind === 'punct' ? t.text : '')) this.fail(t, 'lang.formula.chained-compare');
      if (t.kind === 'bad') this.fail(t, 'lang.formula.unexpected');
      if (this.isPunct(t, '?')) this.fail(t, 'lang.formula.ternary');
      this.fail(t, 'lang.formula.missing-operator');
    }
    return e;
  }

  private parseExpr(): Expr {
    this.enter(this.peek());
    const e = this.isWord(this.peek(), 'if') ? this.parseIf() : this.parseOr();
    this.depth--;
    return e;
  }

  private parseIf(): Expr {
    const kw = this.next();
    const cond = this.parseExpr();
    const th = this.peek();
    if (!this.isWord(th, 'then')) this.fail(th, 'lang.formula.expected-then');
    this.next();
    const a = this.parseExpr();
    const el = this.peek();
    if (!this.isWord(el, 'else')) this.fail(el, 'lang.formula.expected-else');
    this.next();
    const b = this.parseExpr();
    return this.make({ kind: 'if', cond, then: a, else: b }, kw.start, this.of(b).end);
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return this.make({ kind: 'binary', op, left, right }, this.of(left).start, this.of(right).end);
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = this.binary('or', left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseCompare();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = this.binary('and', left, this.parseCompare());
    }
    return left;
  }

  private parseCompare(): Expr {
    const left = this.parseAdd();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARE.has(t.text)) {
      this.next();
      const eq = this.peek();
      if ((t.text === '<' || t.text === '>') && this.isPunct(eq, '=')) this.fail(eq, 'lang.spaced-compare', { op: t.text });
      const right = this.parseAdd();
      const again = this.peek();
      if (again.kind === 'punct' && COMPARE.has(again.text)) this.fail(again, 'lang.formula.chained-compare');
      return this.binary(t.text as BinaryOp, left, right);
    }
    return left;
  }

  private parseAdd(): Expr {
    let left = this.parseMul();
    for (;;) {
      const t = this.peek();
      if (!(this.isPunct(t, '+') || this.isPunct(t, '-'))) return left;
      this.next();
      left = this.binary(t.kind === 'punct' ? (t.text as BinaryOp) : '+', left, this.parseMul());
    }
  }

  private parseMul(): Expr {
    let left = this.parsePow();
    for (;;) {
      const t = this.peek();
      if (!(this.isPunct(t, '*') || this.isPunct(t, '/'))) return left;
      this.next();
      left = this.binary(t.kind === 'punct' ? (t.text as BinaryOp) : '*', left, this.parsePow());
    }
  }

  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.isPunct(this.peek(), '**')) {
      this.next();
      left = this.binary('**', left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (this.isPunct(t, '-')) {
      this.enter(t);
      this.next();
      const n = this.peek();
      let e: Expr;
      if (n.kind === 'number') {
        // A minus glued to a number is a negative literal, so `-5` prints and re-reads as one node.
        this.next();
        e = this.postfix(this.literal({ kind: 'number', value: n.value.neg(), ...(n.percent ? { unit: 'percent' as const } : {}) }, t.start, n.end));
      } else {
        const operand = this.parseUnary();
        e = this.make({ kind: 'unary', op: '-', operand }, t.start, this.of(operand).end);
      }
      this.depth--;
      return e;
    }
    if (this.isPunct(t, '+')) this.fail(t, 'lang.formula.leading-plus');
    return this.postfix(this.parsePrimary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '.')) {
        this.next();
        const f = this.peek();
        if (f.kind !== 'ident' || KEYWORDS.has(f.text)) this.fail(f, 'lang.formula.field-name');
        this.next();
        e = this.make({ kind: 'field', target: e, field: f.text }, this.of(e).start, f.end);
        continue;
      }
      if (this.isPunct(t, '(')) this.fail(t, 'lang.formula.call-non-name');
      if (this.isPunct(t, '[')) this.fail(t, 'lang.formula.index');
      return e;
    }
  }

  private literal(value: Literal, start: number, end: number): Expr {
    value.span = this.at(start, end);
    return this.make({ kind: 'literal', value }, start, end);
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return this.literal({ kind: 'number', value: t.value, ...(t.percent ? { unit: 'percent' as const } : {}) }, t.start, t.end);
      case 'string':
        this.next();
        return this.literal({ kind: 'string', value: t.value }, t.start, t.end);
      case 'date':
        this.next();
        return this.literal({ kind: 'date', value: { kind: 'date', iso: t.iso } }, t.start, t.end);
      case 'punct':
        if (t.text === '(') {
          this.next();
          const inner = this.parseExpr();
          this.expect(')', 'lang.formula.close-paren');
          return inner;
        }
        if (t.text === '[') return this.parseList();
        if (t.text === '!=') this.fail(t, 'lang.formula.bang-equal');
        break;
      case 'ident':
        return this.parseWord();
      case 'bad':
        this.fail(t, 'lang.formula.unexpected');
    }
    this.fail(t, 'lang.formula.expected-value');
  }

  private parseList(): Expr {
    const open = this.next();
    this.enter(open);
    const items: Expr[] = [];
    if (!this.isPunct(this.peek(), ']')) {
      items.push(this.parseExpr());
      while (this.isPunct(this.peek(), ',')) {
        this.next();
        items.push(this.parseExpr());
      }
    }
    const close = this.expect(']', 'lang.formula.close-list');
    this.depth--;
    return this.make({ kind: 'list', items }, open.start, close.end);
  }

  private parseWord(): Expr {
    const t = this.next() as Extract<Token, { kind: 'ident' }>;
    switch (t.text) {
      case 'true':
      case 'false':
        return this.literal({ kind: 'boolean', value: t.text === 'true' }, t.start, t.end);
      case 'null':
        return this.literal({ kind: 'null', value: null }, t.start, t.end);
      case 'if':
        this.pos--;
        return this.parseExpr();
      case 'not': {
        const open = this.peek();
        if (!this.isPunct(open, '(')) this.fail(open, 'lang.formula.not-paren');
        this.next();
        const operand = this.parseExpr();
        if (this.isPunct(this.peek(), ',')) this.fail(this.peek(), 'lang.formula.not-one-arg');
        const close = this.expect(')', 'lang.formula.close-not');
        return this.make({ kind: 'unary', op: 'not', operand }, t.start, close.end);
      }
      case 'then':
      case 'else':
      case 'and':
      case 'or':
        this.fail(t, t.text === 'then' || t.text === 'else' ? 'lang.formula.keyword-if' : 'lang.formula.keyword-both-sides', { word: t.text });
    }
    // A dotted name followed by `(` calls a decision; otherwise the dots are field accesses.
    const parts: Token[] = [t];
    while (this.isPunct(this.peek(), '.') && this.peek(1).kind === 'ident' && !KEYWORDS.has((this.peek(1) as { text: string }).text)) {
      parts.push(this.peek(1));
      this.pos += 2;
    }
    if (this.isPunct(this.peek(), '(')) {
      const id = parts.map((p) => (p as { text: string }).text).join('.');
      return this.parseCall(id, t.start, parts.length === 1 && BUILTINS.has(id));
    }
    let e: Expr = this.make({ kind: 'name', name: t.text }, t.start, t.end);
    for (const p of parts.slice(1)) {
      e = this.make({ kind: 'field', target: e, field: (p as { text: string }).text }, t.start, p.end);
    }
    return e;
  }

  private parseCall(id: string, start: number, builtin: boolean): Expr {
    const open = this.next();
    this.enter(open);
    const args: Expr[] = [];
    const named: Record<string, Expr> = Object.create(null);
    let nameCount = 0;
    if (!this.isPunct(this.peek(), ')')) {
      for (;;) {
        const a = this.peek();
        if (a.kind === 'ident' && this.isPunct(this.peek(1), ':')) {
          if (builtin) this.fail(a, 'lang.formula.builtin-named', { id });
          if (args.length) this.fail(a, 'lang.formula.named-then-positional');
          if (Object.prototype.hasOwnProperty.call(named, a.text)) this.fail(a, 'lang.formula.duplicate-argument', { name: a.text });
          this.pos += 2;
          named[a.text] = this.parseExpr();
          nameCount++;
        } else {
          if (nameCount) this.fail(a, 'lang.formula.positional-after-named');
          args.push(this.parseExpr());
        }
        if (!this.isPunct(this.peek(), ',')) break;
        this.next();
      }
    }
    const close = this.expect(')', 'lang.formula.close-args');
    this.depth--;
    if (builtin) {
      if (id === 'date' && args.length === 1 && args[0].kind === 'literal' && args[0].value.kind === 'string') {
        const iso = args[0].value.value;
        const why = badDate(iso);
        const p = this.of(args[0]);
        if (why) throw new Stop({ message: why, hint: word('lang.hint.date-call-format'), start: p.start, end: p.end });
        return this.literal({ kind: 'date', value: { kind: 'date', iso } }, start, close.end);
      }
      return this.make({ kind: 'builtin', name: id, args }, start, close.end);
    }
    const node = nameCount ? { kind: 'call' as const, decision: id, args, named: { ...named } } : { kind: 'call' as const, decision: id, args };
    return this.make(node, start, close.end);
  }
}

