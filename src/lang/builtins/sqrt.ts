/** `sqrt(n)`: the square root to 34 significant digits (exact for perfect squares); null for a negative number. */
import { Decimal } from '../../runtime/decimal.js';
import { itemsOf, itemType, needNumber, numberArg, type Builtin } from './kit.js';

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

export const fnStddev: Builtin = {
  name: 'stddev',
  feel: 'stddev',
  arity: [1, Infinity],
  doc: { call: 'stddev(list)', en: 'the sample standard deviation of numbers, given as arguments or as one list (null for fewer than two)' },
  type(args, k) {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null') return acc.t === 'null' ? k.value('number') : acc;
    return k.isNumeric(acc) ? k.value('number') : k.err('lang.type.needs-numbers', { got: k.show(acc) });
  },
  run(args, k) {
    const items = itemsOf(args);
    if (items.length < 2) return null;
    const ds: Decimal[] = [];
    for (const it of items) {
      const d = numberArg(it, k);
      if (d === null) return null;
      ds.push(d);
    }
    // The variance exactly as a fraction Σ(n·x − Σx)² / (n²·(n − 1)), then one root of it.
    const n = Decimal.fromBigInt(BigInt(ds.length));
    const total = ds.reduce((a, b) => a.add(b), Decimal.ZERO);
    const squares = ds.reduce((a, x) => {
      const dev = x.mul(n).sub(total);
      return a.add(dev.mul(dev));
    }, Decimal.ZERO);
    const variance = squares.div(n.mul(n).mul(n.sub(Decimal.ONE)), 60);
    return fnSqrt.run([variance], k);
  },
};
