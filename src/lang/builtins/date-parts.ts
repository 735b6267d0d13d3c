/**
 * FEEL's calendar functions of a date: `day of year`, `day of week`,
 * `month of year` and `week of year` (ISO 8601 weeks, Monday first), from
 * the date's `YYYY-MM-DD` text in the proleptic Gregorian calendar.
 */
import type { Value } from '../../model/index.js';
import { Decimal } from '../../runtime/decimal.js';
import { showValue, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, exact for every year). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 1 (Monday) … 7 (Sunday). */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** The date argument as year, month, day; null for null; else the evaluation stops. */
function partsOf(v: Value, k: RunKit): [number, number, number] | null {
  if (v === null) return null;
  if (typeof v === 'object' && !Array.isArray(v) && (v as { kind?: unknown }).kind === 'date') {
    const [y, m, d] = (v as { iso: string }).iso.split('-').map(Number);
    return [y, m, d];
  }
  return k.fail(`\`${showValue(v)}\` is not a date`);
}

function dateType(result: 'number' | 'string') {
  return (args: TypeT[], k: TypeKit): TypeT => {
    const x = args[0];
    if (x.t !== 'null' && k.kind(x) !== 'date') return k.err('lang.type.needs-date', { got: k.show(x) }, 0);
    return k.value(result === 'number' ? 'integer' : 'string');
  };
}

function datePart(p: { feel: string; doc: Builtin['doc']; result: 'number' | 'string'; of: (y: number, m: number, d: number) => Value }): Builtin {
  return {
    name: p.feel.replace(/ /g, '_'),
    feel: p.feel,
    arity: [1, 1],
    doc: p.doc,
    type: dateType(p.result),
    run(args, k) {
      const parts = partsOf(args[0], k);
      return parts === null ? null : p.of(parts[0], parts[1], parts[2]);
    },
  };
}

function dayOfYear(y: number, m: number, d: number): Value {
  return Decimal.fromBigInt(BigInt(daysFromCivil(y, m, d) - daysFromCivil(y, 1, 1) + 1));
}

function weekOfYear(y: number, m: number, d: number): Value {
  const days = daysFromCivil(y, m, d);
  // The week's Thursday decides its year; the week number counts from that year's first Thursday.
  const thursday = days - isoWeekday(days) + 4;
  return Decimal.fromBigInt(BigInt(Math.floor((thursday - daysFromCivil(civilYear(thursday), 1, 1)) / 7) + 1));
}

// prettier-ignore
export const fnDayOfYear: Builtin = datePart({ feel: 'day of year', result: 'number', of: dayOfYear, doc: { call: 'day_of_year(date)', en: 'the day of the year, 1 for 1 January' } });
// prettier-ignore
export const fnDayOfWeek: Builtin = datePart({ feel: 'day of week', result: 'string', of: (y, m, d) => DAYS[isoWeekday(daysFromCivil(y, m, d)) - 1], doc: { call: 'day_of_week(date)', en: 'the weekday in English, `"Monday"` … `"Sunday"`' } });
// prettier-ignore
export const fnMonthOfYear: Builtin = datePart({ feel: 'month of year', result: 'string', of: (_y, m) => MONTHS[m - 1], doc: { call: 'month_of_year(date)', en: 'the month in English, `"January"` … `"December"`' } });
// prettier-ignore
export const fnWeekOfYear: Builtin = datePart({ feel: 'week of year', result: 'number', of: weekOfYear, doc: { call: 'week_of_year(date)', en: 'the ISO 8601 week number (weeks start on Monday; week 1 holds the first Thursday)' } });

/** The year of a day count since 1970-01-01. */
function civilYear(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}
