/**
 * FEEL's operators on temporal values through the shared semantics, and the
 * same operators in the runtime text every compiled module inlines
 * (src/compile/embedded.ts): the two executions must agree on every pair.
 */
import { describe, expect, it } from 'vitest';
import { binaryOp, type SValue } from '../../src/runtime/semantics.js';
import { parseDateTime, parseDuration, parseTime, showTemporal, type Temporal } from '../../src/runtime/temporal.js';
import { RUNTIME_JS } from '../../src/compile/embedded.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { showValue } from '../../src/lang/builtins/kit.js';

const embedded = new Function(`${RUNTIME_JS}\nreturn { binaryOp, parseDuration, parseTime, parseDateTime, showTemporal };`)() as {
  binaryOp: typeof binaryOp;
  parseDuration: typeof parseDuration;
  parseTime: typeof parseTime;
  parseDateTime: typeof parseDateTime;
  showTemporal: typeof showTemporal;
};

type Kit = { parseDuration: typeof parseDuration; parseTime: typeof parseTime; parseDateTime: typeof parseDateTime };
const VALUES: ((k: Kit) => SValue)[] = [
  (k) => k.parseDuration('P1DT1H')!,
  (k) => k.parseDuration('PT0.1S')!,
  (k) => k.parseDuration('-PT30M')!,
  (k) => k.parseDuration('P1Y2M')!,
  (k) => k.parseDuration('P3M')!,
  (k) => k.parseTime('23:30:00.5')!,
  (k) => k.parseTime('10:00:00+01:00')!,
  (k) => k.parseDateTime('2024-01-31T12:00:00Z')!,
  (k) => k.parseDateTime('2024-02-29T23:59:59.999@Europe/Paris')!,
  (k) => k.parseDateTime('2024-03-01T00:00:00')!,
  () => ({ kind: 'date', iso: '2024-01-31' }),
  () => ({ kind: 'date', iso: '2023-12-25' }),
  () => null,
];

/** A result as text both sides can print: temporal values by FEEL's `string()`. */
function text(r: { value?: SValue; error?: string }, show: (v: Temporal) => string): string {
  if (r.error) return `error ${r.error}`;
  const v = r.value;
  if (v && typeof v === 'object' && 'kind' in v && v.kind !== 'date') return show(v as Temporal);
  return JSON.stringify(v);
}

describe('temporal operators', () => {
  it('add, subtract and compare as FEEL does', () => {
    const op = (o: string, a: SValue, b: SValue) => text(binaryOp(o, a, b), showTemporal);
    const d = (t: string) => parseDuration(t)!;
    expect(op('+', d('PT0.1S'), d('PT0.2S'))).toBe('PT0.3S');
    expect(op('-', parseDateTime('2024-03-01')!, { kind: 'date', iso: '2024-02-01' })).toBe('P29D');
    expect(op('+', { kind: 'date', iso: '2024-01-31' }, d('P1M'))).toBe('{"kind":"date","iso":"2024-02-29"}');
    expect(op('+', d('P1Y'), d('P1D'))).toBe('null');
    expect(op('+', d('P1D'), null)).toBe('null');
    expect(op('<', d('PT23H'), d('P1D'))).toBe('true');
    expect(op('=', d('P1Y'), d('P12M'))).toBe('true');
    expect(op('=', parseDateTime('2018-12-10T10:30:00+01:00')!, parseDateTime('2018-12-10T09:30:00Z')!)).toBe('true');
    expect(op('<', d('P1Y'), d('P1D'))).toBe('null');
  });
  it('read in messages as FEEL prints them (a years-and-months duration holds a bigint, which JSON cannot print)', () => {
    expect(binaryOp('*', parseDuration('P1Y')!, Decimal.ONE)).toEqual({ error: 'bad-value', reason: '`P1Y` is not a number' });
    expect(showValue(parseDuration('-P14M')!)).toBe('-P1Y2M');
  });
  it('give the same results in the compiled modules’ runtime', () => {
    let pairs = 0;
    for (const a of VALUES)
      for (const b of VALUES)
        for (const o of ['+', '-', '<', '=', '>=']) {
          const mine = text(binaryOp(o, a({ parseDuration, parseTime, parseDateTime }), b({ parseDuration, parseTime, parseDateTime })), showTemporal);
          const theirs = text(embedded.binaryOp(o, a(embedded), b(embedded)), embedded.showTemporal);
          expect(theirs, `${o}`).toBe(mine);
          pairs++;
        }
    expect(pairs).toBe(VALUES.length ** 2 * 5);
  });
});
