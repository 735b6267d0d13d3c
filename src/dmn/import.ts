/**
 * DMN XML (1.1–1.5) → a policy document, as if an author had written it in
 * YAML per docs/format.md. Decision tables become decisions with rules,
 * literal expressions and BKM invocations become formulas, information
 * requirements become decision calls, item definitions become field types.
 * Whatever does not fit rulebook's language is a `dmn-import` diagnostic that
 * names the element, where it is and why; the rest of the model still imports.
 *
 * This file holds the entry point and the importer's state (names, converted
 * decisions, diagnostics, the stand-alone check); the parts live beside it:
 * import-decisions (decisions, BKMs), import-tables, import-expressions,
 * import-fields (types → fields), import-positions, import-helpers.
 */
import { t, word, type Params } from '../diagnostics/catalogue.js';
import { diag, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import type { DataPath, SourceDocument } from '../load/source.js';
import { resolve } from '../resolve/index.js';
import { validate } from '../validate/index.js';
import { makeLexer, SPACED_FUNCTIONS, type FeelProblem, type Token } from './feel.js';
import { convertBkm, convertDecision } from './import-decisions.js';
import { Failure, enumKeys, RULEBOOK_NAMESPACE, type Binding, type Converted, type Json } from './import-helpers.js';
import { scalarText, SourcePositions, type Locations } from './import-positions.js';
import { nest, reason, type Reason } from './messages.js';
import { identifier, NameTable, slug } from './names.js';
import { TypeResolver, type DmnType } from './types.js';
import { attr, child, children, describe, parseXml, spanOf, textContent, type XNode } from './xml.js';

/** How the original DMN names map to the imported ones, for callers that speak DMN (the TCK runner). */
export interface DmnNames {
  /** DMN decision (or BKM) name → decision id. Only elements that imported. */
  decisions: Record<string, string>;
  /** Decision id → (DMN input expression, e.g. `Age` or `Applicant.Age` → input name). */
  inputs: Record<string, Record<string, string>>;
  /** Decision id → (DMN output name, or the decision name for a single output → output name). */
  outputs: Record<string, Record<string, string>>;
  /** Decision id → field name → (DMN string value → enum key), for enum inputs and outputs. */
  values: Record<string, Record<string, Record<string, string>>>;
}

/** What `importDmn` gives back: the document when the XML was a DMN model, and every problem found. */
export interface DmnImport {
  document?: SourceDocument;
  diagnostics: Diagnostic[];
  names: DmnNames;
}

/** Options of the import. */
export interface DmnImportOptions {
  /** Dotted prefix for every decision id (`lending` → `lending.strategy`), to keep ids unique across models. */
  idPrefix?: string;
  /**
   * Decision ids the policies the model joins already use, each with where it is
   * declared: a decision that would take one is reported, not imported (and so is
   * each decision that calls it, which would call the other one).
   */
  takenIds?: ReadonlyMap<string, string>;
}

const DMN_NAMESPACE = /^https?:\/\/www\.omg\.org\/spec\/DMN\/\d{8}\/(?:MODEL\/?|dmn\.xsd)$/;

const DECISION_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Top-level elements that carry no decision logic (diagrams, documentation). */
const IGNORED = new Set([
  'itemDefinition',
  'inputData',
  'decision',
  'businessKnowledgeModel',
  'DMNDI',
  'extensionElements',
  'description',
  'knowledgeSource',
  'textAnnotation',
  'association',
  'group',
  'elementCollection',
]);

/** Import one DMN file. Never throws: malformed XML is one diagnostic with its position. */
export function importDmn(text: string, file: string, options: DmnImportOptions = {}): DmnImport {
  const names: DmnNames = { decisions: {}, inputs: {}, outputs: {}, values: {} };
  const parsed = parseXml(text);
  if (!parsed.root) {
    const p = parsed.problem!;
    return {
      diagnostics: [
        p.message === ''
          ? diag('dmn-import', 'error', 'dmn.xml-no-root', {}, { file, line: p.line, column: p.column })
          : diag('dmn-import', 'error', 'dmn.malformed-xml', { detail: lowerFirst(p.message) }, { file, line: p.line, column: p.column }),
      ],
      names,
    };
  }
  const root = parsed.root;
  const ns = root.namespaceURI ?? null;
  if (root.localName !== 'definitions' || ns === null || !DMN_NAMESPACE.test(ns)) {
    return {
      diagnostics: [
        diag('dmn-import', 'error', 'dmn.not-dmn', { tag: root.nodeName, ns: ns ?? '' }, spanOf(root, file)),
      ],
      names,
    };
  }
  const importer = new Importer(root, ns, file, text, options);
  return importer.run(names);
}

/**
 * One import's state: the model's names, the decisions converted so far, the
 * diagnostics. Its parts (import-decisions, -tables, -expressions, -fields) are
 * functions of it; what they read is public and read-only here.
 */
export class Importer {
  readonly diagnostics: Diagnostic[] = [];
  readonly types: TypeResolver;
  readonly inputData = new Map<string, XNode>();
  readonly logic = new Map<string, XNode>();
  readonly ids = new Map<XNode, string>();
  private readonly results = new Map<XNode, Converted | Failure | 'pending'>();
  private readonly globalInputNames = new NameTable();
  readonly idTable = new NameTable();
  /** Helper decisions (a table over computed columns) that follow the decision that owns them. */
  readonly helpers = new Map<Converted, Converted>();
  private readonly inputNameOf = new Map<string, string>();
  readonly lex: (text: string) => Token[] | FeelProblem;
  private readonly positions: SourcePositions;

  constructor(
    readonly root: XNode,
    readonly ns: string,
    readonly file: string,
    readonly text: string,
    readonly options: DmnImportOptions,
  ) {
    this.types = new TypeResolver(root, ns);
    this.positions = new SourcePositions(file, text, root);
    const ids = this.idTable;
    const scopeNames: string[] = [];
    for (const el of children(root)) {
      const tag = el.localName ?? '';
      const name = attr(el, 'name');
      if (tag === 'inputData' && name !== undefined && el.namespaceURI === ns) {
        this.inputData.set(name, el);
        scopeNames.push(name);
      } else if ((tag === 'decision' || tag === 'businessKnowledgeModel') && el.namespaceURI === ns) {
        const n = name ?? attr(el, 'id') ?? '';
        this.logic.set(n, el);
        scopeNames.push(n);
        // A name that already is a decision id (what `exportDmn` writes) stays as it is.
        const base = DECISION_ID.test(n) ? n : identifier(n, `decision_${this.ids.size + 1}`);
        const id = ids.claim(base);
        this.ids.set(el, options.idPrefix ? `${options.idPrefix}.${id}` : id);
      } else if (tag === 'decisionService' || tag === 'import') {
        this.warn(el, reason(tag === 'import' ? 'dmn.no-model-imports' : 'dmn.no-decision-services', { element: describe(el) }));
      } else if (!IGNORED.has(tag)) {
        this.warn(el, reason('dmn.no-counterpart', { element: describe(el) }));
      }
    }
    this.lex = makeLexer([...scopeNames, ...SPACED_FUNCTIONS]);
  }

  run(names: DmnNames): DmnImport {
    let decisions: Converted[] = [];
    for (const el of this.logic.values()) {
      const r = this.convert(el);
      if (r instanceof Failure) continue;
      if (r === 'pending') continue;
      decisions.push(r);
      const helper = this.helpers.get(r);
      if (helper) decisions.push(helper);
    }
    // Document order, so the imported file reads like the model.
    const order = [...this.logic.values()];
    decisions.sort((a, b) => order.indexOf(a.element) - order.indexOf(b.element) || (this.helpers.get(a) === b ? -1 : this.helpers.get(b) === a ? 1 : 0));
    decisions = this.standAlone(decisions);
    for (const r of decisions) {
      if ([...this.helpers.values()].includes(r)) continue;
      const original = attr(r.element, 'name') ?? attr(r.element, 'id') ?? r.id;
      names.decisions[original] = r.id;
      names.inputs[r.id] = Object.fromEntries([...r.inputs.values()].map((f) => [f.origin, f.name]));
      names.outputs[r.id] = Object.fromEntries(r.outputs);
      this.recordValues(names, r);
      const helper = this.helpers.get(r);
      if (helper) this.recordValues(names, helper);
    }
    return { document: this.document(decisions), diagnostics: sortDiagnostics(this.diagnostics), names };
  }

  /** FEEL's semantics, unless rulebook wrote the file from its own (strict) decisions. */
  feel(): boolean {
    if (this.feelMemo === undefined) {
      const ext = attr(this.root, 'exporter') === 'rulebook' ? child(this.root, 'extensionElements', this.ns) : undefined;
      const mark = ext ? child(ext, 'semantics', RULEBOOK_NAMESPACE) : undefined;
      this.feelMemo = attr(this.root, 'exporter') !== 'rulebook' || (mark !== undefined && textContent(mark).trim() === 'feel');
    }
    return this.feelMemo;
  }

  private feelMemo: boolean | undefined;

  /** The policy document holding `decisions`, with positions into the XML. */
  private document(decisions: Converted[]): SourceDocument {
    const title = attr(this.root, 'name') ?? attr(this.root, 'id') ?? this.file;
    const data: Record<string, Json> = {
      id: slug(title, 'dmn-model'),
      title,
      version: '1',
      // FEEL's semantics for what cannot be computed (docs/format.md, "DMN models"), unless
      // rulebook wrote the file (`export dmn`): its decisions keep the semantics they had.
      ...(this.feel() ? { semantics: 'feel' } : {}),
      decisions: decisions.map((d) => d.data),
      tests: [],
    };
    const locs: Locations = new Map();
    const put = (path: DataPath, node: XNode, isText?: boolean) => locs.set(JSON.stringify(path), { node, text: isText });
    put([], this.root);
    put(['id'], this.root);
    put(['title'], this.root);
    put(['version'], this.root);
    put(['semantics'], this.root);
    put(['decisions'], this.root);
    decisions.forEach((d, i) => {
      for (const l of d.locs) put(['decisions', i, ...l.path], l.node, l.text);
    });
    return {
      file: this.file,
      format: 'dmn',
      role: 'document',
      data,
      text: this.text,
      locate: (path) => this.positions.locate(locs, path),
      locateInScalar: (path) => this.positions.locateInScalar(locs, data, path),
      scalarText: (path) => scalarText(locs, data, path),
    };
  }

  /**
   * The decisions that stand on their own: each is validated and resolved with
   * the decisions it calls, as rulebook will read it; one that rulebook refuses
   * is a diagnostic at the problem (what its feature lacks), and so is each
   * decision that calls a refused one. The rest import and evaluate.
   */
  private standAlone(decisions: Converted[]): Converted[] {
    const errorsOf = (list: Converted[]): Diagnostic[] => {
      const doc = this.document(list);
      const v = validate([doc]);
      const r = resolve(v.valid);
      return [...v.diagnostics, ...r.diagnostics].filter((d) => d.severity === 'error');
    };
    const taken = this.options.takenIds;
    if (!decisions.some((d) => taken?.has(d.id)) && errorsOf(decisions).length === 0) return decisions;
    const calls = new Map<Converted, Converted[]>();
    for (const d of decisions) {
      const text = JSON.stringify([d.data.formula ?? null, d.data.rules ?? null, d.data.default ?? null]);
      calls.set(d, decisions.filter((o) => o !== d && text.includes(`${o.id}(`)));
    }
    const state = new Map<Converted, 'pending' | 'ok' | 'refused'>();
    const closure = (d: Converted, into: Set<Converted>) => {
      if (into.has(d)) return;
      into.add(d);
      for (const c of calls.get(d) ?? []) closure(c, into);
    };
    const visit = (d: Converted): boolean => {
      const s = state.get(d);
      if (s) return s === 'ok';
      state.set(d, 'pending');
      const taken = this.options.takenIds?.get(d.id);
      if (taken !== undefined) {
        state.set(d, 'refused');
        this.diagnostics.push(
          diag('dmn-import', 'error', 'dmn.id-taken', { element: describe(d.element), id: d.id, where: taken }, spanOf(d.element, this.file)),
        );
        return false;
      }
      const refusedCallee = (calls.get(d) ?? []).find((c) => !visit(c));
      if (refusedCallee) {
        state.set(d, 'refused');
        // A table's helper decision failing is the table's own failure, already reported.
        if (refusedCallee.element !== d.element) {
          const name = attr(refusedCallee.element, 'name') ?? refusedCallee.id;
          this.fail(d.element, new Failure(d.element, reason('dmn.r.requires-unimported', { name })));
        }
        return false;
      }
      const set = new Set<Converted>();
      closure(d, set);
      let errors = errorsOf(decisions.filter((x) => set.has(x)));
      // An undeclared output first read as a number takes the type its formula gives (FEEL types it by its value).
      const gives = d.untyped === undefined ? undefined : errors.map((e) => formulaGives().exec(e.message)?.[1]).find((x) => x);
      if (gives && d.untyped !== undefined) {
        (d.data.outputs as Record<string, Json>)[d.untyped] = { type: gives };
        errors = errorsOf(decisions.filter((x) => set.has(x)));
      }
      if (errors.length === 0) {
        state.set(d, 'ok');
        return true;
      }
      state.set(d, 'refused');
      const e = errors[0];
      this.diagnostics.push(
        diag(
          'dmn-import',
          'error',
          ...refusal(describe(d.element), e),
          { file: this.file, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn },
          e.hint !== undefined ? { hint: e.hint } : {},
        ),
      );
      return false;
    };
    for (const d of decisions) visit(d);
    // A table's helper goes with the decision that calls it.
    const owner = new Map([...this.helpers].map(([o, h]) => [h, o]));
    return decisions.filter((d) => state.get(d) === 'ok' && (!owner.has(d) || state.get(owner.get(d)!) === 'ok'));
  }

  private recordValues(names: DmnNames, d: Converted): void {
    const out: Record<string, Record<string, string>> = {};
    for (const group of ['inputs', 'outputs'] as const) {
      for (const [name, field] of Object.entries((d.data[group] ?? {}) as Record<string, Record<string, Json>>)) {
        const keys = enumKeys.get(field);
        if (keys) out[name] = Object.fromEntries(keys);
      }
    }
    if (Object.keys(out).length > 0) names.values[d.id] = out;
  }

  // ------------------------------------------------------------ diagnostics

  private readonly warned = new Set<string>();

  warn(node: XNode, message: Reason): void {
    const d = diag('dmn-import', 'warning', message.key, message.params, spanOf(node, this.file));
    const key = `${node.lineNumber}:${node.columnNumber}:${d.message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diagnostics.push(d);
  }

  fail(owner: XNode, f: Failure): Failure {
    const r = f.node === owner ? nest('dmn.refused', { element: describe(owner) }, f.reason) : nest('dmn.refused-at', { element: describe(owner), at: describe(f.node) }, f.reason);
    this.diagnostics.push(diag('dmn-import', 'error', r.key, r.params, spanOf(f.node, this.file)));
    return f;
  }

  // ------------------------------------------------------------ decisions

  /** Convert a decision or BKM once; later calls get the same result (or the failure). */
  convert(el: XNode): Converted | Failure | 'pending' {
    const done = this.results.get(el);
    if (done) return done;
    this.results.set(el, 'pending');
    let result: Converted | Failure;
    try {
      result = el.localName === 'businessKnowledgeModel' ? convertBkm(this, el) : convertDecision(this, el);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      result = this.fail(el, e);
    }
    this.results.set(el, result);
    return result;
  }










  /** The element holding the logic of a decision, BKM, binding or context entry (its one child that is not metadata). */
  logicElement(el: XNode): XNode | undefined {
    return children(el).find((c) => c.namespaceURI === this.ns && !['description', 'extensionElements', 'variable', 'informationRequirement', 'knowledgeRequirement', 'authorityRequirement', 'question', 'allowedAnswers', 'supportedObjective', 'impactedPerformanceIndicator', 'decisionMaker', 'decisionOwner', 'usingProcess', 'usingTask', 'formalParameter', 'parameter'].includes(c.localName ?? ''));
  }

  globalBinding(name: string): Binding | undefined {
    const input = this.inputData.get(name);
    if (input) {
      const v = child(input, 'variable', this.ns);
      return { kind: 'input', node: input, type: this.types.resolve(v ? attr(v, 'typeRef') : undefined) };
    }
    const logic = this.logic.get(name);
    if (logic) return logic.localName === 'businessKnowledgeModel' ? { kind: 'bkm', node: logic } : { kind: 'decision', node: logic };
    return undefined;
  }

  /** An input data element (or a path into its structure) as one flat input. */
  inputRef(name: string, b: { node: XNode; type?: DmnType }, path: string[]): { name: string; type?: DmnType; origin: string } | Failure {
    let type = b.type;
    for (const seg of path) {
      const next = type?.components?.get(seg);
      if (!next) return new Failure(b.node, reason('dmn.r.not-component', { path: [name, ...path].join('.'), seg, type: type?.base ?? name }));
      type = next;
    }
    const origin = [name, ...path].join('.');
    let our = this.inputNameOf.get(origin);
    if (!our) {
      our = this.globalInputNames.claim(identifier([name, ...path].join('_'), `input_${this.inputNameOf.size + 1}`));
      this.inputNameOf.set(origin, our);
    }
    return { name: our, type, origin };
  }







  lexIn(text: string, scope: Map<string, Binding>): Token[] | FeelProblem {
    // Parameter names shadow model names and are not in the shared lexer.
    return scope.size === 0 ? this.lex(text) : makeLexer([...this.inputData.keys(), ...this.logic.keys(), ...scope.keys(), ...SPACED_FUNCTIONS])(text);
  }

}

// ---------------------------------------------------------------- helpers

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** A type error of a refused decision as the refusal's key and parameters: its own entry when it has one. */
function refusal(element: string, e: Diagnostic): [string, Params] {
  if (e.key === undefined) return ['dmn.refused-text', { element, message: e.message }];
  const r = nest('dmn.refused', { element }, { key: e.key, params: e.params ?? {} });
  return [r.key, r.params];
}

/** "the formula gives `X`, expected `number`" in the run's language, `X` captured (the type checker's words). */
function formulaGives(): RegExp {
  const text = t('lang.type.mismatch', { what: word('lang.word.the-formula'), got: '\u0000', want: 'number' }).message;
  const [before, after] = text.split('\u0000').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${before}(boolean|string|date)${after}$`);
}
