/** `count`: how many items a list has. */
import { Decimal } from '../../runtime/decimal.js';
import { itemsOf, type Builtin } from './kit.js';

export const fnCount: Builtin = {
  name: 'count',
  feel: 'count',
  arity: [1, 1],
  doc: { call: 'count(list)', en: 'how many items the list has' },
  type(args, k) {
    if (args[0].t !== 'list') return k.err('lang.type.count-needs-list', { got: k.show(args[0]) }, 0);
    return k.value('integer');
  },
  run: (args) => Decimal.fromBigInt(BigInt(itemsOf(args).length)),
};
