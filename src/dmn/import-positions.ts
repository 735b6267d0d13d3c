/**
 * Where an imported value sits in the DMN file: a policy document's data path
 * → the XML element (or the characters of its text) it came from, so a
 * diagnostic about a cell points into the `.dmn` file, character by character
 * when the cell was taken over unchanged. One per imported file.
 */
import type { DataPath } from '../load/source.js';
import type { Span } from '../model/index.js';
import { firstTextNode, isCdata, spanOf, textContent, type XNode } from './xml.js';

/** Data path (as JSON) → the element it came from; `text` when the value is that element's text. */
export type Locations = Map<string, { node: XNode; text?: boolean }>;

export class SourcePositions {
  private readonly normalized: string;
  private readonly lineStarts: number[];

  constructor(
    private readonly file: string,
    text: string,
    private readonly root: XNode,
  ) {
    this.normalized = text.replace(/\r\n?/g, '\n');
    this.lineStarts = [0];
    for (let i = 0; i < this.normalized.length; i++) if (this.normalized[i] === '\n') this.lineStarts.push(i + 1);
  }

  locate(locs: Locations, path: DataPath): Span {
    for (let n = path.length; n >= 0; n--) {
      const hit = locs.get(JSON.stringify(path.slice(0, n)));
      if (hit) return hit.text ? this.textSpan(hit.node) : spanOf(hit.node, this.file);
    }
    return spanOf(this.root, this.file);
  }

  locateInScalar(locs: Locations, data: unknown, path: DataPath): (start: number, end: number) => Span {
    const hit = locs.get(JSON.stringify(path));
    const value = valueAt(data, path);
    const whole = this.locate(locs, path);
    if (!hit?.text || typeof value !== 'string') return () => whole;
    const tn = firstTextNode(hit.node);
    const raw = textContent(hit.node);
    const lead = raw.length - raw.trimStart().length;
    // Only an unchanged cell maps character by character; a rewritten one points at the whole text.
    if (!tn || raw.trim() !== value) return () => whole;
    return (start, end) => {
      const a = this.posInText(tn, lead + start);
      const b = this.posInText(tn, lead + end);
      return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    };
  }

  private textSpan(el: XNode): Span {
    const tn = firstTextNode(el);
    if (!tn) return spanOf(el, this.file);
    const raw = textContent(el);
    const lead = raw.length - raw.trimStart().length;
    const a = this.posInText(tn, lead);
    const b = this.posInText(tn, raw.trimEnd().length);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The source position of the `offset`-th decoded character of a text node. */
  private posInText(tn: XNode, offset: number): { line: number; column: number } {
    let p = (this.lineStarts[(tn.lineNumber ?? 1) - 1] ?? 0) + (tn.columnNumber ?? 1) - 1;
    const cdata = isCdata(tn);
    if (cdata && this.normalized.startsWith('<![CDATA[', p)) p += 9;
    for (let d = 0; d < offset && p < this.normalized.length; d++) {
      if (!cdata && this.normalized[p] === '&') {
        const semi = this.normalized.indexOf(';', p);
        p = semi === -1 ? p + 1 : semi + 1;
      } else p++;
    }
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= p) line++;
    return { line: line + 1, column: p - this.lineStarts[line] + 1 };
  }
}

function valueAt(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const k of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[k as string] : undefined;
  return value;
}

/** The cell or entry text as written in the XML (exact digits), for scalars that came from a `text` element. */
export function scalarText(locs: Locations, data: unknown, path: DataPath): string | undefined {
  const value = valueAt(data, path);
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  const hit = locs.get(JSON.stringify(path));
  if (hit?.text) return textContent(hit.node).trim();
  return String(value);
}
