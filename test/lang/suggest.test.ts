import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDistance, suggest } from '../../src/lang/suggest.js';

describe('suggest', () => {
  it('finds typos, transpositions and case slips', () => {
    expect(suggest('leek', ['leak', 'coercion'])).toBe('leak');
    expect(suggest('cs.perfomance_rate', ['cs.performance_rate', 'cs.fine'])).toBe('cs.performance_rate');
    expect(suggest('converison', ['conversion', 'sales'])).toBe('conversion');
    expect(suggest('Sales', ['sales'])).toBe('sales');
  });
  it('works on Chinese by character', () => {
    expect(suggest('泄漏', ['泄露', '强制'])).toBe('泄露');
    expect(suggest('销量额', ['销售额', '转化率'])).toBe('销售额');
    expect(editDistance('绝密', '机密')).toBe(1);
    expect(editDistance('😀a', 'a😀')).toBe(1);
  });
  it('stays quiet when nothing is close', () => {
    expect(suggest('xyz', ['leak', 'coercion'])).toBeUndefined();
    expect(suggest('a', [])).toBeUndefined();
    expect(suggest('leak', ['leak'])).toBeUndefined();
  });
  it('edit distance is a symmetric measure bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const d = editDistance(a, b);
        return d === editDistance(b, a) && d <= Math.max([...a].length, [...b].length) && (d === 0) === (a === b);
      }),
    );
  });
});
