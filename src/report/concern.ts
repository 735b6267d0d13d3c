/**
 * Which document and decision a diagnostic concerns, so a JSON or SARIF reader
 * can group findings without parsing messages. Read from the sources' own
 * places: the decision whose span holds the diagnostic's line.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Span } from '../span/index.js';

/** What this needs of a loaded source (the loader's SourceDocument has it). */
interface Located {
  file: string;
  role?: string;
  data?: unknown;
  locate(path: (string | number)[], key?: boolean): Span;
}

interface Place {
  document?: string;
  decisions: { id: string; from: number; to: number }[];
}

function placesOf(sources: readonly Located[]): Map<string, Place> {
  const out = new Map<string, Place>();
  for (const s of sources) {
    const data = s.data as { id?: unknown; decisions?: unknown } | undefined;
    if (s.role !== 'document' || !data || typeof data !== 'object') continue;
    const place: Place = { document: typeof data.id === 'string' ? data.id : undefined, decisions: [] };
    const list = Array.isArray(data.decisions) ? data.decisions : [];
    list.forEach((d: unknown, i: number) => {
      const id = d && typeof d === 'object' ? (d as { id?: unknown }).id : undefined;
      if (typeof id !== 'string') return;
      const at = s.locate(['decisions', i]);
      place.decisions.push({ id, from: at.line, to: at.endLine ?? at.line });
    });
    out.set(s.file, place);
  }
  return out;
}

/** The diagnostics with `document` and `decision` set where the sources say which. */
export function concerning(diags: readonly Diagnostic[], sources: readonly Located[]): Diagnostic[] {
  const places = placesOf(sources);
  return diags.map((d) => {
    const p = places.get(d.file);
    if (!p) return d;
    // A span's end is the start of what follows it (column 1), so that line belongs to the next one.
    const dec = p.decisions.find((x) => d.line >= x.from && (d.line < x.to || (d.line === x.to && x.from === x.to)));
    if (!p.document && !dec) return d;
    const out: Diagnostic = { ...d };
    if (p.document) out.document = p.document;
    if (dec) out.decision = dec.id;
    return out;
  });
}
