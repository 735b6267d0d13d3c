/**
 * Outside values (YAML test inputs, JSON and CSV rows, form fields) → typed
 * runtime values, exactly. One place decides what `"70%"`, `0.7` or
 * `"1234.56"` mean for each type, so tests, `eval` and the handbook's
 * calculators agree.
 */
import { Decimal } from '../runtime/decimal.js';
import type { DateValue, Value, ValueType } from './index.js';

export type ConvertError = 'wrong-type' | 'out-of-domain';

export interface Converted {
  value?: Value;
  error?: ConvertError;
  /** Plain-words reason, for messages. */
  reason?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in `YYYY-MM-DD`, or undefined. */
export function parseDate(text: string): DateValue | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return { kind: 'date', iso: text };
}

function decimalOf(raw: unknown, exactText?: string): Decimal | undefined {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    const fromText = exactText !== undefined ? Decimal.parse(exactText.replace(/_/g, '')) : undefined;
    return fromText ?? Decimal.fromNumber(raw);
  }
  if (typeof raw === 'string') return Decimal.parse(raw.trim());
  return undefined;
}

const HUNDRED = Decimal.fromBigInt(100n);

/**
 * Converts an outside value to the runtime value of `type`. A percent is
 * `"70%"` or a fraction (`0.7`); money and numbers are numbers or decimal
 * strings (`exactText`, the source digits, keeps `0.1` exact); dates are
 * `YYYY-MM-DD`. Domains are not checked here (see `inDomain` in the evaluator).
 */
export function convertValue(raw: unknown, type: ValueType, exactText?: string): Converted {
  if (raw === null || raw === undefined) return { value: null };
  switch (type.kind) {
    case 'percent': {
      if (typeof raw === 'string' && raw.trim().endsWith('%')) {
        const d = Decimal.parse(raw.trim().slice(0, -1).trim());
        return d ? { value: d.div(HUNDRED) } : { error: 'wrong-type', reason: 'not a percent' };
      }
      const d = decimalOf(raw, exactText);
      return d ? { value: d } : { error: 'wrong-type', reason: 'not a percent' };
    }
    case 'number':
    case 'money':
    case 'integer':
    case 'months':
    case 'days': {
      const d = decimalOf(raw, exactText);
      if (!d) return { error: 'wrong-type', reason: type.kind === 'money' ? 'not an amount' : 'not a number' };
      if (type.kind !== 'number' && type.kind !== 'money' && !d.isInteger()) {
        return { error: 'wrong-type', reason: 'not a whole number' };
      }
      return { value: d };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      // Spreadsheets write TRUE and FALSE.
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return { value: raw.toLowerCase() === 'true' };
      return { error: 'wrong-type', reason: 'not true or false' };
    case 'enum': {
      const key = typeof raw === 'string' ? raw.replace(/^"(.*)"$/, '$1') : undefined;
      if (key !== undefined && type.values?.some((v) => v.key === key)) return { value: key };
      // A label is accepted too: a form or a CSV written by people may carry the words, not the key.
      const byLabel = type.values?.find((v) => v.label === raw);
      if (byLabel) return { value: byLabel.key };
      return { error: 'out-of-domain', reason: 'not one of the values' };
    }
    case 'string':
      return typeof raw === 'string' ? { value: raw } : { value: String(raw) };
    case 'date': {
      const d = typeof raw === 'string' ? parseDate(raw.trim()) : undefined;
      return d ? { value: d } : { error: 'wrong-type', reason: 'not a date (YYYY-MM-DD)' };
    }
  }
}
