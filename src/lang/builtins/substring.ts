/**
 * `substring(text, start, length)`: FEEL's substring, counting characters
 * (code points) from 1, a negative start from the end; null when the start is
 * outside the text or the length is negative.
 */
import { needNumber, needText, numberArg, textArg, type Builtin } from './kit.js';

export const fnSubstring: Builtin = {
  name: 'substring',
  feel: 'substring',
  arity: [2, 3],
  doc: { call: 'substring(text, start, length)', en: 'the characters of text from position start (1 is the first, -1 the last), length of them or all the rest' },
  type(args, k) {
    if (!needText(args, 0, k) || !needNumber(args, 1, k) || (args.length > 2 && !needNumber(args, 2, k))) return { t: 'error' };
    return k.value('string');
  },
  run(args, k) {
    const s = textArg(args[0], k);
    const start = numberArg(args[1], k);
    const len = args.length > 2 ? numberArg(args[2], k) : undefined;
    if (s === null || start === null || len === null) return null;
    const chars = [...s];
    const from = start.floor().toNumber();
    if (from === 0 || Math.abs(from) > chars.length + (from > 0 ? 1 : 0)) return null;
    const i = from > 0 ? from - 1 : chars.length + from;
    if (len === undefined) return chars.slice(i).join('');
    if (len.sign() < 0) return null;
    return chars.slice(i, i + len.floor().toNumber()).join('');
  },
};
