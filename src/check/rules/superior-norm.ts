/**
 * `superior-norm`: a document of `kind: law` binds every other document. Each
 * of its norms speaks of a kind of output (`about: wage-deduction`); every
 * output, in any other document, that declares it is one (`is:`) is checked
 * against the norm for all inputs: the deciding decision's own inputs sampled
 * as the invariant rule samples them, and the law's inputs (`forAll`: the
 * wage, the local minimum wage) either bound to the decision's input of the
 * same name or, when the decision does not know them, free, and then tried
 * around the output's value (twice, half, five and ten times it) and at
 * representative amounts. The first point where the norm is false is the
 * counterexample, written in the author's units: "月工资 ¥2,000：罚款 ¥1,000 >
 * 月工资 × 20%（¥400）".
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { getLang, register, word } from '../../diagnostics/catalogue.js';
import { currencySymbol, formatExpr, formatValue } from '../../lang/format.js';
import { walkExpr } from '../../lang/walk.js';
import type { Decision, Expr, Field, Model, Norm, PolicyDocument, Value } from '../../model/index.js';
import { Decimal } from '../../runtime/decimal.js';
import { evaluateExpression, evaluateVersion, periodIso } from '../../evaluate/index.js';
import type { PeriodIso } from '../../runtime/semantics.js';
import { type Axis } from '../domain.js';
import { formatAxisValue } from '../axis-values.js';
import { calleePoints, combos, sample, type Sampled } from './invariant.js';
import type { CheckRule } from './index.js';

register({
  'check.superior-norm': {
    en: '`{output}` of `{decision}` breaks {law}: {norm}; counterexample: {example}',
    zh: '`{decision}` 的 `{output}` 违反{law}：{norm}；反例：{example}',
    hintEn: 'the output says it is `{about}`, so the law binds it for every input; compute it through a decision that keeps within the law (for a wage deduction: at most 20% of the month\'s wage, never leaving less than the local minimum wage, the rest carried over) and declare `is: {about}` there instead',
    hintZh: '该输出声明为 `{about}`，因此上位法对任何输入都约束它；请通过一个符合上位法的决策计算（工资扣款：每月不超过当月工资的20%，扣除后不低于当地月最低工资标准，其余结转），并改在那里声明 `is: {about}`',
  },
  'check.superior-norm.norm': { en: 'the norm', zh: '上位法规范' },
  'check.superior-norm.unchecked': {
    en: '`{output}` of `{decision}` could not be checked against norm `{norm}`: it gave no true or false at any point tried',
    zh: '无法用规范 `{norm}` 检查 `{decision}` 的 `{output}`：在尝试的所有取值上它都没有给出真或假',
    hintEn: 'the norm\'s `that` must be a comparison over the output (its `about` with `_` for `-`) and its `forAll` inputs; check the names',
    hintZh: '规范的 `that` 应是关于该输出（`about` 中的 `-` 写作 `_`）和 `forAll` 输入的比较；请检查名称',
  },
  'check.superior-norm.yes': { en: 'yes', zh: '是' },
  'check.superior-norm.no': { en: 'no', zh: '否' },
});

/** Amounts every free money input of a law is tried at, besides those around the output's value. */
/** Most telling first: a counterexample is looked for at ordinary wages before odd ones. */
const PROBES = ['6000', '2000', '2690', '10000', '150000', '1234.57', '1000', '999.99', '1000000', '1', '0.01', '0'].map((s) => Decimal.parse(s)!);
const PROBE_RANK = new Map(PROBES.map((p, i) => [p.normalize().toString(), i]));
/**
 * Points of the company decision tried, as `invariant` tries its own: past it
 * the samples of the widest input are thinned evenly. 20,000 made `check
 * policies` spend half its time here (13,824 points of the deduction).
 */
const COMPANY_COMBOS = 5000;
const LAW_COMBOS = 400;
const NUMERIC = new Set(['number', 'integer', 'money']);
const AMOUNTS = new Set(['number', 'money']);

const NEGATE: Record<string, string> = { '<=': '>', '<': '>=', '>=': '<', '>': '<=', '=': '≠', '!=': '=' };

function labelOf(f: Field): string {
  return (getLang() === 'en' ? (f.labelEn ?? f.label) : f.label) ?? f.name;
}

function show(v: Value, f: Field, currency: string): string {
  // Every digit the value has (a sampled wage may have a fraction of a cent), none for whole amounts.
  if (Decimal.isDecimal(v) && f.type.kind === 'money') return formatValue(v, f.type, { currencySymbol: currency, moneyPlaces: v.isInteger() ? 0 : Math.max(2, v.normalize().scale) });
  if (typeof v === 'string' && f.type.kind === 'enum') return f.type.values?.find((e) => e.key === v)?.label ?? v;
  if (typeof v === 'boolean') return word(v ? 'check.superior-norm.yes' : 'check.superior-norm.no');
  return formatValue(v, f.type);
}

/** `e` with every name replaced by its label (for the counterexample's right-hand side). */
function labelled(e: Expr, labels: Map<string, string>): Expr {
  const r = (x: Expr) => labelled(x, labels);
  switch (e.kind) {
    case 'name':
      return labels.has(e.name) ? { ...e, name: labels.get(e.name)! } : e;
    case 'field':
      return { ...e, target: r(e.target) };
    case 'unary':
      return { ...e, operand: r(e.operand) };
    case 'binary':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'if':
      return { ...e, cond: r(e.cond), then: r(e.then), else: r(e.else) };
    case 'builtin':
      return { ...e, args: e.args.map(r) };
    case 'list':
      return { ...e, items: e.items.map(r) };
    default:
      return e;
  }
}

function namesIn(e: Expr): Set<string> {
  const out = new Set<string>();
  walkExpr(e, (x) => {
    if (x.kind === 'name') out.add(x.name);
  });
  return out;
}

/** Values a free law input is tried at, nearest the output's value first. */
function candidates(field: Field, v: Decimal, bound: Decimal[]): Value[] | undefined {
  if (!NUMERIC.has(field.type.kind)) return sample(field, [], [])?.values;
  const two = Decimal.fromBigInt(2n);
  // Just under each amount the decision knows (the wage): where what is left of it falls short of the output.
  const near = bound.map((a) => a.sub(v.div(two)));
  const raw = AMOUNTS.has(field.type.kind) ? [v.mul(two), ...near, ...PROBES, v, v.div(two), v.mul(Decimal.fromBigInt(5n)), v.mul(Decimal.fromBigInt(10n))] : [v.mul(two), v, v.div(two), v.mul(Decimal.fromBigInt(5n)), Decimal.ZERO, Decimal.ONE];
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of raw) {
    const c = field.type.kind === 'integer' ? x.floor() : x;
    const k = c.normalize().toString();
    if (c.sign() < 0 || seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out;
}

interface Found {
  point: Record<string, Value>;
  value: Decimal;
}

/** What the search saw: a counterexample, or how many points the norm answered at (0: it could not be checked). */
interface Search {
  found?: Found;
  answered: number;
}

/** The first point where `norm` fails for output `out` of `d`, if any. */
function counterexample(model: Model, d: Decision, out: Field, norm: Norm, name: string): Search {
  let answered = 0;
  const law = new Map((norm.forAll ?? []).map((f) => [f.name, f]));
  const exprs = [...d.formulas.map((f) => f.expr), ...d.rules.flatMap((r) => r.then.map((t) => t.expr))];
  const company: Sampled[] = [];
  for (const [j, field] of d.inputs.entries()) {
    const tests = d.rules.map((r) => r.when[j]?.test).filter((t) => t !== undefined && t.kind !== 'any');
    // Amounts (the wage, what is owed) are tried at representative amounts too, those first.
    const money = AMOUNTS.has(field.type.kind);
    const s = sample(field, tests, [...calleePoints(model, exprs, field.name), ...(money ? PROBES : [])]);
    if (!s) return { answered };
    if (money) {
      const rank = (v: Value) => PROBE_RANK.get((v as Decimal).normalize().toString()) ?? PROBES.length;
      s.values = [...s.values].sort((a, b) => rank(a) - rank(b));
    }
    company.push(s);
  }
  const free = [...law.values()].filter((f) => !d.inputs.some((i) => i.name === f.name));
  for (const combo of combos(company.map((s) => s.values), COMPANY_COMBOS)) {
    const env: Record<string, Value> = {};
    d.inputs.forEach((f, i) => {
      env[f.name] = combo[i];
    });
    const v = evaluateVersion(model, d, env).output?.[out.name];
    if (!Decimal.isDecimal(v)) continue;
    const sets: Value[][] = [];
    const bound = d.inputs.filter((f) => law.has(f.name) && Decimal.isDecimal(env[f.name])).map((f) => env[f.name] as Decimal);
    for (const f of free) {
      const c = candidates(f, v, bound);
      if (!c) return { answered };
      sets.push(c);
    }
    // Of the failing points, the first where no two amounts coincide reads best (¥2,000 and ¥1,800, not ¥2,000 twice).
    let first: Found | undefined;
    for (const values of combos(sets, LAW_COMBOS)) {
      const point: Record<string, Value> = { ...env };
      free.forEach((f, i) => {
        point[f.name] = values[i];
      });
      const scope = { ...point, [name]: v };
      if (norm.assume && evaluateExpression(model, norm.assume, scope).value !== true) continue;
      const ok = evaluateExpression(model, norm.that!, scope).value;
      if (typeof ok === 'boolean') answered++;
      if (ok !== false) continue;
      const found = { point, value: v };
      const amounts = [v, ...values].filter(Decimal.isDecimal).map((x) => x.normalize().toString());
      if (new Set(amounts).size === amounts.length) return { found, answered };
      first ??= found;
    }
    if (first) return { found: first, answered };
  }
  return { answered };
}

/** "月工资 ¥2,000：罚款下限 ¥1,000 > 月工资 × 20%（¥400）", from the norm's own comparison where it is one. */
function example(model: Model, d: Decision, out: Field, norm: Norm, name: string, found: Found): { text: string; witness: Record<string, string> } {
  const currency = currencySymbol(model.config.currency);
  const law = new Map((norm.forAll ?? []).map((f) => [f.name, f]));
  const used = namesIn(norm.that!);
  const sep = getLang() === 'en' ? ', ' : '，';
  const witness: Record<string, string> = {};
  const parts: string[] = [];
  // The decision's own inputs first (what the employee did), then the law's (the wage).
  for (const f of d.inputs) {
    if (law.has(f.name)) continue;
    witness[f.name] = formatAxisValue({ type: f.type } as Axis, found.point[f.name]);
    parts.push(`${labelOf(f)} ${show(found.point[f.name], f, currency)}`);
  }
  for (const f of law.values()) {
    if (!used.has(f.name)) continue;
    const field = d.inputs.find((i) => i.name === f.name) ?? f;
    witness[f.name] = formatAxisValue({ type: field.type } as Axis, found.point[f.name]);
    parts.push(`${labelOf(f)} ${show(found.point[f.name], field, currency)}`);
  }
  const that = norm.that!;
  let claim = `${labelOf(out)} ${show(found.value, out, currency)}`;
  if (that.kind === 'binary' && NEGATE[that.op] && that.left.kind === 'name' && that.left.name === name) {
    const labels = new Map([...law.values()].map((f) => [f.name, labelOf(f)]));
    const rhs = formatExpr(labelled(that.right, labels)).replace(/ \* /g, ' × ');
    const rv = evaluateExpression(model, that.right, { ...found.point, [name]: found.value }).value;
    const shown = Decimal.isDecimal(rv) ? show(rv, out, currency) : '';
    claim += ` ${NEGATE[that.op]} ${rhs}${shown ? (getLang() === 'en' ? ` (${shown})` : `（${shown}）`) : ''}`;
  }
  return { text: `${parts.join(sep)}${getLang() === 'en' ? ': ' : '：'}${claim}`, witness };
}

/** Whether two half-open periods (absent ends open) share a day: a law binds only the versions in force while it is. */
function overlaps(a: PeriodIso, b: PeriodIso): boolean {
  return (a.from === undefined || b.until === undefined || a.from < b.until) && (b.from === undefined || a.until === undefined || b.from < a.until);
}

function lawName(doc: PolicyDocument): string {
  const title = getLang() === 'en' ? (doc.titleEn ?? doc.title) : doc.title;
  return getLang() === 'en' ? `“${title}”` : `《${title}》`;
}

export const superiorNorm: CheckRule = {
  name: 'superior-norm',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    const laws = model.documents.filter((doc) => doc.kind === 'law');
    if (!laws.length) return out;
    const lawIds = new Set(laws.map((l) => l.id));
    for (const law of laws) {
      const lawPeriod: PeriodIso = law.effective ? { from: law.effective.from.iso, ...(law.effective.until ? { until: law.effective.until.iso } : {}) } : {};
      for (const norm of law.norms ?? []) {
        if (!norm.that) continue;
        const name = norm.about.replace(/-/g, '_');
        for (const d of ctx.decisions) {
          if (lawIds.has(d.document) || !overlaps(periodIso(d), lawPeriod)) continue;
          for (const o of d.outputs) {
            if (o.is !== norm.about) continue;
            const { found, answered } = counterexample(model, d, o, norm, name);
            if (!found) {
              // A norm that never answers (a misspelt name, a non-boolean) would otherwise bind nothing in silence.
              if (answered === 0) out.push(diag('superior-norm', 'info', 'check.superior-norm.unchecked', { output: o.name, decision: d.id, norm: norm.id }, o.span, { related: [ctx.related(norm.span, 'check.superior-norm.norm')] }));
              continue;
            }
            const ex = example(model, d, o, norm, name, found);
            const message = (getLang() === 'en' ? (norm.messageEn ?? norm.message) : norm.message) ?? formatExpr(norm.that);
            out.push(
              diag('superior-norm', 'error', 'check.superior-norm', { output: o.name, decision: d.id, law: lawName(law), norm: message, example: ex.text, about: norm.about }, o.span, {
                witness: { input: ex.witness },
                related: [ctx.related(norm.span, 'check.superior-norm.norm')],
              }),
            );
          }
        }
      }
    }
    return out;
  },
};
