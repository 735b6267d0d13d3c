import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpr } from '../../src/lang/expr.js';
import { currencySymbol, formatExpr, formatUnaryTest, formatValue } from '../../src/lang/format.js';
import { parseUnaryTest } from '../../src/lang/unary.js';
import { at, dec, strip } from './helpers.js';
import { cells, exprs } from './arbitraries.js';

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
