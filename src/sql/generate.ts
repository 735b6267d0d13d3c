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
import type { Model, Rounding } from '../model/index.js';
import { type RoundingMode } from '../runtime/decimal.js';
import { NUMERIC_KINDS, WHOLE_KINDS } from '../runtime/semantics.js';
import { bool, comment, dateLit, keyword, list, sql, SqlNameError, type DialectName, type Sql } from './fragment.js';
import { DIALECTS, structTypeText, typeText, type Dialect, type Param, type SType } from './dialect.js';
import { LISTS, DIV_SCALE, E_UNIQUE, E_VERSION, NOT_APPLICABLE, SqlUnsupported, type X, isDec, unite, typeOfKind, coalesceErrors, type DecisionPlan, periodOf, plan, order } from './plan.js';
import { Gen } from './gen.js';


export { INPUT_TYPES, SqlUnsupported, type DecisionPlan } from './plan.js';

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
    return LISTS.has(versions[0].hit) ? { kind: 'list', of: typeOfKind(o.type.kind) } : NUMERIC_KINDS.has(o.type.kind) ? { kind: 'dec', p: 18, s: 0 } : typeOfKind(o.type.kind);
  });
  const declared = inner.map((t): SType => {
    if (isDec(t)) return { kind: 'dec', p: 38, s: t.s };
    if (t.kind === 'list' && isDec(t.of)) return { kind: 'list', of: { kind: 'dec', p: 38, s: t.of.s } };
    return t;
  });
  return { declared, inner };
}

/** One dialect's script. */
/** The struct (composite) type of a decision's result, as a parameter type. */
function structTypeOf(d: Dialect, p: DecisionPlan): Sql {
  const fieldTypes: [string, SType][] = [...p.outputs.map((o, k): [string, SType] => [o.name, p.outTypes[k]]), [p.errorField, { kind: 'text' }]];
  if (d.name === 'spark') return sql`STRUCT<${fieldTypes.map(([n, t]) => sql`${d.id(n)}: ${d.type(t)}`)}>`;
  return d.name === 'postgres' ? d.id(p.typeName) : keyword('VOID');
}

/**
 * Functions that compute `bindings` one at a time, each a parameter of the
 * next, ending in `last`: `name(params)` = `name__2(params, b1)`, … PostgreSQL
 * evaluates a function's arguments once, so a call written in a value and in
 * its error is run once. Given last stage first (PostgreSQL resolves a body's
 * functions when it is created).
 */
function staged(d: Dialect, name: string, stageName: (k: number) => string, params: Param[], bindings: { name: string; sql: Sql; type: Sql }[], returns: Sql, last: Sql): Sql[] {
  const out: Sql[] = [];
  const nameAt = (k: number) => (k === 0 ? name : stageName(k));
  for (let k = bindings.length; k >= 0; k--) {
    const ps: Param[] = [...params, ...bindings.slice(0, k).map((b) => ({ name: b.name, type: b.type }))];
    const body = k === bindings.length ? last : sql`${d.id(nameAt(k + 1))}(${[...ps.map((p) => d.id(p.name)), bindings[k].sql]})`;
    out.push(d.fn(nameAt(k), ps, returns, body));
  }
  return out;
}

function script(model: Model, d: Dialect, plans: Map<string, DecisionPlan>, ids: string[], stage: (key: string, base: string) => string): string {
  const gen = new Gen(model, d, plans);
  const out: Sql[] = [
    comment(`rulebook: the decisions of ${model.config.title} as ${d.name === 'duckdb' ? 'DuckDB macros' : d.name === 'postgres' ? 'PostgreSQL functions' : 'Spark SQL functions'}. Generated; do not edit.`),
    comment('Each decision f(inputs..., as_of) gives a struct of its outputs and `error` (NULL, or the error code and the input at fault: out-of-domain:conversion).'),
    comment('f__<output>(...) gives one output (NULL on error), f__error(...) the error. A percent is a fraction (72% = 0.72).'),
  ];
  out.push(...d.prologue(ids.map((id) => plans.get(id)!.typeName), ids.flatMap((id) => [plans.get(id)!.fn])));
  if (d.name === 'postgres') {
    // Rounding of an integer quotient, one function per mode, so that its operands are computed once.
    gen.inHelper = true;
    for (const mode of ['half-up', 'half-even', 'half-down', 'up', 'down', 'ceiling', 'floor'] as RoundingMode[]) {
      out.push(d.fn(`rulebook__rq_${mode.replace('-', '_')}`, [{ name: 'a', type: keyword('numeric') }, { name: 'b', type: keyword('numeric') }], keyword('numeric'), gen.roundQuot(d.id('a'), d.id('b'), mode)));
    }
    gen.inHelper = false;
  }
  for (const id of ids) {
    const p = plans.get(id)!;
    const versions = model.decisions.get(id)!;
    const fieldTypes: [string, SType][] = [...p.outputs.map((o, k): [string, SType] => [o.name, p.outTypes[k]]), [p.errorField, { kind: 'text' }]];
    const structType = structTypeOf(d, p);
    const make = (values: Sql[], error: Sql) => d.struct(p.typeName, [...p.outputs.map((o, k): [string, Sql] => [o.name, values[k]]), [p.errorField, error]]);
    const nulls = p.outTypes.map((t) => d.nullOf(t));
    const errorStruct = (e: Sql) => make(nulls, e);
    const title = versions[versions.length - 1].title;
    out.push(sql``, comment(`${id}${title ? ` — ${title}` : ''}`));
    out.push(...d.resultType(p.typeName, fieldTypes.map(([n, t]) => [n, d.type(t)])));
    const asOfParam = d.id(p.asOfParam);
    const isException = [...plans.values()].some((g) => g.exceptions.includes(id));
    // Every function of the decision takes every asked input (its own, then its exceptions' further ones), so that an exception gets its facts.
    const rawParams: Param[] = p.params.map((f) => ({ name: f.name, type: d.paramType(gen.paramSType(f), WHOLE_KINDS.has(f.type.kind)) }));
    const withDate: Param[] = [...rawParams, { name: p.asOfParam, type: keyword('DATE') }];
    const rawArgs = [...p.params.map((f) => d.id(f.name)), asOfParam];
    // The exceptions, asked as exceptions (lenient), each result computed once.
    const exceptionCalls = p.exceptions.map((x, k) => {
      const xp = plans.get(x)!;
      return { name: `rulebook_exception_${k + 1}`, sql: sql`${d.id(xp.lenientFn)}(${[...xp.params.map((f) => d.id(f.name)), asOfParam]})`, type: structTypeOf(d, xp), plan: xp };
    });
    /** After the input check: the first error an exception raises, else the answer of those that apply (they must agree), else `own`. */
    const withExceptions = (own: Sql): Sql => {
      if (exceptionCalls.length === 0) return own;
      const r = exceptionCalls.map((x) => ({ v: d.id(x.name), err: d.field(d.id(x.name), x.plan.errorField) }));
      const raised = coalesceErrors(r.map((x) => sql`CASE WHEN ${x.err} <> ${d.str(NOT_APPLICABLE)} THEN ${x.err} END`))!;
      const applies = list(r.map((x) => sql`${x.err} IS NULL`), ' OR ');
      const first = p.outputs.map((o, j) => sql`CASE ${list(r.map((x) => sql`WHEN ${x.err} IS NULL THEN ${d.cast(d.field(x.v, o.name), p.outTypes[j])}`), ' ')} END`);
      const pairs: Sql[] = [];
      for (let a = 0; a < r.length; a++)
        for (let b = a + 1; b < r.length; b++)
          for (const o of p.outputs) pairs.push(sql`(${r[a].err} IS NULL AND ${r[b].err} IS NULL AND ${d.field(r[a].v, o.name)} IS DISTINCT FROM ${d.field(r[b].v, o.name)})`);
      const agreed = pairs.length ? sql`CASE WHEN ${list(pairs, ' OR ')} THEN ${errorStruct(d.str(E_UNIQUE))} ELSE ${make(first, keyword('NULL'))} END` : make(first, keyword('NULL'));
      return sql`CASE WHEN ${raised} IS NOT NULL THEN ${errorStruct(raised)} WHEN ${applies} THEN ${agreed} ELSE ${own} END`;
    };
    versions.forEach((v, k) => {
      const vf = p.versionFns[k];
      const period = periodOf(model, v);
      out.push(comment(`version ${k + 1}${period ? `: from ${period.from.iso}${period.until ? ` until ${period.until.iso} (exclusive)` : ''}` : ''}`));
      for (const lenient of isException ? [false, true] : [false]) {
        // The body: table and formulas over checked values, as parameters so that each is computed once.
        const bodyName = lenient ? vf.lenientBody : vf.body;
        const cleanTypes = v.inputs.map((f) => typeOfKind(f.type.kind));
        const bodyParams: Param[] = [...v.inputs.map((f, i) => ({ name: f.name, type: d.type(cleanTypes[i]) })), { name: p.asOfParam, type: keyword('DATE') }];
        const xs = v.inputs.map((f, i): X => ({ v: d.id(f.name), t: cleanTypes[i] }));
        gen.bindings = [];
        const { outs, error } = gen.body(v, xs, asOfParam, lenient);
        const binds = gen.bindings.map((b) => ({ ...b, type: structTypeOf(d, plans.get(b.decision)!) }));
        gen.bindings = undefined;
        const outVals = outs.map((x, j) => gen.castTo(x, p.outTypes[j]));
        const bodyExpr = error ? sql`CASE WHEN ${error} IS NOT NULL THEN ${errorStruct(error)} ELSE ${make(outVals, keyword('NULL'))} END` : make(outVals, d.nullOf({ kind: 'text' }));
        out.push(...staged(d, bodyName, (j) => stage(`${bodyName}#${j}`, `${bodyName}__${j + 1}`), bodyParams, binds, structType, bodyExpr));
        // The checked entry: the input contract, then the exceptions, then the body on clean values.
        const checks = v.inputs.map((f) => gen.checkInput(f, d.id(f.name), v, lenient));
        const inErr = coalesceErrors(checks.map((c) => c.error));
        const call = sql`${d.id(bodyName)}(${[...checks.map((c) => c.clean.v), asOfParam]})`;
        const entryName = lenient ? vf.lenient : vf.fn;
        let afterCheck = call;
        if (exceptionCalls.length) {
          const first = stage(`${entryName}#x0`, `${entryName}__x`);
          out.push(...staged(d, first, (j) => stage(`${entryName}#x${j}`, `${entryName}__x${j + 1}`), withDate, exceptionCalls, structType, withExceptions(call)));
          afterCheck = sql`${d.id(first)}(${rawArgs})`;
        }
        const entry = inErr ? sql`CASE WHEN ${inErr} IS NOT NULL THEN ${errorStruct(inErr)} ELSE ${afterCheck} END` : afterCheck;
        out.push(d.fn(entryName, withDate, structType, entry));
      }
    });
    // The dispatcher: the version in force on as_of (NULL = today). The exceptions' further inputs may be left out: they are then missing.
    const own = versions[versions.length - 1].inputs.length;
    const params: Param[] = [
      ...p.params.map((f, i) => ({ name: f.name, type: d.paramType(gen.paramSType(f), WHOLE_KINDS.has(f.type.kind)), ...(i >= own ? { dflt: keyword('NULL') } : {}) })),
      { name: p.asOfParam, type: keyword('DATE'), dflt: d.today },
    ];
    const date = sql`COALESCE(${asOfParam}, ${d.today})`;
    const dispatch = (lenient: boolean) => {
      const arms = versions
        .map((v, k) => {
          const period = periodOf(model, v);
          const cond = period ? sql`${date} >= ${dateLit(period.from.iso)}${period.until ? sql` AND ${date} < ${dateLit(period.until.iso)}` : sql``}` : bool(true);
          return sql`WHEN ${cond} THEN ${d.id(lenient ? p.versionFns[k].lenient : p.versionFns[k].fn)}(${[...p.params.map((f) => d.id(f.name)), date]})`;
        })
        .reverse();
      // An exception with no version on the date does not apply.
      return sql`CASE ${list(arms, ' ')} ELSE ${errorStruct(d.str(lenient ? NOT_APPLICABLE : E_VERSION))} END`;
    };
    if (isException) out.push(d.fn(p.lenientFn, withDate, structType, dispatch(true)));
    const body = dispatch(false);
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
  const { plans, names } = plan(model);
  const ids = order(model, plans);
  const stageNames = new Map<string, string>();
  const stage = (key: string, base: string) => {
    let n = stageNames.get(key);
    if (!n) stageNames.set(key, (n = names.take(base)));
    return n;
  };
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
  for (const name of dialects) files.set(`${name}.sql`, script(model, DIALECTS[name], plans, ids, stage));
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
        types: per((d) => DIALECTS[d].paramType(typeOfKind(f.type.kind), WHOLE_KINDS.has(f.type.kind)).text),
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
