/** `mean`: the arithmetic mean of numbers (null for an empty list or a null item); the quotient has 34 digits, as every division. */
import { Decimal } from '../../runtime/decimal.js';
import { itemsOf, itemType, numberArg, type Builtin } from './kit.js';

export const fnMean: Builtin = {
  name: 'mean',
  feel: 'mean',
  arity: [1, Infinity],
  doc: { call: 'mean(list)', en: 'the arithmetic mean of numbers, given as arguments or as one list' },
  type(args, k) {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null') return acc;
    if (!k.isNumeric(acc)) return k.err('lang.type.needs-numbers', { got: k.show(acc) });
    return k.kind(acc) === 'integer' ? k.value('number') : acc.t === 'value' && acc.flex ? k.value('number') : acc;
  },
  run(args, k) {
    const items = itemsOf(args);
    if (items.length === 0) return null;
    let acc = Decimal.ZERO;
    for (const it of items) {
      const d = numberArg(it, k);
      if (d === null) return null;
      acc = acc.add(d);
    }
    return acc.div(Decimal.fromBigInt(BigInt(items.length)));
  },
};
