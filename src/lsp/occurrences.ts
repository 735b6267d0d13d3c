/**
 * Every name an author can point at, where it is defined and where it is used:
 * decision ids, sections (and the clause references to them), terms, fields
 * and cells. Built once per analysis from the Model (its spans) and the
 * SourceDocuments (their data paths, for the ids the Model keeps no exact span
 * of). Hover, definition, references, rename and symbols all read it, so they
 * agree on what a place means.
 */
import type { SourceDocument } from '../load/source.js';
import { DIRECTIVE } from '../resolve/document.js';
import type { Cell, Decision, Expr, Field, Model, Section, Span, Term } from '../model/index.js';
import { proseSpan } from '../model/text-span.js';

export type Occurrence =
  | { kind: 'decision'; id: string; def: boolean; span: Span }
  /** A section id (def) or a clause reference to it (`doc#section`, `#section`): `span` covers the section part only. */
  | { kind: 'section'; anchor: string; def: boolean; span: Span }
  /** The document part of a clause reference, or a document's own id (def). */
  | { kind: 'document'; id: string; def: boolean; span: Span }
  | { kind: 'term'; id: string; def: boolean; span: Span }
  /** An input or output: its declaration (def), a `when` key, a formula name. */
  | { kind: 'field'; decision: Decision; field: Field; output: boolean; def: boolean; span: Span }
  | { kind: 'cell'; decision: Decision; cell: Cell; field?: Field; span: Span };

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class Occurrences {
  readonly all: Occurrence[] = [];
  /** By file, sorted by position. */
  private readonly byFile = new Map<string, Occurrence[]>();

  constructor(
    readonly model: Model,
    sources: readonly SourceDocument[],
  ) {
    const decisionsByDoc = new Map<string, Decision[]>();
    for (const versions of model.decisions.values()) {
      for (const d of versions) decisionsByDoc.set(d.document, [...(decisionsByDoc.get(d.document) ?? []), d]);
    }
    for (const src of sources) this.fromSource(src, decisionsByDoc);
    for (const versions of model.decisions.values()) for (const d of versions) this.fromDecision(d);
    for (const doc of model.documents) {
      for (const a of doc.assertions) if (a.that) this.fromExpr(a.that);
      const walk = (ss: Section[]) => {
        for (const s of ss) {
          this.add({ kind: 'section', anchor: s.anchor, def: true, span: s.span });
          this.fromProse(s, model);
          walk(s.sections);
        }
      };
      walk(doc.sections);
    }
    for (const list of this.byFile.values()) list.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  }

  private add(o: Occurrence): void {
    this.all.push(o);
    const l = this.byFile.get(o.span.file);
    if (l) l.push(o);
    else this.byFile.set(o.span.file, [o]);
  }

  /** Ids in the data of one file (the Model keeps the span of a decision's whole mapping, not of its id). */
  private fromSource(src: SourceDocument, decisionsByDoc: Map<string, Decision[]>): void {
    const data = rec(src.data);
    // The characters of a scalar, without its quotes: what a rename replaces.
    const inner = (path: (string | number)[], value: string) => src.locateInScalar(path)(0, value.length);
    const docId = typeof data.id === 'string' ? data.id : '';
    if (src.role === 'document' && docId) this.add({ kind: 'document', id: docId, def: true, span: inner(['id'], docId) });
    const clauseRef = (path: (string | number)[], value: unknown) => {
      if (typeof value !== 'string') return;
      const hash = value.indexOf('#');
      if (hash < 0) return;
      const doc = value.slice(0, hash) || docId;
      const at = src.locateInScalar(path);
      if (hash > 0) this.add({ kind: 'document', id: doc, def: false, span: at(0, hash) });
      this.add({ kind: 'section', anchor: `${doc}#${value.slice(hash + 1)}`, def: false, span: at(hash + 1, value.length) });
    };
    const ids = src.role === 'document' ? (decisionsByDoc.get(docId) ?? []) : [];
    list(data.decisions).forEach((raw, i) => {
      const d = rec(raw);
      if (typeof d.id === 'string') this.add({ kind: 'decision', id: d.id, def: true, span: inner(['decisions', i, 'id'], d.id) });
      clauseRef(['decisions', i, 'clause'], d.clause);
      // `overrides:` and `decides:` name another decision: both are references a rename must follow.
      for (const rel of ['overrides', 'decides'] as const) {
        const target = d[rel];
        if (typeof target === 'string') this.add({ kind: 'decision', id: target, def: false, span: inner(['decisions', i, rel], target) });
      }
      const dec = ids.find((x) => x.id === d.id && x.span.line === src.locate(['decisions', i]).line);
      if (!dec) return;
      for (const [key, output] of [['inputs', false], ['outputs', true]] as const) {
        for (const name of Object.keys(rec(d[key]))) {
          const field = (output ? dec.outputs : dec.inputs).find((f) => f.name === name);
          if (field) this.add({ kind: 'field', decision: dec, field, output, def: true, span: src.locate(['decisions', i, key, name], true) });
        }
      }
      list(d.rules).forEach((r, j) => {
        for (const name of Object.keys(rec(rec(r).when))) {
          const field = dec.inputs.find((f) => f.name === name);
          if (field) this.add({ kind: 'field', decision: dec, field, output: false, def: false, span: src.locate(['decisions', i, 'rules', j, 'when', name], true) });
        }
        for (const name of Object.keys(rec(rec(r).then))) {
          const field = dec.outputs.find((f) => f.name === name);
          if (field) this.add({ kind: 'field', decision: dec, field, output: true, def: false, span: src.locate(['decisions', i, 'rules', j, 'then', name], true) });
        }
      });
      for (const name of Object.keys(rec(d.formula))) {
        const field = dec.outputs.find((f) => f.name === name);
        if (field) this.add({ kind: 'field', decision: dec, field, output: true, def: false, span: src.locate(['decisions', i, 'formula', name], true) });
      }
    });
    list(data.tests).forEach((raw, i) => {
      const t = rec(raw);
      if (typeof t.decision === 'string') this.add({ kind: 'decision', id: t.decision, def: false, span: inner(['tests', i, 'decision'], t.decision) });
    });
    list(data.terms).forEach((raw, i) => {
      const t = rec(raw);
      if (typeof t.id === 'string') this.add({ kind: 'term', id: t.id, def: true, span: inner(['terms', i, 'id'], t.id) });
    });
    // Every other `clause:` of the document (corrections, open questions, what the schema adds next).
    for (const key of Object.keys(data)) {
      if (key === 'decisions' || key === 'tests' || key === 'sections') continue;
      list(data[key]).forEach((raw, i) => clauseRef([key, i, 'clause'], rec(raw).clause));
    }
  }

  private fromDecision(d: Decision): void {
    for (const rule of d.rules) {
      for (const cell of rule.when) {
        // Omitted inputs get a cell at the row: not a place the author wrote.
        if (cell.span === rule.span || (cell.span.line === rule.span.line && cell.span.column === rule.span.column)) continue;
        this.add({ kind: 'cell', decision: d, cell, field: d.inputs.find((f) => f.name === cell.input), span: cell.span });
      }
      for (const t of rule.then) this.fromExpr(t.expr, d);
    }
    for (const f of d.formulas) this.fromExpr(f.expr, d);
    for (const x of d.defaults ?? []) this.fromExpr(x.expr, d);
    for (const a of d.assertions) if (a.that) this.fromExpr(a.that, d);
  }

  private fromExpr(e: Expr, d?: Decision): void {
    switch (e.kind) {
      case 'call':
        this.add({ kind: 'decision', id: e.decision, def: false, span: { ...e.span, endLine: e.span.line, endColumn: e.span.column + e.decision.length } });
        e.args.forEach((a) => this.fromExpr(a, d));
        Object.values(e.named ?? {}).forEach((a) => this.fromExpr(a, d));
        return;
      case 'name': {
        const field = d?.inputs.find((f) => f.name === e.name) ?? d?.outputs.find((f) => f.name === e.name);
        if (d && field) this.add({ kind: 'field', decision: d, field, output: d.outputs.includes(field), def: false, span: e.span });
        return;
      }
      case 'field':
        return this.fromExpr(e.target, d);
      case 'unary':
        return this.fromExpr(e.operand, d);
      case 'binary':
        this.fromExpr(e.left, d);
        return this.fromExpr(e.right, d);
      case 'if':
        this.fromExpr(e.cond, d);
        this.fromExpr(e.then, d);
        return this.fromExpr(e.else, d);
      case 'builtin':
        return e.args.forEach((a) => this.fromExpr(a, d));
      case 'list':
        return e.items.forEach((a) => this.fromExpr(a, d));
      default:
        return;
    }
  }

  /** `::decision{#id}` directives and mentions of a term's words in a section's prose. */
  private fromProse(s: Section, model: Model): void {
    if (!s.textLines?.length) return;
    for (const m of s.text.matchAll(DIRECTIVE)) {
      const at = (m.index ?? 0) + m[0].indexOf('#') + 1;
      const span = proseSpan(s, at, at + m[1].length);
      if (span) this.add({ kind: 'decision', id: m[1], def: false, span });
    }
    for (const doc of model.documents) {
      for (const term of doc.terms) {
        for (let i = s.text.indexOf(term.term); term.term && i >= 0; i = s.text.indexOf(term.term, i + term.term.length)) {
          const span = proseSpan(s, i, i + term.term.length);
          if (span) this.add({ kind: 'term', id: term.id, def: false, span });
        }
      }
    }
  }

  /** The occurrences in `file` (sorted by position). */
  inFile(file: string): Occurrence[] {
    return this.byFile.get(file) ?? [];
  }

  /** The innermost occurrence at a 1-based line/column of `file`. */
  at(file: string, line: number, column: number): Occurrence | undefined {
    let best: Occurrence | undefined;
    let bestSize = Infinity;
    for (const o of this.inFile(file)) {
      const s = o.span;
      const endLine = s.endLine ?? s.line;
      const endColumn = s.endColumn ?? s.column + 1;
      if (line < s.line || line > endLine) continue;
      if (line === s.line && column < s.column) continue;
      if (line === endLine && column > endColumn) continue;
      const size = (endLine - s.line) * 10000 + (endColumn - s.column);
      if (size < bestSize) {
        best = o;
        bestSize = size;
      }
    }
    return best;
  }

  /** Definition and uses of the thing `o` names (same kind and name). */
  sameAs(o: Occurrence): Occurrence[] {
    return this.all.filter((x) => sameThing(x, o));
  }

  term(id: string): Term | undefined {
    for (const d of this.model.documents) for (const t of d.terms) if (t.id === id) return t;
    return undefined;
  }
}

function sameThing(a: Occurrence, b: Occurrence): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'decision':
    case 'document':
    case 'term':
      return a.id === (b as typeof a).id;
    case 'section':
      return a.anchor === (b as typeof a).anchor;
    case 'field': {
      const c = b as typeof a;
      return a.decision.id === c.decision.id && a.field.name === c.field.name && a.output === c.output;
    }
    case 'cell':
      return a.cell === (b as typeof a).cell;
  }
}
