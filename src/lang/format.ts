/**
 * Printing back in the author's units: values (`70%`, `¥1,500.00`, `"leak"`),
 * literals, cells and formulas. `formatUnaryTest` and `formatExpr` give
 * canonical text that parses back to the same AST.
 */
import type { Expr, Literal, UnaryTest, Value, ValueType } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { BUILTINS, KEYWORDS } from './expr.js';

const HUNDRED = new Decimal(100n, 0);

/** A string in double quotes with the escapes the lexer reads back. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/** `1234567.5` → `1,234,567.50` with `places` decimals (money display). */
function grouped(d: Decimal, places: number): string {
  const fixed = d.toFixed(places);
  const neg = fixed.startsWith('-');
  const body = neg ? fixed.slice(1) : fixed;
  const [int, frac] = body.split('.');
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + withCommas + (frac !== undefined ? '.' + frac : '');
}

const SYMBOLS: Record<string, string> = { CNY: '¥', JPY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$', TWD: 'NT$' };

/** The display symbol of an ISO 4217 currency code (`CNY` → `¥`); unknown codes print as `XYZ ` before the amount. */
export function currencySymbol(code: string): string {
  return SYMBOLS[code] ?? `${code} `;
}

/** A fraction as a percent: 0.015 → `1.5%`. */
export function formatPercent(fraction: Decimal): string {
  return fraction.mul(HUNDRED).toString() + '%';
}

/**
 * A runtime value as an author would write it for a field of `type`:
 * percents as `70%`, money as `1500` (plain) or `¥1,500.00` when a currency
 * symbol is given, enum keys and strings quoted, dates as `2026-01-31`.
 */
export function formatValue(v: Value, type: ValueType, opts: { currencySymbol?: string; moneyPlaces?: number } = {}): string {
  if (v === null) return 'null';
  if (Decimal.isDecimal(v)) {
    if (type.kind === 'percent') return formatPercent(v);
    if (type.kind === 'money' && opts.currencySymbol !== undefined) {
      const s = grouped(v.abs(), opts.moneyPlaces ?? 2);
      return (v.sign() < 0 ? '-' : '') + opts.currencySymbol + s;
    }
    return v.toString();
  }
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, type, opts)).join(', ') + ']';
  if ((v as { kind?: unknown }).kind === 'date' && typeof (v as { iso?: unknown }).iso === 'string') return (v as { iso: string }).iso;
  const ctx = v as Record<string, Value>;
  return '{' + Object.keys(ctx).map((k) => `${k}: ${formatValue(ctx[k], { kind: 'number' }, opts)}`).join(', ') + '}';
}

/** A literal as written in a cell or formula: `70%`, `-5`, `"leak"`, `2026-01-31`, `true`, `null`. */
export function formatLiteral(lit: Literal): string {
  switch (lit.kind) {
    case 'number':
      return lit.unit === 'percent' ? formatPercent(lit.value) : lit.value.toString();
    case 'string':
      return quote(lit.value);
    case 'boolean':
      return String(lit.value);
    case 'date':
      return lit.value.iso;
    case 'null':
      return 'null';
  }
}

/** A cell in canonical form: `< 70%`, `[1..3)`, `"a", "b"`, `not("x")`, `-`. */
export function formatUnaryTest(test: UnaryTest): string {
  switch (test.kind) {
    case 'any':
      return '-';
    case 'compare':
      if (test.op === '=') return formatLiteral(test.value);
      // Cells have no `!=`; `not(x)` means the same.
      if (test.op === '!=') return `not(${formatLiteral(test.value)})`;
      return `${test.op} ${formatLiteral(test.value)}`;
    case 'range':
      return `${test.lowClosed ? '[' : '('}${formatLiteral(test.low)}..${formatLiteral(test.high)}${test.highClosed ? ']' : ')'}`;
    case 'or':
      return test.items.map(formatUnaryTest).join(', ');
    case 'not':
      return `not(${test.items.map(formatUnaryTest).join(', ')})`;
    case 'expr':
      return formatExpr(test.expr);
  }
}

/** Binding strength of each level; a child binding more loosely than its slot needs parentheses. */
const PREC: Record<string, number> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '**': 6 };
const UNARY = 7;
const POSTFIX = 8;
const ATOM = 9;

function precOf(e: Expr): number {
  switch (e.kind) {
    case 'if':
      return 0;
    case 'binary':
      return PREC[e.op];
    case 'unary':
      return e.op === '-' ? UNARY : ATOM;
    case 'literal':
      // A negative number reads as `-` applied to it, so it sits at the unary level.
      return e.value.kind === 'number' && e.value.value.sign() < 0 ? UNARY : ATOM;
    case 'field':
      return POSTFIX;
    default:
      return ATOM;
  }
}

function wrap(e: Expr, min: number): string {
  const s = formatExpr(e);
  return precOf(e) < min ? `(${s})` : s;
}

/** A formula in canonical form, with just the parentheses its structure needs. */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return e.value.kind === 'date' ? `date(${quote(e.value.value.iso)})` : formatLiteral(e.value);
    case 'name':
      return e.name;
    case 'field': {
      // A field of a name would read back as a dotted call when followed by `(`, never here; a literal target needs parentheses to keep `2.x` a field.
      const t = e.target.kind === 'literal' || precOf(e.target) < POSTFIX ? `(${formatExpr(e.target)})` : formatExpr(e.target);
      return `${t}.${e.field}`;
    }
    case 'unary': {
      if (e.op === 'not') return `not(${formatExpr(e.operand)})`;
      const inner = wrap(e.operand, UNARY);
      // `-5` would read back as the literal -5 and `--x` as nothing; parenthesise both.
      return /^[-0-9]/.test(inner) ? `-(${inner})` : `-${inner}`;
    }
    case 'binary': {
      const p = PREC[e.op];
      const cmp = p === 3;
      return `${wrap(e.left, cmp ? p + 1 : p)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
    case 'if':
      return `if ${formatExpr(e.cond)} then ${formatExpr(e.then)} else ${formatExpr(e.else)}`;
    case 'builtin':
      return `${e.name}(${e.args.map(formatExpr).join(', ')})`;
    case 'call': {
      const named = e.named ? Object.entries(e.named).map(([k, v]) => `${k}: ${formatExpr(v)}`) : [];
      return `${e.decision}(${[...e.args.map(formatExpr), ...named].join(', ')})`;
    }
    case 'list':
      return `[${e.items.map(formatExpr).join(', ')}]`;
  }
}

/** Whether `name` can be printed as a bare name and read back as one. */
export function isPlainName(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !KEYWORDS.has(name) && !BUILTINS.has(name);
}
