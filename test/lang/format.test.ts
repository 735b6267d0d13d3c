import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpr } from '../../src/lang/expr.js';
import { currencySymbol, formatExpr, formatUnaryTest, formatValue } from '../../src/lang/format.js';
import { parseUnaryTest } from '../../src/lang/unary.js';
import type { BinaryOp, Expr, Literal, UnaryTest } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { at, dec, strip } from './helpers.js';

describe('formatValue', () => {
  it('prints in the author units', () => {
    expect(formatValue(dec('0.7'), { kind: 'percent' })).toBe('70%');
    expect(formatValue(dec('0.015'), { kind: 'percent' })).toBe('1.5%');
    expect(formatValue(dec('1500'), { kind: 'money' }, { currencySymbol: '¥' })).toBe('¥1,500.00');
    expect(formatValue(dec('-1234567.005'), { kind: 'money' }, { currencySymbol: '¥' })).toBe('-¥1,234,567.01');
    expect(formatValue(dec('1500.50'), { kind: 'money' })).toBe('1500.5');
    expect(formatValue('leak', { kind: 'enum' })).toBe('"leak"');
    expect(formatValue('泄露', { kind: 'string' })).toBe('"泄露"');
    expect(formatValue(true, { kind: 'boolean' })).toBe('true');
    expect(formatValue({ kind: 'date', iso: '2026-01-31' }, { kind: 'date' })).toBe('2026-01-31');
    expect(formatValue(null, { kind: 'money' })).toBe('null');
    expect(formatValue([dec('0.01'), dec('0.015')], { kind: 'percent' })).toBe('[1%, 1.5%]');
    expect(formatValue(dec('100000'), { kind: 'money' }, { currencySymbol: currencySymbol('CNY') })).toBe('¥100,000.00');
    expect(currencySymbol('CHF')).toBe('CHF ');
  });
});

const names = fc.constantFrom('a', 'sales', 'x1', '销售额', 'count', 'rate_2');
const decimals = fc.record({ c: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), s: fc.integer({ min: 0, max: 8 }) }).map(({ c, s }) => new Decimal(c, s));
const isoDates = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const literals: fc.Arbitrary<Literal> = fc.oneof(
  decimals.map((value): Literal => ({ kind: 'number', value })),
  decimals.map((value): Literal => ({ kind: 'number', value, unit: 'percent' })),
  fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '中', 'é', '\u0001'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }).map((value): Literal => ({ kind: 'string', value })),
  fc.boolean().map((value): Literal => ({ kind: 'boolean', value })),
  fc.constant<Literal>({ kind: 'null', value: null }),
  isoDates.map((iso): Literal => ({ kind: 'date', value: { kind: 'date', iso } })),
);

const S = at(0, 0);
const ops: BinaryOp[] = ['+', '-', '*', '/', '**', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'];
const exprs = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literals.map((value): Expr => ({ kind: 'literal', value, span: S })),
    names.map((name): Expr => ({ kind: 'name', name, span: S })),
    fc.record({ target: tie('e'), field: fc.constantFrom('rate', 'min_x', '金额') }).map(({ target, field }): Expr => ({ kind: 'field', target, field, span: S })),
    fc.record({ op: fc.constantFrom<'-' | 'not'>('-', 'not'), operand: tie('e') }).map(({ op, operand }): Expr => ({ kind: 'unary', op, operand, span: S })),
    fc.record({ op: fc.constantFrom(...ops), left: tie('e'), right: tie('e') }).map(({ op, left, right }): Expr => ({ kind: 'binary', op, left, right, span: S })),
    fc.record({ cond: tie('e'), then: tie('e'), else: tie('e') }).map((r): Expr => ({ kind: 'if', ...r, span: S })),
    fc.record({ name: fc.constantFrom('min', 'max', 'abs', 'round', 'count'), args: fc.array(tie('e'), { minLength: 0, maxLength: 3 }) }).map(({ name, args }): Expr => ({ kind: 'builtin', name, args, span: S })),
    fc.record({ decision: fc.constantFrom('cs.rate', 'fine', 'a.b.c'), args: fc.array(tie('e'), { maxLength: 3 }) }).map(({ decision, args }): Expr => ({ kind: 'call', decision, args, span: S })),
    fc.record({ decision: fc.constantFrom('cs.rate', 'fine'), named: fc.dictionary(fc.constantFrom('conversion', 'x', '额'), tie('e'), { minKeys: 1, maxKeys: 2 }) }).map(({ decision, named }): Expr => ({ kind: 'call', decision, args: [], named, span: S })),
    fc.array(tie('e'), { maxLength: 3 }).map((items): Expr => ({ kind: 'list', items, span: S })),
  ),
})).e;

describe('formatExpr', () => {
  it('prints canonical text', () => {
    const p = (t: string) => formatExpr(parseExpr(t, at).expr!);
    expect(p('sales*cs.performance_rate( conversion ).rate')).toBe('sales * cs.performance_rate(conversion).rate');
    expect(p('(a + b) * (c - (d - e))')).toBe('(a + b) * (c - (d - e))');
    expect(p('((a)) + ((b))')).toBe('a + b');
    expect(p('- (5)')).toBe('-(5)');
    expect(p('-5')).toBe('-5');
    expect(p('2026-01-31')).toBe('date("2026-01-31")');
    expect(p('(if a then 1 else 2) + 3')).toBe('(if a then 1 else 2) + 3');
    expect(p('a < (b < c)')).toBe('a < (b < c)');
    expect(p('1.50%')).toBe('1.5%');
  });

  it('re-parses to the same AST', () => {
    fc.assert(
      fc.property(exprs, (e) => {
        const text = formatExpr(e);
        const r = parseExpr(text, at);
        expect(r.errors, text).toEqual([]);
        expect(strip(r.expr), text).toEqual(strip(e));
      }),
      { numRuns: 1500 },
    );
  });
});

const unaryItems = fc.letrec<{ item: UnaryTest }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small' },
    fc.record({ op: fc.constantFrom<'<' | '<=' | '>' | '>=' | '='>('<', '<=', '>', '>=', '='), value: literals }).map(({ op, value }): UnaryTest => ({ kind: 'compare', op, value })),
    fc.record({ low: literals, high: literals, lowClosed: fc.boolean(), highClosed: fc.boolean() }).map((r): UnaryTest => ({ kind: 'range', ...r })),
    fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((items): UnaryTest => ({ kind: 'not', items })),
  ),
})).item;
const cells: fc.Arbitrary<UnaryTest> = fc.oneof(
  fc.constant<UnaryTest>({ kind: 'any' }),
  unaryItems,
  fc.array(unaryItems, { minLength: 2, maxLength: 4 }).map((items): UnaryTest => ({ kind: 'or', items })),
);

describe('formatUnaryTest', () => {
  it('prints canonical cells', () => {
    const p = (t: string) => formatUnaryTest(parseUnaryTest(t, at).test!);
    expect(p('<70%')).toBe('< 70%');
    expect(p(']0..1000[')).toBe('(0..1000)');
    expect(p('"a","b"')).toBe('"a", "b"');
    expect(p('= 3')).toBe('3');
    expect(p('not( < 5 )')).toBe('not(< 5)');
    expect(formatUnaryTest({ kind: 'compare', op: '!=', value: { kind: 'number', value: dec('5') } })).toBe('not(5)');
  });

  it('re-parses to the same AST', () => {
    fc.assert(
      fc.property(cells, (t) => {
        const text = formatUnaryTest(t);
        const r = parseUnaryTest(text, at);
        expect(r.errors, text).toEqual([]);
        expect(strip(r.test), text).toEqual(strip(t));
      }),
      { numRuns: 1500 },
    );
  });
});
