/** `modulo`, `odd`, `even` and `product`: FEEL's integer and list arithmetic, exact. */
import { Decimal } from '../../runtime/decimal.js';
import { itemsOf, itemType, needNumber, numberArg, type Builtin } from './kit.js';

export const fnModulo: Builtin = {
  name: 'modulo',
  feel: 'modulo',
  arity: [2, 2],
  doc: { call: 'modulo(dividend, divisor)', en: 'the remainder of dividend ÷ divisor, with the sign of the divisor (null when the divisor is 0)' },
  type: (args, k) => (needNumber(args, 0, k) && needNumber(args, 1, k) ? (args[0].t === 'null' ? k.value('number') : args[0]) : { t: 'error' }),
  run(args, k) {
    const a = numberArg(args[0], k);
    const b = numberArg(args[1], k);
    if (a === null || b === null || b.isZero()) return null;
    // a − b × floor(a / b), the quotient's floor taken exactly on integers at a common scale.
    const scale = Math.max(a.scale, b.scale);
    const ai = a.coefficient * 10n ** BigInt(scale - a.scale);
    const bi = b.coefficient * 10n ** BigInt(scale - b.scale);
    let q = ai / bi;
    if (ai % bi !== 0n && ai < 0n !== bi < 0n) q -= 1n;
    return a.sub(b.mul(Decimal.fromBigInt(q)));
  },
};

function parity(name: string, want: bigint): Builtin {
  return {
    name,
    feel: name,
    arity: [1, 1],
    doc: { call: `${name}(n)`, en: `whether the whole number n is ${name} (null for a fraction)` },
    type: (args, k) => (needNumber(args, 0, k) ? k.value('boolean') : { t: 'error' }),
    run(args, k) {
      const n = numberArg(args[0], k);
      if (n === null || !n.isInteger()) return null;
      const i = n.floor().coefficient;
      return (i % 2n === 0n ? 0n : 1n) === want;
    },
  };
}

export const fnOdd: Builtin = parity('odd', 1n);
export const fnEven: Builtin = parity('even', 0n);

export const fnProduct: Builtin = {
  name: 'product',
  feel: 'product',
  arity: [1, Infinity],
  doc: { call: 'product(list)', en: 'the exact product of numbers, given as arguments or as one list (null for an empty list)' },
  type(args, k) {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null') return acc;
    return k.isNumeric(acc) ? k.value('number') : k.err('lang.type.needs-numbers', { got: k.show(acc) });
  },
  run(args, k) {
    const items = itemsOf(args);
    if (items.length === 0) return null;
    let acc = Decimal.ONE;
    for (const it of items) {
      const d = numberArg(it, k);
      if (d === null) return null;
      acc = acc.mul(d);
    }
    return acc;
  },
};

export const fnMedian: Builtin = {
  name: 'median',
  feel: 'median',
  arity: [1, Infinity],
  doc: { call: 'median(list)', en: 'the middle of the sorted numbers (the mean of the two middle ones for an even count; null for an empty list)' },
  type(args, k) {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null') return acc;
    return k.isNumeric(acc) ? (acc.t === 'value' && (acc.flex || acc.type.kind === 'integer') ? k.value('number') : acc) : k.err('lang.type.needs-numbers', { got: k.show(acc) });
  },
  run(args, k) {
    const items = itemsOf(args);
    if (items.length === 0) return null;
    const ds: Decimal[] = [];
    for (const it of items) {
      const d = numberArg(it, k);
      if (d === null) return null;
      ds.push(d);
    }
    ds.sort((x, y) => x.cmp(y));
    const m = ds.length >> 1;
    return ds.length % 2 === 1 ? ds[m] : ds[m - 1].add(ds[m]).div(Decimal.fromBigInt(2n));
  },
};
