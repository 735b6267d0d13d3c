/**
 * FEEL's rounding to a number of decimal places: `decimal` (half-even),
 * `round up` (away from zero), `round down` (toward zero), `round half up`,
 * `round half down`. The scale is a whole number (negative rounds to tens,
 * hundreds, …); exact, as every rulebook number.
 */
import type { Value } from '../../model/index.js';
import { Decimal, type RoundingMode } from '../../runtime/decimal.js';
import { needNumber, numberArg, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

/** `n` rounded to `scale` places by `mode`; null when a value is null or the scale is not whole. */
export function toScale(args: Value[], k: RunKit, mode: RoundingMode): Value {
  const n = numberArg(args[0], k);
  const scale = numberArg(args[1], k);
  if (n === null || scale === null) return null;
  // A fractional scale counts its whole part (the TCK's `decimal(1/3, 2.5)` is 0.33); FEEL's range is −6111..6176.
  const s = scale.round(Decimal.ONE, 'down').toNumber();
  if (s < -6111 || s > 6176) return null;
  const step = s >= 0 ? new Decimal(1n, s) : Decimal.fromBigInt(10n ** BigInt(-s));
  return n.round(step, mode);
}

function numberAndScale(args: TypeT[], k: TypeKit): TypeT {
  return needNumber(args, 0, k) && needNumber(args, 1, k) ? (args[0].t === 'null' ? k.value('number') : args[0]) : { t: 'error' };
}

function scaled(name: string, feel: string, mode: RoundingMode): Omit<Builtin, 'doc'> {
  return { name, feel, arity: [2, 2], type: numberAndScale, run: (args, k) => toScale(args, k, mode) };
}

export const fnDecimal: Builtin = { ...scaled('decimal', 'decimal', 'half-even'), doc: { call: 'decimal(n, scale)', en: 'n rounded to scale decimal places, half to even' } };
export const fnRoundUp: Builtin = { ...scaled('round_up', 'round up', 'up'), doc: { call: 'round_up(n, scale)', en: 'n rounded to scale decimal places, away from zero' } };
export const fnRoundDown: Builtin = { ...scaled('round_down', 'round down', 'down'), doc: { call: 'round_down(n, scale)', en: 'n rounded to scale decimal places, toward zero' } };
export const fnRoundHalfUp: Builtin = { ...scaled('round_half_up', 'round half up', 'half-up'), doc: { call: 'round_half_up(n, scale)', en: 'n rounded to scale decimal places, half away from zero' } };
export const fnRoundHalfDown: Builtin = { ...scaled('round_half_down', 'round half down', 'half-down'), doc: { call: 'round_half_down(n, scale)', en: 'n rounded to scale decimal places, half toward zero' } };
