/**
 * A canonical, position-free JSON of model parts: what a diff compares and what
 * the formatter proves unchanged. Spans, row indexes and the way a number was
 * written (`1.50` vs `1.5`) are not meaning, so they do not take part.
 */
import { Decimal } from '../runtime/decimal.js';

const POSITIONAL = new Set(['span', 'textSpan', 'textLines', 'index', 'file', 'source', 'absPath']);

/** A plain JSON value with keys in a stable order, spans and source texts removed. */
export function canonicalValue(v: unknown, keep: ReadonlySet<string> = new Set()): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (Decimal.isDecimal(v)) return { $decimal: v.normalize().toString() };
  if (typeof v !== 'object') return v;
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const k of [...v.keys()].map(String).sort()) o[k] = canonicalValue(v.get(k), keep);
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => canonicalValue(x, keep));
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    if (POSITIONAL.has(k) && !keep.has(k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    o[k] = canonicalValue(x, keep);
  }
  return o;
}

/** The canonical JSON text of `v` (see `canonicalValue`). */
export function canonicalJson(v: unknown, keep?: ReadonlySet<string>): string {
  return JSON.stringify(canonicalValue(v, keep));
}

/** Whether two model parts mean the same (equal canonical JSON). */
export function sameMeaning(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
