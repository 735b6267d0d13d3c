/** `sum`: the exact sum of numbers, as arguments or one list (null when an item is null). */
import { Decimal } from '../../runtime/decimal.js';
import { itemsOf, itemType, numberArg, type Builtin } from './kit.js';

export const fnSum: Builtin = {
  name: 'sum',
  feel: 'sum',
  arity: [1, Infinity],
  doc: { call: 'sum(list)', en: 'the exact sum of numbers, given as arguments or as one list' },
  type(args, k) {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null' || k.isNumeric(acc)) return acc;
    return k.err('lang.type.needs-numbers', { got: k.show(acc) });
  },
  run(args, k) {
    let acc = Decimal.ZERO;
    for (const it of itemsOf(args)) {
      const d = numberArg(it, k);
      if (d === null) return null;
      acc = acc.add(d);
    }
    return acc;
  },
};
