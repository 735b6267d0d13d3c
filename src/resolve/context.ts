import { diag, type Diagnostic } from '../diagnostics/index.js';
import { suggest } from '../lang/suggest.js';
import type { LangError } from '../lang/lexer.js';
import type { DataPath, SourceDocument } from '../load/source.js';
import type { Span } from '../model/index.js';

/** Where resolve is reading: one source document, and the diagnostics it collects. */
export class ReadContext {
  constructor(
    readonly doc: SourceDocument,
    readonly diagnostics: Diagnostic[],
  ) {}

  get file(): string {
    return this.doc.file;
  }

  at(path: DataPath, key = false): Span {
    return this.doc.locate(path, key);
  }

  /** The text an author wrote for a scalar: exact digits for numbers, the string itself otherwise. */
  text(path: DataPath, value: unknown): string {
    if (typeof value === 'string') return value;
    return this.doc.scalarText(path) ?? String(value);
  }

  /** Turns a language error (offsets inside a scalar) into a located `type` diagnostic. */
  langError(path: DataPath, e: LangError, code: Diagnostic['code'] = 'type'): Diagnostic {
    const span = this.doc.locateInScalar(path)(e.start, Math.max(e.end, e.start + 1));
    const d: Diagnostic = { code, severity: 'error', message: e.message, ...span };
    if (e.hint) d.hint = e.hint;
    this.diagnostics.push(d);
    return d;
  }
}

/** Entries of a null-prototype mapping from the loader, in source order. */
export function entries(v: unknown): [string, unknown][] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>) : [];
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function rec(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : Object.create(null);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Adds "did you mean `x`?" to `d` when a candidate is close to `word`. */
export function didYouMean(d: Diagnostic, word: string, candidates: Iterable<string>): Diagnostic {
  const guess = suggest(word, candidates);
  if (guess) d.hint = diag(d.code, d.severity, 'schema.did-you-mean', { guess }, d).message;
  return d;
}
