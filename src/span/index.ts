/**
 * Where a thing is in a source file: the one position type every stage shares.
 * It lives below them all (load, model, diagnostics, report, lsp), so none of
 * them has to reach up into another stage for it.
 */

/** A place in a source file: 1-based line and column (columns in UTF-16 code units), with an optional end. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export { LineIndex } from './line-index.js';
