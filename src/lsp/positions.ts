/**
 * Between the model's places and LSP's. Both count columns in UTF-16 code
 * units (the model's columns are JavaScript string offsets, 1-based; LSP's
 * characters are 0-based), so a Chinese character is one unit and an emoji
 * two on either side; only the base changes.
 */
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Position, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from '../diagnostics/index.js';
import { LineIndex } from '../span/line-index.js';
import type { Span } from '../model/index.js';

const recent: LineIndex[] = [];

/**
 * The line index of a file's text, kept for the last few texts: one analysis
 * turns many spans of one file into ranges, and building the index of a
 * 9 MB file for each would cost more than the analysis.
 */
export function lineIndexOf(text: string): LineIndex {
  const hit = recent.find((l) => l.text === text);
  if (hit) return hit;
  const made = new LineIndex(text);
  recent.unshift(made);
  if (recent.length > 4) recent.pop();
  return made;
}

/** The LSP range of a span; a span without an end covers the word (or character) it starts at. */
export function rangeOf(span: Span, text?: string): Range {
  const start: Position = { line: Math.max(0, span.line - 1), character: Math.max(0, span.column - 1) };
  if (span.endLine !== undefined && span.endColumn !== undefined && (span.endLine > span.line || span.endColumn > span.column)) {
    return { start, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
  }
  let width = 1;
  if (text !== undefined) {
    const line = lineIndexOf(text).lineText(span.line);
    const m = /^[^\s,:{}[\]]+/.exec(line.slice(start.character));
    width = m ? m[0].length : 1;
  }
  return { start, end: { line: start.line, character: start.character + width } };
}


/** Whether `pos` lies inside `range` (end inclusive, so a cursor just after a word counts). */
export function contains(range: Range, pos: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(pos, range.start) && after(range.end, pos);
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * A rulebook diagnostic as LSP's: the hint and the witness go into the
 * message (editors show one text), related places become related information.
 * `uriOf` names the file of a related place; `data` keeps the original for code actions.
 */
export function toLspDiagnostic(d: Diagnostic, uriOf: (file: string) => string, textOf: (file: string) => string | undefined): LspDiagnostic {
  const out: LspDiagnostic = {
    range: rangeOf(d, textOf(d.file)),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'rulebook',
    message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    data: { code: d.code, message: d.message, hint: d.hint, witness: d.witness, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn },
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: uriOf(r.file), range: rangeOf(r, textOf(r.file)) }, message: r.message }),
    );
  }
  return out;
}
