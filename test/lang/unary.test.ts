import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchesUnary, parseUnaryTest, MAX_UNARY_DEPTH } from '../../src/lang/unary.js';
import type { UnaryTest, Value } from '../../src/model/index.js';
import { at, dec, strip } from './helpers.js';

const ok = (text: string, enumKeys?: ReadonlySet<string>): UnaryTest => {
  const r = parseUnaryTest(text, at, { enumKeys });
  expect(r.errors, text).toEqual([]);
  return r.test!;
};
const err = (text: string, enumKeys?: ReadonlySet<string>) => {
  const r = parseUnaryTest(text, at, { enumKeys });
  expect(r.test, text).toBeUndefined();
  expect(r.errors.length, text).toBe(1);
  return r.errors[0];
};

describe('parseUnaryTest', () => {
  it('reads `-` as any', () => {
    expect(strip(ok(' - '))).toEqual({ kind: 'any' });
  });

  it('reads comparisons with percents as fractions', () => {
    const t = ok('< 70%');
    expect(strip(t)).toEqual({ kind: 'compare', op: '<', value: { kind: 'number', value: 'dec:0.7', unit: 'percent' } });
    expect(t.span).toMatchObject({ column: 1, endColumn: 6 });
    expect(strip(ok('>= 1.5%'))).toMatchObject({ op: '>=', value: { value: 'dec:0.015' } });
    expect(strip(ok('<= -10'))).toMatchObject({ op: '<=', value: { value: 'dec:-10' } });
    expect(strip(ok('= 3'))).toMatchObject({ op: '=', value: { value: 'dec:3' } });
  });

  it('reads bare literals as equality', () => {
    expect(strip(ok('"leak"'))).toEqual({ kind: 'compare', op: '=', value: { kind: 'string', value: 'leak' } });
    expect(strip(ok('"泄露客户资料"'))).toMatchObject({ value: { value: '泄露客户资料' } });
    expect(strip(ok('true'))).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(strip(ok('null'))).toMatchObject({ value: { kind: 'null', value: null } });
    expect(strip(ok('2026-01-31'))).toMatchObject({ value: { kind: 'date', value: { kind: 'date', iso: '2026-01-31' } } });
    expect(strip(ok('>= date("2026-01-31")'))).toMatchObject({ op: '>=', value: { kind: 'date', value: { iso: '2026-01-31' } } });
    expect(strip(ok('3'))).toMatchObject({ value: { kind: 'number', value: 'dec:3' } });
  });

  it('reads intervals with every bracket style', () => {
    expect(strip(ok('[70%..100%]'))).toEqual({
      kind: 'range',
      low: { kind: 'number', value: 'dec:0.7', unit: 'percent' },
      high: { kind: 'number', value: 'dec:1', unit: 'percent' },
      lowClosed: true,
      highClosed: true,
    });
    expect(strip(ok('(0..1000]'))).toMatchObject({ lowClosed: false, highClosed: true });
    expect(strip(ok(']0..1000['))).toMatchObject({ lowClosed: false, highClosed: false });
    expect(strip(ok('[1..3)'))).toMatchObject({ lowClosed: true, highClosed: false });
    expect(strip(ok('[-5..-1]'))).toMatchObject({ low: { value: 'dec:-5' }, high: { value: 'dec:-1' } });
    expect(strip(ok('[2026-01-01..2026-12-31]'))).toMatchObject({ low: { kind: 'date' } });
  });

  it('reads lists and not()', () => {
    const t = ok('"manager", "supervisor"');
    expect(t.kind).toBe('or');
    expect(t.span).toMatchObject({ column: 1, endColumn: 24 });
    expect(strip(ok('< 0, > 100'))).toMatchObject({ kind: 'or', items: [{ op: '<' }, { op: '>' }] });
    expect(strip(ok('not("intern")'))).toEqual({ kind: 'not', items: [{ kind: 'compare', op: '=', value: { kind: 'string', value: 'intern' } }] });
    expect(strip(ok('not(< 5, > 10)'))).toMatchObject({ kind: 'not', items: [{ op: '<' }, { op: '>' }] });
  });

  it('accepts bare enum keys only when told the keys', () => {
    const keys = new Set(['leak', 'coercion']);
    expect(strip(ok('leak, coercion', keys))).toMatchObject({ kind: 'or', items: [{ value: { value: 'leak' } }, { value: { value: 'coercion' } }] });
    const e = err('leek', keys);
    expect(e.message).toBe('unknown value `leek`');
    expect(e.hint).toContain('"leak"');
    expect(err('leak').message).toBe('unexpected name `leak`');
  });

  it('gives helpful errors at the right place', () => {
    const e1 = err('<< 70%');
    expect(e1.message).toMatch(/^unexpected `<`/);
    expect([e1.start, e1.end]).toEqual([1, 2]);
    const e2 = err('!= 5');
    expect(e2.hint).toContain('not(5)');
    const e3 = err('1,000');
    expect(e3.message).toContain('thousands');
    expect(e3.hint).toContain('1000');
    expect(err('').message).toBe('empty cell');
    expect(err('[1..3').message).toMatch(/unexpected end of cell/);
    expect(err('[1.3]').hint).toContain('..');
    expect(err('≥ 70%').hint).toContain('>=');
    expect(err('“leak”').hint).toContain('double quotes');
    expect(err('"leak').message).toBe('unterminated string');
    expect(err('2026-02-30').message).toContain('no day 30');
    expect(err('¥1000').hint).toContain('plain number');
    expect(err('-, 5').hint).toContain('any value');
    expect(err('10元').message).toContain('not a number');
    expect(err('5 6').hint).toContain(', ');
  });

  it('refuses nesting deeper than the limit without blowing the stack', () => {
    const deep = 'not('.repeat(10000) + '1' + ')'.repeat(10000);
    const e = err(deep);
    expect(e.message).toContain(String(MAX_UNARY_DEPTH));
    ok('not('.repeat(MAX_UNARY_DEPTH) + '1' + ')'.repeat(MAX_UNARY_DEPTH));
  });

  it('never throws on any input', () => {
    const alphabet = fc.constantFrom(...'<>=!-[]().,%"0123456789 abnotruefl'.split(''), '..', 'not(', '70%', '"a"', '2026-01-31', '中', '，');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(''))), (s) => {
        const r = parseUnaryTest(s, at, { enumKeys: new Set(['a']) });
        return (r.test !== undefined) !== (r.errors.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('matchesUnary', () => {
  const m = (cell: string, v: Value) => matchesUnary(ok(cell), v);
  it('compares numbers by value', () => {
    expect(m('< 70%', dec('0.69'))).toBe(true);
    expect(m('< 70%', dec('0.70'))).toBe(false);
    expect(m('>= 70%', dec('0.700'))).toBe(true);
    expect(m('70%', dec('0.7'))).toBe(true);
    expect(m('[70%..100%]', dec('1'))).toBe(true);
    expect(m('(0..1000]', dec('0'))).toBe(false);
    expect(m('(0..1000]', dec('1000'))).toBe(true);
    expect(m(']0..1000[', dec('1000'))).toBe(false);
  });
  it('handles strings, booleans, dates, null, lists and not', () => {
    expect(m('"manager", "supervisor"', 'supervisor')).toBe(true);
    expect(m('"manager", "supervisor"', 'intern')).toBe(false);
    expect(m('not("intern")', 'intern')).toBe(false);
    expect(m('not("intern")', 'manager')).toBe(true);
    expect(m('true', true)).toBe(true);
    expect(m('true', false)).toBe(false);
    expect(m('>= 2026-01-01', { kind: 'date', iso: '2026-03-01' })).toBe(true);
    expect(m('< 2026-01-01', { kind: 'date', iso: '2026-03-01' })).toBe(false);
    expect(m('-', null)).toBe(true);
    expect(m('null', null)).toBe(true);
    expect(m('< 5', null)).toBe(false);
    expect(m('5', '5')).toBe(false);
  });
  it('a value matches [a..b] exactly when it matches >= a and <= b', () => {
    const small = fc.integer({ min: -50, max: 50 }).map((n) => dec(String(n / 10)));
    fc.assert(
      fc.property(small, small, small, (a, b, v) => {
        const range = matchesUnary(ok(`[${a}..${b}]`), v);
        return range === (matchesUnary(ok(`>= ${a}`), v) && matchesUnary(ok(`<= ${b}`), v));
      }),
    );
  });
});

describe('hints for common slips', () => {
  const hint = (text: string) => parseUnaryTest(text, at).errors[0]?.hint;
  it('explains each', () => {
    expect(hint('not 5')).toBe('write `not(5)`');
    expect(hint('2026-1-1')).toBe('dates are written `YYYY-MM-DD`: `2026-01-01`');
    expect(hint('1.')).toContain('write `1`');
    expect(hint('.5')).toBe('write `0.5`');
    expect(hint('> = 5')).toBe('write `>=` without a space');
    expect(hint('TRUE')).toBe('write `true`');
    expect(hint('(5)')).toContain('write it bare: `5`');
  });
});
