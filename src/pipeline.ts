/**
 * The front half of the pipeline in one call: load → validate → resolve. Every
 * command, the tests and the handbook's build start here; the back ends
 * (check, compile, render, diff, test) take the Model it returns.
 */
import type { Diagnostic } from './diagnostics/index.js';
import { sortDiagnostics } from './diagnostics/index.js';
import { importDmn } from './dmn/import.js';
import { loadPolicies, useDmnReader, type LoadOptions, type SourceDocument } from './load/index.js';
import type { Model } from './model/index.js';
import { resolve } from './resolve/index.js';
import { validate } from './validate/index.js';

// DMN files in a policy folder are read by the importer, which the loader cannot import (see useDmnReader).
useDmnReader(importDmn);

export interface PipelineResult {
  /** Absent only when the policy folder could not be read at all. */
  model?: Model;
  sources: SourceDocument[];
  diagnostics: Diagnostic[];
  /** A usage-level failure (no such folder): exit 2. */
  fatal: boolean;
}

/** Builds the Model from the policy sources already loaded (any origin: disk, git, DMN, tests). */
export function buildModel(sources: SourceDocument[]): { model: Model; diagnostics: Diagnostic[] } {
  const v = validate(sources);
  const r = resolve(v.valid);
  return { model: r.model, diagnostics: [...v.diagnostics, ...r.diagnostics] };
}

/** Loads, validates and resolves the policy folder `dir`. */
export function loadModel(dir: string, opts: LoadOptions = {}): PipelineResult {
  const loaded = loadPolicies(dir, opts);
  if (loaded.fatal) return { sources: [], diagnostics: loaded.diagnostics, fatal: true };
  return { ...modelOfLoaded(loaded.documents, loaded.diagnostics), sources: loaded.documents, fatal: false };
}

/**
 * The Model of sources already loaded, with the loader's own diagnostics merged in
 * (the language server loads file by file, as the editor changes them).
 */
export function modelOfLoaded(documents: SourceDocument[], loadDiagnostics: readonly Diagnostic[]): { model: Model; diagnostics: Diagnostic[] } {
  const { model, diagnostics } = buildModel(documents);
  // One error per place: a heading the loader already faulted (no `{#id}`) is not also a schema error there.
  const faulted = new Set(loadDiagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}`));
  const later = diagnostics.filter((d) => !faulted.has(`${d.file}:${d.line}:${d.column}`));
  return { model, diagnostics: sortDiagnostics([...loadDiagnostics, ...later]) };
}
