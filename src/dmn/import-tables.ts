/**
 * DMN decision tables as rulebook decisions with rules: hit policy and
 * aggregation, input columns (each reads one input, or the table becomes a
 * helper decision over computed columns that the decision calls), output
 * columns, rules and per-column defaults. The one long function follows the
 * table's own parts in order; splitting it would scatter the state they share.
 */
import { percentSpelling, translateUnaryTests } from './feel.js';
import { nest, reason } from './messages.js';
import type { Importer } from './import.js';
import { outputValue, render } from './import-expressions.js';
import { fieldOf } from './import-fields.js';
import { enumSpelling, Failure, fieldsJson, type Binding, type Converted, type InputField, type Json } from './import-helpers.js';
import { identifier, NameTable } from './names.js';
import type { DmnType } from './types.js';
import { attr, child, children, textContent, type XNode } from './xml.js';

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
const AGGREGATIONS: Record<string, string> = { SUM: 'collect-sum', MIN: 'collect-min', MAX: 'collect-max', COUNT: 'collect-count' };
const RULE_ID = /^[a-z0-9][a-z0-9.-]*$/;

export function convertTable(imp: Importer, c: Converted, table: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
  const problems: Failure[] = [];
  const hitAttr = (attr(table, 'hitPolicy') ?? 'UNIQUE').trim().toUpperCase();
  let hit = HIT_POLICIES[hitAttr];
  if (!hit) throw new Failure(table, reason('dmn.r.hit-unknown', { hit: hitAttr }));
  const agg = attr(table, 'aggregation')?.trim().toUpperCase();
  if (agg) {
    if (hit !== 'collect') throw new Failure(table, reason('dmn.r.agg-on', { agg, hit: hitAttr }));
    hit = AGGREGATIONS[agg];
    if (!hit) throw new Failure(table, reason('dmn.r.agg-unknown', { agg }));
  }
  const multiHit = ['rule-order', 'output-order', 'collect'].includes(hit) || hit.startsWith('collect');
  const locs: Converted['locs'] = [];
  locs.push({ path: ['hit'], node: table });

  // Columns: each must read one input (a name or a path into one); anything else is computed.
  const rules = children(table, 'rule', imp.ns);
  const columns = children(table, 'input', imp.ns).map((input, k) => {
    const exprEl = child(input, 'inputExpression', imp.ns);
    const textEl = exprEl ? child(exprEl, 'text', imp.ns) : undefined;
    const expr = textEl ? textContent(textEl).trim() : '';
    const label = attr(input, 'label') ?? expr;
    const valuesEl = child(input, 'inputValues', imp.ns);
    const valuesText = valuesEl ? child(valuesEl, 'text', imp.ns) : undefined;
    const cells = rules.map((r) => {
      const e = children(r, 'inputEntry', imp.ns)[k];
      const t = e ? child(e, 'text', imp.ns) : undefined;
      return t ? textContent(t) : '';
    });
    return { input, exprEl: exprEl ?? input, expr, label, valuesText, typeRef: exprEl ? attr(exprEl, 'typeRef') : undefined, cells };
  });
  if (columns.some((col) => col.expr === '')) {
    throw new Failure(columns.find((col) => col.expr === '')!.input, reason('dmn.r.no-input-expr'));
  }
  const resolved = columns.map((col) => simpleReference(imp, col.expr, scope));
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
      problems.push(new Failure(col.input, reason('dmn.r.same-input', { expr: col.expr })));
      return;
    }
    name = localNames.claim(name);
    colNames.push(name);
    const typed = resolveColumnType(imp, col.typeRef, base);
    const field = fieldOf(imp, typed, col.valuesText ? { text: textContent(col.valuesText), node: col.valuesText } : undefined, col.input, col.cells);
    field.label = col.label;
    inputs.set(name, { name, field, origin, node: col.input });
    locs.push({ path: ['inputs', name], node: col.input });
    if (col.valuesText) locs.push({ path: ['inputs', name, 'values'], node: col.valuesText, text: true });
  });

  // Outputs.
  const outEls = children(table, 'output', imp.ns);
  if (outEls.length === 0) throw new Failure(table, reason('dmn.r.no-outputs'));
  const varName = variable ? attr(variable, 'name') : undefined;
  const decisionName = attr(c.element, 'name') ?? c.id;
  const varType = imp.types.resolve(variable ? attr(variable, 'typeRef') : undefined) ?? imp.types.resolve(attr(table, 'typeRef'));
  const outNames = new NameTable();
  const outputs: Record<string, Json> = {};
  const outCols = outEls.map((o, k) => {
    const dmnName = outEls.length === 1 ? (attr(o, 'name') ?? varName ?? decisionName) : (attr(o, 'name') ?? `output ${k + 1}`);
    const name = outNames.claim(identifier(dmnName, `output_${k + 1}`));
    let type = imp.types.resolve(attr(o, 'typeRef'));
    if (!type && varType) {
      type = outEls.length === 1 ? varType : varType.components?.get(attr(o, 'name') ?? '');
      // A multi-hit table's variable is the list of results; its element type is the column's.
      if (type && multiHit) type = { ...type, collection: false };
    }
    const valuesEl = child(o, 'outputValues', imp.ns);
    const valuesText = valuesEl ? child(valuesEl, 'text', imp.ns) : undefined;
    const entries = rules.map((r) => {
      const e = children(r, 'outputEntry', imp.ns)[k];
      const t = e ? child(e, 'text', imp.ns) : undefined;
      return t ? textContent(t) : '';
    });
    const field = fieldOf(imp, type, valuesText ? { text: textContent(valuesText), node: valuesText } : undefined, o, undefined, entries, true);
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
    const ins = children(rule, 'inputEntry', imp.ns);
    const outs = children(rule, 'outputEntry', imp.ns);
    if (ins.length !== columns.length || outs.length !== outCols.length) {
      problems.push(new Failure(rule, reason('dmn.r.entry-count', { ins: ins.length, outs: outs.length, cols: columns.length, outCols: outCols.length })));
      return;
    }
    const when: Record<string, Json> = {};
    ins.forEach((entry, k) => {
      const t = child(entry, 'text', imp.ns);
      const cell = t ? textContent(t) : '';
      const res = translateUnaryTests(cell);
      if ('reason' in res) {
        problems.push(new Failure(entry, nest('dmn.r.cell', { cell: cell.trim() }, res.reason)));
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
      const t = child(entry, 'text', imp.ns);
      const value = outputValue(imp, t ? textContent(t) : '', scope, extraInputs, entry, problems, computed, outputs[outCols[k].name] as Record<string, Json>);
      if (value === undefined) return;
      then[outCols[k].name] = value;
      locs.push({ path: ['rules', r, 'then', outCols[k].name], node: t ?? entry, text: !!t });
    });
    const ruleJson: Record<string, Json> = {};
    const ruleLabel = attr(rule, 'label')?.trim();
    if (ruleLabel && RULE_ID.test(ruleLabel)) ruleJson.id = ruleLabel;
    ruleJson.when = when;
    ruleJson.then = then;
    const notes = [child(rule, 'description', imp.ns), ...children(rule, 'annotationEntry', imp.ns).map((a) => child(a, 'text', imp.ns))]
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
    const d = child(o, 'defaultOutputEntry', imp.ns);
    if (!d) return;
    const t = child(d, 'text', imp.ns);
    const value = outputValue(imp, t ? textContent(t) : '', scope, extraInputs, d, problems, computed, outputs[name] as Record<string, Json>);
    if (value === undefined) return;
    defaults[name] = value;
    locs.push({ path: ['default', name], node: t ?? d, text: !!t });
  });
  if (problems.length > 0) {
    for (const p of problems.slice(0, -1)) imp.fail(c.element, p);
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
    const r = render(imp, col.expr, scope, ctx, col.exprEl);
    if (r instanceof Failure) throw r;
    return r;
  });
  const helperId = imp.idTable.claim(`${c.id.slice(c.id.lastIndexOf('.') + 1)}_table`);
  const id = imp.options.idPrefix ? `${imp.options.idPrefix}.${helperId}` : helperId;
  const helper: Converted = { id, data: { id, title: `${c.data.title} (table)` }, inputs: new Map(), outputs: new Map(c.outputs), locs: [{ path: [], node: table }, { path: ['id'], node: table }, { path: ['title'], node: table }], element: c.element };
  fill(helper);
  imp.helpers.set(c, helper);
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

function resolveColumnType(imp: Importer, typeRef: string | undefined, base: DmnType | undefined): DmnType | undefined {
  const own = imp.types.resolve(typeRef);
  if (!own) return base;
  if (!base) return own;
  return { ...base, ...own, allowed: own.allowed ?? base.allowed };
}

/** The input a column expression reads, when it is a name or a path into an input. */
function simpleReference(imp: Importer, expr: string, scope: Map<string, Binding>): { name: string; type?: DmnType; origin: string } | undefined {
  const tokens = imp.lexIn(expr, scope);
  if ('reason' in tokens) return undefined;
  const t = tokens.filter((x) => x.kind !== 'ws');
  if (t.length === 0 || (t[0].kind !== 'name' && t[0].kind !== 'ident')) return undefined;
  const path: string[] = [];
  for (let i = 1; i < t.length; i += 2) {
    if (t[i].text !== '.' || !t[i + 1] || (t[i + 1].kind !== 'ident' && t[i + 1].kind !== 'name')) return undefined;
    path.push(t[i + 1].text);
  }
  const b = scope.get(t[0].text) ?? imp.globalBinding(t[0].text);
  if (!b) return undefined;
  if (b.kind === 'param') return path.length === 0 ? { name: b.name, type: b.type, origin: t[0].text } : undefined;
  if (b.kind !== 'input') return undefined;
  const r = imp.inputRef(t[0].text, b, path);
  return r instanceof Failure ? undefined : r;
}
