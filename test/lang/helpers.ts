import type { Span } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';

/** A span function that records offsets as columns, so tests can assert exact places. */
export const at = (start: number, end: number): Span => ({ file: 't', line: 1, column: start + 1, endLine: 1, endColumn: end + 1 });

/** Deep copy with spans dropped and decimals printed canonically: equal values compare equal. */
export function strip(x: unknown): unknown {
  if (Decimal.isDecimal(x)) return `dec:${x.toString()}`;
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'span' && v !== undefined) out[k] = strip(v);
    return out;
  }
  return x;
}

export const dec = (s: string): Decimal => Decimal.parse(s)!;
