/**
 * FEEL's temporal values beyond `date`, exactly: `time`, `date and time`,
 * `days and time duration` and `years and months duration`. Seconds are
 * decimals (src/runtime/decimal.ts), never binary floating point, so
 * `PT0.1S` + `PT0.2S` is `PT0.3S` and a time's fraction survives a round trip.
 *
 * This module is the value core only (parse, print as FEEL's `string()`,
 * compare, add and subtract); it has no dependency on the evaluators so both
 * the interpreter and the compiled module can share it.
 */
import { Decimal } from './decimal.js';

const DAY = 86400n;
const D_DAY = Decimal.fromBigInt(DAY);

/** A days-and-time duration: a signed number of seconds (fraction exact). */
export interface DayTimeDuration {
  kind: 'days and time duration';
  seconds: Decimal;
}

/** A years-and-months duration: a signed whole number of months. */
export interface YearMonthDuration {
  kind: 'years and months duration';
  months: bigint;
}

/** A time of day; `offset` in seconds east of UTC, or a zone id, or neither (local time). */
export interface TimeValue {
  kind: 'time';
  /** Seconds since midnight, 0 ≤ seconds < 86400. */
  seconds: Decimal;
  offset?: number;
  zone?: string;
}

/** A date and time: the calendar day (`YYYY-MM-DD`) and the time on it. */
export interface DateTimeValue {
  kind: 'date and time';
  date: string;
  time: TimeValue;
}

export type Temporal = DayTimeDuration | YearMonthDuration | TimeValue | DateTimeValue;

/** The kinds' names, as FEEL spells its types (the type checker's value kinds too). */
export const KIND_DAY_TIME = 'days and time duration' as const;
export const KIND_YEAR_MONTH = 'years and months duration' as const;
export const KIND_DATE_TIME = 'date and time' as const;

const KINDS = new Set(['days and time duration', 'years and months duration', 'time', 'date and time']);

/** Whether `v` is one of this module's values. */
export function isTemporal(v: unknown): v is Temporal {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Decimal.isDecimal(v) && KINDS.has((v as { kind?: unknown }).kind as string);
}

// ---------------------------------------------------------------- calendar

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, exact for every year). */
export function civilDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01. */
export function civilDate(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function daysInMonth(y: number, m: number): number {
  return civilDays(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - civilDays(y, m, 1);
}

const pad = (n: number | bigint, w = 2) => String(n).padStart(w, '0');

function isoOf(y: number, m: number, d: number): string {
  return `${y < 0 ? '-' : ''}${pad(Math.abs(y), 4)}-${pad(m)}-${pad(d)}`;
}

function partsOfIso(iso: string): [number, number, number] {
  const neg = iso.startsWith('-');
  const [y, m, d] = (neg ? iso.slice(1) : iso).split('-').map(Number);
  return [neg ? -y : y, m, d];
}

/** A real calendar day `YYYY-MM-DD` (year 1–9999), or undefined. */
function realDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? text : undefined;
}

// ---------------------------------------------------------------- durations

/** A days-and-time duration of `seconds`. */
function dayTime(seconds: Decimal): DayTimeDuration {
  return { kind: 'days and time duration', seconds };
}

/** A years-and-months duration of `months`. */
function yearMonth(months: bigint): YearMonthDuration {
  return { kind: 'years and months duration', months };
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * `duration(text)`: ISO 8601 `PnYnM` is a years-and-months duration,
 * `PnDTnHnMnS` a days-and-time one; text mixing both (`P1Y2D`), empty (`P`,
 * `PT`) or malformed is undefined.
 */
export function parseDuration(text: string): DayTimeDuration | YearMonthDuration | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const [, neg, y, mo, d, h, mi, s] = m;
  if (text.endsWith('T') || text.replace(/^-/, '') === 'P') return undefined;
  const ym = y !== undefined || mo !== undefined;
  const dt = d !== undefined || h !== undefined || mi !== undefined || s !== undefined;
  if (ym && dt) return undefined;
  if (ym) {
    const months = BigInt(y ?? 0) * 12n + BigInt(mo ?? 0);
    return yearMonth(neg ? -months : months);
  }
  const whole = ((BigInt(d ?? 0) * 24n + BigInt(h ?? 0)) * 60n + BigInt(mi ?? 0)) * 60n;
  const secs = Decimal.fromBigInt(whole).add(Decimal.parse(s ?? '0')!);
  return dayTime(neg ? secs.neg() : secs);
}

/** FEEL's `string()` of a days-and-time duration: `P1DT2H3M4.5S`, `-PT1H`, `PT0S`. */
function showDayTime(v: DayTimeDuration): string {
  const neg = v.seconds.sign() < 0;
  const abs = v.seconds.abs();
  const whole = abs.floor();
  const frac = abs.sub(whole);
  let n = BigInt(whole.toString());
  const s = n % 60n;
  n /= 60n;
  const mi = n % 60n;
  n /= 60n;
  const h = n % 24n;
  const d = n / 24n;
  let out = 'P';
  if (d) out += `${d}D`;
  if (h || mi || s || !frac.isZero() || !d) {
    out += 'T';
    if (h) out += `${h}H`;
    if (mi) out += `${mi}M`;
    if (s || !frac.isZero() || (!h && !mi)) out += `${Decimal.fromBigInt(s).add(frac).normalize().toString()}S`;
  }
  return (neg ? '-' : '') + out;
}

/** FEEL's `string()` of a years-and-months duration: `P1Y2M`, `-P3M`, `P0M`. */
function showYearMonth(v: YearMonthDuration): string {
  const neg = v.months < 0n;
  const abs = neg ? -v.months : v.months;
  const y = abs / 12n;
  const m = abs % 12n;
  return `${neg ? '-' : ''}P${y ? `${y}Y` : ''}${m || !y ? `${m}M` : ''}`;
}

// ---------------------------------------------------------------- time and date and time

const TIME = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?|@[A-Za-z][A-Za-z0-9_+\-/]*)?$/;

function zoneOf(text: string | undefined): Pick<TimeValue, 'offset' | 'zone'> | undefined {
  if (text === undefined) return {};
  if (text === 'Z') return { offset: 0 };
  if (text.startsWith('@')) return { zone: text.slice(1) };
  const [h, m, s] = text.slice(1).split(':').map(Number);
  if (h > 18 || m > 59 || (s ?? 0) > 59) return undefined;
  const secs = h * 3600 + m * 60 + (s ?? 0);
  return { offset: text.startsWith('-') ? -secs : secs };
}

/** `time("HH:MM:SS[.fff][Z|±HH:MM|@Zone/Id]")`, or undefined (24:00:00 is not a time). */
export function parseTime(text: string): TimeValue | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Decimal.parse(m[3])!;
  if (h > 23 || mi > 59 || s.gte(Decimal.fromBigInt(60n))) return undefined;
  const z = zoneOf(m[4]);
  if (!z) return undefined;
  return { kind: 'time', seconds: Decimal.fromBigInt(BigInt(h * 3600 + mi * 60)).add(s), ...z };
}

/** `date and time("YYYY-MM-DDTHH:MM:SS…")`; a bare date is its midnight (FEEL); else undefined. */
export function parseDateTime(text: string): DateTimeValue | undefined {
  const i = text.indexOf('T');
  const date = realDate(i < 0 ? text : text.slice(0, i));
  if (!date) return undefined;
  const time = i < 0 ? ({ kind: 'time', seconds: Decimal.ZERO } as TimeValue) : parseTime(text.slice(i + 1));
  return time && { kind: 'date and time', date, time };
}

function showOffset(t: TimeValue): string {
  if (t.zone !== undefined) return `@${t.zone}`;
  if (t.offset === undefined) return '';
  if (t.offset === 0) return 'Z';
  const a = Math.abs(t.offset);
  const s = a % 60;
  return `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(a / 3600))}:${pad(Math.floor(a / 60) % 60)}${s ? `:${pad(s)}` : ''}`;
}

/** FEEL's `string()` of a time: `10:30:00`, `10:30:00.5+01:00`, `10:30:00Z`, `10:30:00@Europe/Paris`. */
function showTime(t: TimeValue): string {
  const whole = t.seconds.floor();
  const frac = t.seconds.sub(whole).normalize();
  const n = Number(whole.toString());
  const fracText = frac.isZero() ? '' : frac.toString().slice(1);
  return `${pad(Math.floor(n / 3600))}:${pad(Math.floor(n / 60) % 60)}:${pad(n % 60)}${fracText}${showOffset(t)}`;
}

/** FEEL's `string()` of a date and time: `2018-12-10T10:30:00+01:00`. */
function showDateTime(v: DateTimeValue): string {
  return `${v.date}T${showTime(v.time)}`;
}

/** A time zone's offset in seconds at a UTC instant (from the platform's time zone data), or undefined for an unknown zone. */
function zoneOffsetAt(zone: string, utcMillis: number): number | undefined {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  } catch {
    return undefined;
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMillis)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((local - Math.floor(utcMillis / 1000) * 1000) / 1000);
}

/**
 * Seconds since 1970-01-01T00:00:00Z of a date and time, or, for a local one
 * (no offset, no zone), seconds since that local midnight; `zoned` says which.
 * Undefined for an unknown zone.
 */
function instantOf(v: DateTimeValue): { seconds: Decimal; zoned: boolean } | undefined {
  const [y, m, d] = partsOfIso(v.date);
  const local = Decimal.fromBigInt(BigInt(civilDays(y, m, d)) * DAY).add(v.time.seconds);
  if (v.time.zone !== undefined) {
    // The zone's offset at the local time: asked at the instant the local time would be in UTC, then once more at the corrected instant.
    const guess = Number(local.floor().toString()) * 1000;
    const first = zoneOffsetAt(v.time.zone, guess);
    if (first === undefined) return undefined;
    const offset = zoneOffsetAt(v.time.zone, guess - first * 1000) ?? first;
    return { seconds: local.sub(Decimal.fromBigInt(BigInt(offset))), zoned: true };
  }
  if (v.time.offset !== undefined) return { seconds: local.sub(Decimal.fromBigInt(BigInt(v.time.offset))), zoned: true };
  return { seconds: local, zoned: false };
}

function timeSeconds(t: TimeValue): { seconds: Decimal; zoned: boolean } | undefined {
  if (t.zone !== undefined) return undefined;
  if (t.offset !== undefined) return { seconds: t.seconds.sub(Decimal.fromBigInt(BigInt(t.offset))), zoned: true };
  return { seconds: t.seconds, zoned: false };
}

// ---------------------------------------------------------------- comparison

/**
 * Order of two temporal values of the same kind, or undefined when they do
 * not compare (different kinds; a local and a zoned date and time; an
 * unknown zone). Dates and times with offsets compare as instants.
 */
export function compareTemporal(a: Temporal, b: Temporal): -1 | 0 | 1 | undefined {
  if (a.kind !== b.kind) return undefined;
  if (a.kind === 'days and time duration') return a.seconds.cmp((b as DayTimeDuration).seconds);
  if (a.kind === 'years and months duration') {
    const bm = (b as YearMonthDuration).months;
    return a.months < bm ? -1 : a.months > bm ? 1 : 0;
  }
  const x = a.kind === 'time' ? timeSeconds(a) : instantOf(a);
  const y = b.kind === 'time' ? timeSeconds(b as TimeValue) : instantOf(b as DateTimeValue);
  if (!x || !y || x.zoned !== y.zoned) return undefined;
  return x.seconds.cmp(y.seconds);
}

// ---------------------------------------------------------------- arithmetic

/** A date's day plus `months` months, the day clamped to the month's last (31 January + 1 month = 28 or 29 February). */
export function addMonths(iso: string, months: bigint): string | undefined {
  const [y, m, d] = partsOfIso(iso);
  const total = BigInt(y) * 12n + BigInt(m - 1) + months;
  const ny = Number(total >= 0n ? total / 12n : (total - 11n) / 12n);
  const nm = Number(total - BigInt(ny) * 12n) + 1;
  if (ny < 1 || ny > 9999) return undefined;
  return isoOf(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

function addSecondsToDateTime(v: DateTimeValue, secs: Decimal): DateTimeValue | undefined {
  const [y, m, d] = partsOfIso(v.date);
  const total = Decimal.fromBigInt(BigInt(civilDays(y, m, d)) * DAY).add(v.time.seconds).add(secs);
  const days = total.div(D_DAY).floor();
  const rest = total.sub(days.mul(D_DAY));
  const [ny, nm, nd] = civilDate(Number(days.toString()));
  if (ny < 1 || ny > 9999) return undefined;
  return { kind: 'date and time', date: isoOf(ny, nm, nd), time: { ...v.time, seconds: rest } };
}

function wrapDay(secs: Decimal): Decimal {
  const days = secs.div(D_DAY).floor();
  return secs.sub(days.mul(D_DAY));
}

/**
 * `a + b` and `a - b` where at least one side is temporal (a `date` is
 * `{kind:'date', iso}`): date and time ± duration, time ± days-and-time
 * duration, duration ± duration of the same kind, date and time − date and
 * time (a days-and-time duration), date − date, years and months between
 * nothing else. Undefined when FEEL has no such sum (the caller says null).
 */
export function addSubTemporal(op: '+' | '-', a: Temporal | DateOnly, b: Temporal | DateOnly): Temporal | DateOnly | undefined {
  const sign = op === '+' ? 1n : -1n;
  if (a.kind === 'days and time duration' && b.kind === 'days and time duration') return dayTime(op === '+' ? a.seconds.add(b.seconds) : a.seconds.sub(b.seconds));
  if (a.kind === 'years and months duration' && b.kind === 'years and months duration') return yearMonth(a.months + sign * b.months);
  if (op === '-' && (a.kind === 'date and time' || a.kind === 'date') && (b.kind === 'date and time' || b.kind === 'date')) {
    const x = instantOf(asDateTime(a));
    const y = instantOf(asDateTime(b));
    if (!x || !y || x.zoned !== y.zoned) return undefined;
    return dayTime(x.seconds.sub(y.seconds));
  }
  if (op === '-' && a.kind === 'time' && b.kind === 'time') {
    const x = timeSeconds(a);
    const y = timeSeconds(b);
    if (!x || !y || x.zoned !== y.zoned) return undefined;
    return dayTime(x.seconds.sub(y.seconds));
  }
  // Duration + temporal point commutes; point - duration does not.
  let point = a;
  let dur = b;
  if (op === '+' && (a.kind === 'days and time duration' || a.kind === 'years and months duration')) [point, dur] = [b, a];
  if (dur.kind === 'years and months duration') {
    const months = sign * dur.months;
    if (point.kind === 'date') {
      const iso = addMonths(point.iso, months);
      return iso === undefined ? undefined : { kind: 'date', iso };
    }
    if (point.kind === 'date and time') {
      const iso = addMonths(point.date, months);
      return iso === undefined ? undefined : { ...point, date: iso };
    }
    return undefined;
  }
  if (dur.kind === 'days and time duration') {
    const secs = op === '+' ? dur.seconds : dur.seconds.neg();
    if (point.kind === 'date and time') return addSecondsToDateTime(point, secs);
    if (point.kind === 'date') {
      // FEEL: a date plus a days-and-time duration is the date of that date and time at midnight plus the duration.
      const r = addSecondsToDateTime(asDateTime(point), secs);
      return r && { kind: 'date', iso: r.date };
    }
    if (point.kind === 'time') return { ...point, seconds: wrapDay(point.seconds.add(secs)) };
  }
  return undefined;
}

/** rulebook's date value. */
export interface DateOnly {
  kind: 'date';
  iso: string;
}

function asDateTime(v: DateTimeValue | DateOnly): DateTimeValue {
  return v.kind === 'date' ? { kind: 'date and time', date: v.iso, time: { kind: 'time', seconds: Decimal.ZERO } } : v;
}

/**
 * `years and months duration(from, to)`: the whole months from `from` to
 * `to` (dates or dates and times), negative when `to` is earlier; a month
 * counts once its day and time are reached.
 */
export function monthsBetween(from: DateTimeValue | DateOnly, to: DateTimeValue | DateOnly): YearMonthDuration {
  const f = asDateTime(from);
  const t = asDateTime(to);
  const [fy, fm, fd] = partsOfIso(f.date);
  const [ty, tm, td] = partsOfIso(t.date);
  let months = BigInt((ty - fy) * 12 + (tm - fm));
  const later = (a: [number, Decimal], b: [number, Decimal]) => a[0] > b[0] || (a[0] === b[0] && a[1].gt(b[1]));
  const fk: [number, Decimal] = [fd, f.time.seconds];
  const tk: [number, Decimal] = [td, t.time.seconds];
  if (months > 0n && later(fk, tk)) months -= 1n;
  else if (months < 0n && later(tk, fk)) months += 1n;
  return yearMonth(months);
}

/** A property of a temporal value (`.year`, `.hours`, `.time offset`, …), or undefined when it has none. */
export function temporalProperty(v: Temporal | DateOnly, name: string): Decimal | string | DayTimeDuration | null | undefined {
  const n = (x: number | bigint) => Decimal.fromBigInt(BigInt(x));
  if (v.kind === 'years and months duration') {
    const neg = v.months < 0n ? -1n : 1n;
    const abs = v.months * neg;
    if (name === 'years') return n((abs / 12n) * neg);
    if (name === 'months') return n((abs % 12n) * neg);
    return undefined;
  }
  if (v.kind === 'days and time duration') {
    const neg = v.seconds.sign() < 0;
    const abs = v.seconds.abs();
    const whole = BigInt(abs.floor().toString());
    const sgn = (x: bigint) => n(neg ? -x : x);
    if (name === 'days') return sgn(whole / DAY);
    if (name === 'hours') return sgn((whole / 3600n) % 24n);
    if (name === 'minutes') return sgn((whole / 60n) % 60n);
    if (name === 'seconds') {
      const s = Decimal.fromBigInt(whole % 60n).add(abs.sub(abs.floor()));
      return neg ? s.neg() : s;
    }
    return undefined;
  }
  const date = v.kind === 'date' ? v.iso : v.kind === 'date and time' ? v.date : undefined;
  if (date !== undefined && (name === 'year' || name === 'month' || name === 'day' || name === 'weekday')) {
    const [y, m, d] = partsOfIso(date);
    if (name === 'weekday') return n(((((civilDays(y, m, d) + 3) % 7) + 7) % 7) + 1);
    return n(name === 'year' ? y : name === 'month' ? m : d);
  }
  const t = v.kind === 'time' ? v : v.kind === 'date and time' ? v.time : undefined;
  if (!t) return undefined;
  const whole = Number(t.seconds.floor().toString());
  if (name === 'hour') return n(Math.floor(whole / 3600));
  if (name === 'minute') return n(Math.floor(whole / 60) % 60);
  if (name === 'second') return n(whole % 60).add(t.seconds.sub(t.seconds.floor()));
  if (name === 'time offset') return t.offset === undefined ? null : dayTime(n(t.offset));
  if (name === 'timezone') return t.zone ?? null;
  return undefined;
}

/** FEEL's `string()` of any temporal value. */
export function showTemporal(v: Temporal): string {
  switch (v.kind) {
    case 'days and time duration':
      return showDayTime(v);
    case 'years and months duration':
      return showYearMonth(v);
    case 'time':
      return showTime(v);
    case 'date and time':
      return showDateTime(v);
  }
}
