/**
 * One decision's data → a typed `Decision`: fields with units and domains,
 * cells parsed into unary tests and checked against their input's type,
 * output entries and formulas parsed (type-checked later, once every
 * decision's signature is known).
 */
import { diag } from '../diagnostics/index.js';
import { parseExpr } from '../lang/expr.js';
import { suggest } from '../lang/suggest.js';
import { checkUnaryAgainst } from '../lang/types.js';
import { parseUnaryTest } from '../lang/unary.js';
import { LIMITS } from '../load/limits.js';
import type { DataPath } from '../load/source.js';
import { convertValue, parseDate } from '../model/convert.js';
import type {
  Assertion,
  Cell,
  DateValue,
  Decision,
  EnumValue,
  Expr,
  Field,
  HitPolicy,
  Literal,
  OutputEntry,
  Period,
  Rounding,
  Rule,
  Span,
  TypeKind,
  UnaryTest,
  ValueType,
} from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { typeBounds, typeDomainTest } from '../runtime/semantics.js';
import { matchesUnary } from '../lang/unary.js';
import { entries, list, rec, str, type ReadContext } from './context.js';


/** The domain each type has unless a field narrows it (the one definition is `typeBounds` in the shared semantics). */
export function typeDomain(kind: TypeKind): { min?: Decimal; max?: Decimal; integer?: boolean } {
  return typeBounds(kind);
}

export function readPeriod(ctx: ReadContext, v: unknown, path: DataPath): Period | undefined {
  const r = rec(v);
  const from = parseDate(str(r.from) ?? '');
  if (!from) {
    if (v !== undefined) ctx.diagnostics.push(diag('type', 'error', 'resolve.bad-date', { value: str(r.from) ?? '' }, ctx.at([...path, 'from'])));
    return undefined;
  }
  const period: Period = { from, span: ctx.at(path) };
  if (r.until !== undefined) {
    const until = parseDate(str(r.until) ?? '');
    if (!until) ctx.diagnostics.push(diag('type', 'error', 'resolve.bad-date', { value: str(r.until) ?? '' }, ctx.at([...path, 'until'])));
    else if (until.iso <= from.iso) {
      ctx.diagnostics.push(diag('range', 'error', 'resolve.period-inverted', { from: from.iso, until: until.iso }, ctx.at([...path, 'until'])));
    } else period.until = until;
  }
  return period;
}

export function readRounding(ctx: ReadContext, v: unknown, path: DataPath): Rounding | undefined {
  if (v === undefined) return undefined;
  const r = rec(v);
  const step = Decimal.parse(ctx.text([...path, 'step'], r.step));
  if (!step || step.sign() <= 0) {
    ctx.diagnostics.push(diag('range', 'error', 'resolve.bad-step', { value: String(r.step) }, ctx.at([...path, 'step'])));
    return undefined;
  }
  return { mode: r.mode as Rounding['mode'], step };
}

/** Reads `inputs`/`outputs`/`forAll`: name → field, in source order. Only inputs (`inputs`) may declare a `default`. */
function readFields(ctx: ReadContext, v: unknown, path: DataPath, inputs = false): Field[] {
  const fields: Field[] = [];
  for (const [name, raw] of entries(v)) {
    const f = rec(raw);
    const fpath = [...path, name];
    const kind = f.type as TypeKind;
    const type: ValueType = { kind };
    if (kind === 'enum') {
      type.values = entries(f.values).map(
        ([key, label]): EnumValue => ({ key, label: String(label), span: ctx.at([...fpath, 'values', key], true) }),
      );
    }
    const field: Field = { name, type, span: ctx.at(fpath, true) };
    if (typeof f.label === 'string') field.label = f.label;
    if (typeof f.labelEn === 'string') field.labelEn = f.labelEn;
    if (typeof f.is === 'string') field.is = f.is;
    if (f.domain !== undefined) {
      const test = readCell(ctx, f.domain, [...fpath, 'domain'], field);
      if (test) type.domain = test;
    }
    if (Array.isArray(f.priority)) {
      type.priority = [];
      f.priority.forEach((p, i) => {
        const lit = literalFor(ctx, p, [...fpath, 'priority', i], type);
        if (lit) type.priority!.push(lit);
      });
    }
    if (f.default !== undefined) readDefault(ctx, f.default, [...fpath, 'default'], field, inputs);
    fields.push(field);
  }
  return fields;
}

/**
 * An input's `default`: the value it takes when the caller gives none. It
 * must be a value of the input's type inside its domain; outputs and
 * quantified variables have none.
 */
function readDefault(ctx: ReadContext, raw: unknown, path: DataPath, field: Field, allowed: boolean): void {
  const span = ctx.at(path);
  if (!allowed) {
    ctx.diagnostics.push(diag('schema', 'error', 'resolve.default-not-input', { name: field.name }, span));
    return;
  }
  const c = convertValue(raw, field.type, ctx.doc.scalarText(path));
  if (c.error || c.value === undefined || c.value === null) {
    ctx.diagnostics.push(diag('type', 'error', 'resolve.bad-value', { value: String(raw), type: field.type.kind }, span));
    return;
  }
  const domain = field.type.domain ?? (typeDomainTest(field.type.kind) as UnaryTest | undefined);
  if (domain && !matchesUnary(domain, c.value)) {
    ctx.diagnostics.push(diag('range', 'error', 'resolve.default-out-of-domain', { value: String(raw), name: field.name }, span));
    return;
  }
  field.default = c.value;
}

/** A scalar as a literal of the field's type (for priority lists). */
function literalFor(ctx: ReadContext, raw: unknown, path: DataPath, type: ValueType): Literal | undefined {
  const c = convertValue(raw, type, ctx.doc.scalarText(path));
  const span = ctx.at(path);
  if (c.error || c.value === undefined) {
    ctx.diagnostics.push(diag('type', 'error', 'resolve.bad-value', { value: String(raw), type: type.kind }, span));
    return undefined;
  }
  const v = c.value;
  if (v instanceof Decimal) return { kind: 'number', value: v, ...(type.kind === 'percent' ? { unit: 'percent' as const } : type.kind === 'money' ? { unit: 'money' as const } : {}), span };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, span };
  if (typeof v === 'string') return { kind: 'string', value: v, span };
  if (v && typeof v === 'object' && 'kind' in v && v.kind === 'date') return { kind: 'date', value: v as DateValue, span };
  return undefined;
}

const keySets = new WeakMap<ValueType, ReadonlySet<string>>();

/** The keys of an enum type, built once per type (a column of cells shares it). */
function keySet(type: ValueType): ReadonlySet<string> {
  let keys = keySets.get(type);
  if (!keys) {
    keys = new Set(type.values?.map((v) => v.key));
    keySets.set(type, keys);
  }
  return keys;
}

/** Parses a cell (or a domain) for `field` and checks its literals against the field's type. */
function readCell(ctx: ReadContext, raw: unknown, path: DataPath, field: Field): UnaryTest | undefined {
  const text = ctx.text(path, raw);
  const enumKeys = field.type.kind === 'enum' ? keySet(field.type) : undefined;
  const res = parseUnaryTest(text, ctx.doc.locateInScalar(path), { enumKeys });
  for (const e of res.errors) ctx.langError(path, e);
  if (!res.test) return undefined;
  checkTestTypes(ctx, res.test, field, () => ctx.at(path));
  return res.test;
}

function showLiteral(lit: Literal): string {
  switch (lit.kind) {
    case 'number':
      return lit.unit === 'percent' ? `${lit.value.mul(Decimal.fromBigInt(100n)).toString()}%` : lit.value.toString();
    case 'string':
      return `"${lit.value}"`;
    case 'boolean':
      return String(lit.value);
    case 'date':
      return lit.value.iso;
    default:
      return 'null';
  }
}

/** Walks a unary test: every literal must fit the field's type and its type's domain; intervals must not be inverted. */
function checkTestTypes(ctx: ReadContext, test: UnaryTest, field: Field, cellSpan: () => Span): void {
  const type = field.type;
  const dom = typeDomain(type.kind);
  // Kinds and enum keys: the language's one check; here only what is about ranges.
  const problems = checkUnaryAgainst(test, type);
  for (const p of problems) {
    const d = diag('type', 'error', 'resolve.type', { reason: p.message }, p.span ?? cellSpan());
    if (p.hint) d.hint = p.hint;
    ctx.diagnostics.push(d);
  }
  // A literal of the wrong kind is one finding; its range would be a second, confusing one.
  if (problems.length) return;
  const checkLit = (lit: Literal) => {
    if (lit.kind !== 'number') return;
    const v = lit.value;
    if ((dom.min && v.lt(dom.min)) || (dom.max && v.gt(dom.max)) || (dom.integer && !v.isInteger())) {
      const span = lit.span ?? cellSpan();
      ctx.diagnostics.push(diag('range', 'error', 'resolve.out-of-type-domain', { value: showLiteral(lit), name: field.name, type: type.kind }, span));
    }
  };
  const walk = (t: UnaryTest) => {
    switch (t.kind) {
      case 'compare':
        checkLit(t.value);
        break;
      case 'range': {
        checkLit(t.low);
        checkLit(t.high);
        if (t.low.kind === 'number' && t.high.kind === 'number') {
          const c = t.low.value.cmp(t.high.value);
          if (c > 0 || (c === 0 && !(t.lowClosed && t.highClosed))) {
            ctx.diagnostics.push(diag('range', 'error', 'resolve.empty-interval', { low: showLiteral(t.low), high: showLiteral(t.high) }, t.span ?? cellSpan()));
          }
        } else if (t.low.kind === 'date' && t.high.kind === 'date' && t.low.value.iso > t.high.value.iso) {
          ctx.diagnostics.push(diag('range', 'error', 'resolve.empty-interval', { low: t.low.value.iso, high: t.high.value.iso }, t.span ?? cellSpan()));
        }
        break;
      }
      case 'or':
      case 'not':
        t.items.forEach(walk);
        break;
      default:
        break;
    }
  };
  walk(test);
}

/** Parses an output entry, a default or a formula. A bare enum key stands for itself. */
export function readExpr(ctx: ReadContext, raw: unknown, path: DataPath, out?: Field): Expr | undefined {
  return exprOf(ctx, raw, path, ctx.text(path, raw), out);
}

/** Digits alone: the lexer reads them as one number token, and the parser as one literal. */
const PLAIN_NUMBER = /^[0-9]+(?:\.[0-9]+)?$/;

/** `readExpr` once the author's text is known (a table row's outputs reuse it for their `source`). */
function exprOf(ctx: ReadContext, raw: unknown, path: DataPath, text: string, out?: Field): Expr | undefined {
  if (out?.type.kind === 'enum' && out.type.values?.some((v) => v.key === text.trim())) {
    const span = ctx.at(path);
    return { kind: 'literal', value: { kind: 'string', value: text.trim(), span }, span };
  }
  if (typeof raw === 'boolean') {
    const span = ctx.at(path);
    return { kind: 'literal', value: { kind: 'boolean', value: raw, span }, span };
  }
  const at = ctx.doc.locateInScalar(path);
  // A plain number (most output cells of a big table) needs no lexer: the same literal parseExpr builds.
  if (typeof raw === 'number' && PLAIN_NUMBER.test(text)) {
    const value = Decimal.parse(text);
    if (value) return { kind: 'literal', value: { kind: 'number', value, span: at(0, text.length) }, span: at(0, text.length) };
  }
  const res = parseExpr(text, at);
  for (const e of res.errors) ctx.langError(path, e);
  return res.expr;
}

function readEntries(ctx: ReadContext, v: unknown, path: DataPath, outputs: Field[], what: string): OutputEntry[] {
  const out: OutputEntry[] = [];
  for (const [name, raw] of entries(v)) {
    const field = outputs.find((o) => o.name === name);
    const epath = [...path, name];
    if (!field) {
      const guess = suggest(name, outputs.map((o) => o.name));
      const d = diag('dangling-ref', 'error', 'resolve.unknown-output', { name, what }, ctx.at(epath, true));
      if (guess) d.hint = diag('type', 'error', 'schema.did-you-mean', { guess }, d).message;
      ctx.diagnostics.push(d);
      continue;
    }
    const source = ctx.text(epath, raw);
    const expr = exprOf(ctx, raw, epath, source, field);
    if (expr) out.push({ output: name, source, expr, span: ctx.at(epath) });
  }
  return out;
}

export function readAssertions(ctx: ReadContext, v: unknown, path: DataPath, scope?: { inputs: Field[]; outputs: Field[] }): Assertion[] {
  return list(v).map((raw, i) => {
    const a = rec(raw);
    const apath = [...path, i];
    const assertion: Assertion = { span: ctx.at(apath) };
    if (typeof a.id === 'string') assertion.id = a.id;
    if (typeof a.message === 'string') assertion.message = a.message;
    if (a.forAll !== undefined) assertion.forAll = readFields(ctx, a.forAll, [...apath, 'forAll']);
    if (typeof a.that === 'string') {
      const e = readExpr(ctx, a.that, [...apath, 'that']);
      if (e) assertion.that = e;
    }
    if (a.monotonic !== undefined) {
      const m = rec(a.monotonic);
      assertion.monotonic = { output: String(m.output), input: String(m.input), direction: m.direction as 'increasing' };
      if (scope) {
        for (const [key, fields] of [['input', scope.inputs], ['output', scope.outputs]] as const) {
          const name = String(m[key]);
          if (!fields.some((f) => f.name === name)) {
            const guess = suggest(name, fields.map((f) => f.name));
            const d = diag('dangling-ref', 'error', `resolve.unknown-${key}`, { name, what: 'monotonic' }, ctx.at([...apath, 'monotonic', key]));
            if (guess) d.hint = diag('type', 'error', 'schema.did-you-mean', { guess }, d).message;
            ctx.diagnostics.push(d);
          }
        }
      }
    }
    return assertion;
  });
}

/** Reads one decision (already schema-valid) declared in document `docId`. */
export function readDecision(ctx: ReadContext, raw: unknown, path: DataPath, docId: string): Decision {
  const d = rec(raw);
  const inputs = readFields(ctx, d.inputs, [...path, 'inputs'], true);
  const outputs = readFields(ctx, d.outputs, [...path, 'outputs']);
  const decision: Decision = {
    id: String(d.id),
    document: docId,
    hit: (d.hit as HitPolicy | undefined) ?? 'unique',
    inputs,
    outputs,
    rules: [],
    formulas: [],
    assertions: [],
    span: ctx.at(path),
  };
  if (typeof d.title === 'string') decision.title = d.title;
  if (typeof d.titleEn === 'string') decision.titleEn = d.titleEn;
  if (typeof d.description === 'string') decision.description = d.description;
  if (typeof d.audience === 'string') decision.audience = d.audience;
  if (typeof d.clause === 'string') {
    const [document, section] = d.clause.split('#');
    decision.clause = { document: document || docId, section, span: ctx.at([...path, 'clause']) };
  }
  if (typeof d.overrides === 'string') decision.overrides = { id: d.overrides, span: ctx.at([...path, 'overrides']) };
  if (typeof d.decides === 'string') decision.decides = { id: d.decides, span: ctx.at([...path, 'decides']) };
  if (d.effective !== undefined) decision.effective = readPeriod(ctx, d.effective, [...path, 'effective']);
  const rounding = readRounding(ctx, d.rounding, [...path, 'rounding']);
  if (rounding) decision.rounding = rounding;

  const formulaOutputs = new Set<string>();
  for (const [name, rawF] of entries(d.formula)) {
    const fpath = [...path, 'formula', name];
    const field = outputs.find((o) => o.name === name);
    if (!field) {
      const guess = suggest(name, outputs.map((o) => o.name));
      const dd = diag('dangling-ref', 'error', 'resolve.unknown-output', { name, what: 'formula' }, ctx.at(fpath, true));
      if (guess) dd.hint = diag('type', 'error', 'schema.did-you-mean', { guess }, dd).message;
      ctx.diagnostics.push(dd);
      continue;
    }
    formulaOutputs.add(name);
    const expr = readExpr(ctx, rawF, fpath, field);
    if (expr) decision.formulas.push({ output: name, source: ctx.text(fpath, rawF), expr, span: ctx.at(fpath) });
  }

  const tableOutputs = outputs.filter((o) => !formulaOutputs.has(o.name));
  let rawRules = list(d.rules);
  if (rawRules.length > LIMITS.rows) {
    ctx.diagnostics.push(diag('limit', 'error', 'resolve.too-many-rows', { count: rawRules.length, max: LIMITS.rows }, ctx.at([...path, 'rules'], true)));
    rawRules = [];
  }
  rawRules.forEach((rawRule, i) => {
    const r = rec(rawRule);
    const rpath = [...path, 'rules', i];
    const when: Cell[] = [];
    const rawWhen = rec(r.when);
    // Keys only: `for…in` over the loader's null-prototype mapping, in source order, without Object.entries' pairs.
    for (const name in rawWhen) {
      if (!inputs.some((f) => f.name === name)) {
        const guess = suggest(name, inputs.map((f) => f.name));
        const dd = diag('dangling-ref', 'error', 'resolve.unknown-input', { name, what: decision.id }, ctx.at([...rpath, 'when', name], true));
        if (guess) dd.hint = diag('type', 'error', 'schema.did-you-mean', { guess }, dd).message;
        ctx.diagnostics.push(dd);
      }
    }
    for (const field of inputs) {
      const cpath = [...rpath, 'when', field.name];
      const rawCell = rawWhen[field.name];
      if (rawCell === undefined) {
        when.push({ input: field.name, source: '-', test: { kind: 'any' }, span: ctx.at(rpath) });
        continue;
      }
      const test = readCell(ctx, rawCell, cpath, field);
      when.push({ input: field.name, source: ctx.text(cpath, rawCell), test: test ?? { kind: 'any' }, span: ctx.at(cpath) });
    }
    const then = readEntries(ctx, r.then, [...rpath, 'then'], outputs, 'then');
    for (const o of tableOutputs) {
      if (!then.some((t) => t.output === o.name) && rec(r.then)[o.name] === undefined) {
        ctx.diagnostics.push(diag('type', 'error', 'resolve.missing-output', { name: o.name }, ctx.at([...rpath, 'then'])));
      }
    }
    const rule: Rule = { index: i, when, then, span: ctx.at(rpath) };
    if (typeof r.id === 'string') rule.id = r.id;
    if (typeof r.note === 'string') rule.note = r.note;
    decision.rules.push(rule);
  });

  if (d.default !== undefined) decision.defaults = readEntries(ctx, d.default, [...path, 'default'], outputs, 'default');
  decision.assertions = readAssertions(ctx, d.assert, [...path, 'assert'], { inputs, outputs });

  if (Array.isArray(d.rules) && d.rules.length === 0 && tableOutputs.length > 0) {
    ctx.diagnostics.push(diag('range', 'error', 'resolve.no-rows', { id: decision.id }, ctx.at([...path, 'rules'])));
  }
  if (!Array.isArray(d.rules) && tableOutputs.length > 0) {
    for (const o of tableOutputs) {
      ctx.diagnostics.push(diag('type', 'error', 'resolve.output-unset', { name: o.name }, o.span));
    }
  }
  return decision;
}
