/**
 * Places inside a section's prose. `Section.textLines` says where each line of
 * the text starts in the file, so an offset in the text becomes a line and a
 * column: a drifted number or a `::decision{#id}` directive is shown where it is.
 */
import type { Section, Span } from './index.js';

/** The place of text[start, end) (on one line) of a section's prose, or the whole prose when it does not map. */
export function proseSpan(section: Section, start: number, end: number): Span | undefined {
  const lines = section.textLines;
  const whole = section.textSpan;
  if (!lines?.length || !whole) return whole;
  let i = 0;
  while (i + 1 < lines.length && lines[i + 1][0] <= start) i++;
  const [o, line, column] = lines[i];
  return { file: whole.file, line, column: column + (start - o), endLine: line, endColumn: column + (end - o) };
}
