/**
 * Equality and order of runtime values, the one definition the cell matcher,
 * the interpreter, the checker and the generated evaluator share (it lives
 * in `src/runtime/semantics.ts`, which the generated code inlines).
 */
import type { Value } from '../model/index.js';
import { compareValues as cmp, valuesEqual as eq } from '../runtime/semantics.js';

/**
 * Order of two values of the same type: numbers by value, strings by code
 * point, dates by day. `undefined` when they are not comparable (different
 * types, booleans, null, lists).
 */
export function compareValues(a: Value, b: Value): -1 | 0 | 1 | undefined {
  return cmp(a, b);
}

/** Value equality: numbers by value (0.70 = 0.7), dates by day, lists and contexts element-wise. */
export function valuesEqual(a: Value, b: Value): boolean {
  return eq(a, b);
}
