/**
 * `invariant`: every `assert:` of a decision (`monotonic`, `that`) and of a
 * document (`forAll … that`) is evaluated at representative points of each
 * input: every value a cell or domain mentions, and one value inside each
 * stretch between them. Tables give constant outputs on those stretches, so
 * over tables with literal outputs this is a proof; over formulas it is a
 * dense test. A failure gives the counterexample.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { word } from '../../diagnostics/catalogue.js';
import { formatExpr, formatValue } from '../../lang/format.js';
import { walkExpr } from '../../lang/walk.js';
import type { Assertion, Decision, Expr, Field, Model, UnaryTest, Value } from '../../model/index.js';
import { Decimal } from '../../runtime/decimal.js';
import { showPoint } from '../context.js';
import { buildAxis, testNumbers, UnsupportedError, type Axis } from '../domain.js';
import { formatAxisValue, valueAt } from '../axis-values.js';
import { evaluateExpression, evaluateVersion } from '../../evaluate/index.js';
import type { CheckRule } from './index.js';

/** Points kept per input, and input combinations tried per assertion. */
const MAX_POINTS = 200;
const MAX_COMBOS = 5000;

export interface Sampled {
  axis: Axis;
  values: Value[];
}

/** Callee cells on the inputs a call passes `name` to, so a formula's thresholds are sampled too. */
export function calleePoints(model: Model, exprs: Expr[], name: string): Decimal[] {
  const out: Decimal[] = [];
  const visit = (e: Expr) => {
    if (e.kind !== 'call') return;
    const callee = model.decisions.get(e.decision)?.[0];
    const passed: string[] = [];
    e.args.forEach((a, i) => {
      if (a.kind === 'name' && a.name === name && callee?.inputs[i]) passed.push(callee.inputs[i].name);
    });
    for (const [k, a] of Object.entries(e.named ?? {})) if (a.kind === 'name' && a.name === name) passed.push(k);
    if (!callee) return;
    for (const input of passed) {
      const j = callee.inputs.findIndex((f) => f.name === input);
      if (j >= 0) for (const r of callee.rules) out.push(...testNumbers(r.when[j].test));
    }
  };
  for (const e of exprs) walkExpr(e, visit);
  return out;
}

export function sample(field: Field, tests: UnaryTest[], extra: Decimal[]): Sampled | undefined {
  let axis: Axis;
  try {
    axis = buildAxis([field], tests, extra);
  } catch (e) {
    if (e instanceof UnsupportedError) return undefined;
    throw e;
  }
  const positions: number[] = [];
  for (let i = 0; i < axis.domain.length; i += 2) {
    for (let p = axis.domain[i]; p <= axis.domain[i + 1]; p++) if (axis.valid[p]) positions.push(p);
  }
  const keep = thin(positions, MAX_POINTS);
  return keep.length ? { axis, values: keep.map((p) => valueAt(axis, p)) } : undefined;
}

function thin<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (max - 1))]);
  return out;
}

/** Every combination of the sampled values, thinned so there are at most `max`. */
export function* combos(sets: Value[][], max: number): Generator<Value[]> {
  const s = sets.map((x) => x);
  const total = () => s.reduce((n, x) => n * x.length, 1);
  while (total() > max) {
    let big = 0;
    s.forEach((x, i) => {
      if (x.length > s[big].length) big = i;
    });
    if (s[big].length <= 2) break;
    s[big] = thin(s[big], Math.max(2, Math.floor(s[big].length / 2)));
  }
  const idx = s.map(() => 0);
  if (s.some((x) => x.length === 0)) return;
  for (;;) {
    yield idx.map((k, i) => s[i][k]);
    let i = idx.length - 1;
    while (i >= 0 && ++idx[i] === s[i].length) idx[i--] = 0;
    if (i < 0) return;
  }
}

function inputSamples(model: Model, decision: Decision): Sampled[] | undefined {
  const exprs = [...decision.formulas.map((f) => f.expr), ...decision.rules.flatMap((r) => r.then.map((t) => t.expr))];
  const out: Sampled[] = [];
  for (const [j, field] of decision.inputs.entries()) {
    const tests = decision.rules.map((r) => r.when[j]?.test).filter((t): t is UnaryTest => t !== undefined && t.kind !== 'any');
    const s = sample(field, tests, calleePoints(model, exprs, field.name));
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

const VIOLATES: Record<string, (c: number) => boolean> = {
  increasing: (c) => c <= 0,
  'non-decreasing': (c) => c < 0,
  decreasing: (c) => c >= 0,
  'non-increasing': (c) => c > 0,
};

function monotonic(model: Model, decision: Decision, a: Assertion, m: NonNullable<Assertion['monotonic']>): Diagnostic | undefined {
  const samples = inputSamples(model, decision);
  const xi = decision.inputs.findIndex((f) => f.name === m.input);
  const out = decision.outputs.find((o) => o.name === m.output);
  if (!samples || xi < 0 || !out) return undefined;
  const others = samples.filter((_, i) => i !== xi);
  const xs = samples[xi];
  const budget = Math.max(1, Math.floor(MAX_COMBOS / Math.max(1, xs.values.length)));
  for (const rest of combos(others.map((s) => s.values), budget)) {
    let prev: { x: Value; y: Decimal } | undefined;
    for (const x of xs.values) {
      const env: Record<string, Value> = {};
      let k = 0;
      decision.inputs.forEach((f, i) => {
        env[f.name] = i === xi ? x : rest[k++];
      });
      const y = evaluateVersion(model, decision, env).output?.[m.output];
      if (!Decimal.isDecimal(y)) continue;
      if (prev && VIOLATES[m.direction](y.cmp(prev.y))) {
        const input: Record<string, string> = {};
        decision.inputs.forEach((f, i) => {
          input[f.name] = formatAxisValue(samples[i].axis, env[f.name]);
        });
        const x1 = formatAxisValue(xs.axis, prev.x);
        const x2 = formatAxisValue(xs.axis, x);
        return diag(
          'invariant',
          'error',
          'check.monotonic',
          {
            output: m.output,
            input: m.input,
            direction: word(`check.dir.${m.direction}`, 'en'),
            directionZh: word(`check.dir.${m.direction}`, 'zh'),
            x1: `${m.input} = ${x1}`,
            y1: formatValue(prev.y, out.type),
            x2: `${m.input} = ${x2}`,
            y2: formatValue(y, out.type),
          },
          a.span,
          { witness: { input, region: { [m.input]: `[${x1}..${x2}]` } }, ...(a.message ? { hint: a.message } : {}) },
        );
      }
      prev = { x, y };
    }
  }
  return undefined;
}

/** Evaluates `that` over every combination of `vars`; the first false one is the counterexample. */
function holds(
  model: Model,
  that: Expr,
  vars: Sampled[],
  names: string[],
  env: (point: Record<string, Value>) => Record<string, Value> | undefined,
): { fails?: Record<string, string>; evaluated: number; notBoolean: boolean } {
  let evaluated = 0;
  let notBoolean = false;
  for (const combo of combos(vars.map((v) => v.values), MAX_COMBOS)) {
    const point: Record<string, Value> = {};
    names.forEach((n, i) => {
      point[n] = combo[i];
    });
    const e = env(point);
    if (!e) continue;
    // No answer at a point (no row, outside a domain, division by zero) is skipped, never guessed.
    const v = evaluateExpression(model, that, e).value;
    if (v === undefined) continue;
    evaluated++;
    if (typeof v !== 'boolean') {
      notBoolean = true;
      continue;
    }
    if (!v) {
      const fails: Record<string, string> = {};
      names.forEach((n, i) => {
        fails[n] = formatAxisValue(vars[i].axis, combo[i]);
      });
      return { fails, evaluated, notBoolean };
    }
  }
  return { evaluated, notBoolean };
}

function thatFinding(a: Assertion, that: Expr, r: ReturnType<typeof holds>): Diagnostic | undefined {
  const text = formatExpr(that);
  if (r.fails) {
    return diag('invariant', 'error', 'check.assert-fails', { that: text, point: showPoint(r.fails) || '-' }, a.span, {
      witness: { input: r.fails },
      ...(a.message ? { hint: a.message } : {}),
    });
  }
  if (r.evaluated === 0 || r.notBoolean) {
    return diag('invariant', 'info', 'check.assert-skipped', { that: text, why: word(r.notBoolean ? 'check.why.not-boolean' : 'check.why.no-value') }, a.span);
  }
  return undefined;
}

export const invariant: CheckRule = {
  name: 'invariant',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const decision of ctx.decisions) {
      for (const a of decision.assertions) {
        if (a.monotonic) {
          const d = monotonic(model, decision, a, a.monotonic);
          if (d) out.push(d);
        }
        if (a.that) {
          const samples = inputSamples(model, decision);
          if (!samples) continue;
          const r = holds(
            model,
            a.that,
            samples,
            decision.inputs.map((f) => f.name),
            (point) => {
              const outputs = evaluateVersion(model, decision, point).output;
              return outputs ? { ...point, ...outputs } : undefined;
            },
          );
          const d = thatFinding(a, a.that, r);
          if (d) out.push(d);
        }
      }
    }
    for (const doc of model.documents) {
      for (const a of doc.assertions) {
        if (!a.that) continue;
        const fields = a.forAll ?? [];
        const vars: Sampled[] = [];
        let ok = true;
        for (const f of fields) {
          const s = sample(f, [], calleePoints(model, [a.that], f.name));
          if (!s) ok = false;
          else vars.push(s);
        }
        if (!ok) continue;
        const d = thatFinding(
          a,
          a.that,
          holds(model, a.that, vars, fields.map((f) => f.name), (point) => point),
        );
        if (d) out.push(d);
      }
    }
    return out;
  },
};
