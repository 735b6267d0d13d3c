/**
 * Decisions and business knowledge models as rulebook decisions: the element's
 * id, title and description, its logic (a table, a literal expression, an
 * invocation, a context) dispatched to the part that converts it, and the
 * inputs put in the order callers pass them (information requirements for a
 * decision, formal parameters for a BKM), narrowed by rulebook's extension.
 */
import { nest, reason } from './messages.js';
import type { Importer } from './import.js';
import { convertContext, convertInvocation, convertLiteral } from './import-expressions.js';
import { fieldOf } from './import-fields.js';
import { Failure, fieldsJson, RULEBOOK_NAMESPACE, unsupportedBox, type Binding, type Converted, type InputField, type Json } from './import-helpers.js';
import { convertTable } from './import-tables.js';
import { identifier } from './names.js';
import { attr, child, children, textContent, type XNode } from './xml.js';

function newConverted(imp: Importer, el: XNode): Converted {
  const name = attr(el, 'name') ?? attr(el, 'id') ?? '';
  const c: Converted = { id: imp.ids.get(el)!, data: {}, inputs: new Map(), outputs: new Map(), locs: [], element: el };
  c.data.id = c.id;
  // DMN's label is the display name; the name is what expressions use.
  const label = attr(el, 'label');
  c.data.title = label !== undefined && label.trim() !== '' ? label : name;
  const desc = child(el, 'description', imp.ns);
  if (desc && textContent(desc).trim() !== '') {
    c.data.description = textContent(desc).trim();
    c.locs.push({ path: ['description'], node: desc });
  }
  c.locs.push({ path: [], node: el }, { path: ['id'], node: el }, { path: ['title'], node: el });
  return c;
}

export function convertDecision(imp: Importer, el: XNode): Converted {
  const c = newConverted(imp, el);
  const body = imp.logicElement(el);
  if (!body) throw new Failure(el, reason('dmn.r.no-logic'));
  const variable = child(el, 'variable', imp.ns);
  const scope = new Map<string, Binding>();
  switch (body.localName) {
    case 'decisionTable':
      convertTable(imp, c, body, scope, variable);
      break;
    case 'literalExpression':
      convertLiteral(imp, c, body, scope, variable);
      break;
    case 'invocation':
      convertInvocation(imp, c, body, scope, variable);
      break;
    case 'context':
      convertContext(imp, c, body, scope);
      break;
    default:
      throw new Failure(body, unsupportedBox(body));
  }
  if (body.localName !== 'decisionTable') {
    orderByRequirements(imp, c, el);
    narrowInputs(imp, c, el);
  }
  return c;
}

/**
 * rulebook's extension (`exportDmn` writes it): the type, domain and label a
 * formula decision gives an input beyond the shared input data.
 */
function narrowInputs(imp: Importer, c: Converted, el: XNode): void {
  const ext = child(el, 'extensionElements', imp.ns);
  if (!ext) return;
  let changed = false;
  for (const n of children(ext, 'input', RULEBOOK_NAMESPACE)) {
    const name = attr(n, 'name') ?? '';
    const known = c.inputs.get(name);
    if (!known) {
      imp.warn(n, reason('dmn.narrow-unread', { name, decision: attr(el, 'name') ?? '' }));
      continue;
    }
    const domain = attr(n, 'domain');
    let field: Record<string, Json>;
    try {
      field = fieldOf(imp, imp.types.resolve(attr(n, 'typeRef')), domain === undefined ? undefined : { text: domain, node: n }, n, undefined, undefined, false, imp.feel());
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      imp.warn(n, nest('dmn.narrow-type', { name }, e.reason));
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
function orderByRequirements(imp: Importer, c: Converted, el: XNode): void {
  const ordered = new Map<string, InputField>();
  for (const req of children(el, 'informationRequirement', imp.ns)) {
    const ref = child(req, 'requiredInput', imp.ns);
    const href = ref ? attr(ref, 'href')?.replace(/^.*#/, '') : undefined;
    const input = href === undefined ? undefined : [...imp.inputData.values()].find((n) => attr(n, 'id') === href);
    const name = input ? attr(input, 'name') : undefined;
    const b = name === undefined ? undefined : imp.globalBinding(name);
    if (!b || b.kind !== 'input' || name === undefined) continue;
    const r = imp.inputRef(name, b, []);
    if (r instanceof Failure) continue;
    const known = c.inputs.get(r.name);
    if (known) ordered.set(r.name, known);
    else {
      let field: Record<string, Json>;
      try {
        field = fieldOf(imp, r.type, undefined, b.node);
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

export function convertBkm(imp: Importer, el: XNode): Converted {
  const c = newConverted(imp, el);
  const fn = child(el, 'encapsulatedLogic', imp.ns);
  if (!fn) throw new Failure(el, reason('dmn.r.no-encapsulated'));
  const scope = new Map<string, Binding>();
  const params = children(fn, 'formalParameter', imp.ns);
  for (const p of params) {
    const name = attr(p, 'name') ?? '';
    scope.set(name, { kind: 'param', name: identifier(name, `p_${scope.size + 1}`), type: imp.types.resolve(attr(p, 'typeRef')), node: p });
  }
  const body = imp.logicElement(fn);
  if (!body) throw new Failure(fn, reason('dmn.r.no-body'));
  const variable = child(el, 'variable', imp.ns);
  if (body.localName === 'decisionTable') convertTable(imp, c, body, scope, variable);
  else if (body.localName === 'literalExpression') convertLiteral(imp, c, body, scope, variable);
  else throw new Failure(body, unsupportedBox(body));
  // Callers bind parameters by name: every parameter is an input, in declared order.
  const ordered = new Map<string, InputField>();
  for (const b of scope.values()) {
    if (b.kind !== 'param') continue;
    const existing = c.inputs.get(b.name);
    if (existing) ordered.set(b.name, existing);
    else {
      const f = fieldOf(imp, b.type, undefined, b.node);
      ordered.set(b.name, { name: b.name, field: { ...f, label: attr(b.node, 'name') ?? b.name }, origin: attr(b.node, 'name') ?? b.name, node: b.node });
      c.locs.push({ path: ['inputs', b.name], node: b.node });
    }
  }
  for (const [k, v] of c.inputs) if (!ordered.has(k)) ordered.set(k, v);
  c.inputs = ordered;
  c.data.inputs = fieldsJson(ordered);
  return c;
}
