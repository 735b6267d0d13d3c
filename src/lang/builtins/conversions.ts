/**
 * `string(x)`: a value as text (numbers in plain notation, dates as
 * YYYY-MM-DD); `number(text, grouping, decimal)`: text with a grouping
 * separator (space, `,`, `.`) and a decimal separator (`.`, `,`) as an exact number.
 */
import { Decimal } from '../../runtime/decimal.js';
import { isTemporal, showTemporal } from '../../runtime/temporal.js';
import { needText, textArg, type Builtin } from './kit.js';

export const fnString: Builtin = {
  name: 'string',
  feel: 'string',
  arity: [1, 1],
  doc: { call: 'string(x)', en: 'the value as text: numbers in plain notation, dates as YYYY-MM-DD' },
  type: (_args, k) => k.value('string'),
  run(args) {
    const v = args[0];
    if (v === null) return null;
    if (Decimal.isDecimal(v)) return v.toString();
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'object' && !Array.isArray(v) && (v as { kind?: unknown }).kind === 'date') return (v as { iso: string }).iso;
    if (isTemporal(v)) return showTemporal(v);
    return null;
  },
};

export const fnNumber: Builtin = {
  name: 'number',
  feel: 'number',
  arity: [1, 3],
  doc: { call: 'number(text, grouping, decimal)', en: 'the number the text writes, with the given grouping and decimal separators' },
  type: (args, k) => (args.every((_, i) => needText(args, i, k)) ? k.value('number') : { t: 'error' }),
  run(args, k) {
    const text = textArg(args[0], k);
    const grouping = args.length > 1 ? textArg(args[1], k) : null;
    const decimal = args.length > 2 ? textArg(args[2], k) : null;
    if (text === null) return null;
    if (grouping !== null && ![' ', ',', '.'].includes(grouping)) return null;
    if (decimal !== null && !['.', ','].includes(decimal)) return null;
    if (grouping !== null && grouping === decimal) return null;
    let t = grouping === null ? text : text.split(grouping).join('');
    if (decimal !== null && decimal !== '.') t = t.split(decimal).join('.');
    return Decimal.parse(t) ?? null;
  },
};
