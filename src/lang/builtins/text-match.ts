/** `contains`, `starts with` and `ends with`: whether a text holds, begins or ends with another. */
import type { Value } from '../../model/index.js';
import { needText, textArg, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

function textsToBoolean(args: TypeT[], k: TypeKit): TypeT {
  return needText(args, 0, k) && needText(args, 1, k) ? k.value('boolean') : { t: 'error' };
}

function test(f: (s: string, m: string) => boolean) {
  return (args: Value[], k: RunKit): Value => {
    const s = textArg(args[0], k);
    const m = textArg(args[1], k);
    return s === null || m === null ? null : f(s, m);
  };
}

export const fnContains: Builtin = {
  name: 'contains',
  feel: 'contains',
  arity: [2, 2],
  doc: { call: 'contains(text, part)', en: 'whether the text contains part' },
  type: textsToBoolean,
  run: test((s, m) => s.includes(m)),
};

export const fnStartsWith: Builtin = {
  name: 'starts_with',
  feel: 'starts with',
  arity: [2, 2],
  doc: { call: 'starts_with(text, part)', en: 'whether the text begins with part' },
  type: textsToBoolean,
  run: test((s, m) => s.startsWith(m)),
};

export const fnEndsWith: Builtin = {
  name: 'ends_with',
  feel: 'ends with',
  arity: [2, 2],
  doc: { call: 'ends_with(text, part)', en: 'whether the text ends with part' },
  type: textsToBoolean,
  run: test((s, m) => s.endsWith(m)),
};
