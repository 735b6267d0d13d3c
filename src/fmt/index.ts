/**
 * Back end `fmt`: one source text → its canonical text, proven to mean the
 * same. Before a file may be replaced, both texts are loaded, validated and
 * resolved, and the Models compared as canonical JSON without positions (prose
 * compared in its canonical Markdown form, which is all the formatter changes
 * in it). Pure: the CLI reads and writes the files.
 */
import { buildModel } from '../pipeline.js';
import { canonicalJson } from '../model/canonical.js';
import { parseSource, type SourceDocument } from '../load/index.js';
import type { Model, Section } from '../model/index.js';
import { formatMarkdown, normalizeProse } from './markdown.js';
import { formatYaml } from './yaml.js';

export { formatYaml, canonicalizeDocument, type YamlKind } from './yaml.js';
export { formatMarkdown, normalizeProse } from './markdown.js';

/** The outcome for one file. */
export type FormatResult =
  | { status: 'unchanged' }
  | { status: 'changed'; output: string }
  /**
   * Not formatted: it does not parse, it is no policy document (a `docker-compose.yml`
   * or a `README.md` beside the policies), or (a bug of ours) the output would mean something else.
   */
  | { status: 'skipped'; reason: 'unreadable' | 'not-policy' | 'meaning-changed' };

function prose(sections: Section[]): unknown[] {
  return sections.map((s) => ({ ...s, text: normalizeProse(s.text), sections: prose(s.sections) }));
}

/** What must not change: the Model of this one file, positions removed, prose canonical. */
export function meaningOf(source: SourceDocument): string {
  const { model, diagnostics } = buildModel([source]);
  const m: Model = model;
  return canonicalJson({
    config: source.role === 'config' ? m.config : undefined,
    documents: m.documents.map((d) => ({ ...d, sections: prose(d.sections) })),
    decisions: m.decisions,
    tests: m.tests,
    diagnostics: diagnostics.map((d) => d.code).sort(),
  });
}

const hasId = (data: unknown): boolean => typeof data === 'object' && data !== null && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'id');

/** Formats one source text (`file` decides the format, `role` the schema) and proves the result equivalent. */
export function formatSource(text: string, file: string, role: SourceDocument['role']): FormatResult {
  const before = parseSource(text, file, role);
  if (!before.document || before.diagnostics.some((d) => d.severity === 'error')) return { status: 'skipped', reason: 'unreadable' };
  // Every policy document names itself (`id:`, in YAML or in Markdown front matter); another tool's file
  // in the folder does not, and its bytes are that tool's (a compose file's "80:80" must stay quoted).
  if (role === 'document' && !hasId(before.document.data)) return { status: 'skipped', reason: 'not-policy' };
  const isMd = /\.md$/i.test(file);
  const kind = role === 'config' ? 'config' : role === 'tests' ? 'tests' : 'policy';
  const formatted = isMd ? formatMarkdown(text) : formatYaml(text, kind);
  if (formatted === undefined) return { status: 'skipped', reason: 'unreadable' };
  // Line ends are the checkout's (Git's autocrlf on Windows), not a format choice: a CRLF file stays CRLF.
  const output = /\r\n/.test(text) ? formatted.replace(/\r?\n/g, '\r\n') : formatted;
  if (output === text) return { status: 'unchanged' };
  const after = parseSource(output, file, role);
  if (!after.document || after.diagnostics.some((d) => d.severity === 'error')) return { status: 'skipped', reason: 'meaning-changed' };
  if (meaningOf(before.document) !== meaningOf(after.document)) return { status: 'skipped', reason: 'meaning-changed' };
  return { status: 'changed', output };
}
