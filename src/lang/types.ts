/**
 * Types with units for formulas and cells (docs/format.md, "Units"):
 * money ± money = money, money × percent = money, money / money = number, an
 * unsuffixed literal takes the unit its context needs, and anything else that
 * mixes units is an error. Errors carry spans and "did you mean" hints; one
 * mistake is reported once (an erroneous subexpression does not cascade).
 */
import type { BinaryOp, Expr, Field, Literal, Span, UnaryTest, ValueType } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { formatLiteral, formatPercent } from './format.js';
import { suggest } from './suggest.js';

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
}

/** The type of an expression while checking. `flex` marks unsuffixed literals, which adapt to any numeric unit. */
type T =
  | { t: 'value'; type: ValueType; flex?: boolean }
  | { t: 'null' }
  | { t: 'list'; item?: T }
  | { t: 'context'; decision: string; outputs: Field[] }
  | { t: 'error' };

const NUMERIC = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);
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
      return `result of \`${x.decision}\``;
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
  const problem = (message: string, hint?: string) => ({ message, hint, span: lit.span });
  if (lit.kind === 'null') return undefined;
  switch (type.kind) {
    case 'percent':
      if (lit.kind !== 'number') return problem(`\`${text}\` is not a percent`, 'write a percent such as `70%`');
      if (lit.unit === 'money') return problem(`\`${text}\` is money, not a percent`);
      if (lit.unit !== 'percent' && !lit.value.isZero()) {
        const hint = lit.value.abs().gt(Decimal.ONE) ? `write \`${text}%\`` : `write \`${text}%\` for ${text} percent, or \`${formatPercent(lit.value)}\` for the fraction ${text}`;
        return problem(`\`${text}\` needs a \`%\` here`, hint);
      }
      return undefined;
    case 'number':
    case 'integer':
    case 'money':
    case 'months':
    case 'days':
      if (lit.kind !== 'number') return problem(`\`${text}\` is not a number`, `\`${type.kind}\` values are plain numbers such as \`1500\``);
      if (lit.unit === 'percent') {
        return problem(`\`${text}\` is a percent, but the value is \`${type.kind}\``, type.kind === 'money' ? 'write an amount such as `1500`; to take a share of money, multiply: `sales * 1.5%`' : `write a plain number such as \`${lit.value.toString()}\``);
      }
      if (type.kind === 'integer' && !lit.value.isInteger()) return problem(`\`${text}\` is not an integer`, 'write a whole number');
      return undefined;
    case 'boolean':
      return lit.kind === 'boolean' ? undefined : problem(`\`${text}\` is not \`true\` or \`false\``);
    case 'date':
      if (lit.kind === 'date') return undefined;
      return problem(`\`${text}\` is not a date`, lit.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(lit.value) ? `write it without quotes: \`${lit.value}\`` : 'write a date such as `2026-01-31`');
    case 'string':
      return lit.kind === 'string' ? undefined : problem(`\`${text}\` is not text`, `quote it: \`"${text}"\``);
    case 'enum': {
      const ks = keys(type);
      if (lit.kind !== 'string') return problem(`\`${text}\` is not one of the values ${ks.map((k) => `\`"${k}"\``).join(', ')}`);
      if (ks.includes(lit.value)) return undefined;
      const byLabel = (type.values ?? []).find((e) => e.label === lit.value);
      if (byLabel) return problem(`\`${text}\` is a label, not a key`, `write the key: \`"${byLabel.key}"\``);
      const near = suggest(lit.value, ks);
      return problem(`unknown value \`${text}\``, near ? `did you mean \`"${near}"\`?` : `expected one of ${ks.map((k) => `\`"${k}"\``).join(', ')}`);
    }
  }
}

/** Type problems of a cell against the input's type: each literal must fit, and only numbers, dates and text can be ordered. */
export function checkUnaryAgainst(test: UnaryTest, type: ValueType): { message: string; hint?: string; span?: Span }[] {
  const out: { message: string; hint?: string; span?: Span }[] = [];
  const ordered = NUMERIC.has(type.kind) || type.kind === 'date' || type.kind === 'string';
  const visit = (t: UnaryTest): void => {
    switch (t.kind) {
      case 'compare': {
        if (t.op !== '=' && t.op !== '!=' && !ordered) {
          out.push({ message: `\`${t.op}\` cannot compare \`${type.kind}\` values`, hint: type.kind === 'enum' ? 'list the values instead: `"a", "b"`' : 'use a value: `true`', span: t.span });
          return;
        }
        const p = checkLiteralAgainst(t.value, type);
        if (p) out.push(p);
        return;
      }
      case 'range': {
        if (!ordered) {
          out.push({ message: `an interval cannot hold \`${type.kind}\` values`, hint: type.kind === 'enum' ? 'list the values instead: `"a", "b"`' : undefined, span: t.span });
          return;
        }
        for (const lit of [t.low, t.high]) {
          const p = checkLiteralAgainst(lit, type);
          if (p) out.push(p);
        }
        return;
      }
      case 'or':
      case 'not':
        t.items.forEach(visit);
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
    result = c.check(expr, expected, 'the formula');
  } else {
    result = c.value(c.infer(expr), expr);
  }
  if (result.t === 'list' || result.t === 'null') {
    if (!expected && result.t === 'list') c.err(expr.span, 'a list is not a value here', 'use `min`, `max`, `sum` or `count` on it');
  }
  const type = result.t === 'value' ? result.type : result.t === 'null' && expected ? expected : undefined;
  return c.errors.length ? { type, errors: c.errors } : { type, errors: [] };
}

class Checker {
  readonly errors: TypeProblem[] = [];
  constructor(private readonly env: TypeEnv) {}

  err(span: Span, message: string, hint?: string): T {
    this.errors.push(hint === undefined ? { message, span } : { message, hint, span });
    return ERR;
  }

  /** A call result used where a value is needed: its single output, or an error. */
  value(x: T, e: Expr): T {
    if (x.t !== 'context') return x;
    if (x.outputs.length === 1) return { t: 'value', type: x.outputs[0].type };
    const names = x.outputs.map((o) => o.name);
    return this.err(e.span, `\`${x.decision}\` has ${names.length} outputs; pick one`, `write \`${x.decision}(…).${names[0]}\` (outputs: ${names.map((n) => `\`${n}\``).join(', ')})`);
  }

  /** Check `e` against a declared type; literals and `if` branches are checked where they stand. */
  check(e: Expr, want: ValueType, what: string): T {
    if (e.kind === 'literal') {
      const p = checkLiteralAgainst(e.value, want);
      if (p) return this.err(e.span, p.message, p.hint);
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
    if (got.t === 'value' && got.type.kind === 'enum' && want.kind === 'enum') {
      const missing = keys(got.type).filter((k) => !keys(want).includes(k));
      return this.err(e.span, `${what} can give \`"${missing[0]}"\`, which is not a value of the ${want.kind}`, `allowed: ${keys(want).map((k) => `\`"${k}"\``).join(', ')}`);
    }
    return this.err(e.span, `${what} gives \`${show(got)}\`, expected \`${want.kind}\``, hintFor(got, want));
  }

  private fits(got: { t: 'value'; type: ValueType; flex?: boolean }, want: ValueType): boolean {
    const g = got.type.kind;
    if (got.flex) return NUMERIC.has(want.kind);
    if (g === want.kind) return g !== 'enum' || keys(got.type).every((k) => keys(want).includes(k));
    return g === 'integer' && want.kind === 'number';
  }

  private cond(e: Expr): void {
    const t = this.value(this.infer(e), e);
    if (t.t === 'value' && t.type.kind !== 'boolean') this.err(e.span, `the condition gives \`${show(t)}\`, expected \`boolean\``, 'compare something: `conversion >= 70%`');
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
          return this.err(e.operand.span, `\`not\` needs a boolean, got \`${show(x)}\``);
        }
        if (isNumeric(x)) return x;
        return this.err(e.operand.span, `cannot negate \`${show(x)}\``);
      }
      case 'binary':
        return this.binary(e);
      case 'if': {
        this.cond(e.cond);
        const a = this.value(this.infer(e.then), e.then);
        const b = this.value(this.infer(e.else), e.else);
        const u = this.unify(a, b, e.then, e.else);
        if (u) return u;
        return this.err(e.span, `the branches of \`if\` disagree: \`${show(a)}\` and \`${show(b)}\``, 'both branches must give the same type and unit');
      }
      case 'list': {
        let item: T | undefined;
        for (const it of e.items) {
          const x = this.value(this.infer(it), it);
          if (!item) item = x;
          else {
            const u = this.unify(item, x, e.items[0], it);
            if (!u) return this.err(it.span, `list items disagree: \`${show(item)}\` and \`${show(x)}\``, 'all items of a list must have the same type and unit');
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
    if (lower === 'true' || lower === 'false' || lower === 'null') return this.err(span, `unknown name \`${name}\``, `write \`${lower}\``);
    const hint = near
      ? `did you mean \`${near}\`?`
      : names.length
        ? `known names: ${names.slice(0, 8).map((n) => `\`${n}\``).join(', ')}${names.length > 8 ? ', …' : ''}`
        : 'this formula has no inputs in scope';
    return this.err(span, `unknown name \`${name}\``, hint);
  }

  private field(e: Extract<Expr, { kind: 'field' }>): T {
    // `cs.rate.x` without parentheses: the author meant a decision; say so rather than "unknown name `cs`".
    const path = dotted(e);
    if (path && !this.env.names.has(path[0])) {
      for (let i = path.length; i >= 2; i--) {
        const id = path.slice(0, i).join('.');
        if (this.env.decision(id)) return this.err(e.span, `\`${id}\` is a decision; call it with its inputs`, `write \`${id}(…)\``);
      }
    }
    const target = this.infer(e.target);
    if (target.t === 'error') return ERR;
    if (target.t === 'context') {
      const out = target.outputs.find((o) => o.name === e.field);
      if (out) return { t: 'value', type: out.type };
      const near = suggest(e.field, target.outputs.map((o) => o.name));
      return this.err(e.span, `\`${target.decision}\` has no output \`${e.field}\``, near ? `did you mean \`${near}\`?` : `outputs: ${target.outputs.map((o) => `\`${o.name}\``).join(', ')}`);
    }
    return this.err(e.span, `\`${show(target)}\` has no field \`${e.field}\``, 'only decision calls have fields: `cs.rate(x).rate`');
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): T {
    const l = this.value(this.infer(e.left), e.left);
    const r = this.value(this.infer(e.right), e.right);
    if (l.t === 'error' || r.t === 'error') return ERR;
    const op = e.op;
    if (op === 'and' || op === 'or') {
      for (const [x, side] of [[l, e.left], [r, e.right]] as const) {
        if (!(x.t === 'value' && x.type.kind === 'boolean') && x.t !== 'null') return this.err(side.span, `\`${op}\` needs booleans, got \`${show(x)}\``);
      }
      return v('boolean');
    }
    if (op === '=' || op === '!=') {
      const lit = this.enumLiteral(l, e.right) ?? this.enumLiteral(r, e.left);
      if (lit === 'bad') return ERR;
      if (lit === 'ok' || this.unify(l, r, e.left, e.right)) return v('boolean');
      return this.err(e.span, `cannot compare \`${show(l)}\` with \`${show(r)}\``, 'both sides of a comparison must have the same type and unit');
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      const u = this.unify(l, r, e.left, e.right);
      if (u && u.t === 'value' && (NUMERIC.has(u.type.kind) || u.type.kind === 'date' || u.type.kind === 'string')) return v('boolean');
      if (u) return this.err(e.span, `\`${op}\` cannot order \`${show(u)}\` values`);
      return this.err(e.span, `cannot compare \`${show(l)}\` with \`${show(r)}\``, hintFor(r, l.t === 'value' ? l.type : { kind: 'number' }) ?? 'both sides of a comparison must have the same type and unit');
    }
    return this.arith(op, l, r, e);
  }

  /** `offense = "leak"`: check the literal against the enum. */
  private enumLiteral(side: T, other: Expr): 'ok' | 'bad' | undefined {
    if (side.t !== 'value' || side.type.kind !== 'enum' || other.kind !== 'literal' || other.value.kind !== 'string') return undefined;
    const p = checkLiteralAgainst(other.value, side.type);
    if (!p) return 'ok';
    this.err(other.span, p.message, p.hint);
    return 'bad';
  }

  private arith(op: BinaryOp, l: T, r: T, e: Expr): T {
    const L = kindOf(l);
    const R = kindOf(r);
    const lf = l.t === 'value' && l.flex;
    const rf = r.t === 'value' && r.flex;
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
      const verb = op === '+' ? 'add' : 'subtract';
      return this.err(e.span, `cannot ${verb} \`${show(l)}\` and \`${show(r)}\``, `both sides of \`${op}\` need the same unit`);
    }
    if (!isNumeric(l) || !isNumeric(r)) {
      const bad = isNumeric(l) ? r : l;
      return this.err(e.span, `\`${op}\` needs numbers, got \`${show(bad)}\``);
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
      return this.err(e.span, `cannot multiply \`${L}\` by \`${R}\``, `one side of \`*\` must be a number or a percent, e.g. \`sales * rate\``);
    }
    if (op === '/') {
      if (lf && rf) return FLEX;
      if (rf) return L === 'integer' ? v('number') : l;
      if (L === R) return v('number');
      if (lf) return R === 'number' || R === 'integer' || R === 'percent' ? v('number') : this.err(e.span, `cannot divide a number by \`${R}\``);
      if (R === 'number' || R === 'integer' || R === 'percent') return L === 'integer' ? v('number') : l;
      if ((L === 'number' || L === 'integer') && R !== 'money') return v('number');
      return this.err(e.span, `cannot divide \`${L}\` by \`${R}\``, '`money / number` is money, `money / money` is a number');
    }
    // `**`: a growth factor or a square, never a unit to a power.
    const base = L === 'number' || L === 'integer' || lf;
    const expo = R === 'number' || R === 'integer' || rf;
    if (!base || !expo) return this.err(e.span, `cannot raise \`${L}\` to \`${R}\``, '`**` works on plain numbers');
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

  private builtin(e: Extract<Expr, { kind: 'builtin' }>): T {
    const args = e.args.map((a) => this.value(this.infer(a), a));
    if (args.some((a) => a.t === 'error')) return ERR;
    const arity = (min: number, max: number): boolean => {
      if (args.length >= min && args.length <= max) return true;
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.err(e.span, `\`${e.name}\` takes ${want} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`);
      return false;
    };
    switch (e.name) {
      case 'min':
      case 'max':
      case 'sum': {
        if (!arity(1, Infinity)) return ERR;
        let items = args;
        let exprs = e.args;
        if (args.length === 1 && args[0].t === 'list') {
          if (!args[0].item) return this.err(e.span, `\`${e.name}\` of an empty list`);
          items = [args[0].item];
          exprs = [e.args[0]];
        }
        let acc = items[0];
        for (let i = 1; i < items.length; i++) {
          const u = this.unify(acc, items[i], exprs[0], exprs[i]);
          if (!u) return this.err(e.args[i].span, `\`${e.name}\` arguments disagree: \`${show(acc)}\` and \`${show(items[i])}\``, 'all arguments must have the same type and unit');
          acc = u;
        }
        const orderable = isNumeric(acc) || (e.name !== 'sum' && kindOf(acc) === 'date');
        if (!orderable && acc.t !== 'null') return this.err(e.span, `\`${e.name}\` needs numbers${e.name === 'sum' ? '' : ' or dates'}, got \`${show(acc)}\``);
        return acc;
      }
      case 'count':
        if (!arity(1, 1)) return ERR;
        if (args[0].t !== 'list') return this.err(e.args[0].span, `\`count\` needs a list, got \`${show(args[0])}\``);
        return v('integer');
      case 'abs':
      case 'floor':
      case 'ceiling': {
        if (!arity(1, 1)) return ERR;
        const x = args[0];
        if (!isNumeric(x)) return this.err(e.args[0].span, `\`${e.name}\` needs a number, got \`${show(x)}\``);
        return e.name !== 'abs' && x.type.kind === 'number' && !x.flex ? v('integer') : x;
      }
      case 'round': {
        if (!arity(1, 2)) return ERR;
        const x = args[0];
        if (!isNumeric(x)) return this.err(e.args[0].span, `\`round\` needs a number, got \`${show(x)}\``);
        if (args.length === 2) {
          const s = args[1];
          if (!isNumeric(s) || !(s.flex || this.unify(x, s, e.args[0], e.args[1]))) {
            return this.err(e.args[1].span, `the rounding step gives \`${show(s)}\`, expected \`${show(x)}\``, 'e.g. `round(bonus, 0.01)`');
          }
        }
        return x;
      }
      case 'date':
        if (!arity(1, 1)) return ERR;
        if (kindOf(args[0]) !== 'string') return this.err(e.args[0].span, `\`date\` needs text such as \`"2026-01-31"\`, got \`${show(args[0])}\``);
        return v('date');
      default:
        return this.err(e.span, `unknown function \`${e.name}\``);
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): T {
    const d = this.env.decision(e.decision);
    if (!d) {
      const near = this.env.decisionIds ? suggest(e.decision, this.env.decisionIds) : undefined;
      e.args.forEach((a) => this.infer(a));
      return this.err(e.span, `unknown decision \`${e.decision}\``, near ? `did you mean \`${near}\`?` : 'decision ids are dotted, e.g. `cs.performance_rate`');
    }
    const inputs = d.inputs;
    const list = inputs.map((i) => `\`${i.name}\``).join(', ');
    let bad = false;
    if (e.named && Object.keys(e.named).length) {
      for (const [name, arg] of Object.entries(e.named)) {
        const input = inputs.find((i) => i.name === name);
        if (!input) {
          const near = suggest(name, inputs.map((i) => i.name));
          this.err(arg.span, `\`${e.decision}\` has no input \`${name}\``, near ? `did you mean \`${near}\`?` : `inputs: ${list}`);
          bad = true;
          continue;
        }
        if (this.check(arg, input.type, `argument \`${name}\``).t === 'error') bad = true;
      }
      const missing = inputs.filter((i) => !Object.prototype.hasOwnProperty.call(e.named, i.name));
      if (missing.length) {
        this.err(e.span, `missing input${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${m.name}\``).join(', ')} of \`${e.decision}\``, `\`${e.decision}\` takes ${list}`);
        bad = true;
      }
    } else {
      if (e.args.length !== inputs.length) {
        e.args.forEach((a) => this.infer(a));
        return this.err(e.span, `\`${e.decision}\` takes ${inputs.length} input${inputs.length === 1 ? '' : 's'}, got ${e.args.length}`, inputs.length ? `inputs in order: ${list}` : undefined);
      }
      e.args.forEach((a, i) => {
        if (this.check(a, inputs[i].type, `argument \`${inputs[i].name}\``).t === 'error') bad = true;
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
  if (g === 'percent' && want.kind === 'money') return 'a percent of money is money: multiply, e.g. `sales * rate`';
  if (g === 'number' && want.kind === 'integer') return 'round it: `floor(x)`, `ceiling(x)` or `round(x, 1)`';
  if (g === 'money' && want.kind === 'number') return 'divide money by money to get a ratio';
  return undefined;
}
