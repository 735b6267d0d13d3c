/** `date("YYYY-MM-DD")`: a date from text (a literal argument is read when the formula is parsed). */
import { showValue, type Builtin } from './kit.js';

export const fnDate: Builtin = {
  name: 'date',
  feel: 'date',
  arity: [1, 1],
  doc: { call: 'date("YYYY-MM-DD")', en: 'the date the text names' },
  type(args, k) {
    if (args[0].t !== 'null' && k.kind(args[0]) !== 'string') return k.err('lang.type.date-needs-text', { got: k.show(args[0]) }, 0);
    return k.value('date');
  },
  run(args, k) {
    const s = args[0];
    if (s === null) return null;
    const d = typeof s === 'string' ? k.date(s) : undefined;
    return d ?? k.fail(`\`${showValue(s)}\` is not a date`, { key: 'bad-date', params: { value: showValue(s) } });
  },
};
