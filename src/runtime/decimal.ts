/**
 * Exact decimal arithmetic on BigInt: a value is `coefficient × 10^-scale` with
 * `scale >= 0`. Money never passes through binary floating point.
 *
 * This file is inlined into the generated, dependency-free evaluator, so it must
 * stay self-contained: no imports, no Node APIs.
 *
 * Errors: operations that have no result (division by zero, a non-finite
 * number, a rounding step that is not positive) throw a `DecimalError` with a
 * stable `code`; `Decimal.parse` returns `undefined` for text that is not a number.
 */

/** Ways to round to a step. `up`/`down` are away from / toward zero. */
export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor';

/** Why a decimal operation has no result. */
export type DecimalErrorCode = 'division-by-zero' | 'not-finite' | 'bad-step' | 'too-large';

/** A typed error of decimal arithmetic; `code` is stable, `message` is for people. */
export class DecimalError extends Error {
  readonly code: DecimalErrorCode;
  constructor(code: DecimalErrorCode, message: string) {
    super(message);
    this.name = 'DecimalError';
    this.code = code;
  }
}

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 64; i++, p *= 10n) POW10.push(p);

/** 10^n as a BigInt, cached for the scales that occur in practice. */
function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

/** Number of decimal digits of |n| (1 for zero). */
function digitCount(n: bigint): number {
  if (n < 0n) n = -n;
  if (n < 10n) return 1;
  return n.toString().length;
}

/** Refuse exponents that would allocate absurd amounts of memory (a DoS guard, not a precision limit). */
const MAX_SCALE = 100_000;
/** Digits of a decimal's text (docs/format.md, "Limits on values"); more is not a number. */
export const MAX_DIGITS = 1000;
/** Characters of a decimal's text: MAX_DIGITS digits plus sign, point and exponent. */
const MAX_TEXT = MAX_DIGITS + 16;

/** Whether `text` holds more digits than a decimal may have: why it is not a number, said so (the limit, not "not a number"). */
export function tooManyDigits(text: string): boolean {
  if (text.length <= MAX_DIGITS) return false;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++n > MAX_DIGITS) return true;
  }
  return false;
}

/** Integer division n/d (d != 0) rounded by `mode`. */
function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  const negative = n < 0n;
  const twice = (r < 0n ? -r : r) * 2n;
  const half = twice === d ? 0 : twice > d ? 1 : -1;
  let away: boolean;
  switch (mode) {
    case 'up':
      away = true;
      break;
    case 'down':
      away = false;
      break;
    case 'ceiling':
      away = !negative;
      break;
    case 'floor':
      away = negative;
      break;
    case 'half-up':
      away = half >= 0;
      break;
    case 'half-down':
      away = half > 0;
      break;
    case 'half-even':
      away = half > 0 || (half === 0 && (q & 1n) === 1n);
      break;
  }
  return away ? (negative ? q - 1n : q + 1n) : q;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const BRAND = Symbol.for('rulebook.decimal');

/** An exact decimal number. Immutable. */
export class Decimal {
  /** The value is `coefficient × 10^-scale`. */
  readonly coefficient: bigint;
  /** Number of digits after the point; never negative. */
  readonly scale: number;

  /** Prefer the static constructors; `scale` must be a non-negative integer. */
  constructor(coefficient: bigint, scale = 0) {
    this.coefficient = coefficient;
    this.scale = scale;
  }

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** True for a `Decimal` of this or another inlined copy of this module. */
  static isDecimal(v: unknown): v is Decimal {
    return v instanceof Decimal || (typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true);
  }

  /**
   * Parse plain decimal text: `12`, `-12.50`, `.5`, `1e3`, `1.5E-2`. No spaces,
   * no thousands separators, no `%`. Returns `undefined` for anything else.
   */
  static parse(text: string): Decimal | undefined {
    // Bounded before any work: a 10-million-digit string would take seconds in BigInt.
    if (text.length > MAX_TEXT) return undefined;
    const m = DECIMAL_RE.exec(text);
    if (!m) return undefined;
    const [, sign, int, frac = '', exp] = m;
    if (int === '' && frac === '') return undefined;
    if (m[3] !== undefined && frac === '') return undefined;
    // The documented limit is on digits; the length test above only keeps the regex cheap.
    if (int.length + frac.length > MAX_DIGITS) return undefined;
    let scale = frac.length;
    if (exp !== undefined) {
      const e = Number(exp);
      if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_SCALE) return undefined;
      scale -= e;
    }
    if (scale > MAX_SCALE) return undefined;
    let c = BigInt((int || '0') + frac);
    if (sign === '-') c = -c;
    if (scale < 0) {
      c *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(c, scale);
  }

  /**
   * The exact decimal that the shortest round-trip text of `n` denotes
   * (`0.1` → 0.1, not 0.1000000000000000055…). Throws `not-finite` for NaN/±∞.
   */
  static fromNumber(n: number): Decimal {
    if (Number.isSafeInteger(n)) return n === 0 ? Decimal.ZERO : new Decimal(BigInt(n), 0);
    if (!Number.isFinite(n)) throw new DecimalError('not-finite', `cannot make a decimal of \`${n}\``);
    return Decimal.parse(String(n)) as Decimal;
  }

  /** An integer decimal. */
  static fromBigInt(n: bigint): Decimal {
    return new Decimal(n, 0);
  }

  /** The coefficient of `this` at the larger scale `s` (s >= this.scale). */
  private at(s: number): bigint {
    return s === this.scale ? this.coefficient : this.coefficient * pow10(s - this.scale);
  }

  /** Exact sum. */
  add(o: Decimal): Decimal {
    if (this.scale === o.scale) return new Decimal(this.coefficient + o.coefficient, this.scale);
    const s = this.scale > o.scale ? this.scale : o.scale;
    return new Decimal(this.at(s) + o.at(s), s);
  }

  /** Exact difference. */
  sub(o: Decimal): Decimal {
    if (this.scale === o.scale) return new Decimal(this.coefficient - o.coefficient, this.scale);
    const s = this.scale > o.scale ? this.scale : o.scale;
    return new Decimal(this.at(s) - o.at(s), s);
  }

  /** Exact product; the scale is the sum of the scales, trimmed of trailing zeros when it grows large. */
  mul(o: Decimal): Decimal {
    const r = new Decimal(this.coefficient * o.coefficient, this.scale + o.scale);
    return r.scale > 40 ? r.normalize() : r;
  }

  /** The negation (zero stays zero). */
  neg(): Decimal {
    return this.coefficient === 0n ? this : new Decimal(-this.coefficient, this.scale);
  }

  /** The absolute value. */
  abs(): Decimal {
    return this.coefficient < 0n ? new Decimal(-this.coefficient, this.scale) : this;
  }

  /**
   * Quotient with `digits` significant digits (34 = IEEE DECIMAL128), rounded
   * half-even; exact when the quotient terminates within that many digits.
   * Throws `DecimalError` with code `division-by-zero` when `o` is zero.
   */
  div(o: Decimal, digits = 34): Decimal {
    if (o.coefficient === 0n) throw new DecimalError('division-by-zero', 'division by zero');
    if (!(digits >= 1)) digits = 1;
    digits = Math.floor(digits);
    if (this.coefficient === 0n) return Decimal.ZERO;
    // this/o = n/d with integers n, d.
    const n = this.coefficient * pow10(o.scale);
    const d = o.coefficient * pow10(this.scale);
    let k = digits - (digitCount(n) - digitCount(d));
    const scaled = (x: bigint, e: number): bigint => (e >= 0 ? x * pow10(e) : x);
    const divisor = (e: number): bigint => (e >= 0 ? d : d * pow10(-e));
    if (digitCount(scaled(n, k) / divisor(k)) > digits) k -= 1;
    const q = divRound(scaled(n, k), divisor(k), 'half-even');
    return k >= 0 ? new Decimal(q, k).normalize() : new Decimal(q * pow10(-k), 0).normalize();
  }

  /** -1, 0 or 1 as `this` is less than, equal to or greater than `o`. */
  cmp(o: Decimal): -1 | 0 | 1 {
    let a: bigint;
    let b: bigint;
    if (this.scale === o.scale) {
      a = this.coefficient;
      b = o.coefficient;
    } else {
      const s = this.scale > o.scale ? this.scale : o.scale;
      a = this.at(s);
      b = o.at(s);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Equal in value: 0.70 eq 0.7. */
  eq(o: Decimal): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: Decimal): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Decimal): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Decimal): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Decimal): boolean {
    return this.cmp(o) >= 0;
  }

  /** Whether the value is zero (at any scale). */
  isZero(): boolean {
    return this.coefficient === 0n;
  }

  /** Whether the value has no fractional part (2.00 is an integer). */
  isInteger(): boolean {
    return this.scale === 0 || this.coefficient % pow10(this.scale) === 0n;
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.coefficient < 0n ? -1 : this.coefficient > 0n ? 1 : 0;
  }

  /**
   * Round to a multiple of `step` (> 0), e.g. step 0.01 for cents, 0.05 for
   * nickels, 1000 for thousands. Throws `bad-step` when step is not positive.
   */
  round(step: Decimal, mode: RoundingMode): Decimal {
    if (step.coefficient <= 0n) throw new DecimalError('bad-step', `rounding step must be positive, got \`${step}\``);
    // this/step = (c1 × 10^s2) / (c2 × 10^s1), rounded to an integer, times step.
    const n = this.coefficient * pow10(step.scale);
    const d = step.coefficient * pow10(this.scale);
    const q = divRound(n, d, mode);
    return new Decimal(q * step.coefficient, step.scale);
  }

  /** The greatest integer not above `this`. */
  floor(): Decimal {
    return this.scale === 0 ? this : new Decimal(divRound(this.coefficient, pow10(this.scale), 'floor'), 0);
  }

  /** The least integer not below `this`. */
  ceiling(): Decimal {
    return this.scale === 0 ? this : new Decimal(divRound(this.coefficient, pow10(this.scale), 'ceiling'), 0);
  }

  /**
   * `this` to an integer power. Negative exponents divide (with `div`'s
   * precision). Throws `too-large` beyond |exponent| 10000, `division-by-zero` for 0^-n.
   */
  pow(exponent: number): Decimal {
    if (!Number.isInteger(exponent) || Math.abs(exponent) > 10_000) {
      throw new DecimalError('too-large', `exponent \`${exponent}\` is not an integer within ±10000`);
    }
    if (exponent < 0) return Decimal.ONE.div(this.pow(-exponent));
    if (exponent === 0) return Decimal.ONE;
    return new Decimal(this.coefficient ** BigInt(exponent), this.scale * exponent).normalize();
  }

  /** The same value with the smallest scale (no trailing zeros after the point). */
  normalize(): Decimal {
    if (this.scale === 0) return this;
    let c = this.coefficient;
    if (c === 0n) return Decimal.ZERO;
    let s = this.scale;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s--;
    }
    return s === this.scale ? this : new Decimal(c, s);
  }

  /** Plain notation, never an exponent, no trailing zeros: 1.50 prints `1.5`, 0.000001 prints `0.000001`. */
  toString(): string {
    const v = this.normalize();
    return digitsOf(v.coefficient, v.scale);
  }

  /** Exactly `places` digits after the point, rounded by `mode` (default half-up). */
  toFixed(places: number, mode: RoundingMode = 'half-up'): string {
    const p = Math.max(0, Math.floor(places));
    const r = this.round(new Decimal(1n, p), mode);
    return digitsOf(r.coefficient, p);
  }

  /** The nearest binary double (for display or interop only, never for money). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** JSON gives the exact decimal string. */
  toJSON(): string {
    return this.toString();
  }
}

Object.defineProperty(Decimal.prototype, BRAND, { value: true });

function digitsOf(c: bigint, scale: number): string {
  const neg = c < 0n;
  let s = (neg ? -c : c).toString();
  if (scale > 0) {
    if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
    s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  }
  return neg ? '-' + s : s;
}
