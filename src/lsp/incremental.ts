/**
 * An edit that stays inside one scalar value of a YAML file (a cell, an
 * output, a number) changes nothing but that value and the columns after it
 * on its line: the previous parse answers for everything else. This spares
 * re-parsing a 9 MB table for a keystroke. Whenever the edit could change more
 * than that value (a line break, a quote, a character with meaning in YAML, a
 * key, a block scalar, a mapping or list), `patchScalar` returns undefined and
 * the file is parsed in full. test/lsp/incremental.differential.test.ts holds
 * the patched document equal to a full parse over random edits.
 */
import type { DataPath, OffsetMap, SourceDocument } from '../load/source.js';
import { LineIndex, parseSource } from '../load/index.js';
import { inScalar } from '../load/source.js';
import type { Span } from '../span/index.js';

/** Plain scalars whose meaning no flow or block context changes: no indicator, space, comma or bracket. */
const SAFE_PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.%+]*$/;
/** The inside of a double-quoted scalar without escapes. */
const SAFE_QUOTED = /^[^"\\\n\r\t]*$/;
/** A patched document wraps the one before: this many at most, then a full parse flattens the chain. */
const MAX_CHAIN = 32;

const depthOf = new WeakMap<SourceDocument, number>();

export function patchScalar(prev: SourceDocument, text: string): SourceDocument | undefined {
  if (prev.format !== 'yaml') return undefined;
  const old = prev.text;
  if ((depthOf.get(prev) ?? 0) >= MAX_CHAIN || old === text) return undefined;
  // The edit: what lies between the common prefix and the common suffix.
  let s = 0;
  const max = Math.min(old.length, text.length);
  while (s < max && old.charCodeAt(s) === text.charCodeAt(s)) s++;
  let k = 0;
  while (k < max - s && old.charCodeAt(old.length - 1 - k) === text.charCodeAt(text.length - 1 - k)) k++;
  const oldEnd = old.length - k;
  const newEnd = text.length - k;
  const oldLines = new LineIndex(old);
  const path = scalarAt(prev, oldLines, s, oldEnd);
  if (!path) return undefined;
  const map = prev.scalarOffsets?.(path);
  if (!map || map.length !== 2 || map[0] !== 0) return undefined;
  const raw = prev.scalarText(path);
  const value = valueAt(prev.data, path);
  const start = map[1];
  // The scalar's whole source, from its value's span (quotes included).
  const span = prev.locate(path);
  if (span.endLine !== span.line) return undefined;
  const lineStart = oldLines.lineStart(span.line);
  const srcStart = lineStart + span.column - 1;
  const srcEnd = lineStart + (span.endColumn ?? span.column) - 1;
  if (s < srcStart || oldEnd > srcEnd) return undefined;
  const delta = newEnd - oldEnd;
  const oldSrc = old.slice(srcStart, srcEnd);
  const newSrc = text.slice(srcStart, srcEnd + delta);
  let quoted: boolean;
  if (typeof value === 'string' && oldSrc === `"${value}"` && SAFE_QUOTED.test(value)) quoted = true;
  else if ((raw ?? value) === oldSrc && SAFE_PLAIN.test(oldSrc)) quoted = false;
  else return undefined;
  if (quoted ? !(newSrc.startsWith('"') && newSrc.endsWith('"') && newSrc.length >= 2 && SAFE_QUOTED.test(newSrc.slice(1, -1))) : !SAFE_PLAIN.test(newSrc)) return undefined;
  // The new value as YAML reads the scalar alone (core schema: numbers, booleans, null, strings).
  const alone = parseSource(`v: ${newSrc}\n`, prev.file, prev.role);
  if (!alone.document || alone.diagnostics.length) return undefined;
  const newValue = (alone.document.data as Record<string, unknown>).v;
  const newRaw = alone.document.scalarText(['v']);
  if (newValue !== null && typeof newValue === 'object') return undefined;
  const line = span.line;
  const editCol = s - lineStart + 1;
  // Columns after the edit on its line move by `delta`; nothing else moves.
  const shift = (sp: Span): Span => {
    const out = { ...sp };
    if (out.line === line && out.column > editCol) out.column += delta;
    if ((out.endLine ?? out.line) === line && out.endColumn !== undefined && out.endColumn > editCol) out.endColumn += delta;
    return out;
  };
  const shiftMap = (m: OffsetMap): OffsetMap => m.map((o, i) => (i % 2 === 1 && o > s ? o + delta : o));
  let lines: LineIndex | undefined;
  const newLines = () => (lines ??= new LineIndex(text));
  const same = (p: DataPath) => p.length === path.length && p.every((x, i) => x === path[i]);
  const doc: SourceDocument = {
    file: prev.file,
    absPath: prev.absPath,
    format: 'yaml',
    role: prev.role,
    data: withValue(prev.data, path, newValue),
    text,
    locate: (p, key) => {
      if (same(p) && !key) return { ...span, endColumn: (span.endColumn ?? span.column) + delta };
      return shift(prev.locate(p, key));
    },
    locateInScalar: (p) => inScalar(doc.scalarOffsets!(p), (x, y) => newLines().span(prev.file, x, y), () => doc.locate(p)),
    scalarOffsets: (p) => {
      if (same(p)) return map;
      const m = prev.scalarOffsets?.(p);
      return m && shiftMap(m);
    },
    scalarText: (p) => (same(p) ? (newRaw ?? (typeof newValue === 'string' ? newValue : undefined)) : prev.scalarText(p)),
  };
  depthOf.set(doc, (depthOf.get(prev) ?? 0) + 1);
  return doc;
}

/** The path of the deepest scalar whose value span holds [s, e) (binary search per level, children in source order). */
function scalarAt(doc: SourceDocument, lines: LineIndex, s: number, e: number): DataPath | undefined {
  const off = (sp: Span, end: boolean) => lines.lineStart(end ? (sp.endLine ?? sp.line) : sp.line) + (end ? (sp.endColumn ?? sp.column) : sp.column) - 1;
  let v = doc.data;
  const path: (string | number)[] = [];
  for (let depth = 0; depth < 64; depth++) {
    if (v === null || typeof v !== 'object') return path.length ? path : undefined;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    // The last child starting at or before s.
    let lo = 0;
    let hi = keys.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const sp = doc.locate([...path, keys[mid]]);
      if (off(sp, false) <= s) ((found = mid), (lo = mid + 1));
      else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const p = [...path, keys[found]];
    const sp = doc.locate(p);
    if (!(off(sp, false) <= s && e <= off(sp, true))) return undefined;
    path.push(keys[found]);
    v = (v as Record<string, unknown>)[String(keys[found])];
  }
  return undefined;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let v = data;
  for (const seg of path) v = (v as Record<string, unknown>)[String(seg)];
  return v;
}

/** A copy of `data` with the value at `path` replaced; only the containers on the path are copied. */
function withValue(data: unknown, path: DataPath, value: unknown, i = 0): unknown {
  if (i === path.length) return value;
  if (Array.isArray(data)) {
    const copy = data.slice();
    copy[path[i] as number] = withValue(data[path[i] as number], path, value, i + 1);
    return copy;
  }
  const src = data as Record<string, unknown>;
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(src));
  for (const k of Object.keys(src)) copy[k] = k === path[i] ? withValue(src[k], path, value, i + 1) : src[k];
  return copy;
}
