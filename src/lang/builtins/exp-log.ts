/**
 * `exp(n)` and `log(n)`: e to the power n and the natural logarithm, to 34
 * significant digits (as `sqrt`), computed in 60-digit fixed point on
 * bigints so both evaluators give the same digits; `log` of 0 or a negative
 * number is null, as FEEL has it.
 */
import { Decimal } from '../../runtime/decimal.js';
import { needNumber, numberArg, type Builtin } from './kit.js';

/** Working digits of the fixed-point series; 34 are kept. */
const WORK = 60;
const ONE_F = 10n ** BigInt(WORK);

/** `d` as a fixed-point bigint with WORK digits after the point (truncated). */
function toFixedInt(d: Decimal): bigint {
  const shift = WORK - d.scale;
  return shift >= 0 ? d.coefficient * 10n ** BigInt(shift) : d.coefficient / 10n ** BigInt(-shift);
}

/** A fixed-point result rounded to 34 significant digits. */
function fromFixedInt(f: bigint): Decimal {
  const v = new Decimal(f, WORK);
  const digits = v.abs().floor().toString().replace(/^0$/, '').length;
  const places = digits > 0 ? 34 - digits : 34 + leadingZeros(v);
  const step = places >= 0 ? new Decimal(1n, Math.min(WORK, places)) : Decimal.fromBigInt(10n ** BigInt(-places));
  return v.round(step, 'half-even').normalize();
}

/** Zeros right after the point of |v| < 1 (0.00123 → 2). */
function leadingZeros(v: Decimal): number {
  const s = v.abs().toString();
  const m = /^0\.(0*)/.exec(s);
  return m ? m[1].length : 0;
}

/** e^x for fixed-point x with |x| < 1, by its Taylor series. */
function expSmall(x: bigint): bigint {
  let sum = ONE_F;
  let term = ONE_F;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * x) / ONE_F / n;
    sum += term;
  }
  return sum;
}

/** 2·atanh(y) = ln((1+y)/(1-y)) for fixed-point |y| < 1. */
function atanh2(y: bigint): bigint {
  const y2 = (y * y) / ONE_F;
  let sum = 0n;
  let pow = y;
  for (let n = 1n; pow !== 0n; n += 2n) {
    sum += pow / n;
    pow = (pow * y2) / ONE_F;
  }
  return 2n * sum;
}

/** ln c for an integer c ≥ 1, fixed point: c = y · 2^p with y in [1, 2), ln c = 2·atanh((y−1)/(y+1)) + p · ln 2, ln 2 = 2·atanh(1/3). */
function lnInt(c: bigint): bigint {
  let y = c * ONE_F;
  let p = 0n;
  while (y >= 2n * ONE_F) {
    y /= 2n;
    p++;
  }
  return atanh2(((y - ONE_F) * ONE_F) / (y + ONE_F)) + p * atanh2(ONE_F / 3n);
}

export const fnExp: Builtin = {
  name: 'exp',
  feel: 'exp',
  arity: [1, 1],
  doc: { call: 'exp(n)', en: 'e to the power n, to 34 significant digits' },
  type: (args, k) => (needNumber(args, 0, k) ? k.value('number') : { t: 'error' }),
  run(args, k) {
    const n = numberArg(args[0], k);
    if (n === null) return null;
    if (n.isZero()) return Decimal.ONE;
    // Beyond ±100 000 the value has more digits than any decision needs; FEEL engines overflow there too.
    if (n.abs().gt(Decimal.fromBigInt(100000n))) return null;
    // e^x = (e^(x / 2^m))^(2^m) with |x / 2^m| < 1.
    let x = toFixedInt(n.abs());
    let m = 0;
    while (x >= ONE_F / 2n) {
      x /= 2n;
      m++;
    }
    let r = expSmall(x);
    for (let i = 0; i < m; i++) r = (r * r) / ONE_F;
    if (r === 0n) return null;
    return n.sign() < 0 ? Decimal.ONE.div(new Decimal(r, WORK), 34).normalize() : fromFixedInt(r);
  },
};

export const fnLog: Builtin = {
  name: 'log',
  feel: 'log',
  arity: [1, 1],
  doc: { call: 'log(n)', en: 'the natural logarithm, to 34 significant digits (null for 0 or a negative number)' },
  type: (args, k) => (needNumber(args, 0, k) ? k.value('number') : { t: 'error' }),
  run(args, k) {
    const n = numberArg(args[0], k);
    if (n === null || n.sign() <= 0) return null;
    // n = c · 10^-s: ln n = ln c − s · ln 10, each of an integer ≥ 1.
    const ln = lnInt(n.coefficient) - BigInt(n.scale) * lnInt(10n);
    return fromFixedInt(ln);
  },
};
