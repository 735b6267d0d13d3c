/** `round(x, step)`: x rounded to a multiple of step (default 1) in the decision's rounding mode. */
import { Decimal } from '../../runtime/decimal.js';
import { needNumber, numberArg, type Builtin } from './kit.js';

export const fnRound: Builtin = {
  name: 'round',
  feel: 'round',
  arity: [1, 2],
  doc: { call: 'round(x, step)', en: 'x rounded to a multiple of step (default 1), in the decision’s rounding mode (default half-up)' },
  type(args, k) {
    if (!needNumber(args, 0, k)) return { t: 'error' };
    const x = args[0];
    if (args.length === 2) {
      const s = args[1];
      if (!k.isNumeric(s) || !((s.t === 'value' && s.flex) || k.unify(x, s, 0, 1))) return k.err('lang.type.rounding-step', { got: k.show(s), want: k.show(x) }, 1);
    }
    return x;
  },
  run(args, k) {
    const d = numberArg(args[0], k);
    const step = args.length > 1 ? numberArg(args[1], k) : Decimal.ONE;
    if (d === null || step === null) return null;
    if (step.sign() <= 0) return k.fail('the rounding step must be positive');
    return d.round(step, k.roundMode);
  },
};
