/** FEEL's `in` and `between` read as the comparisons they mean (src/dmn/feel.ts). */
import { describe, expect, it } from 'vitest';
import { desugarBetween, desugarIn, staticInstanceOf } from '../../src/dmn/feel.js';

const inOf = (text: string) => desugarIn(text, text.indexOf(' in ') + 1);

describe('desugarIn', () => {
  it('reads intervals with both spellings of open ends', () => {
    expect(inOf('x in (2..4]')).toBe('((x) > (2) and (x) <= (4))');
    expect(inOf('x in ]2..4[')).toBe('((x) > (2) and (x) < (4))');
    expect(inOf('x in [2..4]')).toBe('((x) >= (2) and (x) <= (4))');
  });
  it('reads a list of values as membership and a list of intervals as alternatives', () => {
    expect(inOf('1 in [2,3,1]')).toBe('list contains([2,3,1], (1))');
    expect(inOf('5 in [[2..4], [1..3]]')).toBe('(((5) >= (2) and (5) <= (4)) or ((5) >= (1) and (5) <= (3)))');
  });
  it('reads comparisons, bare values and parenthesised lists of tests', () => {
    expect(inOf('10 in (1, < 5, >=10)')).toBe('(((10) = (1)) or ((10) < (5)) or ((10) >= (10)))');
    expect(inOf('10 in (=10)')).toBe('((10) = (10))');
    expect(inOf('1 in 1')).toBe('((1) = (1))');
  });
  it('leaves negated tests to the import to refuse', () => {
    expect(inOf('1 in not(2)')).toBeUndefined();
  });
});

describe('desugarBetween', () => {
  it('is both bounds inclusive', () => {
    const t = 'x between 1 and 5';
    expect(desugarBetween(t, t.indexOf('between'), t.indexOf(' and ') + 1)).toBe('((x) >= (1) and (x) <= (5))');
  });
});

describe('staticInstanceOf', () => {
  const of = (text: string) => staticInstanceOf(text, text.indexOf(' instance ') + 1);
  it('decides a literal’s type, null being an instance of nothing', () => {
    expect(of('123.01 instance of number')).toBe('true');
    expect(of('"foo" instance of number')).toBe('false');
    expect(of('"foo" instance of Any')).toBe('true');
    expect(of('null instance of Any')).toBe('false');
    expect(of('true instance of list<Any>')).toBe('false');
    expect(of('123.01 instance of days and time duration')).toBe('false');
  });
  it('leaves names and the model’s own types to the import to refuse', () => {
    expect(of('x instance of number')).toBeUndefined();
    expect(of('256 instance of t255')).toBeUndefined();
  });
});
