/**
 * Rules in the reader's words: values in units (`1.5%`, `¥1,500`), cells as
 * conditions (`≥ 70%`), formulas as sentences with labels instead of names,
 * and worked examples from the policy tests. Plain strings only: the
 * templates escape them.
 */
import type { Lang } from '../diagnostics/catalogue.js';
import type { Decision, Expr, Field, Literal, Model, PolicyTest, UnaryTest, Value, ValueType } from '../model/index.js';
import { currencySymbol } from '../lang/format.js';
import { Decimal } from '../runtime/decimal.js';
import { w } from './words.js';

/** What every presenter needs: the language, the currency symbol and the model (for called decisions' titles). */
export interface PresentContext {
  lang: Lang;
  symbol: string;
  model: Model;
}

/** A presentation context for `model` in `lang`. */
export function presentContext(model: Model, lang: Lang): PresentContext {
  return { lang, symbol: currencySymbol(model.config.currency), model };
}

const HUNDRED = new Decimal(100n, 0);

function grouped(d: Decimal): string {
  const places = d.isInteger() ? 0 : 2;
  const [int, frac] = d.abs().toFixed(Math.max(places, fracDigits(d))).split('.');
  const body = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? '.' + frac : '');
  return (d.sign() < 0 ? '-' : '') + body;
}

function fracDigits(d: Decimal): number {
  const s = d.toString();
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** The label of a field in `lang`, falling back to its name. */
export function fieldLabel(f: Field, lang: Lang): string {
  return (lang === 'en' ? (f.labelEn ?? f.label) : f.label) ?? f.name;
}

/** The title of a decision in `lang`, falling back to its id. */
export function decisionTitle(d: Decision, lang: Lang): string {
  return (lang === 'en' ? (d.titleEn ?? d.title) : d.title) ?? d.id;
}

/** A number in a field's unit: money with the currency symbol and grouping, percents with `%`. */
function formatNumber(d: Decimal, type: ValueType | undefined, ctx: PresentContext, unit?: 'percent' | 'money'): string {
  const kind = unit ?? type?.kind;
  if (kind === 'percent') return d.mul(HUNDRED).toString() + '%';
  if (kind === 'money') return (d.sign() < 0 ? '-' : '') + ctx.symbol + grouped(d.abs());
  if (kind === 'months') return d.toString() + (ctx.lang === 'zh' ? ' 个月' : ' months');
  if (kind === 'days') return d.toString() + (ctx.lang === 'zh' ? ' 天' : ' days');
  return d.toString();
}

function enumLabel(key: string, type: ValueType | undefined): string {
  return type?.values?.find((v) => v.key === key)?.label ?? key;
}

/** A runtime value as a reader sees it (enum keys become their labels). */
export function presentValue(v: Value, type: ValueType | undefined, ctx: PresentContext): string {
  if (v === null) return '—';
  if (Decimal.isDecimal(v)) return formatNumber(v, type, ctx);
  if (typeof v === 'boolean') return w(v ? 'ui.yes' : 'ui.no', ctx.lang);
  if (typeof v === 'string') return type?.kind === 'enum' ? enumLabel(v, type) : v;
  if (Array.isArray(v)) return v.map((x) => presentValue(x, type, ctx)).join(w('sep.list', ctx.lang));
  if ((v as { kind?: unknown }).kind === 'date') return (v as { iso: string }).iso;
  const rec = v as Record<string, Value>;
  return Object.keys(rec).map((k) => `${k}${w('sep.colon', ctx.lang)}${presentValue(rec[k], undefined, ctx)}`).join(w('sep.list', ctx.lang));
}

/** A literal in the unit of the field it is compared with or assigned to. */
function presentLiteral(lit: Literal, type: ValueType | undefined, ctx: PresentContext): string {
  switch (lit.kind) {
    case 'number':
      // A literal the checker gave the money unit, shown where a plain factor is meant (`2 × 罚款`), is a number.
      return formatNumber(lit.value, type, ctx, lit.unit === 'money' && type?.kind === 'number' ? undefined : lit.unit);
    case 'string':
      return type?.kind === 'enum' ? enumLabel(lit.value, type) : `“${lit.value}”`;
    case 'boolean':
      return w(lit.value ? 'ui.yes' : 'ui.no', ctx.lang);
    case 'date':
      return lit.value.iso;
    case 'null':
      return '—';
  }
}

const OPS: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=', '!=': '≠' };

/** A cell as a condition on its input: `≥ 70%`, `70% – 100%`, `泄露客户资料`, `任意`. */
export function presentCell(test: UnaryTest, type: ValueType | undefined, ctx: PresentContext): string {
  switch (test.kind) {
    case 'any':
      return w('ui.any', ctx.lang);
    case 'compare': {
      const v = presentLiteral(test.value, type, ctx);
      return test.op === '=' ? v : `${OPS[test.op]} ${v}`;
    }
    case 'range': {
      const low = `${test.lowClosed ? '≥' : '>'} ${presentLiteral(test.low, type, ctx)}`;
      const high = `${test.highClosed ? '≤' : '<'} ${presentLiteral(test.high, type, ctx)}`;
      return `${low} ${w('expr.and', ctx.lang)} ${high}`;
    }
    case 'or':
      return test.items.map((t) => presentCell(t, type, ctx)).join(ctx.lang === 'zh' ? '、' : ', ');
    case 'not':
      return `${w('expr.not', ctx.lang)} ${test.items.map((t) => presentCell(t, type, ctx)).join(ctx.lang === 'zh' ? '、' : ', ')}`;
    case 'expr':
      return presentExpr(test.expr, new Map(), ctx);
  }
}

const BIN: Record<string, string> = { '*': '×', '/': '÷', '**': '^', '<=': '≤', '>=': '≥', '!=': '≠' };
const PREC: Record<string, number> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '**': 6 };

/**
 * A formula as a sentence: names become labels, calls become the called
 * decision's title, operators their usual signs (`销售额 × 业绩奖提成比例（询单转化率）的提成比例`).
 */
export function presentExpr(e: Expr, fields: Map<string, Field>, ctx: PresentContext, type?: ValueType): string {
  const sub = (x: Expr, min = 0): string => {
    const s = presentExpr(x, fields, ctx, type);
    const p = x.kind === 'binary' ? PREC[x.op] : x.kind === 'if' ? 0 : 9;
    return p < min ? `(${s})` : s;
  };
  switch (e.kind) {
    case 'literal':
      return presentLiteral(e.value, type, ctx);
    case 'name': {
      const f = fields.get(e.name);
      return f ? fieldLabel(f, ctx.lang) : e.name;
    }
    case 'field': {
      if (e.target.kind === 'call') {
        const callee = ctx.model.decisions.get(e.target.decision)?.at(-1);
        const out = callee?.outputs.find((o) => o.name === e.field);
        const label = out ? fieldLabel(out, ctx.lang) : e.field;
        // English reads "the rate from <decision> (…)"; Chinese "<decision>（…）的比例".
        return ctx.lang === 'en' ? `${label} from ${sub(e.target, 9)}` : `${sub(e.target, 9)}${w('expr.of', ctx.lang)}${label}`;
      }
      return `${sub(e.target, 9)}.${e.field}`;
    }
    case 'unary':
      return e.op === 'not' ? `${w('expr.not', ctx.lang)}(${sub(e.operand)})` : `-${sub(e.operand, 9)}`;
    case 'binary': {
      const p = PREC[e.op];
      const op = e.op === 'and' || e.op === 'or' ? w(`expr.${e.op}`, ctx.lang) : (BIN[e.op] ?? e.op);
      const [lt, rt] = factorTypes(e, fields, ctx, type);
      const side = (x: Expr, min: number, t: ValueType | undefined): string => {
        const s2 = presentExpr(x, fields, ctx, t);
        const q = x.kind === 'binary' ? PREC[x.op] : x.kind === 'if' ? 0 : 9;
        return q < min ? `(${s2})` : s2;
      };
      return `${side(e.left, p, lt)} ${op} ${side(e.right, p + 1, rt)}`;
    }
    case 'if':
      return `${w('expr.if', ctx.lang)} ${sub(e.cond)} ${w('expr.then', ctx.lang)} ${sub(e.then)}${ctx.lang === 'zh' ? '，' : ', '}${w('expr.else', ctx.lang)} ${sub(e.else)}`;
    case 'builtin': {
      const name = ['min', 'max', 'abs', 'floor', 'ceiling', 'round'].includes(e.name) ? w(`expr.${e.name}`, ctx.lang) : e.name;
      return `${name}(${e.args.map((a) => sub(a)).join(w('sep.list', ctx.lang))})`;
    }
    case 'call': {
      const callee = ctx.model.decisions.get(e.decision)?.at(-1);
      const title = callee ? decisionTitle(callee, ctx.lang) : e.decision;
      const args = [...e.args.map((a) => sub(a)), ...Object.entries(e.named ?? {}).map(([, v]) => sub(v))];
      return ctx.lang === 'zh' ? `${title}（${args.join('，')}）` : `${title} (${args.join(', ')})`;
    }
    case 'list':
      return `[${e.items.map((x) => sub(x)).join(w('sep.list', ctx.lang))}]`;
  }
}

/** The last day a period is in force: `until` is exclusive, staff read the day before (至 2026-12-31). */
export function lastDay(untilIso: string): string {
  const d = new Date(`${untilIso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A period as staff read it: `2026-01-01 至 2026-12-31`, or its first day when open-ended. */
export function periodWords(p: NonNullable<Decision['effective']>, lang: Lang): string {
  return p.until ? `${p.from.iso} ${w('ui.until', lang)} ${lastDay(p.until.iso)}` : p.from.iso;
}

const NUMBER: ValueType = { kind: 'number' };

/** The unit an expression has by what it names: a field's type, a called decision's output. */
function exprType(e: Expr, fields: Map<string, Field>, ctx: PresentContext): ValueType | undefined {
  if (e.kind === 'name') return fields.get(e.name)?.type;
  if (e.kind === 'field' && e.target.kind === 'call') {
    const callee = ctx.model.decisions.get(e.target.decision)?.at(-1);
    return callee?.outputs.find((o) => o.name === e.field)?.type;
  }
  if (e.kind === 'call') {
    const callee = ctx.model.decisions.get(e.decision)?.at(-1);
    return callee?.outputs.length === 1 ? callee.outputs[0].type : undefined;
  }
  return undefined;
}

/**
 * The units the two sides of a binary expression are shown in. A literal
 * factor of an amount (`2 * fine`, `fine / 2`) is a plain number, not money:
 * only a literal multiplied with a unitless quantity (`1000 * count`) carries
 * the result's unit.
 */
export function factorTypes(e: Extract<Expr, { kind: 'binary' }>, fields: Map<string, Field>, ctx: PresentContext, type: ValueType | undefined): [ValueType | undefined, ValueType | undefined] {
  if (e.op !== '*' && e.op !== '/') return [type, type];
  const unitful = (x: Expr): boolean => ['money', 'percent'].includes(exprType(x, fields, ctx)?.kind ?? '');
  return [e.left.kind === 'literal' && unitful(e.right) ? NUMBER : type, e.right.kind === 'literal' && unitful(e.left) ? NUMBER : type];
}

/** `询单转化率 ≥ 70% → 提成比例 1.5%`: one rule of a table as a sentence. */
export function ruleSentence(d: Decision, ruleIndex: number, ctx: PresentContext): string {
  const rule = d.rules[ruleIndex];
  const conds = rowConditions(d, ruleIndex, ctx);
  const outs = rule.then.map((o) => {
    const f = d.outputs.find((x) => x.name === o.output);
    return `${f ? fieldLabel(f, ctx.lang) : o.output} ${presentOutputExpr(o.expr, d, f?.type, ctx)}`;
  });
  const when = conds.length ? conds.join(ctx.lang === 'zh' ? '，且' : ' and ') : w('ui.any', ctx.lang);
  return `${when} → ${outs.join(w('sep.list', ctx.lang))}`;
}

/**
 * A row's non-trivial cells as conditions in words, one each: `询单转化率 ≥ 70%`,
 * `资料为客户资料`, `处分方式不是开除` (a `not` of values), for the page's
 * sentences and the calculator's explanation alike.
 */
export function rowConditions(d: Decision, ruleIndex: number, ctx: PresentContext): string[] {
  const fields = new Map(d.inputs.map((f) => [f.name, f]));
  return d.rules[ruleIndex].when
    .filter((c) => c.test.kind !== 'any')
    .map((c) => {
      const f = fields.get(c.input);
      const label = f ? fieldLabel(f, ctx.lang) : c.input;
      if (c.test.kind === 'not' && c.test.items.every((t) => t.kind === 'compare' && t.op === '=')) {
        const inner = c.test.items.map((t) => presentCell(t, f?.type, ctx)).join(ctx.lang === 'zh' ? '或' : ' or ');
        return ctx.lang === 'zh' ? `${label}不是${inner}` : `${label} is not ${inner}`;
      }
      const cell = presentCell(c.test, f?.type, ctx);
      return (c.test.kind === 'compare' && c.test.op !== '=') || c.test.kind === 'range' ? `${label} ${cell}` : `${label}${ctx.lang === 'zh' ? '为' : ' is '}${cell}`;
    });
}

/** An output entry of a row (`1.5%`) or a formula (`销售额 × …`), in the output's unit. */
export function presentOutputExpr(e: Expr, d: Decision, type: ValueType | undefined, ctx: PresentContext): string {
  return presentExpr(e, new Map(d.inputs.map((f) => [f.name, f])), ctx, type);
}

/** `例：销售额 ¥100,000，询单转化率 72% → 提成金额 ¥1,500` from a policy test. */
export function exampleSentence(d: Decision, test: PolicyTest, ctx: PresentContext): string {
  const sep = w('sep.list', ctx.lang);
  const ins = d.inputs
    .filter((f) => test.input[f.name] !== undefined)
    .map((f) => `${fieldLabel(f, ctx.lang)} ${presentValue(test.input[f.name].value, f.type, ctx)}`);
  let result: string;
  if (test.expect) {
    result = Object.entries(test.expect)
      .map(([name, v]) => {
        const f = d.outputs.find((o) => o.name === name);
        return `${f ? fieldLabel(f, ctx.lang) : name} ${presentValue(v.value, f?.type, ctx)}`;
      })
      .join(sep);
  } else result = `${w('ui.error', ctx.lang)} ${test.expectError ?? ''}`;
  return `${w('ui.example', ctx.lang)}${w('sep.colon', ctx.lang)}${ins.join(sep)} → ${result}`;
}

/** The sentence of a decision's hit policy. */
export function hitSentence(d: Decision, ctx: PresentContext): string {
  return w(`hit.${d.hit}`, ctx.lang);
}
