/** `string length`: how many characters (Unicode code points) a text has. */
import { Decimal } from '../../runtime/decimal.js';
import { needText, textArg, type Builtin } from './kit.js';

export const fnStringLength: Builtin = {
  name: 'string_length',
  feel: 'string length',
  arity: [1, 1],
  doc: { call: 'string_length(text)', en: 'how many characters the text has' },
  type: (args, k) => (needText(args, 0, k) ? k.value('integer') : { t: 'error' }),
  run(args, k) {
    const s = textArg(args[0], k);
    return s === null ? null : Decimal.fromBigInt(BigInt([...s].length));
  },
};
