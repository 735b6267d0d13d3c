/** `upper case` and `lower case` of a text. */
import { needText, textArg, type Builtin } from './kit.js';

export const fnUpperCase: Builtin = {
  name: 'upper_case',
  feel: 'upper case',
  arity: [1, 1],
  doc: { call: 'upper_case(text)', en: 'the text in upper case' },
  type: (args, k) => (needText(args, 0, k) ? k.value('string') : { t: 'error' }),
  run(args, k) {
    const s = textArg(args[0], k);
    return s === null ? null : s.toUpperCase();
  },
};

export const fnLowerCase: Builtin = {
  name: 'lower_case',
  feel: 'lower case',
  arity: [1, 1],
  doc: { call: 'lower_case(text)', en: 'the text in lower case' },
  type: (args, k) => (needText(args, 0, k) ? k.value('string') : { t: 'error' }),
  run(args, k) {
    const s = textArg(args[0], k);
    return s === null ? null : s.toLowerCase();
  },
};
