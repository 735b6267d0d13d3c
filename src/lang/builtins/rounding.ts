/** `abs`, `floor` and `ceiling` of a number. */
import type { Value } from '../../model/index.js';
import { numberArg, needNumber, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

function integral(args: TypeT[], k: TypeKit): TypeT {
  if (!needNumber(args, 0, k)) return { t: 'error' };
  const x = args[0];
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
  arity: [1, 1],
  doc: { call: 'floor(x)', en: 'the greatest whole number not above x' },
  type: integral,
  run: unaryNumber((d) => d.floor()),
};

export const fnCeiling: Builtin = {
  name: 'ceiling',
  feel: 'ceiling',
  arity: [1, 1],
  doc: { call: 'ceiling(x)', en: 'the least whole number not below x' },
  type: integral,
  run: unaryNumber((d) => d.ceiling()),
};
