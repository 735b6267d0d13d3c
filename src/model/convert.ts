/**
 * Outside values (YAML test inputs, JSON and CSV rows, form fields) → typed
 * runtime values, exactly. The meaning of each value is the one input
 * contract in `src/runtime/semantics.ts`, which the generated evaluator
 * inlines too, so tests, `eval`, the compiled module and the handbook's
 * calculators agree; this module adapts it to the model's types.
 */
import { convertInput, parseIsoDate } from '../runtime/semantics.js';
import type { DateValue, Value, ValueType } from './index.js';

export type ConvertError = 'wrong-type' | 'out-of-domain';

export interface Converted {
  value?: Value;
  error?: ConvertError;
  /** Plain-words reason, for messages. */
  reason?: string;
}

/** A real calendar date in `YYYY-MM-DD`, or undefined. */
export function parseDate(text: string): DateValue | undefined {
  return parseIsoDate(text);
}

/** What the shared conversion needs of a type: its kind, and an enum's keys and labels. */
export function inputTypeOf(type: ValueType): { kind: string; keys?: string[]; labels?: string[] } {
  return type.values ? { kind: type.kind, keys: type.values.map((v) => v.key), labels: type.values.map((v) => v.label) } : { kind: type.kind };
}

/**
 * Converts an outside value to the runtime value of `type` (see
 * `convertInput`). `null` and `undefined` give `null` here (an expected
 * output may be null); the evaluator treats an absent input as missing.
 * Domains are not checked here.
 */
export function convertValue(raw: unknown, type: ValueType, exactText?: string): Converted {
  if (raw === null || raw === undefined) return { value: null };
  const c = convertInput(raw, inputTypeOf(type), exactText);
  return c.error ? { error: c.error, reason: c.reason } : { value: c.value as Value };
}
