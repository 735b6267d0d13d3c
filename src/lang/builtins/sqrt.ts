/** `sqrt(n)`: the square root to 34 significant digits (exact for perfect squares); null for a negative number. */
import { Decimal } from '../../runtime/decimal.js';
import { needNumber, numberArg, type Builtin } from './kit.js';

/** The integer square root of a non-negative bigint (Newton's method). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y;
  }
}

export const fnSqrt: Builtin = {
  name: 'sqrt',
  feel: 'sqrt',
  arity: [1, 1],
  doc: { call: 'sqrt(n)', en: 'the square root, to 34 significant digits (null for a negative number)' },
  type: (args, k) => (needNumber(args, 0, k) ? k.value('number') : { t: 'error' }),
  run(args, k) {
    const n = numberArg(args[0], k);
    if (n === null || n.sign() < 0) return null;
    if (n.isZero()) return Decimal.ZERO;
    // Scale the coefficient so its root has 40 digits after the point, take the integer root, round to 34 digits.
    const places = 40;
    const shift = 2 * places - n.scale;
    const big = shift >= 0 ? n.coefficient * 10n ** BigInt(shift) : n.coefficient / 10n ** BigInt(-shift);
    const root = new Decimal(isqrt(big), places);
    const digits = root.floor().toString().replace('-', '').replace(/^0$/, '').length;
    return root.round(new Decimal(1n, Math.max(0, 34 - digits)), 'half-even').normalize();
  },
};
