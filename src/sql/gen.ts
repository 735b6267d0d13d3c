/**
 * One decision version as SQL in one dialect: its inputs checked in the
 * interpreter's order, its cells and hit policy, its formulas with exact
 * decimal arithmetic (precision and scale tracked per value), calls to other
 * decisions. One class of about 600 lines: its methods share the dialect, the
 * plan and the names, and each is one construct of the language.
 */
import type { Decision, Expr, Field, Literal, Model, UnaryTest, Value } from '../model/index.js';
import { Decimal, type RoundingMode } from '../runtime/decimal.js';
import { NUMERIC_KINDS, WHOLE_KINDS } from '../runtime/semantics.js';
import { bool, dateLit, int, keyword, list, num, op, sql, type Sql } from './fragment.js';
import { MAX_P, type Dialect, type SType } from './dialect.js';
import { LISTS, DIV_SCALE, E_MISSING, E_TYPE, E_DOMAIN, E_NOMATCH, E_UNIQUE, E_DIV0, E_BAD, NOT_APPLICABLE, SqlUnsupported, type X, DEC0, isDec, digitsOf, unite, fit, typeOfKind, coalesceErrors, type DecisionPlan, roundingOf, order } from './plan.js';

/** A decision call computed once, before the expression that uses it (a parameter of the next stage). */
interface Binding {
  name: string;
  sql: Sql;
  decision: string;
}

/** The generator for one dialect. */
export class Gen {
  /** While a version's body is compiled: its calls, each bound once (PostgreSQL would otherwise run a call as often as it is written). */
  bindings?: Binding[];
  /** Set while the rounding helpers themselves are written. */
  inHelper = false;

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

  // ------------------------------------------------------------ exact integer rounding

  /**
   * `round(a / b)` to an integer by `mode`, for integers `a` and `b > 0` (SQL
   * expressions of exact integers). Quotient toward zero and remainder, then
   * one step away from zero where the mode says so: the interpreter's divRound.
   */
  roundQuot(a: Sql, b: Sql, mode: RoundingMode): Sql {
    // In PostgreSQL a helper function takes the operands as arguments, so each is computed once.
    if (this.d.name === 'postgres' && !this.inHelper) return sql`${this.d.id(`rulebook__rq_${mode.replace('-', '_')}`)}(${a}, ${b})`;
    const q = this.d.tdiv(a, b);
    const r = this.d.tmod(a, b);
    // One step away from zero; no sign(): Spark's gives a DOUBLE, which would make the sum a float.
    const away = (cond: Sql) => sql`(${q} + CASE WHEN NOT (${cond}) THEN 0 WHEN ${r} < 0 THEN -1 ELSE 1 END)`;
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
    const scaledX = this.d.toInt(sql`(${this.d.cast(x.v, x.t)} * ${this.decLit(Decimal.fromBigInt(10n ** BigInt(S)))})`);
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
        if (!isDec(x.t)) return this.badValue(x);
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

  /** A value the operation cannot take (the interpreter's `bad-value`). */
  badValue(x: X): X {
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
    if (!isDec(a.t) || !isDec(b.t)) return this.badValue({ ...a, e: both });
    const ta = a.t;
    const tb = b.t;
    switch (e.op) {
      case '+':
      case '-':
        return { ...this.addX(a, b, e.op), e: both };
      case '*': {
        return { ...this.mulX(a, b), e: both };
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

  /**
   * The exact product. Where the operands' declared widths would pass 38
   * digits, they are narrowed first, integer digits before places (values
   * that no longer fit raise the engine's overflow error rather than lose a
   * cent): Spark would otherwise drop places on its own terms.
   */
  mulX(a: X, b: X): X {
    const ta = a.t as { p: number; s: number };
    const tb = b.t as { p: number; s: number };
    let [sa, sb] = [ta.s, tb.s];
    while (sa + sb > 24) {
      if (sa >= sb) sa--;
      else sb--;
    }
    let [ia, ib] = [ta.p - ta.s, tb.p - tb.s];
    const budget = MAX_P - 1 - sa - sb;
    if (ia + ib > budget) {
      const half = Math.ceil(budget / 2);
      if (ia > half && ib > budget - half) {
        ia = half;
        ib = budget - half;
      } else if (ia > ib) ia = budget - ib;
      else ib = budget - ia;
    }
    const narrow = (x: X, t: { p: number; s: number }, i: number, s: number) => (i === t.p - t.s && s === t.s ? x.v : this.d.cast(x.v, { kind: 'dec', p: Math.max(1, i + s), s }));
    const t = fit(ia + ib + 1, sa + sb);
    return { v: this.d.cast(sql`(${narrow(a, ta, ia, sa)} * ${narrow(b, tb, ib, sb)})`, t), t };
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
        if (!isDec(x.t)) return this.badValue(x);
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
        if (!isDec(x.t)) return x.t.kind === 'null' ? x : this.badValue(x);
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
    let v = sql`${this.d.id(p.fn)}(${[...args, env.asOf]})`;
    if (this.bindings) {
      const name = `rulebook_call_${this.bindings.length + 1}`;
      this.bindings.push({ name, sql: v, decision: e.decision });
      v = this.d.id(name);
    }
    const outputs = p.outputs.map((o, k): [string, SType] => [o.name, p.innerTypes[k] ?? typeOfKind(o.type.kind)]);
    const argErr = coalesceErrors([...given.values()].map((x) => x.e));
    return { v, t: { kind: 'null' }, e: coalesceErrors([argErr, this.d.field(v, p.errorField)]), call: { decision: e.decision, outputs } };
  }

  /** A value passed to a decision's parameter: a bare NULL gets the parameter's type (PostgreSQL resolves functions by argument types). */
  argFor(x: X, f: Field): Sql {
    return x.t.kind === 'null' ? this.d.nullOf(this.paramSType(f)) : x.v;
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
  checkInput(f: Field, raw0: Sql, d: Decision, lenient = false): { clean: X; error: Sql } {
    const D = this.d;
    // A declared default stands in for a missing value.
    const raw = f.default !== undefined && f.default !== null ? sql`COALESCE(${raw0}, ${this.valueLit(f.default)})` : raw0;
    const kind = f.type.kind;
    const t = typeOfKind(kind);
    const at = (code: string) => D.str(`${code}:${f.name}`);
    let clean: Sql;
    const whens: [Sql, Sql][] = [[sql`${raw} IS NULL`, at(E_MISSING)]];
    if (NUMERIC_KINDS.has(kind)) {
      clean = D.name === 'postgres' ? raw : D.tryCast(raw, t);
      if (D.name !== 'postgres') {
        whens.push([sql`${clean} IS NULL`, at(E_TYPE)]);
        whens.push([sql`${clean} <> ${raw}`, at(E_TYPE)]);
      } else if (WHOLE_KINDS.has(kind)) whens.push([sql`${raw} <> trunc(${raw})`, at(E_TYPE)]);
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
    if (domain) whens.push([sql`NOT ${this.test(domain, x, this.noEnv(d))}`, lenient ? D.str(NOT_APPLICABLE) : at(E_DOMAIN)]);
    const error = sql`CASE ${list(whens.map(([c, v]) => sql`WHEN ${c} THEN ${v}`), ' ')} END`;
    return { clean: x, error };
  }

  /** A runtime value (an input's default) as a literal. */
  valueLit(v: Value): Sql {
    if (Decimal.isDecimal(v)) return this.decLit(v);
    if (typeof v === 'boolean') return bool(v);
    if (typeof v === 'string') return this.d.str(v);
    if (typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'date') return dateLit((v as { iso: string }).iso);
    return keyword('NULL');
  }

  noEnv(d: Decision): Env {
    return { decision: d, lookup: () => undefined, asOf: keyword('NULL'), roundMode: 'half-up' };
  }

  /** The table and formulas of one version over checked values: each output's value and the first error. */
  body(d: Decision, params: X[], asOf: Sql, lenient = false): { outs: X[]; error?: Sql } {
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
      // As an exception (lenient), no row of its own matching means it does not apply.
      const noneError = (code: string) => (defaults ? (defaultErr ? sql`CASE WHEN ${none} THEN ${defaultErr} END` : undefined) : sql`CASE WHEN ${none} THEN ${D.str(lenient && code === E_NOMATCH ? NOT_APPLICABLE : code)} END`);
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
