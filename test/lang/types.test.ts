import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/lang/expr.js';
import { checkLiteralAgainst, checkUnaryAgainst, typeOf, type TypeEnv } from '../../src/lang/types.js';
import { parseUnaryTest } from '../../src/lang/unary.js';
import type { Field, Literal, ValueType } from '../../src/model/index.js';
import { at, dec } from './helpers.js';
import { exprs } from './arbitraries.js';
import fc from 'fast-check';

const span = at(0, 0);
const enumType = (...keys: string[]): ValueType => ({ kind: 'enum', values: keys.map((key) => ({ key, label: key === 'leak' ? '泄露客户资料' : key, span })) });
const field = (name: string, type: ValueType): Field => ({ name, type, span });

const decisions: Record<string, { inputs: Field[]; outputs: Field[] }> = {
  'cs.performance_rate': { inputs: [field('conversion', { kind: 'percent' })], outputs: [field('rate', { kind: 'percent' })] },
  'cs.fine': { inputs: [field('offense', enumType('leak', 'coercion'))], outputs: [field('min', { kind: 'money' }), field('max', { kind: 'money' })] },
};
const env: TypeEnv = {
  names: new Map<string, ValueType>([
    ['sales', { kind: 'money' }],
    ['conversion', { kind: 'percent' }],
    ['months', { kind: 'integer' }],
    ['ratio', { kind: 'number' }],
    ['offense', enumType('leak', 'coercion')],
    ['secret', { kind: 'boolean' }],
    ['start', { kind: 'date' }],
    ['销售额', { kind: 'money' }],
  ]),
  decision: (id) => decisions[id],
  decisionIds: Object.keys(decisions),
};

const parse = (text: string) => {
  const r = parseExpr(text, at);
  expect(r.errors, text).toEqual([]);
  return r.expr!;
};
const typeIs = (text: string, expected?: ValueType) => {
  const r = typeOf(parse(text), env, expected);
  expect(r.errors, text).toEqual([]);
  return r.type?.kind;
};
const typeErr = (text: string, expected?: ValueType) => {
  const r = typeOf(parse(text), env, expected);
  expect(r.errors.length, text).toBeGreaterThan(0);
  return r.errors[0];
};

describe('typeOf', () => {
  it('follows the unit rules', () => {
    expect(typeIs('sales * cs.performance_rate(conversion).rate')).toBe('money');
    expect(typeIs('sales * conversion')).toBe('money');
    expect(typeIs('conversion * sales')).toBe('money');
    expect(typeIs('sales + sales')).toBe('money');
    expect(typeIs('sales / sales')).toBe('number');
    expect(typeIs('sales / 2')).toBe('money');
    expect(typeIs('sales + 1000')).toBe('money');
    expect(typeIs('conversion + 5%')).toBe('percent');
    expect(typeIs('conversion * conversion')).toBe('percent');
    expect(typeIs('ratio * conversion')).toBe('number');
    expect(typeIs('months + 1')).toBe('integer');
    expect(typeIs('months / 2')).toBe('number');
    expect(typeIs('-sales')).toBe('money');
    expect(typeIs('start + 30')).toBe('date');
    expect(typeIs('start - start')).toBe('days');
    expect(typeIs('销售额 * 1%')).toBe('money');
  });

  it('rejects mixed units with a clear message', () => {
    const e = typeErr('sales + conversion');
    expect(e.message).toBe('cannot add `money` and `percent`');
    expect(e.span).toMatchObject({ column: 1, endColumn: 19 });
    expect(typeErr('sales * sales').message).toBe('cannot multiply `money` by `money`');
    expect(typeErr('sales ** 2').message).toContain('cannot raise');
    expect(typeErr('secret + 1').message).toContain('cannot add');
  });

  it('types comparisons, logic and if', () => {
    expect(typeIs('conversion >= 70%')).toBe('boolean');
    expect(typeIs('sales > 1000 and not(secret)')).toBe('boolean');
    expect(typeIs('offense = "leak"')).toBe('boolean');
    expect(typeIs('if conversion >= 70% then 1.5% else 1%')).toBe('percent');
    expect(typeIs('if secret then sales else 0')).toBe('money');
    expect(typeErr('conversion > sales').message).toBe('cannot compare `percent` with `money`');
    expect(typeErr('if secret then sales else conversion').message).toContain('branches of `if` disagree');
    expect(typeErr('if sales then 1 else 2').message).toContain('expected `boolean`');
    expect(typeErr('secret and sales').message).toContain('needs booleans');
    const leek = typeErr('offense = "leek"');
    expect(leek.message).toBe('unknown value `"leek"`');
    expect(leek.hint).toBe('did you mean `"leak"`?');
  });

  it('checks decision calls', () => {
    expect(typeIs('cs.performance_rate(conversion)')).toBe('percent');
    expect(typeIs('cs.performance_rate(conversion: 70%).rate')).toBe('percent');
    expect(typeIs('cs.fine("leak").max * 2')).toBe('money');
    expect(typeIs('cs.fine(offense).min')).toBe('money');
    expect(typeErr('cs.fine("leak")').message).toContain('has 2 outputs; pick one');
    expect(typeErr('cs.fine("leek").min').hint).toContain('"leak"');
    expect(typeErr('cs.performance_rate(sales)').message).toContain('argument `conversion` gives `money`, expected `percent`');
    expect(typeErr('cs.performance_rate(conversion, sales)').message).toBe('`cs.performance_rate` takes 1 input, got 2');
    expect(typeErr('cs.performance_rate(conversoin: conversion)').hint).toBe('did you mean `conversion`?');
    expect(typeErr('cs.performance_rate(conversion).rat').hint).toBe('did you mean `rate`?');
    expect(typeErr('cs.perfomance_rate(conversion)').hint).toBe('did you mean `cs.performance_rate`?');
    expect(typeErr('cs.performance_rate.rate').message).toContain('is a decision');
  });

  it('suggests names', () => {
    const e = typeErr('salse * 2');
    expect(e.message).toBe('unknown name `salse`');
    expect(e.hint).toBe('did you mean `sales`?');
    expect(e.span).toMatchObject({ column: 1, endColumn: 6 });
    expect(typeErr('销量额 * 2').hint).toBe('did you mean `销售额`?');
  });

  it('checks built-ins', () => {
    expect(typeIs('min(sales, 150000)')).toBe('money');
    expect(typeIs('max([sales, 0])')).toBe('money');
    expect(typeIs('round(sales * conversion, 0.01)')).toBe('money');
    expect(typeIs('floor(ratio)')).toBe('integer');
    expect(typeIs('abs(sales)')).toBe('money');
    expect(typeIs('count([1, 2])')).toBe('integer');
    expect(typeErr('min(sales, conversion)').message).toContain('disagree');
    expect(typeErr('abs(secret)').message).toContain('needs a number');
    expect(typeErr('round(sales, 1%)').message).toContain('rounding step');
  });

  it('checks against an expected type', () => {
    expect(typeIs('1500', { kind: 'money' })).toBe('money');
    expect(typeIs('1.5%', { kind: 'percent' })).toBe('percent');
    expect(typeIs('if secret then "leak" else "coercion"', enumType('leak', 'coercion'))).toBe('enum');
    expect(typeErr('70%', { kind: 'money' }).message).toContain('is a percent');
    expect(typeErr('conversion', { kind: 'money' }).message).toBe('the formula gives `percent`, expected `money`');
    expect(typeErr('0.5', { kind: 'percent' }).hint).toBe('write `0.5%` for 0.5 percent, or `50%` for the fraction 0.5');
    expect(typeErr('1.5', { kind: 'percent' }).hint).toBe('write `1.5%`');
    expect(typeErr('ratio', { kind: 'integer' }).hint).toContain('floor');
  });

  it('does not cascade one mistake into many', () => {
    const r = typeOf(parse('(salse + 1) * conversion + sales'), env);
    expect(r.errors).toHaveLength(1);
  });
});

describe('checkLiteralAgainst', () => {
  const lit = (text: string): Literal => {
    const r = parseUnaryTest(text, at);
    if (r.test?.kind !== 'compare') throw new Error(text);
    return r.test.value;
  };
  it('accepts fitting literals', () => {
    expect(checkLiteralAgainst(lit('70%'), { kind: 'percent' })).toBeUndefined();
    expect(checkLiteralAgainst(lit('0'), { kind: 'percent' })).toBeUndefined();
    expect(checkLiteralAgainst(lit('1500'), { kind: 'money' })).toBeUndefined();
    expect(checkLiteralAgainst(lit('"leak"'), enumType('leak'))).toBeUndefined();
    expect(checkLiteralAgainst(lit('null'), { kind: 'money' })).toBeUndefined();
    expect(checkLiteralAgainst(lit('2026-01-01'), { kind: 'date' })).toBeUndefined();
  });
  it('explains misfits', () => {
    const leek = checkLiteralAgainst(lit('"leek"'), enumType('leak', 'coercion'));
    expect(leek?.message).toBe('unknown value `"leek"`');
    expect(leek?.hint).toBe('did you mean `"leak"`?');
    expect(leek?.span).toMatchObject({ column: 1 });
    expect(checkLiteralAgainst(lit('"泄露客户资料"'), enumType('leak'))?.hint).toBe('write the key: `"leak"`');
    expect(checkLiteralAgainst(lit('70%'), { kind: 'money' })?.message).toBe('`70%` is a percent, but the value is `money`');
    expect(checkLiteralAgainst(lit('70'), { kind: 'percent' })?.hint).toBe('write `70%`');
    expect(checkLiteralAgainst(lit('2.5'), { kind: 'integer' })?.message).toBe('`2.5` is not an integer');
    expect(checkLiteralAgainst(lit('"2026-01-01"'), { kind: 'date' })?.hint).toContain('without quotes');
    expect(checkLiteralAgainst({ kind: 'number', value: dec('1') }, { kind: 'boolean' })?.message).toContain('not `true`');
  });
  it('checks whole cells', () => {
    const cell = (text: string) => parseUnaryTest(text, at).test!;
    expect(checkUnaryAgainst(cell('[70%..100%]'), { kind: 'percent' })).toEqual([]);
    expect(checkUnaryAgainst(cell('< 70, > 90%'), { kind: 'percent' })).toHaveLength(1);
    expect(checkUnaryAgainst(cell('< "leak"'), enumType('leak'))[0].message).toContain('cannot compare');
    expect(checkUnaryAgainst(cell('not("leak", "x")'), enumType('leak'))).toHaveLength(1);
  });
});

describe('typeOf totality', () => {
  it('never throws on any formula, with or without an expected type', () => {
    const expected = fc.option(fc.constantFrom<ValueType>({ kind: 'money' }, { kind: 'percent' }, { kind: 'boolean' }, enumType('leak'), { kind: 'date' }), { nil: undefined });
    const bigEnv: TypeEnv = { ...env, names: new Map([...env.names, ['a', { kind: 'money' }], ['x1', { kind: 'percent' }], ['count', { kind: 'integer' }]]) };
    fc.assert(
      fc.property(exprs, expected, (e, want) => {
        const r = typeOf(e, bigEnv, want);
        return r.errors.every((p) => typeof p.message === 'string' && p.message.length > 0) && (r.errors.length > 0 || r.type !== undefined || want === undefined);
      }),
      { numRuns: 1000 },
    );
  });
});
