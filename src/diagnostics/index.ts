/**
 * One diagnostic shape for every stage. Stages collect these and never print or
 * exit; the CLI picks a reporter at the edge.
 */
import type { Span } from '../span/index.js';
import { t, type Params } from './catalogue.js';

export type Severity = 'error' | 'warning' | 'info';

export type Code =
  | 'yaml-syntax'
  | 'md-syntax'
  | 'io'
  | 'config'
  | 'schema'
  | 'type'
  | 'duplicate-id'
  | 'dangling-ref'
  | 'cycle'
  | 'overlap'
  | 'gap'
  | 'shadowed'
  | 'period-overlap'
  | 'period-gap'
  | 'invariant'
  | 'range'
  | 'prose-drift'
  | 'audience-leak'
  | 'missing-english'
  | 'open-question'
  | 'superior-norm'
  | 'limit'
  | 'test-failed'
  | 'uncovered'
  | 'dmn-import'
  | 'sql';

/**
 * Every code, in the order the checks pages list them. Each has its page,
 * `docs/checks/<code>.md`, which the test suite runs as a fixture; the type
 * below fails to compile when a code is added to `Code` but not here.
 */
export const CODES = [
  'yaml-syntax', 'md-syntax', 'io', 'config', 'schema', 'limit', 'type', 'duplicate-id', 'dangling-ref', 'cycle',
  'overlap', 'gap', 'shadowed', 'period-overlap', 'period-gap', 'invariant', 'superior-norm', 'range', 'prose-drift', 'audience-leak', 'missing-english',
  'open-question', 'test-failed', 'uncovered', 'dmn-import', 'sql',
] as const satisfies readonly Code[];
const everyCodeListed: Exclude<Code, (typeof CODES)[number]> extends never ? true : never = true;
void everyCodeListed;

/** Where a code's page lives, for links from reports (SARIF `helpUri`, the pretty output). */
export function docsUrl(code: Code): string {
  return `${DOCS_BASE}/${code}.md`;
}
const DOCS_BASE = 'https://github.com/rulebook/rulebook/blob/main/docs/checks';

/** A labelled secondary location (the other party of a contradiction, the earlier definition, …). */
export interface Related extends Span {
  message: string;
}

/** The concrete input that shows a check finding: in the author's units. */
export interface Witness {
  /** Input name → the value as the author would write it (`70%`, `"leak"`, `10000`). */
  input: Record<string, string>;
  /** For gaps: the uncovered region per input (`[70%..70%]`). */
  region?: Record<string, string>;
  /** An as-of date, where time is a dimension. */
  asOf?: string;
}

export interface Diagnostic extends Span {
  code: Code;
  severity: Severity;
  message: string;
  hint?: string;
  related?: Related[];
  witness?: Witness;
}

/** Stable order: by file, then position, then code. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * Builds a diagnostic from a catalogue key: the message and hint come out in the
 * run's language. `extra` adds related locations, a witness or overrides.
 */
export function diag(
  code: Code,
  severity: Severity,
  key: string,
  params: Params,
  at: Span,
  extra: Partial<Pick<Diagnostic, 'related' | 'witness' | 'hint'>> = {},
): Diagnostic {
  const { message, hint } = t(key, params);
  const d: Diagnostic = { code, severity, message, file: at.file, line: at.line, column: at.column };
  if (at.endLine !== undefined) d.endLine = at.endLine;
  if (at.endColumn !== undefined) d.endColumn = at.endColumn;
  const h = extra.hint ?? hint;
  if (h !== undefined) d.hint = h;
  if (extra.related?.length) d.related = extra.related;
  if (extra.witness) d.witness = extra.witness;
  return d;
}
