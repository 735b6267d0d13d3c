/**
 * DMN XML (1.1–1.5) → a policy document, as if an author had written it in
 * YAML per docs/format.md. Decision tables become decisions with rules,
 * literal expressions and BKM invocations become formulas, information
 * requirements become decision calls, item definitions become field types.
 * Whatever does not fit rulebook's language is a `dmn-import` diagnostic that
 * names the element, where it is and why; the rest of the model still imports.
 */
import { sortDiagnostics, type Diagnostic, type Severity } from '../diagnostics/index.js';
import type { SourceDocument, DataPath } from '../load/source.js';
import type { Span } from '../model/index.js';
import { resolve } from '../resolve/index.js';
import { validate } from '../validate/index.js';
import { BUILTIN_BY_FEEL } from '../lang/builtins/index.js';
import {
  makeLexer,
  desugarIn,
  desugarBetween,
  staticInstanceOf,
  splitTopLevel,
  stringLiteral,
  literalKind,
  translateUnaryTests,
  mapStringLiterals,
  percentSpelling,
  SPACED_FUNCTIONS,
  SUPPORTED_KEYWORDS,
  UNSUPPORTED_KEYWORDS,
  UNSUPPORTED_OPS,
  type FeelProblem,
  type Token,
} from './feel.js';
import { identifier, NameTable, slug } from './names.js';
import { TypeResolver, type DmnType } from './types.js';
import { attr, child, children, describe, firstTextNode, isCdata, parseXml, spanOf, textContent, type XNode } from './xml.js';

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

const HIT_POLICIES: Record<string, string> = {
  UNIQUE: 'unique',
  U: 'unique',
  ANY: 'any',
  A: 'any',
  PRIORITY: 'priority',
  P: 'priority',
  FIRST: 'first',
  F: 'first',
  'RULE ORDER': 'rule-order',
  R: 'rule-order',
  'OUTPUT ORDER': 'output-order',
  O: 'output-order',
  COLLECT: 'collect',
  C: 'collect',
};
/** rulebook's extension namespace (see `exportDmn`). */
const RULEBOOK_NAMESPACE = 'https://rulebook.dev/dmn/extension';
const DECISION_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const RULE_ID = /^[a-z0-9][a-z0-9.-]*$/;
const NUMERIC_KINDS = new Set(['number', 'integer', 'percent', 'money', 'months', 'days']);
const AGGREGATIONS: Record<string, string> = { SUM: 'collect-sum', MIN: 'collect-min', MAX: 'collect-max', COUNT: 'collect-count' };

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

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Enum fields → (DMN string value → enum key); cells and entries are rewritten through it. */
const enumKeys = new WeakMap<object, Map<string, string>>();

/** Spell the string literals of a cell or entry as the enum keys of `field`, if it is an enum. */
function enumSpelling(text: string, field: Record<string, Json> | undefined, node: XNode, what: string): string | Failure {
  const keys = field ? enumKeys.get(field) : undefined;
  if (!keys) return text;
  const r = mapStringLiterals(text, (v) => keys.get(v));
  if ('missing' in r) return new Failure(node, `the ${what} \`${text.trim()}\` uses \`"${r.missing}"\`, which is not among the allowed values`);
  return r.text;
}

/** An input of one imported decision: the field as written plus where it comes from. */
interface InputField {
  name: string;
  field: Record<string, Json>;
  origin: string;
  node: XNode;
}

/** One imported decision, before it is placed in the document. */
interface Converted {
  id: string;
  data: Record<string, Json>;
  inputs: Map<string, InputField>;
  outputs: Map<string, string>;
  locs: { path: DataPath; node: XNode; text?: boolean }[];
  element: XNode;
  /** The output whose type the model leaves undeclared: it takes the type its formula gives. */
  untyped?: string;
}

type Binding =
  | { kind: 'input'; node: XNode; type?: DmnType }
  | { kind: 'decision'; node: XNode }
  | { kind: 'bkm'; node: XNode }
  | { kind: 'param'; name: string; type?: DmnType; node: XNode };

class Failure {
  constructor(
    readonly node: XNode,
    readonly reason: string,
  ) {}
}

/** Import one DMN file. Never throws: malformed XML is one diagnostic with its position. */
export function importDmn(text: string, file: string, options: DmnImportOptions = {}): DmnImport {
  const names: DmnNames = { decisions: {}, inputs: {}, outputs: {}, values: {} };
  const parsed = parseXml(text);
  if (!parsed.root) {
    const p = parsed.problem!;
    return {
      diagnostics: [
        diag(file, 'error', `malformed xml: ${lowerFirst(p.message)}`, { line: p.line, column: p.column }, 'the file must be well-formed XML before it can be read as DMN'),
      ],
      names,
    };
  }
  const root = parsed.root;
  const ns = root.namespaceURI ?? null;
  if (root.localName !== 'definitions' || ns === null || !DMN_NAMESPACE.test(ns)) {
    return {
      diagnostics: [
        diag(
          file,
          'error',
          `not a dmn model: root element \`${root.nodeName}\` in namespace \`${ns ?? ''}\``,
          spanOf(root, file),
          'a DMN file has a `definitions` root element in an OMG DMN model namespace, e.g. `https://www.omg.org/spec/DMN/20191111/MODEL/`',
        ),
      ],
      names,
    };
  }
  const importer = new Importer(root, ns, file, text, options);
  return importer.run(names);
}

class Importer {
  readonly diagnostics: Diagnostic[] = [];
  private readonly types: TypeResolver;
  private readonly inputData = new Map<string, XNode>();
  private readonly logic = new Map<string, XNode>();
  private readonly ids = new Map<XNode, string>();
  private readonly results = new Map<XNode, Converted | Failure | 'pending'>();
  private readonly globalInputNames = new NameTable();
  private readonly idTable = new NameTable();
  /** Helper decisions (a table over computed columns) that follow the decision that owns them. */
  private readonly helpers = new Map<Converted, Converted>();
  private readonly inputNameOf = new Map<string, string>();
  private readonly lex: (text: string) => Token[] | FeelProblem;
  private readonly normalized: string;
  private readonly lineStarts: number[];

  constructor(
    private readonly root: XNode,
    private readonly ns: string,
    private readonly file: string,
    private readonly text: string,
    private readonly options: DmnImportOptions,
  ) {
    this.types = new TypeResolver(root, ns);
    this.normalized = text.replace(/\r\n?/g, '\n');
    this.lineStarts = [0];
    for (let i = 0; i < this.normalized.length; i++) if (this.normalized[i] === '\n') this.lineStarts.push(i + 1);
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
        this.warn(el, `${describe(el)} not imported: rulebook has no ${tag === 'import' ? 'model imports' : 'decision services'}`, tag === 'import' ? 'names from the imported model stay unresolved' : 'the decisions it groups are imported one by one');
      } else if (!IGNORED.has(tag)) {
        this.warn(el, `${describe(el)} not imported: no rulebook counterpart`);
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
  private feel(): boolean {
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
    const locs = new Map<string, { node: XNode; text?: boolean }>();
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
      locate: (path) => this.locate(locs, path),
      locateInScalar: (path) => this.locateInScalar(locs, data, path),
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
          diag(this.file, 'error', `${describe(d.element)} not imported: its id \`${d.id}\` is already a decision of the policies (${taken})`, spanOf(d.element, this.file), 'rename one of the two, or import into another folder (`--out`)'),
        );
        return false;
      }
      const refusedCallee = (calls.get(d) ?? []).find((c) => !visit(c));
      if (refusedCallee) {
        state.set(d, 'refused');
        // A table's helper decision failing is the table's own failure, already reported.
        if (refusedCallee.element !== d.element) {
          const name = attr(refusedCallee.element, 'name') ?? refusedCallee.id;
          this.fail(d.element, new Failure(d.element, `it requires \`${name}\`, which was not imported`));
        }
        return false;
      }
      const set = new Set<Converted>();
      closure(d, set);
      let errors = errorsOf(decisions.filter((x) => set.has(x)));
      // An undeclared output first read as a number takes the type its formula gives (FEEL types it by its value).
      const gives = d.untyped === undefined ? undefined : errors.map((e) => /^the formula gives `(boolean|string|date)`, expected `number`$/.exec(e.message)?.[1]).find((x) => x);
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
        diag(this.file, 'error', `${describe(d.element)} not imported: ${e.message}`, e, e.hint ?? 'rewrite this part within rulebook’s expression language (docs/format.md) or model it by hand; the rest of the file was imported'),
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

  // ------------------------------------------------------------ positions

  private locate(locs: Map<string, { node: XNode; text?: boolean }>, path: DataPath): Span {
    for (let n = path.length; n >= 0; n--) {
      const hit = locs.get(JSON.stringify(path.slice(0, n)));
      if (hit) return hit.text ? this.textSpan(hit.node) : spanOf(hit.node, this.file);
    }
    return spanOf(this.root, this.file);
  }

  private locateInScalar(locs: Map<string, { node: XNode; text?: boolean }>, data: unknown, path: DataPath): (start: number, end: number) => Span {
    const hit = locs.get(JSON.stringify(path));
    const value = valueAt(data, path);
    const whole = this.locate(locs, path);
    if (!hit?.text || typeof value !== 'string') return () => whole;
    const tn = firstTextNode(hit.node);
    const raw = textContent(hit.node);
    const lead = raw.length - raw.trimStart().length;
    // Only an unchanged cell maps character by character; a rewritten one points at the whole text.
    if (!tn || raw.trim() !== value) return () => whole;
    return (start, end) => {
      const a = this.posInText(tn, lead + start);
      const b = this.posInText(tn, lead + end);
      return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    };
  }

  private textSpan(el: XNode): Span {
    const tn = firstTextNode(el);
    if (!tn) return spanOf(el, this.file);
    const raw = textContent(el);
    const lead = raw.length - raw.trimStart().length;
    const a = this.posInText(tn, lead);
    const b = this.posInText(tn, raw.trimEnd().length);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The source position of the `offset`-th decoded character of a text node. */
  private posInText(tn: XNode, offset: number): { line: number; column: number } {
    let p = (this.lineStarts[(tn.lineNumber ?? 1) - 1] ?? 0) + (tn.columnNumber ?? 1) - 1;
    const cdata = isCdata(tn);
    if (cdata && this.normalized.startsWith('<![CDATA[', p)) p += 9;
    for (let d = 0; d < offset && p < this.normalized.length; d++) {
      if (!cdata && this.normalized[p] === '&') {
        const semi = this.normalized.indexOf(';', p);
        p = semi === -1 ? p + 1 : semi + 1;
      } else p++;
    }
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= p) line++;
    return { line: line + 1, column: p - this.lineStarts[line] + 1 };
  }

  // ------------------------------------------------------------ diagnostics

  private readonly warned = new Set<string>();

  private warn(node: XNode, message: string, hint?: string): void {
    const key = `${node.lineNumber}:${node.columnNumber}:${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diagnostics.push(diag(this.file, 'warning', message, spanOf(node, this.file), hint));
  }

  private fail(owner: XNode, f: Failure): Failure {
    const where = f.node === owner ? '' : ` (${describe(f.node)})`;
    this.diagnostics.push(
      diag(this.file, 'error', `${describe(owner)} not imported: ${f.reason}${where}`, spanOf(f.node, this.file), 'rewrite this part within rulebook’s expression language (docs/format.md) or model it by hand; the rest of the file was imported'),
    );
    return f;
  }

  // ------------------------------------------------------------ decisions

  /** Convert a decision or BKM once; later calls get the same result (or the failure). */
  private convert(el: XNode): Converted | Failure | 'pending' {
    const done = this.results.get(el);
    if (done) return done;
    this.results.set(el, 'pending');
    let result: Converted | Failure;
    try {
      result = el.localName === 'businessKnowledgeModel' ? this.convertBkm(el) : this.convertDecision(el);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      result = this.fail(el, e);
    }
    this.results.set(el, result);
    return result;
  }

  private newConverted(el: XNode): Converted {
    const name = attr(el, 'name') ?? attr(el, 'id') ?? '';
    const c: Converted = { id: this.ids.get(el)!, data: {}, inputs: new Map(), outputs: new Map(), locs: [], element: el };
    c.data.id = c.id;
    // DMN's label is the display name; the name is what expressions use.
    const label = attr(el, 'label');
    c.data.title = label !== undefined && label.trim() !== '' ? label : name;
    const desc = child(el, 'description', this.ns);
    if (desc && textContent(desc).trim() !== '') {
      c.data.description = textContent(desc).trim();
      c.locs.push({ path: ['description'], node: desc });
    }
    c.locs.push({ path: [], node: el }, { path: ['id'], node: el }, { path: ['title'], node: el });
    return c;
  }

  private logicElement(el: XNode): XNode | undefined {
    return children(el).find((c) => c.namespaceURI === this.ns && !['description', 'extensionElements', 'variable', 'informationRequirement', 'knowledgeRequirement', 'authorityRequirement', 'question', 'allowedAnswers', 'supportedObjective', 'impactedPerformanceIndicator', 'decisionMaker', 'decisionOwner', 'usingProcess', 'usingTask', 'formalParameter', 'parameter'].includes(c.localName ?? ''));
  }

  private convertDecision(el: XNode): Converted {
    const c = this.newConverted(el);
    const body = this.logicElement(el);
    if (!body) throw new Failure(el, 'it has no decision logic');
    const variable = child(el, 'variable', this.ns);
    const scope = new Map<string, Binding>();
    switch (body.localName) {
      case 'decisionTable':
        this.convertTable(c, body, scope, variable);
        break;
      case 'literalExpression':
        this.convertLiteral(c, body, scope, variable);
        break;
      case 'invocation':
        this.convertInvocation(c, body, scope, variable);
        break;
      case 'context':
        this.convertContext(c, body, scope);
        break;
      default:
        throw new Failure(body, unsupportedBox(body));
    }
    if (body.localName !== 'decisionTable') {
      this.orderByRequirements(c, el);
      this.narrowInputs(c, el);
    }
    return c;
  }

  /**
   * rulebook's extension (`exportDmn` writes it): the type, domain and label a
   * formula decision gives an input beyond the shared input data.
   */
  private narrowInputs(c: Converted, el: XNode): void {
    const ext = child(el, 'extensionElements', this.ns);
    if (!ext) return;
    let changed = false;
    for (const n of children(ext, 'input', RULEBOOK_NAMESPACE)) {
      const name = attr(n, 'name') ?? '';
      const known = c.inputs.get(name);
      if (!known) {
        this.warn(n, `the extension narrows \`${name}\`, which \`${attr(el, 'name') ?? ''}\` does not read`);
        continue;
      }
      const domain = attr(n, 'domain');
      let field: Record<string, Json>;
      try {
        field = this.fieldOf(this.types.resolve(attr(n, 'typeRef')), domain === undefined ? undefined : { text: domain, node: n }, n, undefined, undefined, false, this.feel());
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        this.warn(n, `the extension’s type for \`${name}\` not imported: ${e.reason}`);
        continue;
      }
      const label = attr(n, 'label');
      if (label !== undefined) field.label = label;
      c.inputs.set(name, { ...known, field });
      changed = true;
    }
    if (changed) c.data.inputs = fieldsJson(c.inputs);
  }

  /**
   * A formula's inputs in the order of the decision's information requirements,
   * including inputs it requires but does not read (rulebook decisions declare
   * their inputs; callers pass them by position).
   */
  private orderByRequirements(c: Converted, el: XNode): void {
    const ordered = new Map<string, InputField>();
    for (const req of children(el, 'informationRequirement', this.ns)) {
      const ref = child(req, 'requiredInput', this.ns);
      const href = ref ? attr(ref, 'href')?.replace(/^.*#/, '') : undefined;
      const input = href === undefined ? undefined : [...this.inputData.values()].find((n) => attr(n, 'id') === href);
      const name = input ? attr(input, 'name') : undefined;
      const b = name === undefined ? undefined : this.globalBinding(name);
      if (!b || b.kind !== 'input' || name === undefined) continue;
      const r = this.inputRef(name, b, []);
      if (r instanceof Failure) continue;
      const known = c.inputs.get(r.name);
      if (known) ordered.set(r.name, known);
      else {
        let field: Record<string, Json>;
        try {
          field = this.fieldOf(r.type, undefined, b.node);
        } catch (e) {
          if (e instanceof Failure) continue;
          throw e;
        }
        field.label = attr(b.node, 'label') ?? r.origin;
        ordered.set(r.name, { name: r.name, field, origin: r.origin, node: b.node });
        c.locs.push({ path: ['inputs', r.name], node: b.node });
      }
    }
    if (ordered.size === 0) return;
    for (const [k, v] of c.inputs) if (!ordered.has(k)) ordered.set(k, v);
    c.inputs = ordered;
    c.data.inputs = fieldsJson(ordered);
  }

  private convertBkm(el: XNode): Converted {
    const c = this.newConverted(el);
    const fn = child(el, 'encapsulatedLogic', this.ns);
    if (!fn) throw new Failure(el, 'it has no encapsulated logic');
    const scope = new Map<string, Binding>();
    const params = children(fn, 'formalParameter', this.ns);
    for (const p of params) {
      const name = attr(p, 'name') ?? '';
      scope.set(name, { kind: 'param', name: identifier(name, `p_${scope.size + 1}`), type: this.types.resolve(attr(p, 'typeRef')), node: p });
    }
    const body = this.logicElement(fn);
    if (!body) throw new Failure(fn, 'its function has no body');
    const variable = child(el, 'variable', this.ns);
    if (body.localName === 'decisionTable') this.convertTable(c, body, scope, variable);
    else if (body.localName === 'literalExpression') this.convertLiteral(c, body, scope, variable);
    else throw new Failure(body, unsupportedBox(body));
    // Callers bind parameters by name: every parameter is an input, in declared order.
    const ordered = new Map<string, InputField>();
    for (const b of scope.values()) {
      if (b.kind !== 'param') continue;
      const existing = c.inputs.get(b.name);
      if (existing) ordered.set(b.name, existing);
      else {
        const f = this.fieldOf(b.type, undefined, b.node);
        ordered.set(b.name, { name: b.name, field: { ...f, label: attr(b.node, 'name') ?? b.name }, origin: attr(b.node, 'name') ?? b.name, node: b.node });
        c.locs.push({ path: ['inputs', b.name], node: b.node });
      }
    }
    for (const [k, v] of c.inputs) if (!ordered.has(k)) ordered.set(k, v);
    c.inputs = ordered;
    c.data.inputs = fieldsJson(ordered);
    return c;
  }

  // ------------------------------------------------------------ decision tables

  private convertTable(c: Converted, table: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
    const problems: Failure[] = [];
    const hitAttr = (attr(table, 'hitPolicy') ?? 'UNIQUE').trim().toUpperCase();
    let hit = HIT_POLICIES[hitAttr];
    if (!hit) throw new Failure(table, `unknown hit policy \`${hitAttr}\``);
    const agg = attr(table, 'aggregation')?.trim().toUpperCase();
    if (agg) {
      if (hit !== 'collect') throw new Failure(table, `aggregation \`${agg}\` on a \`${hitAttr}\` table`);
      hit = AGGREGATIONS[agg];
      if (!hit) throw new Failure(table, `unknown aggregation \`${agg}\``);
    }
    const multiHit = ['rule-order', 'output-order', 'collect'].includes(hit) || hit.startsWith('collect');
    const locs: Converted['locs'] = [];
    locs.push({ path: ['hit'], node: table });

    // Columns: each must read one input (a name or a path into one); anything else is computed.
    const rules = children(table, 'rule', this.ns);
    const columns = children(table, 'input', this.ns).map((input, k) => {
      const exprEl = child(input, 'inputExpression', this.ns);
      const textEl = exprEl ? child(exprEl, 'text', this.ns) : undefined;
      const expr = textEl ? textContent(textEl).trim() : '';
      const label = attr(input, 'label') ?? expr;
      const valuesEl = child(input, 'inputValues', this.ns);
      const valuesText = valuesEl ? child(valuesEl, 'text', this.ns) : undefined;
      const cells = rules.map((r) => {
        const e = children(r, 'inputEntry', this.ns)[k];
        const t = e ? child(e, 'text', this.ns) : undefined;
        return t ? textContent(t) : '';
      });
      return { input, exprEl: exprEl ?? input, expr, label, valuesText, typeRef: exprEl ? attr(exprEl, 'typeRef') : undefined, cells };
    });
    if (columns.some((col) => col.expr === '')) {
      throw new Failure(columns.find((col) => col.expr === '')!.input, 'an input column without an input expression');
    }
    const resolved = columns.map((col) => this.simpleReference(col.expr, scope));
    const computed = resolved.some((r) => r === undefined);

    const inputs = new Map<string, InputField>();
    const colNames: string[] = [];
    const localNames = new NameTable();
    columns.forEach((col, k) => {
      const ref = resolved[k];
      let name: string;
      let base: DmnType | undefined;
      let origin: string;
      if (ref && !computed) {
        name = ref.name;
        base = ref.type;
        origin = ref.origin;
      } else {
        name = identifier(col.label, `input_${k + 1}`);
        origin = col.label;
      }
      if (inputs.has(name) && !computed) {
        problems.push(new Failure(col.input, `two columns read the same input \`${col.expr}\``));
        return;
      }
      name = localNames.claim(name);
      colNames.push(name);
      const typed = this.resolveColumnType(col.typeRef, base);
      const field = this.fieldOf(typed, col.valuesText ? { text: textContent(col.valuesText), node: col.valuesText } : undefined, col.input, col.cells);
      field.label = col.label;
      inputs.set(name, { name, field, origin, node: col.input });
      locs.push({ path: ['inputs', name], node: col.input });
      if (col.valuesText) locs.push({ path: ['inputs', name, 'values'], node: col.valuesText, text: true });
    });

    // Outputs.
    const outEls = children(table, 'output', this.ns);
    if (outEls.length === 0) throw new Failure(table, 'a decision table without output columns');
    const varName = variable ? attr(variable, 'name') : undefined;
    const decisionName = attr(c.element, 'name') ?? c.id;
    const varType = this.types.resolve(variable ? attr(variable, 'typeRef') : undefined) ?? this.types.resolve(attr(table, 'typeRef'));
    const outNames = new NameTable();
    const outputs: Record<string, Json> = {};
    const outCols = outEls.map((o, k) => {
      const dmnName = outEls.length === 1 ? (attr(o, 'name') ?? varName ?? decisionName) : (attr(o, 'name') ?? `output ${k + 1}`);
      const name = outNames.claim(identifier(dmnName, `output_${k + 1}`));
      let type = this.types.resolve(attr(o, 'typeRef'));
      if (!type && varType) {
        type = outEls.length === 1 ? varType : varType.components?.get(attr(o, 'name') ?? '');
        // A multi-hit table's variable is the list of results; its element type is the column's.
        if (type && multiHit) type = { ...type, collection: false };
      }
      const valuesEl = child(o, 'outputValues', this.ns);
      const valuesText = valuesEl ? child(valuesEl, 'text', this.ns) : undefined;
      const entries = rules.map((r) => {
        const e = children(r, 'outputEntry', this.ns)[k];
        const t = e ? child(e, 'text', this.ns) : undefined;
        return t ? textContent(t) : '';
      });
      const field = this.fieldOf(type, valuesText ? { text: textContent(valuesText), node: valuesText } : undefined, o, undefined, entries, true);
      const label = attr(o, 'label') ?? attr(table, 'outputLabel');
      if (label) field.label = outEls.length === 1 ? label : (attr(o, 'label') ?? dmnName);
      else if (outEls.length > 1) field.label = dmnName;
      outputs[name] = field;
      c.outputs.set(dmnName, name);
      locs.push({ path: ['outputs', name], node: o });
      if (valuesText) locs.push({ path: ['outputs', name, field.priority ? 'priority' : 'values'], node: valuesText, text: true });
      return { o, name };
    });

    // Rules.
    const rulesJson: Json[] = [];
    const extraInputs = new Map<string, InputField>();
    rules.forEach((rule, r) => {
      const ins = children(rule, 'inputEntry', this.ns);
      const outs = children(rule, 'outputEntry', this.ns);
      if (ins.length !== columns.length || outs.length !== outCols.length) {
        problems.push(new Failure(rule, `the rule has ${ins.length} input and ${outs.length} output entries for ${columns.length} input and ${outCols.length} output columns`));
        return;
      }
      const when: Record<string, Json> = {};
      ins.forEach((entry, k) => {
        const t = child(entry, 'text', this.ns);
        const cell = t ? textContent(t) : '';
        const res = translateUnaryTests(cell);
        if ('reason' in res) {
          problems.push(new Failure(entry, `the cell \`${cell.trim()}\` ${res.reason}`));
          return;
        }
        const spelled = enumSpelling(res.text, inputs.get(colNames[k])?.field, entry, 'cell');
        if (spelled instanceof Failure) {
          problems.push(spelled);
          return;
        }
        when[colNames[k]] = inputs.get(colNames[k])?.field.type === 'percent' ? percentSpelling(spelled) : spelled;
        locs.push({ path: ['rules', r, 'when', colNames[k]], node: t ?? entry, text: !!t });
      });
      const then: Record<string, Json> = {};
      outs.forEach((entry, k) => {
        const t = child(entry, 'text', this.ns);
        const value = this.outputValue(t ? textContent(t) : '', scope, extraInputs, entry, problems, computed, outputs[outCols[k].name] as Record<string, Json>);
        if (value === undefined) return;
        then[outCols[k].name] = value;
        locs.push({ path: ['rules', r, 'then', outCols[k].name], node: t ?? entry, text: !!t });
      });
      const ruleJson: Record<string, Json> = {};
      const ruleLabel = attr(rule, 'label')?.trim();
      if (ruleLabel && RULE_ID.test(ruleLabel)) ruleJson.id = ruleLabel;
      ruleJson.when = when;
      ruleJson.then = then;
      const notes = [child(rule, 'description', this.ns), ...children(rule, 'annotationEntry', this.ns).map((a) => child(a, 'text', this.ns))]
        .filter((n): n is XNode => !!n)
        .map((n) => textContent(n).trim())
        .filter((s) => s !== '');
      if (notes.length > 0) ruleJson.note = notes.join('; ');
      rulesJson.push(ruleJson);
      locs.push({ path: ['rules', r], node: rule });
    });

    // Defaults: DMN gives them per output column.
    const defaults: Record<string, Json> = {};
    outCols.forEach(({ o, name }) => {
      const d = child(o, 'defaultOutputEntry', this.ns);
      if (!d) return;
      const t = child(d, 'text', this.ns);
      const value = this.outputValue(t ? textContent(t) : '', scope, extraInputs, d, problems, computed, outputs[name] as Record<string, Json>);
      if (value === undefined) return;
      defaults[name] = value;
      locs.push({ path: ['default', name], node: t ?? d, text: !!t });
    });
    if (problems.length > 0) {
      for (const p of problems.slice(0, -1)) this.fail(c.element, p);
      throw problems[problems.length - 1];
    }

    for (const [k, v] of extraInputs) if (!inputs.has(k)) inputs.set(k, v);
    const fill = (d: Converted) => {
      d.inputs = inputs;
      d.data.hit = hit;
      d.data.inputs = fieldsJson(inputs);
      d.data.outputs = outputs;
      d.data.rules = rulesJson;
      if (Object.keys(defaults).length > 0) d.data.default = defaults;
      d.locs.push(...locs);
    };
    if (!computed) {
      fill(c);
      return;
    }
    // Some column is computed (a decision's result, arithmetic): the table becomes a helper
    // decision over its columns, and this decision calls it with the column expressions.
    const ctx = { inputs: new Map<string, InputField>() };
    const args = columns.map((col) => {
      const r = this.render(col.expr, scope, ctx, col.exprEl);
      if (r instanceof Failure) throw r;
      return r;
    });
    const helperId = this.idTable.claim(`${c.id.slice(c.id.lastIndexOf('.') + 1)}_table`);
    const id = this.options.idPrefix ? `${this.options.idPrefix}.${helperId}` : helperId;
    const helper: Converted = { id, data: { id, title: `${c.data.title} (table)` }, inputs: new Map(), outputs: new Map(c.outputs), locs: [{ path: [], node: table }, { path: ['id'], node: table }, { path: ['title'], node: table }], element: c.element };
    fill(helper);
    this.helpers.set(c, helper);
    c.inputs = ctx.inputs;
    c.data.inputs = fieldsJson(ctx.inputs);
    c.data.outputs = outputs;
    const call = `${id}(${args.join(', ')})`;
    c.data.formula = Object.fromEntries(outCols.map(({ name }) => [name, outCols.length === 1 ? call : `${call}.${name}`]));
    for (const f of ctx.inputs.values()) c.locs.push({ path: ['inputs', f.name], node: f.node });
    for (const { o, name } of outCols) {
      c.locs.push({ path: ['outputs', name], node: o }, { path: ['formula', name], node: table });
    }
  }

  private resolveColumnType(typeRef: string | undefined, base: DmnType | undefined): DmnType | undefined {
    const own = this.types.resolve(typeRef);
    if (!own) return base;
    if (!base) return own;
    return { ...base, ...own, allowed: own.allowed ?? base.allowed };
  }

  /** The input a column expression reads, when it is a name or a path into an input. */
  private simpleReference(expr: string, scope: Map<string, Binding>): { name: string; type?: DmnType; origin: string } | undefined {
    const tokens = this.lexIn(expr, scope);
    if ('reason' in tokens) return undefined;
    const t = tokens.filter((x) => x.kind !== 'ws');
    if (t.length === 0 || (t[0].kind !== 'name' && t[0].kind !== 'ident')) return undefined;
    const path: string[] = [];
    for (let i = 1; i < t.length; i += 2) {
      if (t[i].text !== '.' || !t[i + 1] || (t[i + 1].kind !== 'ident' && t[i + 1].kind !== 'name')) return undefined;
      path.push(t[i + 1].text);
    }
    const b = scope.get(t[0].text) ?? this.globalBinding(t[0].text);
    if (!b) return undefined;
    if (b.kind === 'param') return path.length === 0 ? { name: b.name, type: b.type, origin: t[0].text } : undefined;
    if (b.kind !== 'input') return undefined;
    const r = this.inputRef(t[0].text, b, path);
    return r instanceof Failure ? undefined : r;
  }

  private globalBinding(name: string): Binding | undefined {
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
  private inputRef(name: string, b: { node: XNode; type?: DmnType }, path: string[]): { name: string; type?: DmnType; origin: string } | Failure {
    let type = b.type;
    for (const seg of path) {
      const next = type?.components?.get(seg);
      if (!next) return new Failure(b.node, `\`${[name, ...path].join('.')}\`: \`${seg}\` is not a component of \`${type?.base ?? name}\``);
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

  // ------------------------------------------------------------ fields

  /** A field object for a DMN type, narrowed by an allowed-values list; problems become warnings. */
  private fieldOf(
    type: DmnType | undefined,
    values: { text: string; node: XNode } | undefined,
    where: XNode,
    cells?: string[],
    entries?: string[],
    isOutput = false,
    textual = false,
  ): Record<string, Json> {
    let kind: string;
    if (!type) {
      kind = inferKind(isOutput ? (entries ?? []) : (cells ?? []).flatMap((c) => splitTopLevel(c.replace(/^\s*not\s*\((.*)\)\s*$/s, '$1')).map((p) => p.replace(/^(<=|>=|<|>)|[[\]()]/g, '').split('..')[0])));
    } else if (type.collection) {
      throw new Failure(where, `its type \`${type.base}\` is a collection, which rulebook fields cannot hold`);
    } else if (type.kind === 'struct') {
      throw new Failure(where, `its type \`${type.base}\` is a structure; rulebook fields hold single values (use paths such as \`${type.base}.${[...(type.components?.keys() ?? [])][0] ?? 'x'}\`)`);
    } else if (type.kind === 'other') {
      throw new Failure(where, `its type \`${type.base}\` has no rulebook counterpart`);
    } else kind = type.unit ?? type.kind;
    const field: Record<string, Json> = { type: kind };
    const asEnum = (text: string): boolean => {
      if (textual) return false;
      const strings = splitTopLevel(text.trim()).map((p) => stringLiteral(p));
      if (kind !== 'string' || !strings.every((s) => s !== undefined)) return false;
      // Enum keys are snake_case identifiers; the DMN value stays as the label.
      const table = new NameTable();
      const keys = new Map<string, string>();
      for (const value of strings) if (!keys.has(value!)) keys.set(value!, table.claim(identifier(value!, 'value')));
      field.type = 'enum';
      field.values = Object.fromEntries([...keys].map(([value, key]) => [key, value]));
      enumKeys.set(field, keys);
      return true;
    };
    // A column's own list under an enum type narrows that enum: the values come from the type, the list is a domain.
    if (!isOutput && values && type?.allowed && asEnum(type.allowed.text)) {
      const own = splitTopLevel(values.text.trim()).map((p) => stringLiteral(p));
      const all = Object.values(field.values as Record<string, string>);
      if (own.length === all.length && own.every((v) => v !== undefined && all.includes(v))) return field;
      const t = translateUnaryTests(values.text);
      const spelled = 'reason' in t ? undefined : enumSpelling(t.text, field, values.node, 'allowed value list');
      if (typeof spelled === 'string') field.domain = spelled;
      else this.warn(values.node, `allowed values \`${values.text.trim()}\` not imported: ${'reason' in t ? t.reason : spelled instanceof Failure ? spelled.reason : 'not a list of the type’s values'}`, 'the field keeps all values of its type');
      return field;
    }
    const allowed = values ?? type?.allowed;
    if (!allowed) return field;
    const parts = splitTopLevel(allowed.text.trim());
    if (asEnum(allowed.text)) return field;
    if (isOutput && NUMERIC_KINDS.has(kind) && parts.every((p) => literalKind(p) === 'number')) {
      field.priority = parts.map((p) => jsonNumber(p.trim()));
      return field;
    }
    if (NUMERIC_KINDS.has(kind) || kind === 'date' || kind === 'boolean' || (textual && kind === 'string')) {
      const t = translateUnaryTests(allowed.text);
      if (!('reason' in t) && t.text !== '-') {
        field.domain = kind === 'percent' ? percentSpelling(t.text) : t.text;
        return field;
      }
      this.warn(allowed.node, `allowed values \`${allowed.text.trim()}\` not imported: ${'reason' in t ? t.reason : 'no restriction'}`, 'the field keeps the default domain of its type');
      return field;
    }
    this.warn(allowed.node, `allowed values \`${allowed.text.trim()}\` not imported for a \`${kind}\` field`, 'only lists of strings (an enum) or a numeric domain are imported');
    return field;
  }

  // ------------------------------------------------------------ expressions

  private outputValue(
    text: string,
    scope: Map<string, Binding>,
    extraInputs: Map<string, InputField>,
    entry: XNode,
    problems: Failure[],
    computed: boolean,
    field: Record<string, Json>,
  ): Json | undefined {
    const t = text.trim();
    if (t === '') {
      problems.push(new Failure(entry, 'an empty output entry'));
      return undefined;
    }
    const kind = literalKind(t);
    if (kind === 'number') return field.type === 'percent' ? percentSpelling(t) : jsonNumber(t);
    if (kind === 'boolean') return t === 'true';
    if (kind === 'string') {
      const spelled = enumSpelling(t, field, entry, 'output entry');
      if (spelled instanceof Failure) {
        problems.push(spelled);
        return undefined;
      }
      return spelled;
    }
    const ctx = { inputs: new Map<string, InputField>() };
    const r = this.render(t, scope, ctx, entry, field);
    if (r instanceof Failure) {
      problems.push(r);
      return undefined;
    }
    if (computed && ctx.inputs.size > 0) {
      problems.push(new Failure(entry, 'an output entry reads inputs in a table with computed columns'));
      return undefined;
    }
    for (const [k, v] of ctx.inputs) extraInputs.set(k, v);
    return r;
  }

  private convertLiteral(c: Converted, lit: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
    const textEl = child(lit, 'text', this.ns);
    if (!textEl) throw new Failure(lit, 'a literal expression without text');
    const source = textContent(textEl).trim();
    const ctx = { inputs: new Map<string, InputField>() };
    const rendered = this.render(source, scope, ctx, lit);
    if (rendered instanceof Failure) throw rendered;
    this.setFormula(c, ctx.inputs, rendered, variable, lit, textEl, literalKind(source));
  }

  /**
   * A boxed context of named literal expressions and no final result: one
   * formula per entry, each entry an output (what `exportDmn` writes for a
   * decision with formulas). Entries that read each other are not imported.
   */
  private convertContext(c: Converted, ctxEl: XNode, scope: Map<string, Binding>): void {
    const entries = children(ctxEl, 'contextEntry', this.ns);
    if (entries.length === 0) throw new Failure(ctxEl, 'an empty context');
    const inputs = new Map<string, InputField>();
    const outputs: Record<string, Json> = {};
    const formula: Record<string, Json> = {};
    const outNames = new NameTable();
    for (const entry of entries) {
      const variable = child(entry, 'variable', this.ns);
      if (!variable) throw new Failure(entry, 'its context has a final result entry; rulebook takes each named entry as an output');
      const body = this.logicElement(entry);
      if (!body || body.localName !== 'literalExpression') throw new Failure(body ?? entry, body ? unsupportedBox(body) : 'a context entry without an expression');
      const textEl = child(body, 'text', this.ns);
      const source = textEl ? textContent(textEl).trim() : '';
      const dmnName = attr(variable, 'name') ?? '';
      const name = outNames.claim(identifier(dmnName, `output_${c.outputs.size + 1}`));
      const type = this.types.resolve(attr(variable, 'typeRef'));
      const kind = literalKind(source);
      const field = type ? this.fieldOf(type, undefined, variable, undefined, undefined, true) : { type: kind ?? 'number' };
      const label = attr(variable, 'label');
      if (label) field.label = label;
      const ctx = { inputs: new Map<string, InputField>() };
      let rendered = this.render(source, scope, ctx, body, field);
      if (rendered instanceof Failure) throw rendered;
      if (kind === 'number' && field.type === 'percent') rendered = percentSpelling(rendered);
      for (const [k, v] of ctx.inputs) if (!inputs.has(k)) inputs.set(k, v);
      outputs[name] = field;
      formula[name] = kind === 'boolean' ? rendered === 'true' : kind === 'number' && field.type !== 'percent' ? jsonNumber(rendered) : rendered;
      c.outputs.set(dmnName, name);
      c.locs.push({ path: ['outputs', name], node: variable }, { path: ['formula', name], node: textEl ?? body, text: !!textEl });
    }
    c.inputs = inputs;
    c.data.inputs = fieldsJson(inputs);
    c.data.outputs = outputs;
    c.data.formula = formula;
    for (const f of inputs.values()) c.locs.push({ path: ['inputs', f.name], node: f.node });
  }

  private convertInvocation(c: Converted, inv: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
    const calleeEl = this.logicElement(inv);
    const calleeText = calleeEl && calleeEl.localName === 'literalExpression' ? child(calleeEl, 'text', this.ns) : undefined;
    const calleeName = calleeText ? textContent(calleeText).trim() : '';
    const bkm = this.logic.get(calleeName);
    if (!bkm || bkm.localName !== 'businessKnowledgeModel') throw new Failure(inv, `it invokes \`${calleeName}\`, which is not a business knowledge model of this file`);
    const callee = this.convert(bkm);
    if (callee === 'pending') throw new Failure(inv, `it invokes \`${calleeName}\` in a cycle`);
    if (callee instanceof Failure) throw new Failure(inv, `it invokes \`${calleeName}\`, which was not imported`);
    const ctx = { inputs: new Map<string, InputField>() };
    const args: string[] = [];
    for (const binding of children(inv, 'binding', this.ns)) {
      const param = child(binding, 'parameter', this.ns);
      const pname = param ? (attr(param, 'name') ?? '') : '';
      const target = [...callee.inputs.values()].find((f) => f.origin === pname);
      if (!target) throw new Failure(binding, `\`${calleeName}\` has no parameter \`${pname}\``);
      const exprEl = this.logicElement(binding);
      if (!exprEl) throw new Failure(binding, `the parameter \`${pname}\` is bound to nothing (null)`);
      if (exprEl.localName !== 'literalExpression') throw new Failure(exprEl, unsupportedBox(exprEl));
      const t = child(exprEl, 'text', this.ns);
      const r = this.render(t ? textContent(t).trim() : '', scope, ctx, exprEl);
      if (r instanceof Failure) throw r;
      args.push(`${target.name}: ${r}`);
    }
    const out = callee.outputs.size === 1 ? '' : undefined;
    if (out === undefined) throw new Failure(inv, `\`${calleeName}\` has several outputs; its whole result cannot be one output`);
    this.setFormula(c, ctx.inputs, `${callee.id}(${args.join(', ')})`, variable, inv, undefined, undefined, callee.data.outputs);
  }

  private setFormula(
    c: Converted,
    inputs: Map<string, InputField>,
    formula: string,
    variable: XNode | undefined,
    el: XNode,
    textEl: XNode | undefined,
    literal: string | undefined,
    calleeOutputs?: Json,
  ): void {
    const varName = (variable ? attr(variable, 'name') : undefined) ?? attr(c.element, 'name') ?? c.id;
    const outName = identifier(varName, 'result');
    const type = this.types.resolve((variable ? attr(variable, 'typeRef') : undefined) ?? attr(el, 'typeRef'));
    let field: Record<string, Json>;
    const calleeField = calleeOutputs && typeof calleeOutputs === 'object' && !Array.isArray(calleeOutputs) ? (Object.values(calleeOutputs)[0] as Record<string, Json>) : undefined;
    if (type) {
      field = this.fieldOf(type, undefined, variable ?? el, undefined, undefined, true);
      // A BKM that returns text, invoked by a decision typed by allowed values: FEEL checks the
      // value, not the type; the decision keeps the BKM's text so the call types.
      if (field.type === 'enum' && calleeField?.type === 'string') field = { ...calleeField };
    } else if (calleeOutputs && typeof calleeOutputs === 'object' && !Array.isArray(calleeOutputs)) field = Object.values(calleeOutputs)[0] as Record<string, Json>;
    else if (literal) field = { type: literal };
    // An expression FEEL reads to a literal when imported (`null instance of Any` is `false`) has that literal's type.
    else if (literalKind(formula) !== undefined) field = { type: literalKind(formula)! };
    else {
      this.warn(variable ?? el, `${describe(c.element)} declares no type; its output takes the type its expression gives`, 'give the variable a `typeRef`');
      field = { type: 'number' };
      c.untyped = outName;
    }
    const keys = enumKeys.get(field);
    if (keys) {
      const spelled = mapStringLiterals(formula, (v) => keys.get(v) ?? v.replace(/["\\]/g, '\\$&'));
      if ('text' in spelled) formula = spelled.text;
    }
    c.inputs = inputs;
    c.data.inputs = fieldsJson(inputs);
    c.data.outputs = { [outName]: field };
    c.data.formula = { [outName]: formula };
    c.outputs.set(varName, outName);
    for (const f of inputs.values()) c.locs.push({ path: ['inputs', f.name], node: f.node });
    c.locs.push({ path: ['outputs', outName], node: variable ?? el });
    c.locs.push({ path: ['formula', outName], node: textEl ?? el, text: !!textEl });
  }

  private lexIn(text: string, scope: Map<string, Binding>): Token[] | FeelProblem {
    // Parameter names shadow model names and are not in the shared lexer.
    return scope.size === 0 ? this.lex(text) : makeLexer([...this.inputData.keys(), ...this.logic.keys(), ...scope.keys(), ...SPACED_FUNCTIONS])(text);
  }

  /** A FEEL expression in rulebook's spelling, adding the inputs it reads to `ctx`. */
  private render(text: string, scope: Map<string, Binding>, ctx: { inputs: Map<string, InputField> }, where: XNode, result?: Record<string, Json>): string | Failure {
    const lexed = this.lexIn(text, scope);
    if ('reason' in lexed) return new Failure(where, `\`${text}\`: ${lexed.reason}`);
    const tokens = lexed;
    const sugar = topLevelSugar(text, tokens);
    if (sugar !== undefined) {
      const r = this.render(sugar, scope, ctx, where, result);
      // A problem inside the rewriting quotes the author's text, not ours.
      return r instanceof Failure ? new Failure(r.node, r.reason.split(`\`${sugar}\``).join(`\`${text}\``)) : r;
    }
    const next = (i: number) => {
      let j = i + 1;
      while (tokens[j]?.kind === 'ws') j++;
      return j;
    };
    let out = '';
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.kind === 'str') {
        // A string that is one of the result's enum values is that enum's key.
        const keys = result ? enumKeys.get(result) : undefined;
        const key = keys?.get(stringLiteral(tok.text) ?? '');
        out += key === undefined ? tok.text : `"${key}"`;
        continue;
      }
      if (tok.kind === 'ws' || tok.kind === 'num') {
        out += tok.kind === 'num' && tok.text.startsWith('.') ? `0${tok.text}` : tok.text;
        continue;
      }
      if (tok.kind === 'op') {
        const feature = UNSUPPORTED_OPS[tok.text];
        if (feature) return new Failure(where, `it uses FEEL ${feature} (\`${tok.text}\`), which rulebook expressions lack`);
        if (tok.text === '.') return new Failure(where, `\`${text}\`: a path on something that is not an input`);
        out += tok.text;
        continue;
      }
      if (tok.kind === 'ident' && !scope.has(tok.text)) {
        const feature = UNSUPPORTED_KEYWORDS[tok.text];
        if (feature) return new Failure(where, `it uses FEEL ${feature}, which rulebook expressions lack`);
        if (SUPPORTED_KEYWORDS.has(tok.text)) {
          out += tok.text;
          continue;
        }
        if (tokens[next(i)]?.text === '(') {
          const fn = BUILTIN_BY_FEEL.get(tok.text);
          if (fn) {
            out += fn.name;
            continue;
          }
          return new Failure(where, `it calls the FEEL function \`${tok.text}\`, which rulebook expressions lack`);
        }
        return new Failure(where, `\`${text}\` uses the unknown name \`${tok.text}\``);
      }
      // A name in scope, maybe followed by a path.
      const path: string[] = [];
      let j = i;
      while (tokens[j + 1]?.text === '.' && (tokens[j + 2]?.kind === 'ident' || tokens[j + 2]?.kind === 'name')) {
        path.push(tokens[j + 2].text);
        j += 2;
      }
      const b = scope.get(tok.text) ?? this.globalBinding(tok.text);
      // A FEEL built-in whose name has a space (`string length(…)`), when no model name shadows it.
      const spaced = !b && tokens[next(i)]?.text === '(' ? BUILTIN_BY_FEEL.get(tok.text) : undefined;
      if (spaced) {
        out += spaced.name;
        continue;
      }
      if (!b) return new Failure(where, `\`${text}\` uses the unknown name \`${tok.text}\``);
      if (b.kind === 'param') {
        if (path.length > 0) return new Failure(where, `\`${text}\`: paths into the parameter \`${tok.text}\``);
        out += b.name;
        ctx.inputs.set(b.name, { name: b.name, field: { ...this.fieldOf(b.type, undefined, b.node), label: tok.text }, origin: tok.text, node: b.node });
      } else if (b.kind === 'input') {
        const r = this.inputRef(tok.text, b, path);
        if (r instanceof Failure) return new Failure(where, r.reason);
        // Under FEEL a formula reads the input's text (`"You are " + Employment Status`), so allowed
        // values are its domain, not an enum (rulebook's own exported enums stay enums).
        const field = this.fieldOf(r.type, undefined, b.node, undefined, undefined, false, this.feel());
        field.label = (path.length === 0 ? attr(b.node, 'label') : undefined) ?? r.origin;
        ctx.inputs.set(r.name, { name: r.name, field, origin: r.origin, node: b.node });
        out += r.name;
      } else {
        const callee = this.convert(b.node);
        if (callee === 'pending') return new Failure(where, `\`${tok.text}\` is part of a cycle`);
        if (callee instanceof Failure) return new Failure(where, `it requires \`${tok.text}\`, which was not imported`);
        if (b.kind === 'bkm') {
          if (tokens[next(j)]?.text !== '(') return new Failure(where, `it uses the function \`${tok.text}\` without calling it`);
          out += callee.id;
        } else {
          for (const f of callee.inputs.values()) ctx.inputs.set(f.name, f);
          let call = `${callee.id}(${[...callee.inputs.keys()].join(', ')})`;
          if (path.length > 0) {
            const o = callee.outputs.get(path[0]);
            if (!o || path.length > 1) return new Failure(where, `\`${tok.text}\` has no output \`${path.join('.')}\``);
            call += `.${o}`;
          } else if (callee.outputs.size > 1) {
            return new Failure(where, `it uses the whole result of \`${tok.text}\`, which has several outputs`);
          }
          out += call;
        }
      }
      i = j;
    }
    const formula = out.replace(/\s+/g, ' ').trim();
    if (formula === '') return new Failure(where, 'an empty expression');
    return formula;
  }
}

// ---------------------------------------------------------------- helpers

/**
 * A top-level `in` or `between` (not inside brackets, and not the `in` of
 * `for`/`some`/`every`) rewritten to the comparisons it means, a literal's
 * `instance of` to its answer, or undefined.
 */
function topLevelSugar(text: string, tokens: Token[]): string | undefined {
  let depth = 0;
  let between: Token | undefined;
  for (const tok of tokens) {
    if (tok.kind === 'op' && (tok.text === '(' || tok.text === '[' || tok.text === '{')) depth++;
    else if (tok.kind === 'op' && (tok.text === ')' || tok.text === ']' || tok.text === '}')) depth--;
    else if (tok.kind === 'ident' && depth === 0) {
      if (tok.text === 'for' || tok.text === 'some' || tok.text === 'every' || tok.text === 'if') return undefined;
      if (tok.text === 'instance' && !between) return tok.start > 0 ? staticInstanceOf(text, tok.start) : undefined;
      if (tok.text === 'in' && !between) return tok.start > 0 ? desugarIn(text, tok.start) : undefined;
      if (tok.text === 'between') between = tok;
      else if (tok.text === 'and' && between) return desugarBetween(text, between.start, tok.start);
    }
  }
  return undefined;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const k of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[k as string] : undefined;
  return value;
}

/** The cell or entry text as written in the XML (exact digits), for scalars that came from a `text` element. */
function scalarText(locs: Map<string, { node: XNode; text?: boolean }>, data: unknown, path: DataPath): string | undefined {
  const value = valueAt(data, path);
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  const hit = locs.get(JSON.stringify(path));
  if (hit?.text) return textContent(hit.node).trim();
  return String(value);
}

function unsupportedBox(el: XNode): string {
  const what: Record<string, string> = {
    context: 'a boxed context',
    relation: 'a relation',
    list: 'a boxed list',
    functionDefinition: 'a function definition',
    conditional: 'a boxed conditional',
    filter: 'a boxed filter',
    for: 'a boxed iterator',
    every: 'a boxed quantifier',
    some: 'a boxed quantifier',
    invocation: 'an invocation',
  };
  return `its logic is ${what[el.localName ?? ''] ?? `a \`${el.localName}\``}, which rulebook cannot express`;
}

function fieldsJson(fields: Map<string, InputField>): Record<string, Json> {
  return Object.fromEntries([...fields.values()].map((f) => [f.name, f.field]));
}

/** A number literal as YAML would read it, kept as text when a double cannot hold it exactly. */
function jsonNumber(raw: string): number | string {
  const text = raw.replace(/^(-?)\./, (_m, sign: string) => `${sign}0.`);
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text.replace(/^(-?)0+(?=\d)/, '$1') ? n : text;
}

function inferKind(texts: string[]): string {
  const kinds = new Set(texts.map((t) => t.trim()).filter((t) => t !== '' && t !== '-').map((t) => literalKind(t) ?? 'string'));
  return kinds.size === 1 ? [...kinds][0] : 'string';
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function diag(file: string, severity: Severity, message: string, at: { line: number; column: number; endLine?: number; endColumn?: number }, hint?: string): Diagnostic {
  const d: Diagnostic = { code: 'dmn-import', severity, message, file, line: at.line, column: at.column };
  if (at.endLine !== undefined) d.endLine = at.endLine;
  if (at.endColumn !== undefined) d.endColumn = at.endColumn;
  if (hint) d.hint = hint;
  return d;
}

