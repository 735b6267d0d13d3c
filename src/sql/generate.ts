/**
 * The Model → SQL functions for DuckDB, PostgreSQL and Spark SQL, and a
 * manifest. Each decision `d` (id `cs.performance_rate`, function name
 * `cs_performance_rate`) becomes:
 *
 * - `f(inputs…, as_of DATE DEFAULT today)`: its result as a struct (DuckDB,
 *   Spark) or composite type (PostgreSQL `f__result`): one field per output
 *   and `error`, NULL on success, else the interpreter's error code, with the
 *   input at fault after a colon (`out-of-domain:conversion`);
 * - `f__<output>(…)`: one output, NULL when there is an error;
 * - `f__error(…)`: the error alone;
 * - `f__v<k>(…)`: version k, checked inputs; `f__v<k>__body(…)` its table and formulas.
 *
 * The version is chosen by `as_of` (NULL means today); the exceptions that
 * declare `overrides: d` are tried first, and where one applies (gives a
 * result without error) its outputs are the answer. The exceptions' extra
 * inputs follow `d`'s own in the argument list.
 *
 * The semantics follow the interpreter (src/evaluate) rule for rule: cell
 * tests, hit policies, defaults, the order in which errors are found, rounding
 * of money outputs once at the end by the decision's (else the config's) mode
 * and step, FEEL's three-valued logic. Arithmetic is exact: PostgreSQL
 * `numeric`; DECIMAL(p,s) in DuckDB and Spark with precision and scale
 * tracked per value; division and rounding by integer quotient and remainder
 * (DuckDB divides DECIMALs as DOUBLE, so `/` is never used on values there).
 */
import type { Decision, Expr, Field, Literal, Model, Rounding, TypeKind, UnaryTest } from '../model/index.js';
import type { EvalErrorCode } from '../evaluate/index.js';
import { Decimal, type RoundingMode } from '../runtime/decimal.js';
import { functionNames } from '../compile/index.js';
import { bool, comment, dateLit, int, keyword, list, num, op, sql, SqlNameError, type DialectName, type Sql } from './fragment.js';
import { DIALECTS, MAX_P, structTypeText, typeText, type Dialect, type Param, type SType } from './dialect.js';

const WHOLE = new Set<TypeKind>(['integer', 'months', 'days']);
const NUMERIC = new Set<TypeKind>(['number', 'integer', 'percent', 'money', 'months', 'days']);
const LISTS = new Set(['collect', 'rule-order', 'output-order']);
/** Digits kept after the point by a division (the interpreter keeps 34 significant digits; money is rounded to its step after). */
const DIV_SCALE = 12;
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
const E_MISSING: EvalErrorCode = 'missing-input';
const E_TYPE: EvalErrorCode = 'wrong-type';
const E_DOMAIN: EvalErrorCode = 'out-of-domain';
const E_NOMATCH: EvalErrorCode = 'no-match';
const E_UNIQUE: EvalErrorCode = 'unique-violated';
const E_DIV0: EvalErrorCode = 'division-by-zero';
const E_BAD: EvalErrorCode = 'bad-value';
const E_VERSION: EvalErrorCode = 'no-version';

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
interface X {
  v: Sql;
  t: SType;
  e?: Sql;
  /** The decision's struct when this is a call (fields are taken from it). */
  call?: { decision: string; outputs: [string, SType][] };
}

const DEC0: SType = { kind: 'dec', p: 1, s: 0 };

function isDec(t: SType): t is { kind: 'dec'; p: number; s: number } {
  return t.kind === 'dec';
}

function digitsOf(d: Decimal): { p: number; s: number } {
  const text = d.toString().replace('-', '');
  const [i, f = ''] = text.split('.');
  const intDigits = i.replace(/^0+/, '').length;
  return { p: Math.max(1, intDigits + f.length), s: f.length };
}

/** The union of two types (CASE branches, LEAST): the wider DECIMAL. */
function unite(a: SType, b: SType): SType {
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
function fit(i: number, s: number): SType {
  s = Math.min(s, MAX_S);
  if (i + s > MAX_P) s = Math.max(0, MAX_P - i);
  return { kind: 'dec', p: Math.min(MAX_P, Math.max(1, i + s)), s };
}

function typeOfKind(kind: TypeKind): SType {
  if (NUMERIC.has(kind)) return INPUT_TYPES[kind];
  if (kind === 'boolean') return { kind: 'bool' };
  if (kind === 'date') return { kind: 'date' };
  return { kind: 'text' };
}

function coalesceErrors(parts: (Sql | undefined)[]): Sql | undefined {
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
  versionFns: { fn: string; body: string }[];
  /** Own inputs, then the extra inputs of the exceptions that override it. */
  params: Field[];
  outputs: Field[];
  exceptions: string[];
  /** Output types as declared in the result (DECIMAL(38,s)), found from every version. */
  outTypes: SType[];
  /** The same, at the width the values really have (for the arithmetic of callers). */
  innerTypes: SType[];
}

/** The manifest: what a caller needs to call each decision from SQL. */
export interface SqlManifest {
  format: 'rulebook-sql/1';
  dialects: DialectName[];
  conventions: Record<string, string>;
  decisions: Record<
    string,
    {
      title?: string;
      function: string;
      arguments: { name: string; kind: string; label?: string; values?: string[]; types: Record<DialectName, string> }[];
      asOf: { name: string; default: 'current_date' };
      result: Record<DialectName, string>;
      outputs: { name: string; kind: string; label?: string; function: string; types: Record<DialectName, string> }[];
      error: { field: string; function: string };
      overriddenBy: string[];
    }
  >;
}

export interface SqlOutput {
  files: Map<string, string>;
  manifest: SqlManifest;
}

/** The period of a version: its own, else its document's. */
function periodOf(model: Model, d: Decision) {
  return d.effective ?? model.documents.find((doc) => doc.id === d.document)?.effective;
}

function roundingOf(model: Model, d: Decision): Rounding | undefined {
  return d.rounding ?? model.config.rounding;
}

/** Builds the plans (names, parameters, output types) shared by the three scripts. */
function plan(model: Model): Map<string, DecisionPlan> {
  const ids = [...model.decisions.keys()].sort();
  const base = functionNames(ids);
  const names = new Names();
  const plans = new Map<string, DecisionPlan>();
  const exceptionsOf = new Map<string, string[]>();
  for (const id of ids) {
    for (const v of model.decisions.get(id)!) {
      const g = v.overrides?.id;
      if (g && model.decisions.has(g)) {
        const list = exceptionsOf.get(g) ?? [];
        if (!list.includes(id)) list.push(id);
        exceptionsOf.set(g, list);
      }
    }
  }
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
    const exceptions = exceptionsOf.get(id) ?? [];
    const params: Field[] = [...latest.inputs];
    // An exception's extra facts reach the general decision as further arguments (transitively: an exception's own exceptions too).
    const seen = new Set<string>([id]);
    const addFrom = (x: string) => {
      if (seen.has(x)) return;
      seen.add(x);
      const xv = model.decisions.get(x)!;
      for (const f of xv[xv.length - 1].inputs) if (!params.some((p) => p.name === f.name)) params.push(f);
      for (const y of exceptionsOf.get(x) ?? []) addFrom(y);
    };
    for (const x of exceptions) addFrom(x);
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
        return { fn: vfn, body: names.take(`${vfn}__body`) };
      }),
      params,
      outputs,
      exceptions,
      outTypes: [],
      innerTypes: [],
    });
  }
  return plans;
}

/** Decisions in an order where every callee and exception comes before its callers. */
function order(model: Model, plans: Map<string, DecisionPlan>): string[] {
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

/** The generator for one dialect. */
class Gen {
  constructor(
    readonly model: Model,
    readonly d: Dialect,
    readonly plans: Map<string, DecisionPlan>,
  ) {}

  // ------------------------------------------------------------ values

  lit(l: Literal): X {
    switch (l.kind) {
      case 'number': {
        const t = digitsOf(l.value);
        const ty: SType = { kind: 'dec', p: t.p, s: t.s };
        return { v: num(this.d.name, l.value, keyword(`DECIMAL(${t.p},${t.s})`)), t: ty };
      }
      case 'string':
        return { v: this.d.str(l.value), t: { kind: 'text' } };
      case 'boolean':
        return { v: bool(l.value), t: { kind: 'bool' } };
      case 'date':
        return { v: dateLit(l.value.iso), t: { kind: 'date' } };
      case 'null':
        return { v: keyword('NULL'), t: { kind: 'null' } };
    }
  }

  decLit(v: Decimal): Sql {
    const t = digitsOf(v);
    return num(this.d.name, v, keyword(`DECIMAL(${t.p},${t.s})`));
  }

  /** Casts a decimal expression to a narrower type when its static type is wider than 38 digits would allow. */
  asDec(x: X, t: SType): Sql {
    return this.d.cast(x.v, t);
  }

  // ------------------------------------------------------------ exact integer rounding

  /**
   * `round(a / b)` to an integer by `mode`, for integers `a` and `b > 0` (SQL
   * expressions of exact integers). Quotient toward zero and remainder, then
   * one step away from zero where the mode says so: the interpreter's divRound.
   */
  roundQuot(a: Sql, b: Sql, mode: RoundingMode): Sql {
    const q = this.d.tdiv(a, b);
    const r = this.d.tmod(a, b);
    const away = (cond: Sql) => sql`(${q} + CASE WHEN ${cond} THEN sign(${r}) ELSE 0 END)`;
    const twice = sql`(2 * abs(${r}))`;
    switch (mode) {
      case 'down':
        return q;
      case 'up':
        return away(sql`${r} <> 0`);
      case 'floor':
        return sql`(${q} - CASE WHEN ${r} < 0 THEN 1 ELSE 0 END)`;
      case 'ceiling':
        return sql`(${q} + CASE WHEN ${r} > 0 THEN 1 ELSE 0 END)`;
      case 'half-up':
        return away(sql`${twice} >= ${b}`);
      case 'half-down':
        return away(sql`${twice} > ${b}`);
      case 'half-even':
        return away(sql`(${twice} > ${b} OR (${twice} = ${b} AND ${this.d.tmod(q, int(2))} <> 0))`);
    }
  }

  /** `x` rounded to a multiple of `step` by `mode`, exactly. */
  roundTo(x: X, step: Decimal, mode: RoundingMode): X {
    if (!isDec(x.t)) return x;
    const st = digitsOf(step);
    const S = Math.max(x.t.s, st.s);
    // x / step = (x·10^S) / (step·10^S), both integers.
    const scaledX = this.d.toInt(sql`(${this.asDec(x, x.t)} * ${this.decLit(Decimal.fromBigInt(10n ** BigInt(S)))})`);
    const scaledStep = int(BigInt(step.mul(Decimal.fromBigInt(10n ** BigInt(S))).toString()));
    const q = this.d.fromInt(this.roundQuot(scaledX, scaledStep, mode));
    const i = x.t.p - x.t.s + 1;
    const t = fit(i, st.s);
    return { v: this.d.cast(sql`(${q} * ${this.decLit(step)})`, t), t, e: x.e };
  }

  // ------------------------------------------------------------ cells

  /** Whether the (checked) value `x` passes the cell `test`, never NULL. */
  test(t: UnaryTest, x: X, env: Env): Sql {
    switch (t.kind) {
      case 'any':
        return bool(true);
      case 'compare': {
        const l = this.lit(t.value);
        if (t.op === '=' || t.op === '!=') {
          const eq = this.equal(x, l);
          return t.op === '=' ? eq : sql`(NOT ${eq})`;
        }
        if (!this.comparable(x.t, l.t)) return bool(false);
        return sql`COALESCE(${x.v} ${op(t.op)} ${l.v}, FALSE)`;
      }
      case 'range': {
        const lo = this.lit(t.low);
        const hi = this.lit(t.high);
        if (!this.comparable(x.t, lo.t) || !this.comparable(x.t, hi.t)) return bool(false);
        return sql`COALESCE(${x.v} ${op(t.lowClosed ? '>=' : '>')} ${lo.v} AND ${x.v} ${op(t.highClosed ? '<=' : '<')} ${hi.v}, FALSE)`;
      }
      case 'or':
        return sql`(${list(t.items.map((i) => this.test(i, x, env)), ' OR ')})`;
      case 'not':
        return sql`(NOT (${list(t.items.map((i) => this.test(i, x, env)), ' OR ')}))`;
      case 'expr': {
        const r = this.expr(t.expr, { ...env, cell: x });
        return sql`COALESCE(${r.v} = TRUE, FALSE)`;
      }
    }
  }

  comparable(a: SType, b: SType): boolean {
    return a.kind === b.kind && (a.kind === 'dec' || a.kind === 'text' || a.kind === 'date');
  }

  /** FEEL equality as the interpreter has it: NULL equals NULL, values of different types differ, numbers by value. */
  equal(a: X, b: X): Sql {
    if (a.t.kind === 'null' && b.t.kind === 'null') return bool(true);
    if (a.t.kind === 'null') return sql`(${b.v} IS NULL)`;
    if (b.t.kind === 'null') return sql`(${a.v} IS NULL)`;
    if (a.t.kind !== b.t.kind) return sql`(${a.v} IS NULL AND ${b.v} IS NULL)`;
    return sql`(${a.v} IS NOT DISTINCT FROM ${b.v})`;
  }

  // ------------------------------------------------------------ expressions

  expr(e: Expr, env: Env): X {
    const d = this.d;
    switch (e.kind) {
      case 'literal':
        return this.lit(e.value);
      case 'name': {
        if (e.name === '?' && env.cell) return env.cell;
        const v = env.lookup(e.name);
        if (!v) throw new SqlUnsupported(env.decision, `\`${e.name}\` has no value here`, e.span);
        return v;
      }
      case 'field': {
        const target = this.expr(e.target, env);
        if (!target.call) throw new SqlUnsupported(env.decision, `\`.${e.field}\` of something that is not a decision call`, e.span);
        const k = target.call.outputs.findIndex(([n]) => n === e.field);
        if (k < 0) throw new SqlUnsupported(env.decision, `no output \`${e.field}\` in \`${target.call.decision}\``, e.span);
        const t = target.call.outputs[k][1];
        // The field is declared DECIMAL(38,s); read at its real width, so that Spark keeps every place in what follows.
        return { v: d.cast(d.field(target.v, e.field), t), t, e: target.e };
      }
      case 'unary': {
        const x = this.value(this.expr(e.operand, env));
        if (e.op === 'not') return { v: x.t.kind === 'bool' ? sql`(NOT ${x.v})` : keyword('CAST(NULL AS BOOLEAN)'), t: { kind: 'bool' }, e: x.e };
        if (!isDec(x.t)) return this.badValue(x, env, e);
        return { v: sql`(- ${x.v})`, t: x.t, e: x.e };
      }
      case 'binary':
        return this.binary(e, env);
      case 'if': {
        const c = this.value(this.expr(e.cond, env));
        const a = this.value(this.expr(e.then, env));
        const b = this.value(this.expr(e.else, env));
        const t = unite(a.t, b.t);
        const cond = c.t.kind === 'bool' ? sql`${c.v} = TRUE` : bool(false);
        const err = a.e || b.e ? sql`CASE WHEN ${cond} THEN ${a.e ?? keyword('NULL')} ELSE ${b.e ?? keyword('NULL')} END` : undefined;
        return { v: sql`CASE WHEN ${cond} THEN ${this.castTo(a, t)} ELSE ${this.castTo(b, t)} END`, t, e: coalesceErrors([c.e, err]) };
      }
      case 'builtin':
        return this.builtin(e, env);
      case 'call':
        return this.call(e, env);
      case 'list':
        throw new SqlUnsupported(env.decision, 'a list value outside `min`, `max`, `sum` or `count`', e.span);
    }
  }

  /** A call of a single-output decision stands for its output (the interpreter's `scalar`). */
  value(x: X): X {
    if (x.call && x.call.outputs.length === 1) {
      const [n, t] = x.call.outputs[0];
      return { v: this.d.cast(this.d.field(x.v, n), t), t, e: x.e };
    }
    return x;
  }

  castTo(x: X, t: SType): Sql {
    if (x.t.kind === 'null') return this.d.nullOf(t);
    return isDec(t) && isDec(x.t) && (x.t.p !== t.p || x.t.s !== t.s) ? this.d.cast(x.v, t) : x.v;
  }

  badValue(x: X, env: Env, e: Expr): X {
    void env;
    void e;
    return { v: keyword('NULL'), t: { kind: 'null' }, e: coalesceErrors([x.e, this.d.str(E_BAD)]) };
  }

  binary(e: Expr & { kind: 'binary' }, env: Env): X {
    const d = this.d;
    const a = this.value(this.expr(e.left, env));
    const b = this.value(this.expr(e.right, env));
    const both = coalesceErrors([a.e, b.e]);
    switch (e.op) {
      case 'and':
      case 'or': {
        const av = a.t.kind === 'bool' ? a.v : keyword('CAST(NULL AS BOOLEAN)');
        const bv = b.t.kind === 'bool' ? b.v : keyword('CAST(NULL AS BOOLEAN)');
        // The right side is not evaluated when the left decides: its error does not count then.
        const stop = e.op === 'and' ? keyword('FALSE') : keyword('TRUE');
        const err = coalesceErrors([a.e, b.e ? sql`CASE WHEN ${av} IS NOT DISTINCT FROM ${stop} THEN NULL ELSE ${b.e} END` : undefined]);
        return { v: sql`(${av} ${op(e.op.toUpperCase())} ${bv})`, t: { kind: 'bool' }, e: err };
      }
      case '=':
      case '!=': {
        const eq = this.equal(a, b);
        return { v: e.op === '=' ? eq : sql`(NOT ${eq})`, t: { kind: 'bool' }, e: both };
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!this.comparable(a.t, b.t)) return { v: keyword('CAST(NULL AS BOOLEAN)'), t: { kind: 'bool' }, e: both };
        return { v: sql`(${a.v} ${op(e.op)} ${b.v})`, t: { kind: 'bool' }, e: both };
      default:
        break;
    }
    if (e.op === '+' && a.t.kind === 'text' && b.t.kind === 'text') return { v: d.concat(a.v, b.v), t: { kind: 'text' }, e: both };
    if (a.t.kind === 'null' || b.t.kind === 'null') return { v: keyword('NULL'), t: isDec(a.t) ? a.t : isDec(b.t) ? b.t : DEC0, e: both };
    if (!isDec(a.t) || !isDec(b.t)) return this.badValue({ ...a, e: both }, env, e);
    const ta = a.t;
    const tb = b.t;
    switch (e.op) {
      case '+':
      case '-':
        return { ...this.addX(a, b, e.op), e: both };
      case '*': {
        // Narrow the operands first where the exact product would pass 38 digits: Spark would otherwise drop places on its own terms.
        let [sa, sb] = [ta.s, tb.s];
        const ia = ta.p - ta.s;
        const ib = tb.p - tb.s;
        while (ia + ib + sa + sb + 1 > MAX_P && (sa > 0 || sb > 0)) {
          if (sa >= sb) sa--;
          else sb--;
        }
        const av = sa === ta.s ? a.v : d.cast(a.v, { kind: 'dec', p: ia + sa, s: sa });
        const bv = sb === tb.s ? b.v : d.cast(b.v, { kind: 'dec', p: ib + sb, s: sb });
        const t = fit(ia + ib + 1, sa + sb);
        return { v: d.cast(sql`(${av} * ${bv})`, t), t, e: both };
      }
      case '/':
        return this.divide(a, b, both);
      default: {
        // `**` with a whole literal exponent: repeated multiplication keeps it exact.
        const lit = e.right.kind === 'literal' && e.right.value.kind === 'number' ? e.right.value.value : undefined;
        if (!lit || !lit.isInteger() || lit.sign() < 0 || lit.toNumber() > 8) throw new SqlUnsupported(env.decision, '`**` with an exponent other than a whole number from 0 to 8', e.span);
        let acc: X = { v: this.decLit(Decimal.ONE), t: { kind: 'dec', p: 1, s: 0 } };
        for (let k = 0; k < lit.toNumber(); k++) acc = this.mulX(acc, a);
        return { ...acc, e: both };
      }
    }
  }

  addX(a: X, b: X, o: '+' | '-'): X {
    const ta = a.t as { p: number; s: number };
    const tb = b.t as { p: number; s: number };
    const t = fit(Math.max(ta.p - ta.s, tb.p - tb.s) + 1, Math.max(ta.s, tb.s));
    return { v: this.d.cast(sql`(${a.v} ${op(o)} ${b.v})`, t), t };
  }

  mulX(a: X, b: X): X {
    const ta = a.t as { p: number; s: number };
    const tb = b.t as { p: number; s: number };
    const t = fit(ta.p - ta.s + tb.p - tb.s + 1, ta.s + tb.s);
    return { v: this.d.cast(sql`(${a.v} * ${b.v})`, t), t };
  }

  /** `a / b` to DIV_SCALE places, half-even, by integer quotient; division by zero is the error `division-by-zero`. */
  divide(a: X, b: X, errs: Sql | undefined): X {
    const ta = a.t as { p: number; s: number };
    const tb = b.t as { p: number; s: number };
    const S = Math.max(ta.s, tb.s);
    const intDigits = ta.p - ta.s + tb.s + 1;
    const places = Math.max(0, Math.min(DIV_SCALE, MAX_P - 1 - (ta.p - ta.s + S)));
    const pow = (n: number) => this.decLit(Decimal.fromBigInt(10n ** BigInt(n)));
    // a/b = (a·10^(S+places)) / (b·10^S) · 10^-places; the divisor's sign moves to the dividend so that it is positive.
    const A = this.d.toInt(sql`(${a.v} * ${pow(S + places)})`);
    const B = this.d.toInt(sql`(${b.v} * ${pow(S)})`);
    const Bpos = sql`abs(NULLIF(${B}, 0))`;
    const Asigned = sql`(CASE WHEN ${b.v} < 0 THEN -1 ELSE 1 END * ${A})`;
    const q = this.d.fromInt(this.roundQuot(Asigned, Bpos, 'half-even'));
    const t = fit(intDigits, places);
    const unit = this.decLit(new Decimal(1n, places));
    const err = coalesceErrors([errs, sql`CASE WHEN ${b.v} = 0 THEN ${this.d.str(E_DIV0)} END`]);
    return { v: this.d.cast(sql`(${q} * ${unit})`, t), t, e: err };
  }

  builtin(e: Expr & { kind: 'builtin' }, env: Env): X {
    const d = this.d;
    const items = (): X[] => {
      if (e.args.length === 1 && e.args[0].kind === 'list') return e.args[0].items.map((i) => this.value(this.expr(i, env)));
      return e.args.map((a) => this.value(this.expr(a, env)));
    };
    switch (e.name) {
      case 'min':
      case 'max': {
        const xs = items();
        if (xs.length === 0) return { v: keyword('NULL'), t: { kind: 'null' } };
        const t = xs.map((x) => x.t).reduce(unite);
        if (!xs.every((x) => this.comparable(x.t, t))) return { v: keyword('NULL'), t, e: coalesceErrors(xs.map((x) => x.e)) };
        // The interpreter gives NULL when any item is NULL (it cannot be ordered); LEAST would skip it.
        const anyNull = list(xs.map((x) => sql`${x.v} IS NULL`), ' OR ');
        return { v: sql`CASE WHEN ${anyNull} THEN NULL ELSE ${keyword(e.name === 'min' ? 'LEAST' : 'GREATEST')}(${xs.map((x) => this.castTo(x, t))}) END`, t, e: coalesceErrors(xs.map((x) => x.e)) };
      }
      case 'sum': {
        const xs = items();
        if (xs.length === 0) return { v: this.decLit(Decimal.ZERO), t: DEC0 };
        if (!xs.every((x) => isDec(x.t))) return { v: keyword('NULL'), t: DEC0, e: coalesceErrors([...xs.map((x) => x.e), xs.some((x) => x.t.kind !== 'null') ? d.str(E_BAD) : undefined]) };
        let acc = xs[0];
        for (const x of xs.slice(1)) acc = this.addX(acc, x, '+');
        return { ...acc, e: coalesceErrors(xs.map((x) => x.e)) };
      }
      case 'count': {
        const n = items().length;
        return { v: this.decLit(Decimal.fromBigInt(BigInt(n))), t: digitsOf(Decimal.fromBigInt(BigInt(n))) as SType & { kind: 'dec' } };
      }
      case 'abs':
      case 'floor':
      case 'ceiling': {
        const x = this.value(this.expr(e.args[0], env));
        if (!isDec(x.t)) return this.badValue(x, env, e);
        if (e.name === 'abs') return { v: sql`abs(${x.v})`, t: x.t, e: x.e };
        return this.roundTo(x, Decimal.ONE, e.name === 'floor' ? 'floor' : 'ceiling');
      }
      case 'round': {
        const x = this.value(this.expr(e.args[0], env));
        const stepExpr = e.args[1];
        let step = Decimal.ONE;
        if (stepExpr) {
          if (stepExpr.kind !== 'literal' || stepExpr.value.kind !== 'number') throw new SqlUnsupported(env.decision, '`round` with a step that is not a number written in the formula', e.span);
          step = stepExpr.value.value;
        }
        if (step.sign() <= 0) return { v: keyword('NULL'), t: DEC0, e: coalesceErrors([x.e, d.str(E_BAD)]) };
        if (!isDec(x.t)) return x.t.kind === 'null' ? x : this.badValue(x, env, e);
        return this.roundTo(x, step, env.roundMode);
      }
      case 'date': {
        const a = e.args[0];
        if (a && a.kind === 'literal' && a.value.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(a.value.value)) return { v: dateLit(a.value.value), t: { kind: 'date' } };
        const x = this.value(this.expr(a, env));
        return { v: d.tryCast(x.v, { kind: 'date' }), t: { kind: 'date' }, e: coalesceErrors([x.e, sql`CASE WHEN ${x.v} IS NOT NULL AND ${d.tryCast(x.v, { kind: 'date' })} IS NULL THEN ${d.str(E_BAD)} END`]) };
      }
    }
    throw new SqlUnsupported(env.decision, `the function \`${e.name}\``, e.span);
  }

  call(e: Expr & { kind: 'call' }, env: Env): X {
    const p = this.plans.get(e.decision);
    if (!p) throw new SqlUnsupported(env.decision, `no decision \`${e.decision}\``, e.span);
    const given = new Map<string, X>();
    if (e.named) for (const [k, a] of Object.entries(e.named)) given.set(k, this.value(this.expr(a, env)));
    e.args.forEach((a, i) => {
      const x = this.value(this.expr(a, env));
      if (p.params[i]) given.set(p.params[i].name, x);
    });
    const args = p.params.map((f) => {
      const x = given.get(f.name);
      return x ? this.argFor(x, f) : this.d.nullOf(this.paramSType(f));
    });
    const v = sql`${this.d.id(p.fn)}(${[...args, env.asOf]})`;
    const outputs = p.outputs.map((o, k): [string, SType] => [o.name, p.innerTypes[k] ?? typeOfKind(o.type.kind)]);
    const argErr = coalesceErrors([...given.values()].map((x) => x.e));
    return { v, t: { kind: 'null' }, e: coalesceErrors([argErr, this.d.field(v, p.errorField)]), call: { decision: e.decision, outputs } };
  }

  /** A value passed to a decision's parameter (PostgreSQL resolves functions by argument types). */
  argFor(x: X, f: Field): Sql {
    if (x.t.kind === 'null') return this.d.nullOf(this.paramSType(f));
    if (this.d.name === 'postgres') return x.v;
    if (isDec(x.t) && NUMERIC.has(f.type.kind)) return x.v;
    return x.v;
  }

  paramSType(f: Field): SType {
    return typeOfKind(f.type.kind);
  }

  // ------------------------------------------------------------ one version

  /**
   * The checked value of each input and its error: missing (NULL), not of its
   * type (more places than its DECIMAL holds in DuckDB and Spark, a fraction
   * for a whole number), outside its domain. Enums accept the key, the key in
   * double quotes and the label, as the interpreter does.
   */
  checkInput(f: Field, raw: Sql, d: Decision): { clean: X; error: Sql } {
    const D = this.d;
    const kind = f.type.kind;
    const t = typeOfKind(kind);
    const at = (code: string) => D.str(`${code}:${f.name}`);
    let clean: Sql;
    const whens: [Sql, Sql][] = [[sql`${raw} IS NULL`, at(E_MISSING)]];
    if (NUMERIC.has(kind)) {
      clean = D.name === 'postgres' ? raw : D.tryCast(raw, t);
      if (D.name !== 'postgres') {
        whens.push([sql`${clean} IS NULL`, at(E_TYPE)]);
        whens.push([sql`${clean} <> ${raw}`, at(E_TYPE)]);
      } else if (WHOLE.has(kind)) whens.push([sql`${raw} <> trunc(${raw})`, at(E_TYPE)]);
    } else if (kind === 'enum') {
      const values = f.type.values ?? [];
      const asText = D.name === 'postgres' ? raw : D.tryCast(raw, { kind: 'text' });
      const arms: Sql[] = [];
      for (const v of values) arms.push(sql`WHEN ${D.str(v.key)} THEN ${D.str(v.key)}`);
      for (const v of values) arms.push(sql`WHEN ${D.str(`"${v.key}"`)} THEN ${D.str(v.key)}`);
      for (const v of values) if (!values.some((k) => k.key === v.label)) arms.push(sql`WHEN ${D.str(v.label)} THEN ${D.str(v.key)}`);
      clean = values.length ? sql`CASE ${asText} ${list(arms, ' ')} END` : D.nullOf({ kind: 'text' });
      whens.push([sql`${clean} IS NULL`, at(E_DOMAIN)]);
    } else if (kind === 'boolean' || kind === 'date') {
      clean = D.name === 'postgres' ? raw : D.tryCast(raw, t);
      if (D.name !== 'postgres') whens.push([sql`${clean} IS NULL`, at(E_TYPE)]);
    } else {
      clean = D.name === 'postgres' ? raw : D.tryCast(raw, { kind: 'text' });
    }
    const x: X = { v: clean, t };
    const domain = domainOf(f);
    if (domain) whens.push([sql`NOT ${this.test(domain, x, this.noEnv(d))}`, at(E_DOMAIN)]);
    const error = sql`CASE ${list(whens.map(([c, v]) => sql`WHEN ${c} THEN ${v}`), ' ')} END`;
    return { clean: x, error };
  }

  noEnv(d: Decision): Env {
    return { decision: d, lookup: () => undefined, asOf: keyword('NULL'), roundMode: 'half-up' };
  }

  /** The table and formulas of one version over checked values: each output's value and the first error. */
  body(d: Decision, params: X[], asOf: Sql): { outs: X[]; error?: Sql } {
    const D = this.d;
    const rounding = roundingOf(this.model, d);
    const roundMode: RoundingMode = rounding?.mode ?? 'half-up';
    const scope = new Map<string, X>();
    const env: Env = {
      decision: d,
      asOf,
      roundMode,
      lookup: (n) => scope.get(n) ?? params[d.inputs.findIndex((f) => f.name === n)],
    };
    const baseEnv: Env = { ...env, lookup: (n) => params[d.inputs.findIndex((f) => f.name === n)] };
    const outs: (X | undefined)[] = d.outputs.map(() => undefined);
    const errors: (Sql | undefined)[] = [];
    if (d.rules.length > 0) {
      const m = d.rules.map((r) => list(r.when.map((c, i) => this.test(c.test, params[i], baseEnv)), ' AND '));
      const cellX = (entries: Decision['rules'][number]['then']) =>
        d.outputs.map((o): X => {
          const en = entries.find((t) => t.output === o.name);
          return en ? this.value(this.expr(en.expr, baseEnv)) : { v: keyword('NULL'), t: { kind: 'null' } };
        });
      const cells = d.rules.map((r) => cellX(r.then));
      const defaults = d.defaults ? cellX(d.defaults) : undefined;
      const count = sql`(${list(m.map((c) => sql`CASE WHEN ${c} THEN 1 ELSE 0 END`), ' + ')})`;
      const none = sql`${count} = 0`;
      const hit = d.hit;
      const colType = (k: number) => [...cells.map((r) => r[k].t), ...(defaults ? [defaults[k].t] : [])].reduce(unite, { kind: 'null' } as SType);
      const defaultOr = (k: number, matched: X): X => {
        if (!defaults) return matched;
        const t = unite(matched.t, defaults[k].t);
        return { v: sql`CASE WHEN ${none} THEN ${this.castTo(defaults[k], t)} ELSE ${this.castTo(matched, t)} END`, t };
      };
      const defaultErr = defaults ? coalesceErrors(defaults.map((x) => x.e)) : undefined;
      const noneError = (code: string) => (defaults ? (defaultErr ? sql`CASE WHEN ${none} THEN ${defaultErr} END` : undefined) : sql`CASE WHEN ${none} THEN ${D.str(code)} END`);
      if (hit === 'unique' || hit === 'first' || hit === 'any' || hit === 'priority') {
        let chosen: Sql[];
        if (hit === 'priority') {
          const keys = this.rankKeys(d, cells);
          const best = sql`LEAST(${m.map((c, i) => sql`CASE WHEN ${c} THEN ${keys[i]} END`)})`;
          chosen = m.map((_, i) => sql`${best} = ${keys[i]}`);
        } else chosen = m;
        d.outputs.forEach((_, k) => {
          const t = colType(k);
          const v: X = { v: sql`CASE ${list(chosen.map((c, i) => sql`WHEN ${c} THEN ${this.castTo(cells[i][k], t)}`), ' ')} END`, t };
          outs[k] = defaultOr(k, v);
        });
        errors.push(noneError(E_NOMATCH));
        if (hit === 'unique') errors.push(sql`CASE WHEN ${count} > 1 THEN ${D.str(E_UNIQUE)} END`);
        const cellErrs = cells.map((r) => coalesceErrors(r.map((x) => x.e)));
        if (cellErrs.some(Boolean)) {
          if (hit === 'any') errors.push(coalesceErrors(cellErrs.map((e, i) => (e ? sql`CASE WHEN ${m[i]} THEN ${e} END` : undefined))));
          else errors.push(sql`CASE ${list(chosen.map((c, i) => sql`WHEN ${c} THEN ${cellErrs[i] ?? keyword('NULL')}`), ' ')} END`);
        }
        if (hit === 'any') {
          const differs = m.flatMap((c, i) => d.outputs.map((_, k) => sql`(${c} AND NOT ${this.equal(cells[i][k], outs[k]!)})`));
          errors.push(sql`CASE WHEN ${list(differs, ' OR ')} THEN ${D.str(E_UNIQUE)} END`);
        }
      } else {
        const cellErrs = coalesceErrors(cells.map((r, i) => {
          const e = coalesceErrors(r.map((x) => x.e));
          return e ? sql`CASE WHEN ${m[i]} THEN ${e} END` : undefined;
        }));
        if (cellErrs) errors.push(cellErrs);
        const keys = hit === 'output-order' ? this.rankKeys(d, cells) : d.rules.map((_, i) => int(i));
        d.outputs.forEach((o, k) => {
          const t = colType(k);
          const money = o.type.kind === 'money' && rounding;
          let agg: X;
          if (LISTS.has(hit)) {
            // Money elements are rounded one by one: the same as rounding the list afterwards.
            const elems = cells.map((r) => (money && isDec(r[k].t) ? this.roundTo(r[k], rounding.step, rounding.mode) : r[k]));
            const et = elems.map((x) => x.t).reduce(unite, { kind: 'null' } as SType);
            const of = et.kind === 'null' ? typeOfKind(o.type.kind) : et;
            agg = { v: D.orderedList(elems.map((x, i) => ({ k: keys[i], m: m[i], v: this.castTo(x, of) })), of), t: { kind: 'list', of } };
          } else if (hit === 'collect-count') {
            agg = { v: this.d.cast(count, { kind: 'dec', p: 18, s: 0 }), t: { kind: 'dec', p: 18, s: 0 } };
          } else if (hit === 'collect-sum') {
            const st = isDec(t) ? fit(t.p - t.s + 6, t.s) : DEC0;
            agg = { v: this.d.cast(sql`(${list(cells.map((r, i) => sql`CASE WHEN ${m[i]} AND ${r[k].v} IS NOT NULL THEN ${this.castTo(r[k], st)} ELSE 0 END`), ' + ')})`, st), t: st };
          } else {
            agg = { v: sql`${keyword(hit === 'collect-min' ? 'LEAST' : 'GREATEST')}(${cells.map((r, i) => sql`CASE WHEN ${m[i]} THEN ${this.castTo(r[k], t)} END`)})`, t };
          }
          if (defaults) agg = defaultOr(k, agg);
          outs[k] = agg;
        });
        if (hit === 'collect-min' || hit === 'collect-max') errors.push(noneError(E_NOMATCH));
        else if (defaults && defaultErr) errors.push(sql`CASE WHEN ${none} THEN ${defaultErr} END`);
      }
    }
    for (const f of d.formulas) {
      const x = this.value(this.expr(f.expr, env));
      const k = d.outputs.findIndex((o) => o.name === f.output);
      if (x.call) throw new SqlUnsupported(d, `\`${f.output}\` is a whole decision result; name one of its outputs`, f.span);
      scope.set(f.output, { v: x.v, t: x.t });
      if (k >= 0) outs[k] = { v: x.v, t: x.t };
      errors.push(x.e);
    }
    const final = d.outputs.map((o, k): X => {
      const x = outs[k] ?? { v: keyword('NULL'), t: { kind: 'null' } };
      if (o.type.kind === 'money' && rounding && isDec(x.t) && !LISTS.has(d.hit)) return this.roundTo(x, rounding.step, rounding.mode);
      return x;
    });
    return { outs: final, error: coalesceErrors(errors) };
  }

  /** An integer per row ordering it by its outputs' priority lists (enum order or `priority:`), then by position. */
  rankKeys(d: Decision, cells: X[][]): Sql[] {
    const ranks = d.outputs.map((o) => (o.type.values ? o.type.values.map((v): Literal => ({ kind: 'string', value: v.key })) : o.type.priority));
    const base = Math.max(1, ...ranks.map((r) => (r ? r.length + 1 : 1)));
    const n = d.rules.length;
    return cells.map((row, i) => {
      let key: Sql = int(0);
      row.forEach((x, k) => {
        const r = ranks[k];
        if (!r) return;
        const rank = sql`CASE ${list(r.map((l, j) => sql`WHEN ${this.equal(x, this.lit(l))} THEN ${int(j)}`), ' ')} ELSE ${int(r.length)} END`;
        key = sql`(${key} * ${int(base)} + ${rank})`;
      });
      return sql`(${key} * ${int(n)} + ${int(i)})`;
    });
  }
}

interface Env {
  decision: Decision;
  lookup(name: string): X | undefined;
  asOf: Sql;
  roundMode: RoundingMode;
  cell?: X;
}

function domainOf(f: Field): UnaryTest | undefined {
  if (f.type.domain) return f.type.domain;
  const zero: Literal = { kind: 'number', value: Decimal.ZERO };
  switch (f.type.kind) {
    case 'percent':
      return { kind: 'range', low: zero, high: { kind: 'number', value: Decimal.ONE }, lowClosed: true, highClosed: true };
    case 'money':
    case 'months':
    case 'days':
      return { kind: 'compare', op: '>=', value: zero };
    default:
      return undefined;
  }
}

/** The type of each output, from every version's compiled value (widest wins; money at its rounding step). */
function outputTypes(model: Model, gen: Gen, p: DecisionPlan): { declared: SType[]; inner: SType[] } {
  const versions = model.decisions.get(p.id)!;
  const types: SType[] = p.outputs.map(() => ({ kind: 'null' }));
  for (const d of versions) {
    const params = d.inputs.map((f) => ({ v: gen.d.id(f.name), t: typeOfKind(f.type.kind) }) as X);
    const { outs } = gen.body(d, params, keyword('NULL'));
    outs.forEach((x, k) => (types[k] = unite(types[k], x.t)));
  }
  const inner = types.map((t, k): SType => {
    const o = p.outputs[k];
    if (t.kind !== 'null') return t;
    return LISTS.has(versions[0].hit) ? { kind: 'list', of: typeOfKind(o.type.kind) } : NUMERIC.has(o.type.kind) ? { kind: 'dec', p: 18, s: 0 } : typeOfKind(o.type.kind);
  });
  const declared = inner.map((t): SType => {
    if (isDec(t)) return { kind: 'dec', p: 38, s: t.s };
    if (t.kind === 'list' && isDec(t.of)) return { kind: 'list', of: { kind: 'dec', p: 38, s: t.of.s } };
    return t;
  });
  return { declared, inner };
}

/** One dialect's script. */
function script(model: Model, d: Dialect, plans: Map<string, DecisionPlan>, ids: string[]): string {
  const gen = new Gen(model, d, plans);
  const out: Sql[] = [
    comment(`rulebook: the decisions of ${model.config.title} as ${d.name === 'duckdb' ? 'DuckDB macros' : d.name === 'postgres' ? 'PostgreSQL functions' : 'Spark SQL functions'}. Generated; do not edit.`),
    comment('Each decision f(inputs..., as_of) gives a struct of its outputs and `error` (NULL, or the error code and the input at fault: out-of-domain:conversion).'),
    comment('f__<output>(...) gives one output (NULL on error), f__error(...) the error. A percent is a fraction (72% = 0.72).'),
  ];
  out.push(...d.prologue(ids.map((id) => plans.get(id)!.typeName), ids.flatMap((id) => [plans.get(id)!.fn])));
  for (const id of ids) {
    const p = plans.get(id)!;
    const versions = model.decisions.get(id)!;
    const fieldTypes: [string, SType][] = [...p.outputs.map((o, k): [string, SType] => [o.name, p.outTypes[k]]), [p.errorField, { kind: 'text' }]];
    const structType = d.name === 'spark' ? sql`STRUCT<${fieldTypes.map(([n, t]) => sql`${d.id(n)}: ${d.type(t)}`)}>` : d.name === 'postgres' ? d.id(p.typeName) : keyword('VOID');
    const make = (values: Sql[], error: Sql) => d.struct(p.typeName, [...p.outputs.map((o, k): [string, Sql] => [o.name, values[k]]), [p.errorField, error]]);
    const nulls = p.outTypes.map((t) => d.nullOf(t));
    const errorStruct = (e: Sql) => make(nulls, e);
    const title = versions[versions.length - 1].title;
    out.push(sql``, comment(`${id}${title ? ` — ${title}` : ''}`));
    out.push(...d.resultType(p.typeName, fieldTypes.map(([n, t]) => [n, d.type(t)])));
    const asOfParam = d.id(p.asOfParam);
    versions.forEach((v, k) => {
      const vf = p.versionFns[k];
      const rawParams: Param[] = v.inputs.map((f) => ({ name: f.name, type: d.paramType(gen.paramSType(f), WHOLE.has(f.type.kind)) }));
      const period = periodOf(model, v);
      out.push(comment(`version ${k + 1}${period ? `: from ${period.from.iso}${period.until ? ` until ${period.until.iso} (exclusive)` : ''}` : ''}`));
      // The body: table and formulas over checked values, as parameters so that each is computed once.
      const cleanTypes = v.inputs.map((f) => typeOfKind(f.type.kind));
      const bodyParams: Param[] = [...v.inputs.map((f, i) => ({ name: f.name, type: d.type(cleanTypes[i]) })), { name: p.asOfParam, type: keyword('DATE') }];
      const xs = v.inputs.map((f, i): X => ({ v: d.id(f.name), t: cleanTypes[i] }));
      const { outs, error } = gen.body(v, xs, asOfParam);
      const outVals = outs.map((x, j) => gen.castTo(x, p.outTypes[j]));
      const bodyExpr = error ? sql`CASE WHEN ${error} IS NOT NULL THEN ${errorStruct(error)} ELSE ${make(outVals, keyword('NULL'))} END` : make(outVals, d.nullOf({ kind: 'text' }));
      out.push(d.fn(vf.body, bodyParams, structType, bodyExpr));
      // The checked entry: the input contract, then the body on clean values.
      const checks = v.inputs.map((f) => gen.checkInput(f, d.id(f.name), v));
      const inErr = coalesceErrors(checks.map((c) => c.error))!;
      const call = sql`${d.id(vf.body)}(${[...checks.map((c) => c.clean.v), asOfParam]})`;
      const entry = v.inputs.length ? sql`CASE WHEN ${inErr} IS NOT NULL THEN ${errorStruct(inErr)} ELSE ${call} END` : call;
      out.push(d.fn(vf.fn, [...rawParams, { name: p.asOfParam, type: keyword('DATE') }], structType, entry));
    });
    // The dispatcher: exceptions first, then the version in force on as_of (NULL = today).
    // The exceptions' extra inputs may be left out (NULL): the exception then does not apply.
    const own = versions[versions.length - 1].inputs.length;
    const params: Param[] = [
      ...p.params.map((f, i) => ({ name: f.name, type: d.paramType(gen.paramSType(f), WHOLE.has(f.type.kind)), ...(i >= own ? { dflt: keyword('NULL') } : {}) })),
      { name: p.asOfParam, type: keyword('DATE'), dflt: d.today },
    ];
    const date = sql`COALESCE(${asOfParam}, ${d.today})`;
    const arms = versions
      .map((v, k) => {
        const period = periodOf(model, v);
        const cond = period ? sql`${date} >= ${dateLit(period.from.iso)}${period.until ? sql` AND ${date} < ${dateLit(period.until.iso)}` : sql``}` : bool(true);
        const args = v.inputs.map((f) => d.id(f.name));
        return sql`WHEN ${cond} THEN ${d.id(p.versionFns[k].fn)}(${[...args, date]})`;
      })
      .reverse();
    let body = sql`CASE ${list(arms, ' ')} ELSE ${errorStruct(d.str(E_VERSION))} END`;
    for (const x of [...p.exceptions].reverse()) {
      const xp = plans.get(x)!;
      const xargs = xp.params.map((f) => d.id(f.name));
      const xcall = sql`${d.id(xp.fn)}(${[...xargs, date]})`;
      const asG = make(p.outputs.map((o, k) => d.cast(d.field(xcall, o.name), p.outTypes[k])), keyword('NULL'));
      body = sql`CASE WHEN ${d.field(xcall, xp.errorField)} IS NULL THEN ${asG} ELSE ${body} END`;
    }
    out.push(comment(p.exceptions.length ? `in force on as_of; where ${p.exceptions.join(', ')} applies, its answer` : 'the version in force on as_of'));
    out.push(d.fn(p.fn, params, structType, body));
    const all = sql`${d.id(p.fn)}(${[...p.params.map((f) => d.id(f.name)), asOfParam]})`;
    p.outputs.forEach((o, k) => out.push(d.fn(p.outputFns[k].fn, params, d.type(p.outTypes[k]), d.field(all, o.name))));
    out.push(d.fn(p.errorFn, params, d.type({ kind: 'text' }), d.field(all, p.errorField)));
  }
  return out.map((s) => s.text).join('\n') + '\n';
}

/** The three scripts and the manifest of a model. Throws `SqlUnsupported` for a construct SQL cannot express, `SqlNameError` for a name it cannot hold. */
export function generateSql(model: Model): SqlOutput {
  const plans = plan(model);
  const ids = order(model, plans);
  // Output types: from DuckDB's typing (the same tracking holds in every dialect), callees first.
  const probe = new Gen(model, DIALECTS.duckdb, plans);
  for (const id of ids) {
    const p = plans.get(id)!;
    const types = outputTypes(model, probe, p);
    p.outTypes = types.declared;
    p.innerTypes = types.inner;
  }
  const files = new Map<string, string>();
  const dialects: DialectName[] = ['duckdb', 'postgres', 'spark'];
  for (const name of dialects) files.set(`${name}.sql`, script(model, DIALECTS[name], plans, ids));
  const manifest = manifestOf(model, plans, ids, dialects);
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}

function manifestOf(model: Model, plans: Map<string, DecisionPlan>, ids: string[], dialects: DialectName[]): SqlManifest {
  const per = (f: (d: DialectName) => string) => Object.fromEntries(dialects.map((d) => [d, f(d)])) as Record<DialectName, string>;
  const decisions: SqlManifest['decisions'] = {};
  for (const id of [...ids].sort()) {
    const p = plans.get(id)!;
    const versions = model.decisions.get(id)!;
    const latest = versions[versions.length - 1];
    const fields: [string, SType][] = [...p.outputs.map((o, k): [string, SType] => [o.name, p.outTypes[k]]), [p.errorField, { kind: 'text' }]];
    decisions[id] = {
      ...(latest.title !== undefined ? { title: latest.title } : {}),
      function: p.fn,
      arguments: p.params.map((f) => ({
        name: f.name,
        kind: f.type.kind,
        ...(f.label !== undefined ? { label: f.label } : {}),
        ...(f.type.values ? { values: f.type.values.map((v) => v.key) } : {}),
        types: per((d) => typeText(d, typeOfKind(f.type.kind))),
      })),
      asOf: { name: p.asOfParam, default: 'current_date' },
      result: per((d) => structTypeText(d, p.typeName, fields)),
      outputs: p.outputs.map((o, k) => ({
        name: o.name,
        kind: o.type.kind,
        ...(o.label !== undefined ? { label: o.label } : {}),
        function: p.outputFns[k].fn,
        types: per((d) => typeText(d, p.outTypes[k])),
      })),
      error: { field: p.errorField, function: p.errorFn },
      overriddenBy: p.exceptions,
    };
  }
  return {
    format: 'rulebook-sql/1',
    dialects,
    conventions: {
      percent: 'a fraction: 72% is 0.72',
      money: 'DECIMAL; results rounded once by the declared rounding',
      enum: 'the key as text (the label and the key in double quotes are accepted too)',
      asOf: 'the date whose version applies; NULL or omitted: the current date',
      error: 'NULL on success, else the error code, then `:` and the input at fault when there is one (out-of-domain:conversion)',
      duckdbSparkPlaces: 'DuckDB and Spark take money with up to 4 places, percents up to 8, numbers up to 8; more is the error wrong-type. PostgreSQL takes numeric at any size.',
      division: `a quotient keeps ${DIV_SCALE} places (half-even) before money is rounded`,
    },
    decisions,
  };
}

export { SqlNameError };
