/**
 * A part of the Model → DMN 1.4 XML that `importDmn` reads back to the same
 * decisions. Tables become decision tables (S-FEEL cells, hit policy and
 * aggregation, input and output values, priority lists, annotations),
 * formulas become a boxed context of literal expressions (one entry per
 * output), calls of other decisions become information requirements, and
 * unit types and enums become item definitions. DMN has no percent: a percent
 * is written as its fraction (`70%` → `0.7`) and typed by the `percent` item
 * definition, which the import reads back as percent. What DMN cannot say
 * (effective periods, rounding, overrides, assertions, clauses, English
 * titles and labels, enum labels) is a diagnostic, never a silent drop.
 *
 * The XML is built as a DOM and written by xmldom's serializer, so every
 * piece of user text is escaped by the serializer, never by hand.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { diag, type Diagnostic } from '../diagnostics/index.js';
import { formatExpr } from '../lang/format.js';
import { BUILTIN_BY_NAME } from '../lang/builtins/index.js';
import { list, nest, reason, type Reason } from './messages.js';
import type { Decision, Expr, Field, HitPolicy, Literal, Model, UnaryTest, ValueType } from '../model/index.js';

/** The DMN 1.4 model namespace. */
const DMN14_NAMESPACE = 'https://www.omg.org/spec/DMN/20211108/MODEL/';
/** The FEEL namespace of DMN 1.4 (the expression and type language). */
const FEEL14_NAMESPACE = 'https://www.omg.org/spec/DMN/20211108/FEEL/';
/** rulebook's DMN extension namespace: what a decision narrows that DMN has no element for. */
export const RULEBOOK_NAMESPACE = 'https://rulebook.dev/dmn/extension';
/** Item definitions with these names are rulebook's numeric units; the import reads them back as such. */
const UNIT_TYPES = ['percent', 'money', 'integer', 'months', 'days'] as const;

/** What `exportDmn` gives back: the XML text and what could not be carried. */
export interface DmnExport {
  text: string;
  /** Decision ids written, callees included, in document order. */
  decisions: string[];
  diagnostics: Diagnostic[];
}

const HIT: Record<HitPolicy, [string, string?]> = {
  unique: ['UNIQUE'],
  any: ['ANY'],
  first: ['FIRST'],
  priority: ['PRIORITY'],
  'rule-order': ['RULE ORDER'],
  'output-order': ['OUTPUT ORDER'],
  collect: ['COLLECT'],
  'collect-sum': ['COLLECT', 'SUM'],
  'collect-min': ['COLLECT', 'MIN'],
  'collect-max': ['COLLECT', 'MAX'],
  'collect-count': ['COLLECT', 'COUNT'],
};

/** A small element tree, turned into a DOM (with indentation) at the end. */
interface X {
  name: string;
  /** Namespace, when not DMN's (extension elements). */
  ns?: string;
  attrs?: Record<string, string | undefined>;
  kids?: X[];
  text?: string;
}

const x = (name: string, attrs: X['attrs'] = {}, kids: X[] = []): X => ({ name, attrs, kids });
const textEl = (text: string): X => ({ name: 'text', text });

/** Why a decision does not export: a catalogue entry (src/dmn/messages.ts). */
class Unsupported extends Error {
  constructor(readonly reason: Reason) {
    super(reason.key);
  }
}

/** A literal in FEEL: percents as fractions, dates as `date("…")`, strings (and enum keys) quoted. */
function feelLiteral(lit: Literal): string {
  switch (lit.kind) {
    case 'number':
      return lit.value.toString();
    case 'string':
      return JSON.stringify(lit.value);
    case 'boolean':
      return String(lit.value);
    case 'date':
      return `date(${JSON.stringify(lit.value.iso)})`;
    case 'null':
      return 'null';
  }
}

/** A cell as an S-FEEL unary test. */
function feelUnaryTest(test: UnaryTest): string {
  switch (test.kind) {
    case 'any':
      return '-';
    case 'compare':
      if (test.op === '=') return feelLiteral(test.value);
      if (test.op === '!=') return `not(${feelLiteral(test.value)})`;
      return `${test.op} ${feelLiteral(test.value)}`;
    case 'range':
      return `${test.lowClosed ? '[' : '('}${feelLiteral(test.low)}..${feelLiteral(test.high)}${test.highClosed ? ']' : ')'}`;
    case 'or':
      return test.items.map(feelUnaryTest).join(', ');
    case 'not':
      return `not(${test.items.map(feelUnaryTest).join(', ')})`;
    case 'expr':
      throw new Unsupported(reason('dmn.export.r.expr-cell'));
  }
}

/** The DMN `typeRef` of a field type: a FEEL type, a unit item definition or the enum's item definition. */
function typeRefOf(type: ValueType, enumName: string | undefined): string {
  if (type.kind === 'enum') return enumName ?? 'string';
  if ((UNIT_TYPES as readonly string[]).includes(type.kind)) return type.kind;
  return type.kind;
}

function enumList(type: ValueType): string {
  return (type.values ?? []).map((v) => JSON.stringify(v.key)).join(',');
}

/** Export `ids` (decision ids, or document ids meaning all their decisions) of `model` as one DMN 1.4 file. */
export function exportDmn(model: Model, ids: readonly string[], options: { name?: string } = {}): DmnExport {
  return new Exporter(model).run(ids, options.name);
}

class Exporter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly chosen = new Map<string, Decision>();
  /** Input name → its first declaration (inputData are shared by name across decisions). */
  private readonly inputs = new Map<string, Field>();
  /** Enum item definitions by signature (keys), to share one between fields with the same values. */
  private readonly enums = new Map<string, { name: string; type: ValueType }>();
  private readonly enumNames = new Set<string>();
  private readonly units = new Set<string>();

  constructor(private readonly model: Model) {}

  private note(d: Decision, severity: Diagnostic['severity'], message: Reason): void {
    this.diagnostics.push(diag('dmn-import', severity, message.key, message.params, { file: d.span.file, line: d.span.line, column: d.span.column }));
  }

  private pick(id: string, from: Decision): void {
    if (this.chosen.has(id)) return;
    const versions = this.model.decisions.get(id);
    if (!versions || versions.length === 0) return;
    const d = versions[versions.length - 1];
    if (versions.length > 1) {
      this.note(d, 'warning', reason('dmn.export.latest-only', { id }));
    }
    this.chosen.set(id, d);
    for (const callee of calleesOf(d)) {
      if (!this.model.decisions.has(callee)) this.note(from, 'error', reason('dmn.export.no-callee', { id, callee }));
      else this.pick(callee, d);
    }
  }

  run(ids: readonly string[], name: string | undefined): DmnExport {
    for (const id of ids) {
      const doc = this.model.documents.find((dc) => dc.id === id);
      const list = doc ? doc.decisions : [id];
      for (const did of list) {
        const versions = this.model.decisions.get(did);
        if (versions?.length) this.pick(did, versions[versions.length - 1]);
      }
    }
    // Document order, callees where they stand in the model.
    const order = [...this.model.decisions.keys()];
    const decisions = [...this.chosen.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const elements: X[] = [];
    const written: string[] = [];
    const refused = new Set<string>();
    for (const d of decisions) {
      try {
        elements.push(this.decision(d));
        written.push(d.id);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        this.note(d, 'error', nest('dmn.export.refused', { id: d.id }, e.reason));
        refused.add(d.id);
      }
    }
    // A decision that requires a refused one would name a decision the file lacks: it goes too.
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = written.length - 1; i >= 0; i--) {
        const d = this.chosen.get(written[i])!;
        const gone = calleesOf(d).find((c) => refused.has(c));
        if (gone === undefined) continue;
        this.note(d, 'error', nest('dmn.export.refused', { id: d.id }, reason('dmn.export.r.calls-unexported', { name: gone })));
        refused.add(d.id);
        written.splice(i, 1);
        elements.splice(i, 1);
        changed = true;
      }
    }
    const inputData: X[] = [...this.inputs.values()].map((f) =>
      x('inputData', { id: `input-${f.name}`, name: f.name, label: f.label }, [x('variable', { id: `input-${f.name}-variable`, name: f.name, typeRef: this.typeRef(f.type) })]),
    );
    const items: X[] = [];
    for (const u of UNIT_TYPES) if (this.units.has(u)) items.push(x('itemDefinition', { id: `type-${u}`, name: u }, [{ name: 'typeRef', text: 'number' }]));
    for (const { name: n, type } of this.enums.values()) {
      items.push(x('itemDefinition', { id: `type-${n}`, name: n }, [{ name: 'typeRef', text: 'string' }, x('allowedValues', {}, [textEl(enumList(type))])]));
    }
    const title = name ?? (ids.length === 1 ? ids[0] : 'rulebook');
    // Decisions imported from DMN keep FEEL's semantics through a round trip (the importer reads this back).
    const feel = decisions.length > 0 && decisions.every((d) => d.semantics === 'feel');
    const semantics = feel ? [x('extensionElements', {}, [{ name: 'rulebook:semantics', ns: RULEBOOK_NAMESPACE, text: 'feel' }])] : [];
    const root = x('definitions', { id: 'definitions', name: title, namespace: `https://rulebook.dev/dmn/${encodeURIComponent(title)}`, expressionLanguage: FEEL14_NAMESPACE, typeLanguage: FEEL14_NAMESPACE, exporter: 'rulebook' }, [
      ...semantics,
      ...items,
      ...inputData,
      ...elements,
    ]);
    return { text: serialize(root), decisions: written, diagnostics: this.diagnostics };
  }

  private typeRef(type: ValueType): string {
    if ((UNIT_TYPES as readonly string[]).includes(type.kind)) this.units.add(type.kind);
    if (type.kind !== 'enum') return typeRefOf(type, undefined);
    const sig = (type.values ?? []).map((v) => v.key).join('\u0000');
    let e = this.enums.get(sig);
    if (!e) {
      const base = `enum_${(type.values ?? []).map((v) => v.key).slice(0, 2).join('_')}`;
      let n = base;
      for (let k = 2; this.enumNames.has(n); k++) n = `${base}_${k}`;
      this.enumNames.add(n);
      e = { name: n, type };
      this.enums.set(sig, e);
    }
    return e.name;
  }

  private decision(d: Decision): X {
    this.lossy(d);
    for (const f of d.inputs) if (!this.inputs.has(f.name)) this.inputs.set(f.name, f);
    const formulaOutputs = new Set(d.formulas.map((f) => f.output));
    const tableOutputs = d.outputs.filter((o) => !formulaOutputs.has(o.name));
    if (formulaOutputs.size > 0 && tableOutputs.length > 0) throw new Unsupported(reason('dmn.export.r.both'));
    const kids: X[] = [];
    if (d.description) kids.push({ name: 'description', text: d.description });
    // A formula's inputs are the model's shared input data; what this decision narrows (type, domain, label) rides in an extension.
    if (formulaOutputs.size > 0 && d.inputs.length > 0) {
      kids.push(
        x(
          'extensionElements',
          {},
          d.inputs.map((f) => ({
            name: 'rulebook:input',
            ns: RULEBOOK_NAMESPACE,
            attrs: { name: f.name, typeRef: this.typeRef(f.type), label: f.label, domain: f.type.domain ? feelUnaryTest(f.type.domain) : undefined },
          })),
        ),
      );
    }
    kids.push(x('variable', { id: `decision-${d.id}-variable`, name: d.id }));
    for (const f of d.inputs) kids.push(x('informationRequirement', { id: `decision-${d.id}-requires-${f.name}` }, [x('requiredInput', { href: `#input-${f.name}` })]));
    for (const callee of calleesOf(d)) {
      kids.push(x('informationRequirement', { id: `decision-${d.id}-requires-decision-${callee}` }, [x('requiredDecision', { href: `#decision-${callee}` })]));
    }
    kids.push(formulaOutputs.size > 0 ? this.context(d) : this.table(d));
    return x('decision', { id: `decision-${d.id}`, name: d.id, label: d.title }, kids);
  }

  /** Notes what DMN has no place for (once per decision and kind). */
  private lossy(d: Decision): void {
    const lost: string[] = [];
    if (d.effective) lost.push('dmn.lost.effective');
    if (d.rounding) lost.push('dmn.lost.rounding');
    if (d.overrides) lost.push('dmn.lost.overrides');
    if (d.assertions.length > 0) lost.push('dmn.lost.assertions');
    if (d.clause) lost.push('dmn.lost.clause');
    if (d.audience) lost.push('dmn.lost.audience');
    if (d.titleEn) lost.push('dmn.lost.title-en');
    const fields = [...d.inputs, ...d.outputs];
    if (fields.some((f) => f.labelEn)) lost.push('dmn.lost.labels-en');
    if (fields.some((f) => f.type.kind === 'enum' && f.type.values?.some((v) => v.label !== v.key))) lost.push('dmn.lost.enum-labels');
    if (lost.length > 0) this.note(d, 'info', list('dmn.export.lossy', { id: d.id }, lost));
  }

  private table(d: Decision): X {
    const [policy, aggregation] = HIT[d.hit];
    const kids: X[] = [];
    for (const f of d.inputs) {
      const col: X[] = [x('inputExpression', { id: `decision-${d.id}-input-${f.name}-expression`, typeRef: this.typeRef(f.type) }, [textEl(f.name)])];
      if (f.type.domain) col.push(x('inputValues', {}, [textEl(feelUnaryTest(f.type.domain))]));
      kids.push(x('input', { id: `decision-${d.id}-input-${f.name}`, label: f.label }, col));
    }
    for (const o of d.outputs) {
      const col: X[] = [];
      if (o.type.kind === 'enum') col.push(x('outputValues', {}, [textEl(enumList(o.type))]));
      else if (o.type.priority?.length) col.push(x('outputValues', {}, [textEl(o.type.priority.map(feelLiteral).join(','))]));
      const def = d.defaults?.find((e) => e.output === o.name);
      if (def) col.push(x('defaultOutputEntry', {}, [textEl(this.expr(d, def.expr))]));
      kids.push(x('output', { id: `decision-${d.id}-output-${o.name}`, name: o.name, label: o.label, typeRef: this.typeRef(o.type) }, col));
    }
    const notes = d.rules.some((r) => r.note !== undefined);
    if (notes) kids.push(x('annotation', { name: 'note' }));
    d.rules.forEach((r, i) => {
      const rk: X[] = [];
      d.inputs.forEach((f) => {
        const cell = r.when.find((c) => c.input === f.name);
        rk.push(x('inputEntry', { id: `decision-${d.id}-rule-${i + 1}-${f.name}` }, [textEl(cell ? feelUnaryTest(cell.test) : '-')]));
      });
      d.outputs.forEach((o) => {
        const entry = r.then.find((t) => t.output === o.name);
        if (!entry) throw new Unsupported(reason('dmn.export.r.no-entry', { n: i + 1, output: o.name }));
        rk.push(x('outputEntry', { id: `decision-${d.id}-rule-${i + 1}-out-${o.name}` }, [textEl(this.expr(d, entry.expr))]));
      });
      if (notes) rk.push(x('annotationEntry', {}, [textEl(r.note ?? '')]));
      kids.push(x('rule', { id: `decision-${d.id}-rule-${i + 1}`, label: r.id }, rk));
    });
    return x('decisionTable', { id: `decision-${d.id}-table`, hitPolicy: policy, aggregation, outputLabel: undefined }, kids);
  }

  private context(d: Decision): X {
    const entries = d.outputs.map((o) => {
      const f = d.formulas.find((g) => g.output === o.name)!;
      return x('contextEntry', {}, [
        x('variable', { id: `decision-${d.id}-output-${o.name}`, name: o.name, label: o.label, typeRef: this.typeRef(o.type) }),
        x('literalExpression', { id: `decision-${d.id}-formula-${o.name}` }, [textEl(this.expr(d, f.expr))]),
      ]);
    });
    return x('context', { id: `decision-${d.id}-context` }, entries);
  }

  /** A formula in FEEL: percent literals as fractions, decision calls as the required decision's result. */
  private expr(d: Decision, e: Expr): string {
    return formatExpr(this.toFeel(d, e));
  }

  private toFeel(d: Decision, e: Expr): Expr {
    switch (e.kind) {
      case 'literal':
        if (e.value.kind === 'number' && e.value.unit === 'percent') return { ...e, value: { kind: 'number', value: e.value.value } };
        return e;
      case 'name':
        return e;
      case 'field':
        if (e.target.kind === 'call') return { kind: 'name', name: this.result(d, e.target, e.field), span: e.span };
        return { ...e, target: this.toFeel(d, e.target) };
      case 'call':
        return { kind: 'name', name: this.result(d, e, undefined), span: e.span };
      case 'unary':
        return { ...e, operand: this.toFeel(d, e.operand) };
      case 'binary':
        return { ...e, left: this.toFeel(d, e.left), right: this.toFeel(d, e.right) };
      case 'if':
        return { ...e, cond: this.toFeel(d, e.cond), then: this.toFeel(d, e.then), else: this.toFeel(d, e.else) };
      case 'builtin':
        // FEEL's spelling of the built-in (`string length`), which the importer reads back.
        return { ...e, name: BUILTIN_BY_NAME.get(e.name)?.feel ?? e.name, args: e.args.map((a) => this.toFeel(d, a)) };
      case 'list':
        return { ...e, items: e.items.map((a) => this.toFeel(d, a)) };
    }
  }

  /**
   * A call as DMN says it: the required decision's name (its value, for a
   * single-output table) or a path into its result context. DMN decisions take
   * no arguments, so a call must pass the caller's inputs of the same names.
   */
  private result(d: Decision, call: Extract<Expr, { kind: 'call' }>, field: string | undefined): string {
    const callee = this.chosen.get(call.decision);
    if (!callee) throw new Unsupported(reason('dmn.export.r.calls-unexported', { name: call.decision }));
    const passed = callee.inputs.map((f, i) => call.named?.[f.name] ?? call.args[i]);
    callee.inputs.forEach((f, i) => {
      const a = passed[i];
      if (!a || a.kind !== 'name' || a.name !== f.name || !d.inputs.some((g) => g.name === f.name)) {
        throw new Unsupported(reason('dmn.export.r.call-args', { name: call.decision, arg: a ? formatExpr(a) : 'nothing', input: f.name }));
      }
    });
    const isTable = callee.formulas.length === 0;
    const out = field ?? (callee.outputs.length === 1 ? callee.outputs[0].name : undefined);
    if (out === undefined) throw new Unsupported(reason('dmn.r.whole-result', { name: call.decision }));
    return isTable && callee.outputs.length === 1 ? callee.id : `${callee.id}.${out}`;
  }
}

/** Decisions a decision calls (formulas, output entries, defaults), in first-use order. */
function calleesOf(d: Decision): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'call':
        if (!out.includes(e.decision)) out.push(e.decision);
        e.args.forEach(walk);
        Object.values(e.named ?? {}).forEach(walk);
        return;
      case 'field':
        return walk(e.target);
      case 'unary':
        return walk(e.operand);
      case 'binary':
        walk(e.left);
        return walk(e.right);
      case 'if':
        walk(e.cond);
        walk(e.then);
        return walk(e.else);
      case 'builtin':
        return e.args.forEach(walk);
      case 'list':
        return e.items.forEach(walk);
      default:
        return;
    }
  };
  for (const f of d.formulas) walk(f.expr);
  for (const r of d.rules) for (const t of r.then) walk(t.expr);
  for (const t of d.defaults ?? []) walk(t.expr);
  return out;
}

/** The tree as indented XML, through a real DOM and serializer (which escape every text and attribute). */
function serialize(root: X): string {
  const doc = new DOMImplementation().createDocument(DMN14_NAMESPACE, 'definitions', null);
  const top = doc.documentElement!;
  top.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:feel', FEEL14_NAMESPACE);
  const fill = (el: ReturnType<typeof doc.createElementNS>, node: X, depth: number) => {
    for (const [k, v] of Object.entries(node.attrs ?? {})) if (v !== undefined) el.setAttribute(k, v);
    if (node.text !== undefined) {
      el.appendChild(doc.createTextNode(node.text));
      return;
    }
    const kids = node.kids ?? [];
    for (const k of kids) {
      el.appendChild(doc.createTextNode('\n' + '  '.repeat(depth + 1)));
      const c = doc.createElementNS(k.ns ?? DMN14_NAMESPACE, k.name);
      fill(c, k, depth + 1);
      el.appendChild(c);
    }
    if (kids.length > 0) el.appendChild(doc.createTextNode('\n' + '  '.repeat(depth)));
  };
  fill(top, root, 0);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc) + '\n';
}
