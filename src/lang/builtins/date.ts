/**
 * `date("YYYY-MM-DD")`, `date(year, month, day)` or `date(d)`: a date from
 * text (a literal argument is read when the formula is parsed), from its
 * parts, or the date itself.
 */
import { KIND_DATE_TIME, isTemporal } from '../../runtime/temporal.js';
import { needNumber, numberArg, showValue, type Builtin } from './kit.js';

export const fnDate: Builtin = {
  name: 'date',
  feel: 'date',
  arity: [1, 3],
  doc: { call: 'date("YYYY-MM-DD")', en: 'the date the text names; also `date(year, month, day)`' },
  type(args, k) {
    if (args.length === 2) return k.err('lang.type.date-needs-text', { got: k.show(args[1]) }, 1);
    if (args.length === 3) return needNumber(args, 0, k) && needNumber(args, 1, k) && needNumber(args, 2, k) ? k.value('date') : { t: 'error' };
    if (args[0].t !== 'null' && k.kind(args[0]) !== 'string' && k.kind(args[0]) !== 'date' && k.kind(args[0]) !== KIND_DATE_TIME) return k.err('lang.type.date-needs-text', { got: k.show(args[0]) }, 0);
    return k.value('date');
  },
  run(args, k) {
    if (args.length === 3) {
      const [y, m, d] = args.map((a) => numberArg(a, k));
      if (y === null || m === null || d === null || !y.isInteger() || !m.isInteger() || !d.isInteger() || m.sign() <= 0 || d.sign() <= 0) return null;
      const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, '0');
      const year = y.toNumber();
      if (year < 1 || year > 9999) return null;
      return k.date(`${pad(year, 4)}-${pad(m.toNumber(), 2)}-${pad(d.toNumber(), 2)}`) ?? null;
    }
    const s = args[0];
    if (s === null) return null;
    if (typeof s === 'object' && !Array.isArray(s) && (s as { kind?: unknown }).kind === 'date') return s;
    // FEEL: the date of a date and time.
    if (isTemporal(s) && s.kind === KIND_DATE_TIME) return { kind: 'date', iso: s.date };
    const d = typeof s === 'string' ? k.date(s) : undefined;
    return d ?? k.fail(`\`${showValue(s)}\` is not a date`, { key: 'bad-date', params: { value: showValue(s) } });
  },
};
