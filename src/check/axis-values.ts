/**
 * Values at positions: the way back from an axis (`domain.ts`) to what the
 * author wrote. Witnesses, gap rows and impact examples are read here, as a
 * value, as a cell (`70%`, `[6..10]`) or as a simple point of a region.
 */
import { formatPercent, quote } from '../lang/format.js';
import type { Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { HUNDRED, isoOf, OTHER, TWO, type Axis } from './domain.js';

/** A runtime value at position `p` (a simple one, for witnesses). */
export function valueAt(axis: Axis, p: number): Value {
  if (axis.mode === 'finite') {
    const a = axis.atoms[p];
    return a === OTHER ? otherString(axis) : a;
  }
  const d = numberAt(axis, p);
  return axis.type.kind === 'date' ? { kind: 'date', iso: isoOf(d) } : d;
}

function otherString(axis: Axis): string {
  const named = new Set(axis.atoms.filter((a): a is string => typeof a === 'string'));
  let s = 'other';
  for (let i = 2; named.has(s); i++) s = `other${i}`;
  return s;
}

/** The value at `p` in the author's unit (percent points for percents). */
function authorScale(axis: Axis): Decimal {
  return axis.type.kind === 'percent' ? HUNDRED : Decimal.ONE;
}

function numberAt(axis: Axis, p: number): Decimal {
  const pts = axis.points;
  const m = pts.length;
  if (p % 2 === 1) return pts[(p - 1) / 2];
  const r = p / 2;
  const k = authorScale(axis);
  if (m === 0) return Decimal.ZERO;
  if (r === 0) return pts[0].mul(k).floor().sub(Decimal.ONE).div(k);
  if (r === m) return pts[m - 1].mul(k).floor().add(Decimal.ONE).div(k);
  const a = pts[r - 1].mul(k);
  const b = pts[r].mul(k);
  // The simplest value in between, in the author's unit: a whole number if one fits.
  const whole = a.floor().add(Decimal.ONE);
  if (whole.lt(b)) return whole.div(k);
  if (axis.mode === 'discrete') return whole.div(k);
  return a.add(b).div(TWO).div(k);
}

/** A value as the author writes it in a cell: `70%`, `10000`, `"leak"`, `true`, `2026-01-01`. */
export function formatAxisValue(axis: Axis, v: Value): string {
  if (v === null) return 'null';
  if (Decimal.isDecimal(v)) return axis.type.kind === 'percent' ? formatPercent(v) : v.normalize().toString();
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v) && (v as { kind?: string }).kind === 'date') return (v as { iso: string }).iso;
  return String(v);
}

/** A simple point of the interval [s, e] (valid positions): the lowest value that is written in a cell, if any. */
export function pickPosition(axis: Axis, s: number, e: number): number {
  if (axis.mode === 'finite') return s;
  for (let p = s; p <= e && p <= s + 2; p++) if (p % 2 === 1 && axis.valid[p]) return p;
  return s;
}

/** The region [s, e] of an axis as a cell: `[70%..70%]`, `>= 6`, `"a", "b"`, or `-` for the whole domain. */
export function formatRegion(axis: Axis, s: number, e: number): string {
  const dom = axis.domain;
  if (dom.length === 2 && dom[0] === s && dom[1] === e) return '-';
  if (axis.mode === 'finite') {
    const out: string[] = [];
    for (let p = s; p <= e; p++) out.push(axis.atoms[p] === OTHER ? 'other' : formatAxisValue(axis, valueAt(axis, p)));
    return out.join(', ');
  }
  const show = (d: Decimal) => formatAxisValue(axis, axis.type.kind === 'date' ? { kind: 'date', iso: isoOf(d) } : d);
  const m = axis.points.length;
  if (axis.mode === 'discrete') {
    const lowOpen = s === 0;
    const highOpen = e === 2 * m;
    const lo = lowOpen ? undefined : (numberAt(axis, s) as Decimal);
    const hi = highOpen ? undefined : s % 2 === 1 && e === s ? lo : highestWhole(axis, e);
    if (lo === undefined && hi === undefined) return '-';
    if (lo === undefined) return `<= ${show(hi!)}`;
    if (hi === undefined) return `>= ${show(lo)}`;
    return `[${show(lo)}..${show(hi)}]`;
  }
  const low = s === 0 ? undefined : s % 2 === 1 ? { v: axis.points[(s - 1) / 2], closed: true } : { v: axis.points[s / 2 - 1], closed: false };
  const high = e === 2 * m ? undefined : e % 2 === 1 ? { v: axis.points[(e - 1) / 2], closed: true } : { v: axis.points[e / 2], closed: false };
  if (!low && !high) return '-';
  if (!low) return `${high!.closed ? '<=' : '<'} ${show(high!.v)}`;
  if (!high) return `${low.closed ? '>=' : '>'} ${show(low.v)}`;
  return `${low.closed ? '[' : '('}${show(low.v)}..${show(high.v)}${high.closed ? ']' : ')'}`;
}

function highestWhole(axis: Axis, e: number): Decimal {
  if (e % 2 === 1) return axis.points[(e - 1) / 2];
  const next = axis.points[e / 2];
  return next.ceiling().sub(Decimal.ONE);
}
