/**
 * Equality and order of runtime values, the one definition the cell matcher,
 * the interpreter and the checker share.
 */
import type { Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';

function isDate(v: Value): v is { kind: 'date'; iso: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && (v as { kind?: unknown }).kind === 'date';
}

/**
 * Order of two values of the same type: numbers by value, strings by code
 * point, dates by day. `undefined` when they are not comparable (different
 * types, booleans, null, lists).
 */
export function compareValues(a: Value, b: Value): -1 | 0 | 1 | undefined {
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) ? a.cmp(b) : undefined;
  if (typeof a === 'string') return typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : undefined;
  if (isDate(a)) return isDate(b) ? (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0) : undefined;
  return undefined;
}

/** Value equality: numbers by value (0.70 = 0.7), dates by day, lists and contexts element-wise. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) && a.eq(b);
  if (typeof a !== 'object' || typeof b !== 'object' || Decimal.isDecimal(b)) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (Array.isArray(b)) return false;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.iso === b.iso;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, Value>;
  const rb = b as Record<string, Value>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && valuesEqual(ra[k], rb[k]));
}
