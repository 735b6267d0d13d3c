/**
 * What `load` hands to `validate` and `resolve`: the plain data of one document
 * (as if it were a YAML file) plus a way back from any data path to the exact
 * source place, whatever the file format was (YAML, a Markdown file's front
 * matter and ```yaml rulebook``` blocks, or DMN XML imported in memory).
 */
import type { Span } from '../span/index.js';

/**
 * Where the characters of a scalar's string value sit in the file: pairs
 * `[valueOffset, fileOffset, …]` in ascending order; offset `o` of the value is at
 * `fileOffset + (o − valueOffset)` of the last pair at or before it. One pair for
 * a one-line scalar, one per line for a literal block, one per paragraph for prose.
 */
export type OffsetMap = readonly number[];

/** The file offset of offset `o` inside a scalar's value. */
export function mapOffset(map: OffsetMap, o: number): number {
  let i = 0;
  while (i + 2 < map.length && map[i + 2] <= o) i += 2;
  return map[i + 1] + (o - map[i]);
}

/** `locateInScalar` from an offset map, or the scalar's whole span when its characters do not map one to one. */
export function inScalar(
  map: OffsetMap | undefined,
  at: (start: number, end: number) => Span,
  whole: () => Span,
): (start: number, end: number) => Span {
  if (!map) {
    const w = whole();
    return () => w;
  }
  // An end offset belongs to the character before it (the end of a line maps to that line).
  return (s, e) => at(mapOffset(map, s), e > s ? mapOffset(map, e - 1) + 1 : mapOffset(map, s));
}

/** A path into the document data, as ajv's instancePath splits it: keys and array indexes. */
export type DataPath = readonly (string | number)[];

export interface SourceDocument {
  /** Path relative to the policy root (or as given), with forward slashes. */
  file: string;
  /** Absolute path on disk, when there is one. */
  absPath?: string;
  format: 'yaml' | 'md' | 'dmn';
  /** `document` for policy documents, `tests` for `*.test.yaml`, `config` for rulebook.yaml. */
  role: 'document' | 'tests' | 'config';
  /** Plain data with null-prototype-safe objects; never contains functions or class instances. */
  data: unknown;
  /** The file's full text (for source excerpts in reporters). */
  text: string;
  /**
   * The span of the value at `path` (or of its key, when `key` is true and the
   * value is a mapping entry). Falls back to the nearest ancestor that has one,
   * so it never returns nothing.
   */
  locate(path: DataPath, key?: boolean): Span;
  /**
   * Byte/char offset within `text` where the scalar at `path` starts its content,
   * and how its characters map back (for positions inside a formula or a cell).
   * Returns a function from an offset inside the scalar's string value to a span.
   */
  locateInScalar(path: DataPath): (start: number, end: number) => Span;
  /** How the scalar at `path` maps to the file (see OffsetMap); undefined where it does not map 1:1 (folded text, escapes, DMN). */
  scalarOffsets?(path: DataPath): OffsetMap | undefined;
  /** The original source text of the scalar at `path` (exact digits of a number), if it is a scalar. */
  scalarText(path: DataPath): string | undefined;
}
