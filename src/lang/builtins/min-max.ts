/**
 * `min` and `max` of numbers, dates or text, as arguments or one list. FEEL's
 * `min`/`max` (null when the list is empty or its items do not compare).
 */
import type { Value } from '../../model/index.js';
import { itemsOf, itemType, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

function extreme(args: Value[], k: RunKit, sign: -1 | 1): Value {
  const items = itemsOf(args);
  if (items.length === 0) return null;
  let best = items[0];
  for (let i = 1; i < items.length; i++) {
    const c = k.cmp(items[i], best);
    if (c === undefined) return null;
    if (c === sign) best = items[i];
  }
  return k.cmp(best, best) === undefined ? null : best;
}

function orderable(name: string) {
  return (args: TypeT[], k: TypeKit): TypeT => {
    const acc = itemType(args, k);
    if (acc.t === 'error' || acc.t === 'null') return acc;
    if (k.isNumeric(acc) || k.kind(acc) === 'date' || k.kind(acc) === 'string') return acc;
    return k.err('lang.type.needs-numbers-or-dates', { got: k.show(acc), name });
  };
}

export const fnMin: Builtin = {
  name: 'min',
  feel: 'min',
  arity: [1, Infinity],
  doc: { call: 'min(a, b, …)', en: 'the least of numbers, dates or texts, given as arguments or as one list' },
  type: orderable('min'),
  run: (args, k) => extreme(args, k, -1),
};

export const fnMax: Builtin = {
  name: 'max',
  feel: 'max',
  arity: [1, Infinity],
  doc: { call: 'max(a, b, …)', en: 'the greatest of numbers, dates or texts, given as arguments or as one list' },
  type: orderable('max'),
  run: (args, k) => extreme(args, k, 1),
};
