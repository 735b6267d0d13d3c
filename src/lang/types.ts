/**
 * Types with units for formulas and cells (docs/format.md, "Units"):
 * money ± money = money, money × percent = money, money / money = number, an
 * unsuffixed literal takes the unit its context needs, and anything else that
 * mixes units is an error. Errors carry spans and "did you mean" hints; one
 * mistake is reported once (an erroneous subexpression does not cascade).
 *
 * One file of about 600 lines on purpose: the unit rules are one table read by one recursive checker, and splitting the cases would scatter the table.
 */
import { KIND_DATE_TIME, KIND_DAY_TIME, KIND_YEAR_MONTH } from '../runtime/temporal.js';
import { NUMERIC_KINDS } from '../runtime/semantics.js';
import { t, word, type Params } from '../diagnostics/catalogue.js';
import type { BinaryOp, Expr, Field, Literal, Span, UnaryTest, ValueType } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { formatLiteral, formatPercent } from './format.js';
import { suggest } from './suggest.js';
import { BUILTIN_BY_NAME, type TypeT } from './builtins/index.js';
import './messages.js';

/** A type problem at a place in the source. */
export interface TypeProblem {
  message: string;
  hint?: string;
  span: Span;
}

/** What the checker knows about the world: names in scope and the decisions a formula may call. */
export interface TypeEnv {
  names: Map<string, ValueType>;
  decision: (id: string) => { inputs: Field[]; outputs: Field[] } | undefined;
  /** All decision ids, used only to suggest a near one for an unknown id. */
  decisionIds?: readonly string[];
  /**
   * FEEL's semantics (decisions imported from DMN): text may stand where an enum
   * is wanted (its allowed values are checked when the value arrives), and
   * `and`/`or`/`not` of a non-boolean is null rather than a type error.
   */
  feel?: boolean;
}

/** The type of an expression while checking (shared with the built-ins' type rules). */
type T = TypeT;

const NUMERIC = NUMERIC_KINDS;
const ERR: T = { t: 'error' };
const v = (kind: ValueType['kind']): T => ({ t: 'value', type: { kind } });
const FLEX: T = { t: 'value', type: { kind: 'number' }, flex: true };

function isNumeric(x: T): x is { t: 'value'; type: ValueType; flex?: boolean } {
  return x.t === 'value' && NUMERIC.has(x.type.kind);
}

function kindOf(x: T): string {
  return x.t === 'value' ? x.type.kind : '';
}

/** How a type reads in a message. */
function show(x: T): string {
  switch (x.t) {
    case 'value':
      return x.type.kind;
    case 'null':
      return 'null';
    case 'list':
      return 'list';
    case 'context':
      return t('lang.word.result-of', { decision: x.decision }).message;
    case 'error':
      return 'error';
  }
}

/** Enum keys of a type, in order. */
function keys(type: ValueType): string[] {
  return (type.values ?? []).map((e) => e.key);
}

/**
 * Whether a cell or formula literal fits a field of `type`. An unsuffixed number
 * fits any numeric unit except percent (where only `0` is unambiguous); a percent
 * fits only percent; a string fits an enum only if it is one of its keys.
 */
export function checkLiteralAgainst(lit: Literal, type: ValueType): { message: string; hint?: string; span?: Span } | undefined {
  const text = formatLiteral(lit);
  const problem = (key: string, params: Params = {}) => {
    const m = t(key, { text, ...params });
    return { message: m.message, hint: m.hint, span: lit.span };
  };
  if (lit.kind === 'null') return undefined;
  switch (type.kind) {
    case 'percent':
      if (lit.kind !== 'number') return problem('lang.type.not-percent');
      if (lit.unit === 'money') return problem('lang.type.money-not-percent');
      if (lit.unit !== 'percent' && !lit.value.isZero()) {
        return lit.value.abs().gt(Decimal.ONE) ? problem('lang.type.needs-percent') : problem('lang.type.needs-percent-or-fraction', { percent: formatPercent(lit.value) });
      }
      return undefined;
    case 'number':
    case 'integer':
    case 'money':
    case 'months':
    case 'days':
      if (lit.kind !== 'number') return problem('lang.type.not-number', { kind: type.kind });
      if (lit.unit === 'percent') {
        return problem(type.kind === 'money' ? 'lang.type.percent-for-money' : 'lang.type.percent-for-number', { kind: type.kind, plain: lit.value.toString() });
      }
      if (type.kind === 'integer' && !lit.value.isInteger()) return problem('lang.type.not-integer');
      return undefined;
    case 'boolean':
      return lit.kind === 'boolean' ? undefined : problem('lang.type.not-boolean');
    case 'date':
      if (lit.kind === 'date') return undefined;
      return lit.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(lit.value) ? problem('lang.type.quoted-date', { value: lit.value }) : problem('lang.type.not-date');
    case 'string':
      return lit.kind === 'string' ? undefined : problem('lang.type.not-text');
    case 'enum': {
      const ks = keys(type);
      const list = ks.map((k) => `\`"${k}"\``).join(', ');
      if (lit.kind !== 'string') return problem('lang.type.not-enum-value', { keys: list });
      if (ks.includes(lit.value)) return undefined;
      const byLabel = (type.values ?? []).find((e) => e.label === lit.value);
      if (byLabel) return problem('lang.type.label-not-key', { key: byLabel.key });
      const near = suggest(lit.value, ks);
      return problem(near ? 'lang.unknown-value.near' : 'lang.unknown-value.one-of', { near, keys: list });
    }
  }
}

/** Type problems of a cell against the input's type: each literal must fit, and only numbers, dates and text can be ordered. */
export function checkUnaryAgainst(test: UnaryTest, type: ValueType): { message: string; hint?: string; span?: Span }[] {
  const out: { message: string; hint?: string; span?: Span }[] = [];
  const ordered = NUMERIC.has(type.kind) || type.kind === 'date' || type.kind === 'string';
  const visit = (c: UnaryTest): void => {
    switch (c.kind) {
      case 'compare': {
        if (c.op !== '=' && c.op !== '!=' && !ordered) {
          const m = t(type.kind === 'enum' ? 'lang.type.cell-compare-enum' : 'lang.type.cell-compare', { op: c.op, kind: type.kind });
          out.push({ message: m.message, hint: m.hint, span: c.span });
          return;
        }
        const p = checkLiteralAgainst(c.value, type);
        if (p) out.push(p);
        return;
      }
      case 'range': {
        if (!ordered) {
          const m = t(type.kind === 'enum' ? 'lang.type.cell-interval-enum' : 'lang.type.cell-interval', { kind: type.kind });
          out.push({ message: m.message, hint: m.hint, span: c.span });
          return;
        }
        for (const lit of [c.low, c.high]) {
          const p = checkLiteralAgainst(lit, type);
          if (p) out.push(p);
        }
        return;
      }
      case 'or':
      case 'not':
        c.items.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(test);
  return out;
}

/**
 * The type of a formula, with its problems. With `expected` (the declared type
 * of the output or input it feeds), the result must fit it: unsuffixed literals
 * adapt, string literals must be enum keys, and so on. A call of a decision
 * with one output stands for that output; with several it must pick one (`.rate`).
 */
export function typeOf(expr: Expr, env: TypeEnv, expected?: ValueType): { type?: ValueType; errors: TypeProblem[] } {
  const c = new Checker(env);
  let result: T;
  if (expected) {
    result = c.check(expr, expected, word('lang.word.the-formula'));
  } else {
    result = c.value(c.infer(expr), expr);
  }
  if (result.t === 'list' || result.t === 'null') {
    if (!expected && result.t === 'list') c.err(expr.span, 'lang.type.list-not-value');
  }
  const type = result.t === 'value' ? result.type : result.t === 'null' && expected ? expected : undefined;
  return c.errors.length ? { type, errors: c.errors } : { type, errors: [] };
}

class Checker {
  readonly errors: TypeProblem[] = [];
  constructor(private readonly env: TypeEnv) {}

  /** Records the catalogue entry `key` at `span`. */
  err(span: Span, key: string, params: Params = {}): T {
    return this.report(span, t(key, params));
  }

  /** Records a message already in words (from `checkLiteralAgainst`, or with a hint of its own). */
  report(span: Span, m: { message: string; hint?: string }): T {
    this.errors.push(m.hint === undefined ? { message: m.message, span } : { message: m.message, hint: m.hint, span });
    return ERR;
  }

  /** A call result used where a value is needed: its single output, or an error. */
  value(x: T, e: Expr): T {
    if (x.t !== 'context') return x;
    if (x.outputs.length === 1) return { t: 'value', type: x.outputs[0].type };
    const names = x.outputs.map((o) => o.name);
    return this.err(e.span, 'lang.type.pick-output', { decision: x.decision, count: names.length, first: names[0], outputs: names.map((n) => `\`${n}\``).join(', ') });
  }

  /** Check `e` against a declared type; literals and `if` branches are checked where they stand. */
  check(e: Expr, want: ValueType, what: string): T {
    if (e.kind === 'literal') {
      const p = checkLiteralAgainst(e.value, want);
      if (p) return this.report(e.span, p);
      return { t: 'value', type: want };
    }
    if (e.kind === 'if') {
      this.cond(e.cond);
      const a = this.check(e.then, want, what);
      const b = this.check(e.else, want, what);
      return a.t === 'error' || b.t === 'error' ? ERR : { t: 'value', type: want };
    }
    // `1000 * count` where money is wanted: the unsuffixed literal is the amount and
    // the count a plain factor, as an author means it.
    if (e.kind === 'binary' && e.op === '*' && NUMERIC.has(want.kind)) {
      const isFlexLit = (x: Expr) => x.kind === 'literal' && x.value.kind === 'number' && x.value.unit === undefined;
      const lit = isFlexLit(e.left) ? e.left : isFlexLit(e.right) ? e.right : undefined;
      if (lit) {
        const other = lit === e.left ? e.right : e.left;
        const o = this.value(this.infer(other), other);
        if (o.t === 'error') return ERR;
        if (o.t === 'value' && !o.flex && (o.type.kind === 'integer' || o.type.kind === 'number')) return { t: 'value', type: want };
      }
    }
    const got = this.value(this.infer(e), e);
    if (got.t === 'error' || got.t === 'null') return got;
    if (got.t === 'value' && this.fits(got, want)) return { t: 'value', type: want };
    if (this.env.feel && got.t === 'value' && got.type.kind === 'string' && want.kind === 'enum') return { t: 'value', type: want };
    if (got.t === 'value' && got.type.kind === 'enum' && want.kind === 'enum') {
      const missing = keys(got.type).filter((k) => !keys(want).includes(k));
      return this.err(e.span, 'lang.type.enum-extra', { what, key: missing[0], kind: want.kind, keys: keys(want).map((k) => `\`"${k}"\``).join(', ') });
    }
    return this.report(e.span, { message: t('lang.type.mismatch', { what, got: show(got), want: want.kind }).message, hint: hintFor(got, want) });
  }

  private fits(got: { t: 'value'; type: ValueType; flex?: boolean }, want: ValueType): boolean {
    const g = got.type.kind;
    if (got.flex) return NUMERIC.has(want.kind);
    if (g === want.kind) return g !== 'enum' || keys(got.type).every((k) => keys(want).includes(k));
    return g === 'integer' && want.kind === 'number';
  }

  private cond(e: Expr): void {
    const c = this.value(this.infer(e), e);
    if (c.t === 'value' && c.type.kind !== 'boolean') this.err(e.span, 'lang.type.condition', { got: show(c) });
  }

  infer(e: Expr): T {
    switch (e.kind) {
      case 'literal':
        return literalType(e.value);
      case 'name': {
        const t = this.env.names.get(e.name);
        if (t) return { t: 'value', type: t };
        return this.unknownName(e.name, e.span);
      }
      case 'field':
        return this.field(e);
      case 'unary': {
        const x = this.value(this.infer(e.operand), e.operand);
        if (x.t === 'error') return ERR;
        if (e.op === 'not') {
          if (x.t === 'value' && x.type.kind === 'boolean') return x;
          if (this.env.feel) return v('boolean');
          return this.err(e.operand.span, 'lang.type.not-needs-boolean', { got: show(x) });
        }
        if (isNumeric(x)) return x;
        return this.feelNull(() => this.err(e.operand.span, 'lang.type.cannot-negate', { got: show(x) }));
      }
      case 'binary':
        return this.binary(e);
      case 'if': {
        this.cond(e.cond);
        const a = this.value(this.infer(e.then), e.then);
        const b = this.value(this.infer(e.else), e.else);
        const u = this.unify(a, b, e.then, e.else);
        if (u) return u;
        return this.err(e.span, 'lang.type.if-branches', { a: show(a), b: show(b) });
      }
      case 'list': {
        let item: T | undefined;
        for (const it of e.items) {
          const x = this.value(this.infer(it), it);
          if (!item) item = x;
          else {
            const u = this.unify(item, x, e.items[0], it);
            if (!u) return this.err(it.span, 'lang.type.list-items', { a: show(item), b: show(x) });
            item = u;
          }
        }
        return { t: 'list', item };
      }
      case 'builtin':
        return this.builtin(e);
      case 'call':
        return this.call(e);
    }
  }

  private unknownName(name: string, span: Span): T {
    const names = [...this.env.names.keys()];
    const near = suggest(name, names);
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false' || lower === 'null') return this.err(span, 'lang.type.unknown-name-case', { name, lower });
    if (near) return this.err(span, 'lang.type.unknown-name-near', { name, near });
    if (!names.length) return this.err(span, 'lang.type.unknown-name-none', { name });
    const known = `${names.slice(0, 8).map((n) => `\`${n}\``).join(', ')}${names.length > 8 ? ', …' : ''}`;
    return this.err(span, 'lang.type.unknown-name-known', { name, names: known });
  }

  private field(e: Extract<Expr, { kind: 'field' }>): T {
    // `cs.rate.x` without parentheses: the author meant a decision; say so rather than "unknown name `cs`".
    const path = dotted(e);
    if (path && !this.env.names.has(path[0])) {
      for (let i = path.length; i >= 2; i--) {
        const id = path.slice(0, i).join('.');
        if (this.env.decision(id)) return this.err(e.span, 'lang.type.decision-not-called', { id });
      }
    }
    const target = this.infer(e.target);
    if (target.t === 'error') return ERR;
    if (target.t === 'context') {
      const out = target.outputs.find((o) => o.name === e.field);
      if (out) return { t: 'value', type: out.type };
      const near = suggest(e.field, target.outputs.map((o) => o.name));
      return this.err(e.span, near ? 'lang.type.no-output-near' : 'lang.type.no-output-list', {
        decision: target.decision,
        field: e.field,
        near,
        outputs: target.outputs.map((o) => `\`${o.name}\``).join(', '),
      });
    }
    return this.err(e.span, 'lang.type.no-field', { target: show(target), field: e.field });
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): T {
    const l = this.value(this.infer(e.left), e.left);
    const r = this.value(this.infer(e.right), e.right);
    if (l.t === 'error' || r.t === 'error') return ERR;
    const op = e.op;
    if (op === 'and' || op === 'or') {
      if (this.env.feel) return v('boolean');
      for (const [x, side] of [[l, e.left], [r, e.right]] as const) {
        if (!(x.t === 'value' && x.type.kind === 'boolean') && x.t !== 'null') return this.err(side.span, 'lang.type.needs-booleans', { op, got: show(x) });
      }
      return v('boolean');
    }
    if (op === '=' || op === '!=') {
      const lit = this.enumLiteral(l, e.right) ?? this.enumLiteral(r, e.left);
      if (lit === 'bad') return ERR;
      if (lit === 'ok' || this.unify(l, r, e.left, e.right)) return v('boolean');
      return this.err(e.span, 'lang.type.cannot-compare', { a: show(l), b: show(r) });
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') return this.feelNull(() => this.order(op, l, r, e));
    return this.feelNull(() => this.arith(op, l, r, e));
  }

  /** `<`, `<=`, `>`, `>=`: numbers, dates and text order; anything else is a problem. */
  private order(op: BinaryOp, l: T, r: T, e: Extract<Expr, { kind: 'binary' }>): T {
    const u = this.unify(l, r, e.left, e.right);
    if (u && u.t === 'value' && (NUMERIC.has(u.type.kind) || u.type.kind === 'date' || u.type.kind === 'string' || TEMPORAL_KINDS.has(u.type.kind))) return v('boolean');
    if (u) return this.err(e.span, 'lang.type.cannot-order', { op, type: show(u) });
    const m = t('lang.type.cannot-compare', { a: show(l), b: show(r) });
    return this.report(e.span, { message: m.message, hint: hintFor(r, l.t === 'value' ? l.type : { kind: 'number' }) ?? m.hint });
  }

  /**
   * Under FEEL (`semantics: feel`) operands of the wrong types make the result
   * null instead of an error (`true * 2`, `"a" < 1`): the problems `check`
   * reports are dropped and the type is null.
   */
  private feelNull(typed: () => T): T {
    const before = this.errors.length;
    const out = typed();
    if (!this.env.feel || this.errors.length === before) return out;
    this.errors.splice(before);
    return { t: 'null' };
  }

  /** `offense = "leak"`: check the literal against the enum. */
  private enumLiteral(side: T, other: Expr): 'ok' | 'bad' | undefined {
    if (side.t !== 'value' || side.type.kind !== 'enum' || other.kind !== 'literal' || other.value.kind !== 'string') return undefined;
    const p = checkLiteralAgainst(other.value, side.type);
    if (!p) return 'ok';
    this.report(other.span, p);
    return 'bad';
  }

  private arith(op: BinaryOp, l: T, r: T, e: Expr): T {
    const L = kindOf(l);
    const R = kindOf(r);
    const lf = l.t === 'value' && l.flex;
    const rf = r.t === 'value' && r.flex;
    // Arithmetic with `null` is null (FEEL); the other operand still says what the result would be.
    if (l.t === 'null') return r.t === 'null' || isNumeric(r) || R === 'string' ? r : this.err(e.span, 'lang.type.needs-numbers', { name: op, got: show(r) });
    if (r.t === 'null') return isNumeric(l) || L === 'string' ? l : this.err(e.span, 'lang.type.needs-numbers', { name: op, got: show(l) });
    // Text joined with `+`.
    if (op === '+' && L === 'string' && R === 'string') return v('string');
    if ((op === '+' || op === '-') && (TEMPORAL_KINDS.has(L) || TEMPORAL_KINDS.has(R))) {
      const out = temporalSum(op, L, R);
      return out ? v(out) : this.err(e.span, op === '+' ? 'lang.type.cannot-add' : 'lang.type.cannot-subtract', { a: show(l), b: show(r), op });
    }
    if (op === '+' || op === '-') {
      if (L === 'date' && R === 'date' && op === '-') return v('days');
      if (L === 'date' && (R === 'days' || R === 'months' || rf)) return v('date');
      if (op === '+' && R === 'date' && (L === 'days' || L === 'months')) return v('date');
      if (isNumeric(l) && isNumeric(r)) {
        if (lf) return r;
        if (rf) return l;
        if (L === R) return l;
        if ((L === 'integer' && R === 'number') || (L === 'number' && R === 'integer')) return v('number');
      }
      return this.err(e.span, op === '+' ? 'lang.type.cannot-add' : 'lang.type.cannot-subtract', { a: show(l), b: show(r), op });
    }
    if (!isNumeric(l) || !isNumeric(r)) {
      const bad = isNumeric(l) ? r : l;
      return this.err(e.span, 'lang.type.needs-numbers', { name: op, got: show(bad) });
    }
    if (op === '*') {
      if (lf && rf) return FLEX;
      if (lf) return r;
      if (rf) return l;
      const scalar = (k: string) => k === 'number' || k === 'integer';
      if (L === 'percent' && R === 'percent') return v('percent');
      if (scalar(L) && scalar(R)) return v(L === 'integer' && R === 'integer' ? 'integer' : 'number');
      if (R === 'percent' || scalar(R)) return L === 'integer' ? v('number') : l;
      if (L === 'percent' || scalar(L)) return R === 'integer' ? v('number') : r;
      return this.err(e.span, 'lang.type.cannot-multiply', { a: L, b: R });
    }
    if (op === '/') {
      if (lf && rf) return FLEX;
      if (rf) return L === 'integer' ? v('number') : l;
      if (L === R) return v('number');
      if (lf) return R === 'number' || R === 'integer' || R === 'percent' ? v('number') : this.err(e.span, 'lang.type.cannot-divide-number', { b: R });
      if (R === 'number' || R === 'integer' || R === 'percent') return L === 'integer' ? v('number') : l;
      if ((L === 'number' || L === 'integer') && R !== 'money') return v('number');
      return this.err(e.span, 'lang.type.cannot-divide', { a: L, b: R });
    }
    // `**`: a growth factor or a square, never a unit to a power.
    const base = L === 'number' || L === 'integer' || lf;
    const expo = R === 'number' || R === 'integer' || rf;
    if (!base || !expo) return this.err(e.span, 'lang.type.cannot-raise', { a: L, b: R });
    return lf && rf ? FLEX : v('number');
  }

  /** The common type of two branches/items/operands, or undefined when they do not agree. */
  private unify(a: T, b: T, ea: Expr, eb: Expr): T | undefined {
    if (a.t === 'error') return b;
    if (b.t === 'error' || b.t === 'null') return a;
    if (a.t === 'null') return b;
    if (a.t === 'list' || b.t === 'list') {
      if (a.t === 'list' && b.t === 'list') {
        if (!a.item) return b;
        if (!b.item) return a;
        const u = this.unify(a.item, b.item, ea, eb);
        return u ? { t: 'list', item: u } : undefined;
      }
      return undefined;
    }
    if (a.t !== 'value' || b.t !== 'value') return undefined;
    const A = a.type.kind;
    const B = b.type.kind;
    if (isNumeric(a) && isNumeric(b)) {
      if (a.flex) return b;
      if (b.flex) return a;
      if (A === B) return a;
      if ((A === 'integer' && B === 'number') || (A === 'number' && B === 'integer')) return v('number');
      return undefined;
    }
    if (A === 'enum' && B === 'enum') {
      const ks = [...(a.type.values ?? [])];
      for (const x of b.type.values ?? []) if (!ks.some((k) => k.key === x.key)) ks.push(x);
      return { t: 'value', type: { kind: 'enum', values: ks } };
    }
    // An enum and a string literal agree when the literal is one of its keys.
    if (A === 'enum' && B === 'string' && eb.kind === 'literal' && eb.value.kind === 'string') {
      return keys(a.type).includes(eb.value.value) ? a : undefined;
    }
    if (B === 'enum' && A === 'string' && ea.kind === 'literal' && ea.value.kind === 'string') {
      return keys(b.type).includes(ea.value.value) ? b : undefined;
    }
    return A === B ? a : undefined;
  }

  /** A built-in call: the arity here, the rest by the built-in's own rule (src/lang/builtins/). */
  private builtin(e: Extract<Expr, { kind: 'builtin' }>): T {
    const args = e.args.map((a) => this.value(this.infer(a), a));
    if (args.some((a) => a.t === 'error')) return ERR;
    const b = BUILTIN_BY_NAME.get(e.name);
    if (!b) return this.err(e.span, 'lang.type.unknown-function', { name: e.name });
    const [min, max] = b.arity;
    // Under FEEL a call that cannot be computed (wrong arity, wrong argument types) is null.
    if (this.env.feel && (args.length < min || args.length > max)) return { t: 'null' };
    if (args.length < min || args.length > max) {
      const key = min === 1 && max === 1 ? 'lang.type.arity-one' : min === max ? 'lang.type.arity-exact' : max === Infinity ? 'lang.type.arity-at-least' : 'lang.type.arity-range';
      return this.err(e.span, key, { name: e.name, min, max, got: args.length });
    }
    let refused = false;
    const typed = b.type(args, {
      err: (key, params = {}, at) => {
        refused = true;
        return this.env.feel ? ERR : this.err(at === undefined ? e.span : e.args[at].span, key, { name: e.name, ...params });
      },
      unify: (x, y, i, j) => this.unify(x, y, e.args[i] ?? e.args[0], e.args[j] ?? e.args[0]),
      isNumeric,
      kind: kindOf,
      show,
      value: v,
    });
    return refused && this.env.feel ? { t: 'null' } : typed;
  }

  private call(e: Extract<Expr, { kind: 'call' }>): T {
    const d = this.env.decision(e.decision);
    if (!d) {
      const near = this.env.decisionIds ? suggest(e.decision, this.env.decisionIds) : undefined;
      e.args.forEach((a) => this.infer(a));
      return this.err(e.span, near ? 'lang.type.unknown-decision-near' : 'lang.type.unknown-decision', { id: e.decision, near });
    }
    const inputs = d.inputs;
    const list = inputs.map((i) => `\`${i.name}\``).join(', ');
    let bad = false;
    if (e.named && Object.keys(e.named).length) {
      for (const [name, arg] of Object.entries(e.named)) {
        const input = inputs.find((i) => i.name === name);
        if (!input) {
          const near = suggest(name, inputs.map((i) => i.name));
          this.err(arg.span, near ? 'lang.type.no-input-near' : 'lang.type.no-input-list', { decision: e.decision, name, near, inputs: list });
          bad = true;
          continue;
        }
        if (this.check(arg, input.type, t('lang.word.argument', { name }).message).t === 'error') bad = true;
      }
      // An input with a `default` may be left out.
      const missing = inputs.filter((i) => i.default === undefined && !Object.prototype.hasOwnProperty.call(e.named, i.name));
      if (missing.length) {
        this.err(e.span, missing.length > 1 ? 'lang.type.missing-inputs' : 'lang.type.missing-input', {
          names: missing.map((m) => `\`${m.name}\``).join(', '),
          decision: e.decision,
          inputs: list,
        });
        bad = true;
      }
    } else {
      if (e.args.length !== inputs.length) {
        e.args.forEach((a) => this.infer(a));
        const key = inputs.length === 0 ? 'lang.type.call-arity-none' : inputs.length === 1 ? 'lang.type.call-arity-one' : 'lang.type.call-arity';
        return this.err(e.span, key, { decision: e.decision, count: inputs.length, got: e.args.length, inputs: list });
      }
      e.args.forEach((a, i) => {
        if (this.check(a, inputs[i].type, t('lang.word.argument', { name: inputs[i].name }).message).t === 'error') bad = true;
      });
    }
    return bad ? ERR : { t: 'context', decision: e.decision, outputs: d.outputs };
  }
}

function literalType(lit: Literal): T {
  switch (lit.kind) {
    case 'number':
      return lit.unit === 'percent' ? v('percent') : lit.unit === 'money' ? v('money') : FLEX;
    case 'string':
      return v('string');
    case 'boolean':
      return v('boolean');
    case 'date':
      return v('date');
    case 'null':
      return { t: 'null' };
  }
}

/** `a.b.c` as a path when it is only a name with fields, else undefined. */
function dotted(e: Expr): string[] | undefined {
  if (e.kind === 'name') return [e.name];
  if (e.kind === 'field') {
    const p = dotted(e.target);
    return p ? [...p, e.field] : undefined;
  }
  return undefined;
}

function hintFor(got: T, want: ValueType): string | undefined {
  const g = kindOf(got);
  if (g === 'percent' && want.kind === 'money') return word('lang.hint.percent-of-money');
  if (g === 'number' && want.kind === 'integer') return word('lang.hint.round-it');
  if (g === 'money' && want.kind === 'number') return word('lang.hint.money-ratio');
  return undefined;
}

/** FEEL's temporal kinds other than `date` (src/runtime/temporal.ts has their arithmetic). */
const TEMPORAL_KINDS: ReadonlySet<string> = new Set(['time', KIND_DATE_TIME, KIND_DAY_TIME, KIND_YEAR_MONTH]);

/** The kind of `a + b` / `a - b` when a side is temporal (as the runtime computes it), or undefined when FEEL has none. */
function temporalSum(op: '+' | '-', a: string, b: string): ValueType['kind'] | undefined {
  const duration = (k: string) => k === KIND_DAY_TIME || k === KIND_YEAR_MONTH;
  const day = (k: string) => k === 'date' || k === KIND_DATE_TIME;
  if (duration(a) && a === b) return a as ValueType['kind'];
  if (op === '-' && ((day(a) && day(b)) || (a === 'time' && b === 'time'))) return KIND_DAY_TIME;
  if (duration(b) && (day(a) || (a === 'time' && b === KIND_DAY_TIME))) return a as ValueType['kind'];
  if (op === '+' && duration(a) && (day(b) || (b === 'time' && a === KIND_DAY_TIME))) return b as ValueType['kind'];
  return undefined;
}
