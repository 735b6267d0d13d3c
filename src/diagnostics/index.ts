/**
 * One diagnostic shape for every stage. Stages collect these and never print or
 * exit; the CLI picks a reporter at the edge.
 */
import type { Span } from '../span/index.js';
import { t, type Lang, type Params } from './catalogue.js';

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
  /** The catalogue entry and parameters `message` was made from, so a reporter can say it in the reader's language. */
  key?: string;
  params?: Params;
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
  /**
   * The catalogue entry and its parameters: the diagnostic as data. `message`
   * and `hint` are its text in the run's language; a reporter renders it again
   * in the reader's (`inLanguage`). Absent for a text that has no entry.
   */
  key?: string;
  params?: Params;
  /** The document and decision the finding concerns, by id, when it sits inside one (set at the report edge). */
  document?: string;
  decision?: string;
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
  d.key = key;
  d.params = params;
  if (extra.related?.length) d.related = extra.related;
  if (extra.witness) d.witness = extra.witness;
  return d;
}

/**
 * The diagnostics in `lang`: message, hint and related messages rendered from
 * their catalogue entries; a text without an entry stays as it was made.
 */
export function inLanguage(diags: readonly Diagnostic[], lang: Lang): Diagnostic[] {
  return diags.map((d) => {
    if (!d.key && !d.related?.some((r) => r.key)) return d;
    const out: Diagnostic = { ...d };
    if (d.key) {
      const r = t(d.key, d.params, lang);
      out.message = r.message;
      // Only the entry's own hint is said again; a hint written in its place (a did-you-mean) stays as given.
      const own = d.hint !== undefined && (d.hint === t(d.key, d.params, 'en').hint || d.hint === t(d.key, d.params, 'zh').hint);
      if (own && r.hint !== undefined) out.hint = r.hint;
    }
    if (d.related) out.related = d.related.map((x) => (x.key ? { ...x, message: t(x.key, x.params, lang).message } : x));
    return out;
  });
}
