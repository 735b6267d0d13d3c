/**
 * The temporal value core: FEEL's duration, time and date-and-time texts,
 * their `string()`, order and arithmetic, exact to the last decimal digit.
 * Expected figures are the DMN TCK's (1115–1121) or worked by hand.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../src/runtime/decimal.js';
import {
  addMonths,
  addSubTemporal,
  civilDate,
  compareTemporal,
  civilDays,
  monthsBetween,
  parseDateTime,
  parseDuration,
  parseTime,
  showTemporal,
  temporalProperty,
  type Temporal,
} from '../../src/runtime/temporal.js';

const dur = (t: string) => parseDuration(t)!;
const show = (v: unknown) => showTemporal(v as Temporal);

describe('durations', () => {
  it('read and print FEEL durations in normal form', () => {
    expect(show(dur('P1DT2H3M4.5S'))).toBe('P1DT2H3M4.5S');
    expect(show(dur('PT36H'))).toBe('P1DT12H');
    expect(show(dur('PT0S'))).toBe('PT0S');
    expect(show(dur('P0D'))).toBe('PT0S');
    expect(show(dur('-PT90M'))).toBe('-PT1H30M');
    expect(show(dur('P2D'))).toBe('P2D');
    expect(show(dur('PT0.100S'))).toBe('PT0.1S');
    expect(show(dur('P14M'))).toBe('P1Y2M');
    expect(show(dur('P0Y'))).toBe('P0M');
    expect(show(dur('-P3M'))).toBe('-P3M');
    expect(show(dur('P2Y'))).toBe('P2Y');
  });
  it('refuse mixed, empty and malformed texts', () => {
    for (const t of ['P', 'PT', 'P1Y2D', 'P1.5D', '1D', 'P1H', 'PT1D', '', 'P-1D']) expect(parseDuration(t), t).toBeUndefined();
  });
  it('add exactly: PT0.1S + PT0.2S is PT0.3S, not 0.30000000000000004', () => {
    expect(show(addSubTemporal('+', dur('PT0.1S'), dur('PT0.2S')))).toBe('PT0.3S');
    expect(show(addSubTemporal('-', dur('P1D'), dur('PT1S')))).toBe('PT23H59M59S');
    expect(show(addSubTemporal('+', dur('P1Y'), dur('P13M')))).toBe('P2Y1M');
    expect(addSubTemporal('+', dur('P1Y'), dur('P1D'))).toBeUndefined();
  });
  it('order by length, kinds apart', () => {
    expect(compareTemporal(dur('PT25H'), dur('P1D'))).toBe(1);
    expect(compareTemporal(dur('P1Y'), dur('P12M'))).toBe(0);
    expect(compareTemporal(dur('P1Y'), dur('P1D'))).toBeUndefined();
  });
  it('have their parts', () => {
    const d = dur('-P1DT2H3M4.25S');
    expect(['days', 'hours', 'minutes', 'seconds'].map((p) => String(temporalProperty(d, p)))).toEqual(['-1', '-2', '-3', '-4.25']);
    expect(['years', 'months'].map((p) => String(temporalProperty(dur('P27M'), p)))).toEqual(['2', '3']);
  });
  it('print what they read, for any days-and-time duration (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 3 }), (n, scale) => {
        const v = { kind: 'days and time duration' as const, seconds: new Decimal(n, scale) };
        const back = parseDuration(showTemporal(v))!;
        expect(compareTemporal(back, v)).toBe(0);
      }),
      { seed: 21, numRuns: 300 },
    );
  });
});

describe('time and date and time', () => {
  it('read and print times with fractions, offsets and zones', () => {
    expect(show(parseTime('10:30:00'))).toBe('10:30:00');
    expect(show(parseTime('10:30:00.0500+01:00'))).toBe('10:30:00.05+01:00');
    expect(show(parseTime('23:59:59+00:00'))).toBe('23:59:59Z');
    expect(show(parseTime('00:00:01@Europe/Paris'))).toBe('00:00:01@Europe/Paris');
    for (const t of ['24:00:00', '10:60:00', '10:30', '10:30:00+19:00', 'x']) expect(parseTime(t), t).toBeUndefined();
  });
  it('read and print dates and times; a bare date is its midnight', () => {
    expect(show(parseDateTime('2018-12-10T10:30:00.5-05:00'))).toBe('2018-12-10T10:30:00.5-05:00');
    expect(show(parseDateTime('2018-12-10'))).toBe('2018-12-10T00:00:00');
    expect(parseDateTime('2018-02-30T10:00:00')).toBeUndefined();
  });
  it('compare as instants across offsets and zones, never local with zoned', () => {
    expect(compareTemporal(parseDateTime('2018-12-10T10:30:00+01:00')!, parseDateTime('2018-12-10T09:30:00Z')!)).toBe(0);
    expect(compareTemporal(parseDateTime('2018-12-10T10:30:00@Europe/Paris')!, parseDateTime('2018-12-10T09:30:00Z')!)).toBe(0);
    expect(compareTemporal(parseDateTime('2018-07-10T10:30:00@Europe/Paris')!, parseDateTime('2018-07-10T08:30:00Z')!)).toBe(0);
    expect(compareTemporal(parseDateTime('2018-12-10T10:30:00')!, parseDateTime('2018-12-10T09:30:00Z')!)).toBeUndefined();
    expect(compareTemporal(parseTime('10:00:00+02:00')!, parseTime('08:00:00Z')!)).toBe(0);
  });
  it('subtract to durations and add durations', () => {
    const a = parseDateTime('2019-03-31T01:00:00Z')!;
    const b = parseDateTime('2018-12-31T23:30:00.25Z')!;
    expect(show(addSubTemporal('-', a, b))).toBe('P89DT1H29M59.75S');
    expect(show(addSubTemporal('-', { kind: 'date', iso: '2024-03-01' }, { kind: 'date', iso: '2024-02-01' }))).toBe('P29D');
    expect(show(addSubTemporal('+', a, dur('PT23H')))).toBe('2019-04-01T00:00:00Z');
    expect(show(addSubTemporal('+', dur('P1M'), parseDateTime('2019-01-31T10:00:00')!))).toBe('2019-02-28T10:00:00');
    expect(addSubTemporal('+', { kind: 'date', iso: '2024-01-31' }, dur('P1M'))).toEqual({ kind: 'date', iso: '2024-02-29' });
    expect(show(addSubTemporal('+', parseTime('23:00:00')!, dur('PT2H')))).toBe('01:00:00');
    expect(show(addSubTemporal('-', parseTime('01:00:00')!, parseTime('23:00:00')!))).toBe('-PT22H');
  });
  it('count whole months between two days (tenure)', () => {
    const ym = (a: string, b: string) => show(monthsBetween({ kind: 'date', iso: a }, { kind: 'date', iso: b }));
    expect(ym('2011-12-22', '2013-08-24')).toBe('P1Y8M');
    expect(ym('2013-08-24', '2011-12-22')).toBe('-P1Y8M');
    expect(ym('2015-01-21', '2016-01-20')).toBe('P11M');
    expect(ym('2016-01-20', '2016-01-20')).toBe('P0M');
  });
  it('have their parts', () => {
    const v = parseDateTime('2018-12-10T10:30:05.5+01:00')!;
    expect(['year', 'month', 'day', 'hour', 'minute', 'second'].map((p) => String(temporalProperty(v, p)))).toEqual(['2018', '12', '10', '10', '30', '5.5']);
    expect(show(temporalProperty(v, 'time offset'))).toBe('PT1H');
    expect(temporalProperty(v, 'timezone')).toBeNull();
    expect(temporalProperty(parseTime('10:00:00@Europe/Paris')!, 'timezone')).toBe('Europe/Paris');
  });
  it('calendar: days and civil dates are inverse, months add with the day clamped (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (days) => {
        const [y, m, d] = civilDate(days);
        expect(civilDays(y, m, d)).toBe(days);
      }),
      { seed: 21, numRuns: 500 },
    );
    expect(addMonths('2023-03-31', -1n)).toBe('2023-02-28');
    expect(addMonths('2023-12-15', 1n)).toBe('2024-01-15');
    expect(addMonths('0001-01-01', -1n)).toBeUndefined();
  });
});
