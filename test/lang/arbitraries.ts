/** fast-check generators of literals, formulas and cells, shared by the lang property tests. */
import fc from 'fast-check';
import type { BinaryOp, Expr, Literal, UnaryTest } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { at } from './helpers.js';

const names = fc.constantFrom('a', 'sales', 'x1', '销售额', 'count', 'rate_2');
const decimals = fc.record({ c: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), s: fc.integer({ min: 0, max: 8 }) }).map(({ c, s }) => new Decimal(c, s));
const isoDates = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
export const literals: fc.Arbitrary<Literal> = fc.oneof(
  decimals.map((value): Literal => ({ kind: 'number', value })),
  decimals.map((value): Literal => ({ kind: 'number', value, unit: 'percent' })),
  fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '中', 'é', '\u0001'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }).map((value): Literal => ({ kind: 'string', value })),
  fc.boolean().map((value): Literal => ({ kind: 'boolean', value })),
  fc.constant<Literal>({ kind: 'null', value: null }),
  isoDates.map((iso): Literal => ({ kind: 'date', value: { kind: 'date', iso } })),
);

const S = at(0, 0);
const ops: BinaryOp[] = ['+', '-', '*', '/', '**', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'];
export const exprs = fc.letrec<{ e: Expr }>((tie) => ({
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

const unaryItems = fc.letrec<{ item: UnaryTest }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small' },
    fc.record({ op: fc.constantFrom<'<' | '<=' | '>' | '>=' | '='>('<', '<=', '>', '>=', '='), value: literals }).map(({ op, value }): UnaryTest => ({ kind: 'compare', op, value })),
    fc.record({ low: literals, high: literals, lowClosed: fc.boolean(), highClosed: fc.boolean() }).map((r): UnaryTest => ({ kind: 'range', ...r })),
    fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((items): UnaryTest => ({ kind: 'not', items })),
  ),
})).item;
export const cells: fc.Arbitrary<UnaryTest> = fc.oneof(
  fc.constant<UnaryTest>({ kind: 'any' }),
  unaryItems,
  fc.array(unaryItems, { minLength: 2, maxLength: 4 }).map((items): UnaryTest => ({ kind: 'or', items })),
);

