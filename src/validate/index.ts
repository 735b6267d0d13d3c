/**
 * Stage 2, `validate`: every SourceDocument against its JSON Schema (draft-07,
 * ajv). Validators are compiled once, at build time, into standalone code
 * (`compiled-schemas.js`, made by scripts/build.mjs), so a run pays neither
 * ajv's import nor its compilation. Every ajv error becomes a diagnostic at the
 * line and column of the node it is about, in plain words, with a hint.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { SourceDocument } from '../load/source.js';
import { validators, schemas, type SchemaName, type AjvError } from './compiled-schemas.js';
import { translateErrors } from './errors.js';
import './messages.js';

export type { AjvError } from './compiled-schemas.js';

const SCHEMA_OF: Record<SourceDocument['role'], SchemaName> = {
  document: 'policy',
  tests: 'tests',
  config: 'config',
};

export interface ValidateResult {
  /** The documents that passed their schema: later stages may trust their shape. */
  valid: SourceDocument[];
  diagnostics: Diagnostic[];
}

/** Validates each document against the schema of its role. */
export function validate(documents: readonly SourceDocument[]): ValidateResult {
  const valid: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of documents) {
    const name = SCHEMA_OF[doc.role];
    const errors = validateData(name, doc.data);
    if (errors.length === 0) valid.push(doc);
    else diagnostics.push(...translateErrors(errors, doc, schemas[name]));
  }
  return { valid, diagnostics };
}

/** Raw ajv errors for data against one of our schemas (empty when valid). */
function validateData(name: SchemaName, data: unknown): AjvError[] {
  const fn = validators[name];
  return fn(data) ? [] : (fn.errors ?? []);
}
