/**
 * FEEL expressions of a DMN model as rulebook formulas: literal expressions,
 * boxed contexts of named entries and BKM invocations become a decision's
 * formulas, and `render` rewrites one FEEL expression into rulebook's spelling
 * (names → inputs or decision calls, built-ins → rulebook's, FEEL sugar → the
 * comparisons it means), refusing what rulebook's expressions lack.
 */
import { BUILTIN_BY_FEEL } from '../lang/builtins/index.js';
import {
  desugarBetween,
  desugarIn,
  literalKind,
  mapStringLiterals,
  percentSpelling,
  staticInstanceOf,
  stringLiteral,
  SUPPORTED_KEYWORDS,
  UNSUPPORTED_KEYWORDS,
  UNSUPPORTED_OPS,
  type Token,
} from './feel.js';
import { nest, reason } from './messages.js';
import type { Importer } from './import.js';
import { fieldOf } from './import-fields.js';
import { enumKeys, enumSpelling, Failure, fieldsJson, jsonNumber, unsupportedBox, type Binding, type Converted, type InputField, type Json } from './import-helpers.js';
import { identifier, NameTable } from './names.js';
import { attr, child, children, describe, textContent, type XNode } from './xml.js';

export function outputValue(
  imp: Importer,
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
    problems.push(new Failure(entry, reason('dmn.r.empty-output')));
    return undefined;
  }
  const kind = literalKind(t);
  if (kind === 'number') return field.type === 'percent' ? percentSpelling(t) : jsonNumber(t);
  if (kind === 'boolean') return t === 'true';
  if (kind === 'string') {
    const spelled = enumSpelling(t, field, entry, 'output');
    if (spelled instanceof Failure) {
      problems.push(spelled);
      return undefined;
    }
    return spelled;
  }
  const ctx = { inputs: new Map<string, InputField>() };
  const r = render(imp, t, scope, ctx, entry, field);
  if (r instanceof Failure) {
    problems.push(r);
    return undefined;
  }
  if (computed && ctx.inputs.size > 0) {
    problems.push(new Failure(entry, reason('dmn.r.output-reads-inputs')));
    return undefined;
  }
  for (const [k, v] of ctx.inputs) extraInputs.set(k, v);
  return r;
}

export function convertLiteral(imp: Importer, c: Converted, lit: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
  const textEl = child(lit, 'text', imp.ns);
  if (!textEl) throw new Failure(lit, reason('dmn.r.no-literal-text'));
  const source = textContent(textEl).trim();
  const ctx = { inputs: new Map<string, InputField>() };
  const rendered = render(imp, source, scope, ctx, lit);
  if (rendered instanceof Failure) throw rendered;
  setFormula(imp, c, ctx.inputs, rendered, variable, lit, textEl, literalKind(source));
}

/**
 * A boxed context of named literal expressions and no final result: one
 * formula per entry, each entry an output (what `exportDmn` writes for a
 * decision with formulas). Entries that read each other are not imported.
 */
export function convertContext(imp: Importer, c: Converted, ctxEl: XNode, scope: Map<string, Binding>): void {
  const entries = children(ctxEl, 'contextEntry', imp.ns);
  if (entries.length === 0) throw new Failure(ctxEl, reason('dmn.r.empty-context'));
  const inputs = new Map<string, InputField>();
  const outputs: Record<string, Json> = {};
  const formula: Record<string, Json> = {};
  const outNames = new NameTable();
  for (const entry of entries) {
    const variable = child(entry, 'variable', imp.ns);
    if (!variable) throw new Failure(entry, reason('dmn.r.final-result'));
    const body = imp.logicElement(entry);
    if (!body || body.localName !== 'literalExpression') throw new Failure(body ?? entry, body ? unsupportedBox(body) : reason('dmn.r.no-entry-expr'));
    const textEl = child(body, 'text', imp.ns);
    const source = textEl ? textContent(textEl).trim() : '';
    const dmnName = attr(variable, 'name') ?? '';
    const name = outNames.claim(identifier(dmnName, `output_${c.outputs.size + 1}`));
    const type = imp.types.resolve(attr(variable, 'typeRef'));
    const kind = literalKind(source);
    const field = type ? fieldOf(imp, type, undefined, variable, undefined, undefined, true) : { type: kind ?? 'number' };
    const label = attr(variable, 'label');
    if (label) field.label = label;
    const ctx = { inputs: new Map<string, InputField>() };
    let rendered = render(imp, source, scope, ctx, body, field);
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

export function convertInvocation(imp: Importer, c: Converted, inv: XNode, scope: Map<string, Binding>, variable: XNode | undefined): void {
  const calleeEl = imp.logicElement(inv);
  const calleeText = calleeEl && calleeEl.localName === 'literalExpression' ? child(calleeEl, 'text', imp.ns) : undefined;
  const calleeName = calleeText ? textContent(calleeText).trim() : '';
  const bkm = imp.logic.get(calleeName);
  if (!bkm || bkm.localName !== 'businessKnowledgeModel') throw new Failure(inv, reason('dmn.r.not-bkm', { name: calleeName }));
  const callee = imp.convert(bkm);
  if (callee === 'pending') throw new Failure(inv, reason('dmn.r.invoke-cycle', { name: calleeName }));
  if (callee instanceof Failure) throw new Failure(inv, reason('dmn.r.invoke-unimported', { name: calleeName }));
  const ctx = { inputs: new Map<string, InputField>() };
  const args: string[] = [];
  for (const binding of children(inv, 'binding', imp.ns)) {
    const param = child(binding, 'parameter', imp.ns);
    const pname = param ? (attr(param, 'name') ?? '') : '';
    const target = [...callee.inputs.values()].find((f) => f.origin === pname);
    if (!target) throw new Failure(binding, reason('dmn.r.no-param', { name: calleeName, param: pname }));
    const exprEl = imp.logicElement(binding);
    if (!exprEl) throw new Failure(binding, reason('dmn.r.param-null', { param: pname }));
    if (exprEl.localName !== 'literalExpression') throw new Failure(exprEl, unsupportedBox(exprEl));
    const t = child(exprEl, 'text', imp.ns);
    const r = render(imp, t ? textContent(t).trim() : '', scope, ctx, exprEl);
    if (r instanceof Failure) throw r;
    args.push(`${target.name}: ${r}`);
  }
  const out = callee.outputs.size === 1 ? '' : undefined;
  if (out === undefined) throw new Failure(inv, reason('dmn.r.invoke-outputs', { name: calleeName }));
  setFormula(imp, c, ctx.inputs, `${callee.id}(${args.join(', ')})`, variable, inv, undefined, undefined, callee.data.outputs);
}

function setFormula(
  imp: Importer,
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
  const type = imp.types.resolve((variable ? attr(variable, 'typeRef') : undefined) ?? attr(el, 'typeRef'));
  let field: Record<string, Json>;
  const calleeField = calleeOutputs && typeof calleeOutputs === 'object' && !Array.isArray(calleeOutputs) ? (Object.values(calleeOutputs)[0] as Record<string, Json>) : undefined;
  if (type) {
    field = fieldOf(imp, type, undefined, variable ?? el, undefined, undefined, true);
    // A BKM that returns text, invoked by a decision typed by allowed values: FEEL checks the
    // value, not the type; the decision keeps the BKM's text so the call types.
    if (field.type === 'enum' && calleeField?.type === 'string') field = { ...calleeField };
  } else if (calleeOutputs && typeof calleeOutputs === 'object' && !Array.isArray(calleeOutputs)) field = Object.values(calleeOutputs)[0] as Record<string, Json>;
  else if (literal) field = { type: literal };
  // An expression FEEL reads to a literal when imported (`null instance of Any` is `false`) has that literal's type.
  else if (literalKind(formula) !== undefined) field = { type: literalKind(formula)! };
  else {
    imp.warn(variable ?? el, reason('dmn.untyped-output', { element: describe(c.element) }));
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

/** A FEEL expression in rulebook's spelling, adding the inputs it reads to `ctx`. */
export function render(imp: Importer, text: string, scope: Map<string, Binding>, ctx: { inputs: Map<string, InputField> }, where: XNode, result?: Record<string, Json>): string | Failure {
  const lexed = imp.lexIn(text, scope);
  if ('reason' in lexed) return new Failure(where, nest('dmn.r.lex', { text }, lexed.reason));
  const tokens = lexed;
  const sugar = topLevelSugar(text, tokens);
  if (sugar !== undefined) {
    const r = render(imp, sugar, scope, ctx, where, result);
    // A problem inside the rewriting quotes the author's text, not ours.
    return r instanceof Failure ? new Failure(r.node, { key: r.reason.key, params: Object.fromEntries(Object.entries(r.reason.params).map(([k, v]) => [k, v === sugar ? text : v])) }) : r;
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
      if (feature) return new Failure(where, nest('dmn.r.feel-op', { op: tok.text }, reason(feature)));
      if (tok.text === '.') return new Failure(where, reason('dmn.r.path-not-input', { text }));
      out += tok.text;
      continue;
    }
    if (tok.kind === 'ident' && !scope.has(tok.text)) {
      const feature = UNSUPPORTED_KEYWORDS[tok.text];
      if (feature) return new Failure(where, nest('dmn.r.feel-keyword', {}, reason(feature)));
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
        return new Failure(where, reason('dmn.r.feel-function', { name: tok.text }));
      }
      return new Failure(where, reason('dmn.r.unknown-name', { text, name: tok.text }));
    }
    // A name in scope, maybe followed by a path.
    const path: string[] = [];
    let j = i;
    while (tokens[j + 1]?.text === '.' && (tokens[j + 2]?.kind === 'ident' || tokens[j + 2]?.kind === 'name')) {
      path.push(tokens[j + 2].text);
      j += 2;
    }
    const b = scope.get(tok.text) ?? imp.globalBinding(tok.text);
    // A FEEL built-in whose name has a space (`string length(…)`), when no model name shadows it.
    const spaced = !b && tokens[next(i)]?.text === '(' ? BUILTIN_BY_FEEL.get(tok.text) : undefined;
    if (spaced) {
      out += spaced.name;
      continue;
    }
    if (!b) return new Failure(where, reason('dmn.r.unknown-name', { text, name: tok.text }));
    if (b.kind === 'param') {
      if (path.length > 0) return new Failure(where, reason('dmn.r.param-path', { text, name: tok.text }));
      out += b.name;
      ctx.inputs.set(b.name, { name: b.name, field: { ...fieldOf(imp, b.type, undefined, b.node), label: tok.text }, origin: tok.text, node: b.node });
    } else if (b.kind === 'input') {
      const r = imp.inputRef(tok.text, b, path);
      if (r instanceof Failure) return new Failure(where, r.reason);
      // Under FEEL a formula reads the input's text (`"You are " + Employment Status`), so allowed
      // values are its domain, not an enum (rulebook's own exported enums stay enums).
      const field = fieldOf(imp, r.type, undefined, b.node, undefined, undefined, false, imp.feel());
      field.label = (path.length === 0 ? attr(b.node, 'label') : undefined) ?? r.origin;
      ctx.inputs.set(r.name, { name: r.name, field, origin: r.origin, node: b.node });
      out += r.name;
    } else {
      const callee = imp.convert(b.node);
      if (callee === 'pending') return new Failure(where, reason('dmn.r.cycle', { name: tok.text }));
      if (callee instanceof Failure) return new Failure(where, reason('dmn.r.requires-unimported', { name: tok.text }));
      if (b.kind === 'bkm') {
        if (tokens[next(j)]?.text !== '(') return new Failure(where, reason('dmn.r.fn-uncalled', { name: tok.text }));
        out += callee.id;
      } else {
        for (const f of callee.inputs.values()) ctx.inputs.set(f.name, f);
        let call = `${callee.id}(${[...callee.inputs.keys()].join(', ')})`;
        if (path.length > 0) {
          const o = callee.outputs.get(path[0]);
          if (!o || path.length > 1) return new Failure(where, reason('dmn.r.no-output', { name: tok.text, path: path.join('.') }));
          call += `.${o}`;
        } else if (callee.outputs.size > 1) {
          return new Failure(where, reason('dmn.r.whole-result', { name: tok.text }));
        }
        out += call;
      }
    }
    i = j;
  }
  const formula = out.replace(/\s+/g, ' ').trim();
  if (formula === '') return new Failure(where, reason('dmn.r.empty-expression'));
  return formula;
}

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
