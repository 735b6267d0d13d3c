/** `all` and `any` of booleans, given as arguments or as one list (null when an item is not a boolean and none decides). */
import type { Value } from '../../model/index.js';
import { itemsOf, itemType, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

function booleans(op: string) {
  return (args: TypeT[], k: TypeKit): TypeT => {
    const acc = itemType(args, k);
    if (acc.t === 'error') return acc;
    if (acc.t !== 'null' && k.kind(acc) !== 'boolean') return k.err('lang.type.needs-booleans', { op, got: k.show(acc) });
    return k.value('boolean');
  };
}

function fold(decider: boolean) {
  return (args: Value[], _k: RunKit): Value => {
    const items = itemsOf(args);
    let unknown = false;
    for (const it of items) {
      if (it === decider) return decider;
      if (typeof it !== 'boolean') unknown = true;
    }
    return unknown ? null : !decider;
  };
}

export const fnAll: Builtin = {
  name: 'all',
  feel: 'all',
  arity: [1, Infinity],
  doc: { call: 'all(list)', en: 'true when every item is true (false when one is false)' },
  type: booleans('all'),
  run: fold(false),
};

export const fnAny: Builtin = {
  name: 'any',
  feel: 'any',
  arity: [1, Infinity],
  doc: { call: 'any(list)', en: 'true when an item is true (false when every one is false)' },
  type: booleans('any'),
  run: fold(true),
};
