import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, DecimalError, type RoundingMode } from '../../src/runtime/decimal.js';

const d = (s: string): Decimal => {
  const v = Decimal.parse(s);
  if (!v) throw new Error(`bad test literal ${s}`);
  return v;
};

const arbDecimal = fc
  .record({ c: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), s: fc.integer({ min: 0, max: 12 }) })
  .map(({ c, s }) => new Decimal(c, s));

describe('Decimal.parse / toString', () => {
  it('parses plain decimals and exponents', () => {
    expect(d('-12.50').toString()).toBe('-12.5');
    expect(d('1e3').toString()).toBe('1000');
    expect(d('1.5E-2').toString()).toBe('0.015');
    expect(d('.5').toString()).toBe('0.5');
    expect(d('-0').toString()).toBe('0');
    expect(d('0.000001').toString()).toBe('0.000001');
    expect(d('+7').toString()).toBe('7');
  });

  it('rejects junk', () => {
    for (const s of ['', '-', '.', '1.', '1,000', ' 1', '1 ', 'abc', '1e', '1e+', '70%', '0x10', 'NaN', 'Infinity', '1e999999999']) {
      expect(Decimal.parse(s), s).toBeUndefined();
    }
  });

  it('round-trips parse(toString(x)) for any decimal', () => {
    fc.assert(fc.property(arbDecimal, (x) => d(x.toString()).eq(x) && d(x.toString()).toString() === x.toString()));
  });
});

describe('Decimal.fromNumber', () => {
  it('is exact for what the shortest round-trip text says', () => {
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(0.1).add(Decimal.fromNumber(0.2)).toString()).toBe('0.3');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.fromNumber(1e-7).toString()).toBe('0.0000001');
    expect(Decimal.fromNumber(-1500).toString()).toBe('-1500');
  });
  it('throws a typed error for NaN and infinities', () => {
    expect(() => Decimal.fromNumber(NaN)).toThrow(DecimalError);
    expect(() => Decimal.fromNumber(Infinity)).toThrow(/decimal/);
  });
  it('agrees with toNumber on doubles', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => Object.is(Decimal.fromNumber(n).toNumber(), n === 0 ? 0 : n)));
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies exactly', () => {
    expect(d('100000').mul(d('0.015')).toString()).toBe('1500');
    expect(d('1.1').sub(d('2.25')).toString()).toBe('-1.15');
    expect(d('-3').abs().toString()).toBe('3');
    expect(d('3').neg().toString()).toBe('-3');
  });
  it('add and mul are associative and commutative', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, arbDecimal, (a, b, c) => {
        return (
          a.add(b).eq(b.add(a)) &&
          a.mul(b).eq(b.mul(a)) &&
          a.add(b).add(c).eq(a.add(b.add(c))) &&
          a.mul(b).mul(c).eq(a.mul(b.mul(c))) &&
          a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))
        );
      }),
    );
  });
  it('cmp agrees with the sign of the difference', () => {
    fc.assert(fc.property(arbDecimal, arbDecimal, (a, b) => a.cmp(b) === a.sub(b).sign() && a.sub(b).add(b).eq(a)));
  });
  it('divides with 34 significant digits, exactly when it terminates', () => {
    expect(d('1').div(d('4')).toString()).toBe('0.25');
    expect(d('1').div(d('3')).toString()).toBe('0.' + '3'.repeat(34));
    expect(d('2').div(d('3')).toString()).toBe('0.' + '6'.repeat(33) + '7');
    expect(d('1500').div(d('0.015')).toString()).toBe('100000');
    expect(d('-7').div(d('2')).toString()).toBe('-3.5');
    expect(d('1e40').div(d('3')).toString()).toBe('3'.repeat(34) + '0'.repeat(6));
    expect(d('10').div(d('3'), 5).toString()).toBe('3.3333');
  });
  it('division by zero throws a DecimalError with code division-by-zero', () => {
    try {
      d('1').div(Decimal.ZERO);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecimalError);
      expect((e as DecimalError).code).toBe('division-by-zero');
    }
  });
  it('(a × b) / b = a for non-zero b with short coefficients', () => {
    const small = fc.record({ c: fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), s: fc.integer({ min: 0, max: 6 }) }).map(({ c, s }) => new Decimal(c, s));
    fc.assert(fc.property(small, small, (a, b) => b.isZero() || a.mul(b).div(b).eq(a)));
  });
  it('pow', () => {
    expect(d('1.1').pow(2).toString()).toBe('1.21');
    expect(d('2').pow(-2).toString()).toBe('0.25');
    expect(d('5').pow(0).toString()).toBe('1');
    expect(() => Decimal.ZERO.pow(-1)).toThrow(DecimalError);
  });
  it('predicates', () => {
    expect(d('2.000').isInteger()).toBe(true);
    expect(d('2.5').isInteger()).toBe(false);
    expect(d('0.00').isZero()).toBe(true);
    expect(d('-0.1').sign()).toBe(-1);
    expect(d('0.70').eq(d('0.7'))).toBe(true);
    expect(d('0.7').lt(d('0.71')) && d('0.7').lte(d('0.7')) && d('1').gt(d('0.9')) && d('1').gte(d('1'))).toBe(true);
    expect(Decimal.isDecimal(d('1'))).toBe(true);
    expect(Decimal.isDecimal({ coefficient: 1n, scale: 0 })).toBe(false);
  });
});

describe('rounding', () => {
  const cases: [string, RoundingMode, string][] = [
    ['2.5', 'half-up', '3'],
    ['-2.5', 'half-up', '-3'],
    ['2.5', 'half-even', '2'],
    ['3.5', 'half-even', '4'],
    ['2.5', 'half-down', '2'],
    ['2.1', 'up', '3'],
    ['-2.1', 'up', '-3'],
    ['2.9', 'down', '2'],
    ['-2.1', 'ceiling', '-2'],
    ['-2.1', 'floor', '-3'],
  ];
  it.each(cases)('%s %s → %s', (x, mode, want) => {
    expect(d(x).round(Decimal.ONE, mode).toString()).toBe(want);
  });
  it('rounds to steps like cents and nickels', () => {
    expect(d('1234.565').round(d('0.01'), 'half-up').toString()).toBe('1234.57');
    expect(d('1234.565').round(d('0.01'), 'half-even').toString()).toBe('1234.56');
    expect(d('1.23').round(d('0.05'), 'half-up').toString()).toBe('1.25');
    expect(d('14999').round(d('1000'), 'half-up').toString()).toBe('15000');
    expect(() => d('1').round(Decimal.ZERO, 'up')).toThrow(DecimalError);
  });
  it('floor, ceiling, toFixed', () => {
    expect(d('-1.5').floor().toString()).toBe('-2');
    expect(d('-1.5').ceiling().toString()).toBe('-1');
    expect(d('1500').toFixed(2)).toBe('1500.00');
    expect(d('0.005').toFixed(2)).toBe('0.01');
    expect(d('-0.004').toFixed(2)).toBe('0.00');
    expect(d('1.25').toFixed(1, 'half-even')).toBe('1.2');
  });

  // Reference: round the integer n × 10^-k to an integer by reasoning on n and 10^k directly.
  const reference = (n: bigint, k: number, mode: RoundingMode): bigint => {
    const p = 10n ** BigInt(k);
    const fl = n >= 0n ? n / p : -((-n + p - 1n) / p);
    const frac = n - fl * p; // 0 <= frac < p
    if (frac === 0n) return fl;
    const ce = fl + 1n;
    const cmpHalf = frac * 2n === p ? 0 : frac * 2n > p ? 1 : -1;
    const towardZero = n >= 0n ? fl : ce;
    const awayZero = n >= 0n ? ce : fl;
    switch (mode) {
      case 'floor':
        return fl;
      case 'ceiling':
        return ce;
      case 'down':
        return towardZero;
      case 'up':
        return awayZero;
      case 'half-up':
        return cmpHalf < 0 ? fl : cmpHalf > 0 ? ce : awayZero;
      case 'half-down':
        return cmpHalf < 0 ? fl : cmpHalf > 0 ? ce : towardZero;
      case 'half-even':
        return cmpHalf < 0 ? fl : cmpHalf > 0 ? ce : fl % 2n === 0n ? fl : ce;
    }
  };
  const modes: RoundingMode[] = ['half-up', 'half-even', 'half-down', 'up', 'down', 'ceiling', 'floor'];
  it('every mode agrees with a reference on integers × 10^-k', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (n, k, mode) => {
        const got = new Decimal(n, k).round(Decimal.ONE, mode);
        return got.eq(Decimal.fromBigInt(reference(n, k, mode)));
      }),
    );
  });
});
