/** `abs`, `floor` and `ceiling` of a number (`floor(n, scale)`: to `scale` decimal places, as FEEL's). */
import type { Value } from '../../model/index.js';
import { numberArg, needNumber, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';
import { toScale } from './scale-rounding.js';

function integral(args: TypeT[], k: TypeKit): TypeT {
  if (!needNumber(args, 0, k) || (args.length > 1 && !needNumber(args, 1, k))) return { t: 'error' };
  const x = args[0];
  if (args.length > 1) return x.t === 'null' ? k.value('number') : x;
  return x.t === 'value' && x.type.kind === 'number' && !x.flex ? k.value('integer') : x;
}

function unaryNumber(f: (d: import('../../runtime/decimal.js').Decimal) => Value) {
  return (args: Value[], k: RunKit): Value => {
    const d = numberArg(args[0], k);
    return d === null ? null : f(d);
  };
}

export const fnAbs: Builtin = {
  name: 'abs',
  feel: 'abs',
  arity: [1, 1],
  doc: { call: 'abs(x)', en: 'the absolute value' },
  type: (args, k) => (needNumber(args, 0, k) ? args[0] : { t: 'error' }),
  run: unaryNumber((d) => d.abs()),
};

export const fnFloor: Builtin = {
  name: 'floor',
  feel: 'floor',
  arity: [1, 2],
  doc: { call: 'floor(x, scale)', en: 'the greatest whole number not above x (with scale: the greatest number of scale decimal places)' },
  type: integral,
  run: (args, k) => (args.length > 1 ? toScale(args, k, 'floor') : unaryNumber((d) => d.floor())(args, k)),
};

export const fnCeiling: Builtin = {
  name: 'ceiling',
  feel: 'ceiling',
  arity: [1, 2],
  doc: { call: 'ceiling(x, scale)', en: 'the least whole number not below x (with scale: the least number of scale decimal places)' },
  type: integral,
  run: (args, k) => (args.length > 1 ? toScale(args, k, 'ceiling') : unaryNumber((d) => d.ceiling())(args, k)),
};
