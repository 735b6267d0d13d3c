/**
 * Navigation over the occurrence index: go to definition, find references,
 * rename a decision or a section (with every reference, across files, as one
 * workspace edit) and the outline of a file (documents, sections, decisions).
 */
import {
  ResponseError,
  SymbolKind,
  type DefinitionParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { t } from '../diagnostics/catalogue.js';
import './messages.js';
import type { Section, Span } from '../model/index.js';
import type { Occurrence } from './occurrences.js';
import { lineIndexOf, rangeOf } from './positions.js';
import type { Session } from './server.js';

const DECISION_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const SLUG = /^[a-z0-9][a-z0-9.-]*$/;

function at(s: Session, uri: string, line: number, character: number): Occurrence | undefined {
  const rel = s.relOf(uri);
  return rel ? s.occurrences()?.at(rel, line + 1, character + 1) : undefined;
}

function location(s: Session, o: Occurrence): Location {
  return { uri: s.uriOf(o.span.file), range: rangeOf(o.span, s.textOf(o.span.file)) };
}

export function definition(s: Session, p: DefinitionParams): Location[] | null {
  const o = at(s, p.textDocument.uri, p.position.line, p.position.character);
  const occ = s.occurrences();
  if (!o || !occ) return null;
  if (o.kind === 'cell') {
    const def = occ.all.find((x) => x.kind === 'field' && x.def && x.decision === o.decision && x.field === o.field);
    return def ? [location(s, def)] : null;
  }
  const defs = occ.sameAs(o).filter((x) => 'def' in x && x.def);
  return defs.length ? defs.map((d) => location(s, d)) : null;
}

export function references(s: Session, p: ReferenceParams): Location[] {
  const o = at(s, p.textDocument.uri, p.position.line, p.position.character);
  const occ = s.occurrences();
  if (!o || !occ) return [];
  return occ
    .sameAs(o)
    .filter((x) => p.context.includeDeclaration || !('def' in x && x.def))
    .map((x) => location(s, x));
}

/** The exact range of `name` at `span` (a span may cover more: a heading, a quoted scalar), or undefined. */
function exactRange(s: Session, span: Span, name: string): Range | undefined {
  const text = s.textOf(span.file);
  if (text === undefined) return undefined;
  const lines = lineIndexOf(text);
  const line = lines.lineText(span.line);
  const from = span.column - 1;
  const to = span.endLine === span.line && span.endColumn !== undefined ? span.endColumn - 1 : line.length;
  if (line.slice(from, from + name.length) === name && (from + name.length === to || !/[\w.-]/.test(line[from + name.length] ?? ''))) {
    return { start: { line: span.line - 1, character: from }, end: { line: span.line - 1, character: from + name.length } };
  }
  // A heading `## 标题 {#id}`: the id inside its braces.
  const i = line.indexOf(`{#${name}}`, from);
  if (i >= 0 && i < Math.max(to, from + 1) + name.length + 3) return { start: { line: span.line - 1, character: i + 2 }, end: { line: span.line - 1, character: i + 2 + name.length } };
  return undefined;
}

/** The id part a rename changes: a decision id, or the section part of an anchor. */
function renamable(o: Occurrence): string | undefined {
  if (o.kind === 'decision') return o.id;
  if (o.kind === 'section') return o.anchor.slice(o.anchor.indexOf('#') + 1);
  return undefined;
}

export function prepareRename(s: Session, p: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const o = at(s, p.textDocument.uri, p.position.line, p.position.character);
  const name = o && renamable(o);
  if (!o || !name) return null;
  const range = exactRange(s, o.span, name);
  return range ? { range, placeholder: name } : null;
}

export function rename(s: Session, p: RenameParams): WorkspaceEdit | null {
  const o = at(s, p.textDocument.uri, p.position.line, p.position.character);
  const occ = s.occurrences();
  const name = o && renamable(o);
  if (!o || !occ || !name) return null;
  const valid = o.kind === 'decision' ? DECISION_ID : SLUG;
  if (!valid.test(p.newName)) {
    throw new ResponseError(-32602, t(o.kind === 'decision' ? 'lsp.rename.decision' : 'lsp.rename.section', { name: p.newName }).message);
  }
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const x of occ.sameAs(o)) {
    const range = exactRange(s, x.span, name);
    if (!range) continue;
    const uri = s.uriOf(x.span.file);
    const key = `${uri}:${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[uri] ??= []).push({ range, newText: p.newName });
  }
  return { changes };
}

export function documentSymbols(s: Session, p: DocumentSymbolParams): DocumentSymbol[] {
  const rel = s.relOf(p.textDocument.uri);
  const occ = s.occurrences();
  const text = rel ? s.textOf(rel) : undefined;
  if (!rel || !occ || text === undefined) return [];
  const model = occ.model;
  const lines = lineIndexOf(text);
  const lastLine = lines.position(text.length).line - 1;
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lastLine, character: lines.lineText(lastLine + 1).length } };
  const clamp = (r: Range): Range => (r.end.line > whole.end.line ? { start: r.start, end: whole.end } : r);
  const out: DocumentSymbol[] = [];
  for (const doc of model.documents.filter((d) => d.file === rel)) {
    const idOcc = occ.inFile(rel).find((x) => x.kind === 'document' && x.def);
    const sel = idOcc ? rangeOf(idOcc.span, text) : { start: whole.start, end: whole.start };
    const section = (sec: Section): DocumentSymbol => {
      const r = clamp(rangeOf(sec.span, text));
      return { name: sec.title || sec.id, detail: sec.anchor, kind: SymbolKind.Namespace, range: r, selectionRange: r, children: sec.sections.map(section) };
    };
    const decisions: DocumentSymbol[] = [];
    for (const id of doc.decisions) {
      for (const d of model.decisions.get(id) ?? []) {
        if (d.span.file !== rel) continue;
        const def = occ.inFile(rel).find((x) => x.kind === 'decision' && x.def && x.id === id && x.span.line >= d.span.line);
        const range = clamp(rangeOf(d.span, text));
        const selection = def ? rangeOf(def.span, text) : range;
        const union: Range = { start: range.start, end: selection.end.line > range.end.line ? selection.end : range.end };
        decisions.push({ name: d.id, detail: d.title, kind: SymbolKind.Function, range: union, selectionRange: selection });
      }
    }
    out.push({ name: doc.title, detail: doc.id, kind: SymbolKind.File, range: whole, selectionRange: sel, children: [...doc.sections.map(section), ...decisions] });
  }
  return out;
}
