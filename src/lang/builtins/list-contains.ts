/** `list contains(list, item)`: whether an item of the list equals the value. */
import { type Builtin } from './kit.js';

export const fnListContains: Builtin = {
  name: 'list_contains',
  feel: 'list contains',
  arity: [2, 2],
  doc: { call: 'list_contains(list, item)', en: 'whether the list has an item equal to item' },
  type(args, k) {
    if (args[0].t !== 'list' && args[0].t !== 'null') return k.err('lang.type.count-needs-list', { got: k.show(args[0]) }, 0);
    return k.value('boolean');
  },
  run(args, k) {
    const list = args[0];
    if (list === null) return null;
    if (!Array.isArray(list)) return k.fail('the first argument is not a list');
    return list.some((x) => k.eq(x, args[1]));
  },
};
