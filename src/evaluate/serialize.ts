/**
 * Runtime values → JSON for the outside (CLI, compiled-module comparisons):
 * numbers as exact decimal strings, money with the places of its rounding
 * step (`1500.00`), dates as `YYYY-MM-DD`.
 */
import type { Decision, Model, Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { isTemporal, showTemporal } from '../runtime/temporal.js';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One value as JSON; `places` fixes the digits after the point of numbers (money). */
export function valueToJson(v: Value, places?: number): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Decimal.isDecimal(v)) return places === undefined ? v.toString() : v.toFixed(places);
  if (Array.isArray(v)) return v.map((x) => valueToJson(x, places));
  if ((v as { kind?: unknown }).kind === 'date' && typeof (v as { iso?: unknown }).iso === 'string') return (v as { iso: string }).iso;
  // Times, dates and times and durations as FEEL's `string()` prints them (`P1Y2M`, `10:30:00+01:00`).
  if (isTemporal(v)) return showTemporal(v);
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v as Record<string, Value>)) out[k] = valueToJson(x);
  return out;
}

/** Digits after the point that money outputs of `d` print with (from the rounding step), if any. */
export function moneyPlaces(model: Model, d: Decision): number | undefined {
  const r = d.rounding ?? model.config.rounding;
  return r ? r.step.scale : undefined;
}

/** A decision's outputs as JSON, money with its rounding places. */
export function outputsToJson(model: Model, d: Decision, output: Record<string, Value>): Record<string, Json> {
  const places = moneyPlaces(model, d);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(output)) {
    const f = d.outputs.find((o) => o.name === k);
    out[k] = valueToJson(v, f?.type.kind === 'money' ? places : undefined);
  }
  return out;
}

/** Any JSON-bound structure holding runtime values (explanations, errors): values become JSON as above. */
export function toJson(x: unknown): Json {
  if (x === undefined) return null;
  if (x === null || typeof x === 'boolean' || typeof x === 'string' || typeof x === 'number') return x;
  if (Decimal.isDecimal(x)) return x.toString();
  if (Array.isArray(x)) return x.map(toJson);
  const o = x as Record<string, unknown>;
  if (o.kind === 'date' && typeof o.iso === 'string' && Object.keys(o).length === 2) return o.iso;
  if (isTemporal(o)) return showTemporal(o);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = toJson(v);
  return out;
}
