/**
 * FEEL's temporal constructors: `duration("P2DT3H")`, `time("10:30:00+01:00")`,
 * `date and time("2018-12-10T10:30:00@Europe/Paris")` and
 * `years and months duration(from, to)`. The values and their arithmetic are
 * src/runtime/temporal.ts (exact seconds); this module only reads arguments.
 * Text that names no such value is null (FEEL).
 */
import type { Value } from '../../model/index.js';
import {
  KIND_DATE_TIME,
  KIND_DAY_TIME,
  KIND_YEAR_MONTH,
  isTemporal,
  monthsBetween,
  parseDateTime,
  parseDuration,
  parseTime,
  type DateOnly,
  type DateTimeValue,
} from '../../runtime/temporal.js';
import { needText, showValue, textArg, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

/** The type of a call on text, or on a value of the result's own kind (`time(t)` is `t`). */
function fromTextType(kind: string) {
  return (args: TypeT[], k: TypeKit): TypeT => {
    const got = k.kind(args[0]);
    if (got === kind || (kind === KIND_DAY_TIME && got === KIND_YEAR_MONTH)) return args[0];
    if (kind === 'time' && got === KIND_DATE_TIME) return k.value('time');
    if (kind === KIND_DATE_TIME && args.length === 2) return k.value(KIND_DATE_TIME);
    return needText(args, 0, k) ? k.value(kind as 'time') : { t: 'error' };
  };
}

function fromTextRun(kinds: string[], parse: (s: string) => Value | undefined) {
  return (args: Value[], k: RunKit): Value => {
    const a = args[0];
    if (isTemporal(a) && kinds.includes(a.kind)) return a;
    // FEEL: `time(date and time)` is its time of day.
    if (isTemporal(a) && a.kind === KIND_DATE_TIME && kinds.includes('time')) return a.time;
    const s = textArg(a, k);
    return s === null ? null : (parse(s) ?? null);
  };
}

/** `duration(text)`: a days-and-time or a years-and-months duration; the checker types both as the first. */
export const fnDuration: Builtin = {
  name: 'duration',
  feel: 'duration',
  arity: [1, 1],
  // prettier-ignore
  doc: { call: 'duration("P2DT3H")', en: 'the duration the ISO 8601 text names: `P1Y2M` (years and months) or `P2DT3H4M5.5S` (days and time, seconds exact)' },
  type: fromTextType(KIND_DAY_TIME),
  run: fromTextRun([KIND_DAY_TIME, KIND_YEAR_MONTH], parseDuration),
};

export const fnTime: Builtin = {
  name: 'time',
  feel: 'time',
  arity: [1, 1],
  // prettier-ignore
  doc: { call: 'time("10:30:00+01:00")', en: 'the time of day the text names, with an optional offset (`Z`, `+01:00`) or zone (`@Europe/Paris`)' },
  type: fromTextType('time'),
  run: fromTextRun(['time'], parseTime),
};

export const fnDateAndTime: Builtin = {
  name: KIND_DATE_TIME.replace(/ /g, '_'),
  feel: KIND_DATE_TIME,
  arity: [1, 2],
  // prettier-ignore
  doc: { call: 'date_and_time("2018-12-10T10:30:00")', en: 'the date and time the text names, with an optional offset or zone; a bare date is its midnight; also `date_and_time(date, time)`' },
  type: fromTextType(KIND_DATE_TIME),
  run(args, k) {
    if (args.length === 1) return fromTextRun([KIND_DATE_TIME], parseDateTime)(args, k);
    const [d, t] = args;
    if (d === null || t === null) return null;
    const day = dayOrDateTime(d);
    if (!day || !isTemporal(t) || t.kind !== 'time') return null;
    return { kind: KIND_DATE_TIME, date: day.kind === 'date' ? day.iso : day.date, time: t };
  },
};

function dayOrDateTime(v: Value): DateOnly | DateTimeValue | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const kind = (v as { kind?: unknown }).kind;
  return kind === 'date' || kind === KIND_DATE_TIME ? (v as DateOnly | DateTimeValue) : undefined;
}

export const fnYearsAndMonthsDuration: Builtin = {
  name: KIND_YEAR_MONTH.replace(/ /g, '_'),
  feel: KIND_YEAR_MONTH,
  arity: [2, 2],
  // prettier-ignore
  doc: { call: 'years_and_months_duration(from, to)', en: 'the whole years and months from one date (or date and time) to another, e.g. tenure; negative when `to` is earlier' },
  type(args, k) {
    for (const [i, a] of args.entries()) {
      if (a.t !== 'null' && k.kind(a) !== 'date' && k.kind(a) !== KIND_DATE_TIME) return k.err('lang.type.needs-date', { got: k.show(a) }, i);
    }
    return k.value(KIND_YEAR_MONTH);
  },
  run(args, k) {
    if (args[0] === null || args[1] === null) return null;
    const from = dayOrDateTime(args[0]);
    const to = dayOrDateTime(args[1]);
    if (!from || !to) return k.fail(`\`${showValue(from ? args[1] : args[0])}\` is not a date`);
    return monthsBetween(from, to);
  },
};
