/**
 * What the SQL back end works from: each decision's plan (its versions, inputs,
 * exceptions and function names, in dependency order), the SQL types of values
 * with their precision and scale, the interpreter's error codes it returns, and
 * what it refuses (SqlUnsupported).
 */
import type { Decision, Expr, Field, Model, Rounding, TypeKind, UnaryTest } from '../model/index.js';
import type { EvalErrorCode } from '../evaluate/index.js';
import { Decimal } from '../runtime/decimal.js';
import { NUMERIC_KINDS } from '../runtime/semantics.js';
import { functionNames } from '../compile/index.js';
import { askedInputs, exceptionsOf } from '../model/precedence.js';
import { bool, list, sql, type Sql } from './fragment.js';
import { MAX_P, type SType } from './dialect.js';

export const LISTS = new Set(['collect', 'rule-order', 'output-order']);

/** Digits kept after the point by a division (the interpreter keeps 34 significant digits; money is rounded to its step after). */
export const DIV_SCALE = 12;

/** Most places any value keeps in DuckDB and Spark. */
const MAX_S = 18;

/** Parameter types of inputs in DuckDB and Spark; PostgreSQL takes `numeric` at any size. */
export const INPUT_TYPES: Record<string, SType> = {
  money: { kind: 'dec', p: 20, s: 4 },
  percent: { kind: 'dec', p: 12, s: 8 },
  number: { kind: 'dec', p: 24, s: 8 },
  integer: { kind: 'dec', p: 18, s: 0 },
  months: { kind: 'dec', p: 18, s: 0 },
  days: { kind: 'dec', p: 18, s: 0 },
};

// The interpreter's error codes, typed so that a renamed code fails the build here.
export const E_MISSING: EvalErrorCode = 'missing-input';

export const E_TYPE: EvalErrorCode = 'wrong-type';

export const E_DOMAIN: EvalErrorCode = 'out-of-domain';

export const E_NOMATCH: EvalErrorCode = 'no-match';

export const E_UNIQUE: EvalErrorCode = 'unique-violated';

export const E_DIV0: EvalErrorCode = 'division-by-zero';

export const E_BAD: EvalErrorCode = 'bad-value';

export const E_VERSION: EvalErrorCode = 'no-version';

/** What an exception gives where it does not apply (never seen outside the generated functions). */
export const NOT_APPLICABLE = 'rulebook:not-applicable';

/** Something the SQL back end cannot express, with where it is. */
export class SqlUnsupported extends Error {
  constructor(
    readonly decision: Decision,
    message: string,
    readonly span = decision.span,
  ) {
    super(message);
  }
}

/** A compiled expression: its value, its static type, and the error (text) it may raise, when it can raise one. */
export interface X {
  v: Sql;
  t: SType;
  e?: Sql;
  /** The decision's struct when this is a call (fields are taken from it). */
  call?: { decision: string; outputs: [string, SType][] };
}

export const DEC0: SType = { kind: 'dec', p: 1, s: 0 };

export function isDec(t: SType): t is { kind: 'dec'; p: number; s: number } {
  return t.kind === 'dec';
}

export function digitsOf(d: Decimal): { p: number; s: number } {
  const text = d.toString().replace('-', '');
  const [i, f = ''] = text.split('.');
  const intDigits = i.replace(/^0+/, '').length;
  return { p: Math.max(1, intDigits + f.length), s: f.length };
}

/** The union of two types (CASE branches, LEAST): the wider DECIMAL. */
export function unite(a: SType, b: SType): SType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (isDec(a) && isDec(b)) {
    const s = Math.max(a.s, b.s);
    const i = Math.max(a.p - a.s, b.p - b.s);
    return fit(i, s);
  }
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', of: unite(a.of, b.of) };
  return a;
}

/** A DECIMAL with `i` integer digits and `s` places, narrowed to 38 digits by giving up places. */
export function fit(i: number, s: number): SType {
  s = Math.min(s, MAX_S);
  if (i + s > MAX_P) s = Math.max(0, MAX_P - i);
  return { kind: 'dec', p: Math.min(MAX_P, Math.max(1, i + s)), s };
}

export function typeOfKind(kind: TypeKind): SType {
  if (NUMERIC_KINDS.has(kind)) return INPUT_TYPES[kind];
  if (kind === 'boolean') return { kind: 'bool' };
  if (kind === 'date') return { kind: 'date' };
  return { kind: 'text' };
}

export function coalesceErrors(parts: (Sql | undefined)[]): Sql | undefined {
  const xs = parts.filter((p): p is Sql => p !== undefined);
  if (xs.length === 0) return undefined;
  return xs.length === 1 ? xs[0] : sql`COALESCE(${xs})`;
}

/** The names every generated object takes, unique across the whole script (`a.b` + output `c` and `a.b__c` cannot meet). */
class Names {
  private readonly used = new Set<string>();
  take(base: string): string {
    let n = base;
    while (this.used.has(n)) n += '_';
    this.used.add(n);
    return n;
  }
}

/** Per decision id: the names of its SQL objects and its signature. */
export interface DecisionPlan {
  id: string;
  fn: string;
  typeName: string;
  errorField: string;
  asOfParam: string;
  outputFns: { output: string; fn: string }[];
  errorFn: string;
  versionFns: { fn: string; body: string; lenient: string; lenientBody: string }[];
  /** Asked as an exception: `not-applicable` where its own inputs leave their domains or no row of its own matches, else its answer. */
  lenientFn: string;
  /** Own inputs, then the extra inputs of the exceptions that override it. */
  params: Field[];
  outputs: Field[];
  exceptions: string[];
  /** Output types as declared in the result (DECIMAL(38,s)), found from every version. */
  outTypes: SType[];
  /** The same, at the width the values really have (for the arithmetic of callers). */
  innerTypes: SType[];
}

/** The period of a version: its own, else its document's. */
export function periodOf(model: Model, d: Decision) {
  return d.effective ?? model.documents.find((doc) => doc.id === d.document)?.effective;
}

export function roundingOf(model: Model, d: Decision): Rounding | undefined {
  return d.rounding ?? model.config.rounding;
}

/** Builds the plans (names, parameters, output types) shared by the three scripts. */
export function plan(model: Model): { plans: Map<string, DecisionPlan>; names: Names } {
  const ids = [...model.decisions.keys()].sort();
  const base = functionNames(ids);
  const names = new Names();
  const plans = new Map<string, DecisionPlan>();
  // Names of every decision first, so that a decision's objects never take another decision's function name.
  const fnOf = new Map<string, string>();
  for (const id of ids) {
    let b = base.get(id)!;
    if (b.startsWith('rulebook__')) b += '_';
    fnOf.set(id, names.take(b));
  }
  for (const id of ids) {
    const versions = model.decisions.get(id)!;
    const latest = versions[versions.length - 1];
    const fn = fnOf.get(id)!;
    const exceptions = exceptionsOf(model.decisions, id).filter((x) => model.decisions.has(x));
    // An exception's further facts reach the general decision as further arguments, as every caller asks it (model/precedence.ts).
    const params: Field[] = askedInputs(model.decisions, latest);
    for (const v of versions) for (const f of v.inputs) if (!params.some((q) => q.name === f.name)) params.push(f);
    const outputs = latest.outputs;
    const reserved = new Set([...outputs.map((o) => o.name)]);
    const errorField = reserved.has('error') ? 'rulebook_error' : 'error';
    const asOfParam = params.some((p) => p.name === 'as_of') ? 'rulebook_as_of' : 'as_of';
    plans.set(id, {
      id,
      fn,
      typeName: names.take(`${fn}__result`),
      errorField,
      asOfParam,
      outputFns: outputs.map((o) => ({ output: o.name, fn: names.take(`${fn}__${o.name}`) })),
      errorFn: names.take(`${fn}__${errorField === 'error' ? 'error' : 'rulebook_error'}`),
      versionFns: versions.map((_, k) => {
        const vfn = names.take(`${fn}__v${k + 1}`);
        return { fn: vfn, body: names.take(`${vfn}__body`), lenient: names.take(`${vfn}__lenient`), lenientBody: names.take(`${vfn}__lenient_body`) };
      }),
      lenientFn: names.take(`${fn}__lenient`),
      params,
      outputs,
      exceptions,
      outTypes: [],
      innerTypes: [],
    });
  }
  return { plans, names };
}

/** Decisions in an order where every callee and exception comes before its callers. */
export function order(model: Model, plans: Map<string, DecisionPlan>): string[] {
  const out: string[] = [];
  const state = new Map<string, 1 | 2>();
  const deps = (id: string): string[] => {
    const found = new Set<string>(plans.get(id)!.exceptions);
    const walk = (e: Expr) => {
      if (e.kind === 'call') found.add(e.decision);
      forEachChild(e, walk);
    };
    for (const d of model.decisions.get(id)!) {
      for (const f of d.formulas) walk(f.expr);
      for (const r of d.rules) {
        for (const t of r.then) walk(t.expr);
        for (const c of r.when) walkTest(c.test, walk);
      }
      for (const t of d.defaults ?? []) walk(t.expr);
    }
    return [...found].filter((x) => plans.has(x)).sort();
  };
  const visit = (id: string) => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) return; // a cycle is the checker's error; the build never gets here with one
    state.set(id, 1);
    for (const x of deps(id)) visit(x);
    state.set(id, 2);
    out.push(id);
  };
  for (const id of [...plans.keys()].sort()) visit(id);
  return out;
}

function walkTest(t: UnaryTest, f: (e: Expr) => void): void {
  if (t.kind === 'expr') f(t.expr);
  if (t.kind === 'or' || t.kind === 'not') for (const i of t.items) walkTest(i, f);
}

function forEachChild(e: Expr, f: (e: Expr) => void): void {
  switch (e.kind) {
    case 'field':
      return f(e.target);
    case 'unary':
      return f(e.operand);
    case 'binary':
      f(e.left);
      return f(e.right);
    case 'if':
      f(e.cond);
      f(e.then);
      return f(e.else);
    case 'builtin':
    case 'list':
      return (e.kind === 'builtin' ? e.args : e.items).forEach(f);
    case 'call':
      e.args.forEach(f);
      if (e.named) Object.values(e.named).forEach(f);
      return;
    default:
      return;
  }
}
