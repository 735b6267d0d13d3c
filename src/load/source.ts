/**
 * What `load` hands to `validate` and `resolve`: the plain data of one document
 * (as if it were a YAML file) plus a way back from any data path to the exact
 * source place, whatever the file format was (YAML, a Markdown file's front
 * matter and ```yaml rulebook``` blocks, or DMN XML imported in memory).
 */
import type { Span } from '../model/index.js';

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
  /** The original source text of the scalar at `path` (exact digits of a number), if it is a scalar. */
  scalarText(path: DataPath): string | undefined;
}
