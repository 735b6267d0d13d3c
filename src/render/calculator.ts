/**
 * The calculators' data: for every decision a reader may run, its fields in
 * words (label, unit, allowed range, an example), each version's rows as
 * conditions in words and its formulas as word templates whose holes are the
 * values the evaluator reports. `templates/assets/calc-words.js` fills the
 * holes from the explanation the compiled evaluator returns, so the browser
 * shows steps in words ("销售额 ¥100,000 × 提成比例 1.5% = 提成金额 ¥1,500")
 * and never an id, a formula's source or a row number.
 *
 * The data is one script (`assets/calc-data.<lang>.js`, loaded by
 * `<script src>` when a calculator is first used), so calculators work from
 * `file://` under the strict CSP, where `fetch()` and module imports fail.
 */
import { exceptionsOf } from '../model/precedence.js';
import type { Lang } from '../diagnostics/catalogue.js';
import type { Decision, Expr, Field, Model, UnaryTest, ValueType } from '../model/index.js';
import { matchesUnary } from '../lang/unary.js';
import { Decimal } from '../runtime/decimal.js';
import { decisionTitle, factorTypes, fieldLabel, periodWords, presentCell, presentExpr, rowConditions, type PresentContext } from './present.js';
import { w } from './words.js';

/** A piece of a formula in words: text, an input's value, or an output of a called decision. */
export type CalcPart = string | { in: string } | { call: string; out: string };

export interface CalcField {
  label: string;
  kind: string;
  /** The allowed values in words (`0% 至 100%`), when the type or the field bounds them. */
  range: string | null;
  values?: Record<string, string>;
  /** Shown after a number of months or days. */
  unit?: string;
}

export interface CalcVersion {
  from?: string;
  until?: string;
  /** The period in words, as the page shows it (`自 2025-01-01 至 2025-12-31`). */
  period?: string;
  /** Each row's condition in words (`询单转化率 ≥ 70%`). */
  rows: string[];
  /** Each formula output as parts. */
  formulas: Record<string, CalcPart[]>;
}

export interface CalcDecision {
  title: string;
  inputs: Record<string, CalcField>;
  outputs: Record<string, CalcField>;
  /** Output names in declared order. */
  order: string[];
  versions: CalcVersion[];
}

/** What `assets/calc-data.<lang>.js` holds. */
export interface CalcData {
  lang: Lang;
  symbol: string;
  decisions: Record<string, CalcDecision>;
  words: Record<string, string>;
}

/** Words the browser needs (the catalogue's, for the page's language). */
const CALC_WORDS = [
  'calc.missing',
  'calc.not-number',
  'calc.not-whole',
  'calc.out-of-range',
  'calc.out-of-range-called',
  'calc.no-match',
  'calc.no-version',
  'calc.failed',
  'calc.from-row',
  'calc.row-applies',
  'calc.default',
  'calc.exception',
  'calc.as-of',
  'calc.offline',
  'calc.percent-small',
  'calc.version-used',
  'ui.yes',
  'ui.no',
];

/** The allowed values of a field in words, from its declared domain or its type's own. */
function fieldRange(f: Field, ctx: PresentContext): string | null {
  if (f.type.domain) return presentCell(f.type.domain, f.type, ctx);
  switch (f.type.kind) {
    case 'percent':
      return w('calc.range-percent', ctx.lang);
    case 'money':
      return `≥ ${ctx.symbol}0`;
    case 'months':
    case 'days':
      return '≥ 0';
    default:
      return null;
  }
}

/**
 * An example value for a field's placeholder, in the unit the box shows (a
 * percent field takes 72 for 72%), inside the field's domain: the days of a
 * month (`[28..31]`) are not exemplified by 3.
 */
export function fieldExample(f: Field): string {
  const base = typeExample(f.type.kind);
  const domain = f.type.domain;
  if (!base || !domain) return base;
  const pct = f.type.kind === 'percent';
  const hundred = Decimal.fromNumber(100);
  const valueOf = (shown: string): Decimal | undefined => {
    const d = Decimal.parse(shown.replace(/,/g, ''));
    return d && pct ? d.div(hundred) : d;
  };
  const near = boundsOf(domain).flatMap((b) => {
    const shown = pct ? b.mul(hundred) : b;
    return [shown, shown.add(Decimal.fromNumber(1)), shown.add(Decimal.fromNumber(-1))].map((x) => x.toString());
  });
  return [base, ...near].find((c) => {
    const v = valueOf(c);
    return v !== undefined && matchesUnary(domain, v);
  }) ?? base;
}

/** The numbers a domain names (its comparisons' and ranges' ends). */
function boundsOf(t: UnaryTest): Decimal[] {
  switch (t.kind) {
    case 'compare':
      return Decimal.isDecimal(t.value.value) ? [t.value.value] : [];
    case 'range':
      return [t.low.value, t.high.value].filter((v): v is Decimal => Decimal.isDecimal(v));
    case 'or':
    case 'not':
      return t.items.flatMap(boundsOf);
    default:
      return [];
  }
}

function typeExample(kind: string): string {
  switch (kind) {
    case 'percent':
      return '72';
    case 'money':
      return '100,000';
    case 'months':
    case 'days':
    case 'integer':
      return '3';
    case 'number':
      return '10';
    default:
      return '';
  }
}

function field(f: Field, ctx: PresentContext): CalcField {
  const out: CalcField = { label: fieldLabel(f, ctx.lang), kind: f.type.kind, range: fieldRange(f, ctx) };
  if (f.type.values) out.values = Object.fromEntries(f.type.values.map((v) => [v.key, v.label]));
  if (f.type.kind === 'months' || f.type.kind === 'days') out.unit = w(`calc.unit-${f.type.kind}`, ctx.lang);
  return out;
}

/** A row's condition in words: its non-trivial cells joined (`询单转化率 ≥ 70%，且…`). */
function rowCondition(d: Decision, index: number, ctx: PresentContext): string {
  const conds = rowConditions(d, index, ctx);
  return conds.length ? conds.join(ctx.lang === 'zh' ? '，且' : ' and ') : w('calc.any-case', ctx.lang);
}

/**
 * A formula as parts: names and call results become holes, everything else
 * the words `presentExpr` gives. Operators keep their usual signs.
 */
function formulaParts(e: Expr, d: Decision, ctx: PresentContext, type?: ValueType): CalcPart[] {
  const fields = new Map(d.inputs.map((f) => [f.name, f]));
  const parts: CalcPart[] = [];
  const text = (s: string): void => {
    if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] = (parts[parts.length - 1] as string) + s;
    else parts.push(s);
  };
  const PREC: Record<string, number> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '**': 6 };
  const SIGN: Record<string, string> = { '*': '×', '/': '÷', '**': '^', '<=': '≤', '>=': '≥', '!=': '≠' };
  const walk = (x: Expr, min: number, t: ValueType | undefined): void => {
    const p = x.kind === 'binary' ? PREC[x.op] : 9;
    const paren = p < min;
    if (paren) text('(');
    if (x.kind === 'name' && fields.has(x.name)) parts.push({ in: x.name });
    else if (x.kind === 'field' && x.target.kind === 'call') parts.push({ call: x.target.decision, out: x.field });
    else if (x.kind === 'call' && (ctx.model.decisions.get(x.decision)?.at(-1)?.outputs.length ?? 0) === 1) {
      parts.push({ call: x.decision, out: ctx.model.decisions.get(x.decision)!.at(-1)!.outputs[0].name });
    } else if (x.kind === 'binary') {
      const [lt, rt] = factorTypes(x, fields, ctx, t);
      walk(x.left, p, lt);
      text(` ${x.op === 'and' || x.op === 'or' ? w(`expr.${x.op}`, ctx.lang) : (SIGN[x.op] ?? x.op)} `);
      walk(x.right, p + 1, rt);
    } else if (x.kind === 'builtin') {
      // min/max and the like, with the values they compared: 取较小值(应扣金额 ¥1,000，当月工资 ¥6,000 × 20%，…).
      text(`${['min', 'max', 'abs', 'floor', 'ceiling', 'round'].includes(x.name) ? w(`expr.${x.name}`, ctx.lang) : x.name}(`);
      x.args.forEach((a, i) => {
        if (i) text(w('sep.list', ctx.lang));
        walk(a, 0, t);
      });
      text(')');
    } else if (x.kind === 'if') {
      text(`${w('expr.if', ctx.lang)} `);
      walk(x.cond, 1, undefined);
      text(` ${w('expr.then', ctx.lang)} `);
      walk(x.then, 1, t);
      text(`${ctx.lang === 'zh' ? '，' : ', '}${w('expr.else', ctx.lang)} `);
      walk(x.else, 1, t);
    } else if (x.kind === 'unary' && x.op === 'not') {
      text(`${w('expr.not', ctx.lang)}(`);
      walk(x.operand, 0, undefined);
      text(')');
    } else text(presentExpr(x, fields, ctx, t));
    if (paren) text(')');
  };
  walk(e, 0, type);
  return parts;
}

/** The calculator data of every decision of `model` (already cut to one audience), in `lang`. */
export function calcData(model: Model, ctx: PresentContext): CalcData {
  const decisions: Record<string, CalcDecision> = {};
  for (const [id, versions] of model.decisions) {
    const latest = versions[versions.length - 1];
    decisions[id] = {
      title: decisionTitle(latest, ctx.lang),
      inputs: Object.fromEntries(calcFields(id, model).map((f) => [f.name, field(f, ctx)])),
      outputs: Object.fromEntries(latest.outputs.map((f) => [f.name, field(f, ctx)])),
      order: latest.outputs.map((f) => f.name),
      versions: versions.map((v) => {
        const cv: CalcVersion = {
          rows: v.rules.map((_, i) => rowCondition(v, i, ctx)),
          formulas: Object.fromEntries(v.formulas.map((f) => [f.output, formulaParts(f.expr, v, ctx, v.outputs.find((o) => o.name === f.output)?.type)])),
        };
        if (v.effective) {
          cv.from = v.effective.from.iso;
          if (v.effective.until) cv.until = v.effective.until.iso;
          cv.period = `${w('ui.from', ctx.lang)} ${periodWords(v.effective, ctx.lang)}`;
        }
        return cv;
      }),
    };
  }
  return { lang: ctx.lang, symbol: ctx.symbol, decisions, words: Object.fromEntries(CALC_WORDS.map((k) => [k, w(k, ctx.lang)])) };
}

/**
 * The fields a calculator of `id` asks for: its own inputs, then those of the
 * exceptions that take precedence over it (decisions that declare `overrides`
 * of it, and theirs in turn), since whether an exception applies depends on them.
 */
export function calcFields(id: string, model: Model): Field[] {
  const fields: Field[] = [];
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (d: string): void => {
    if (seen.has(d)) return;
    seen.add(d);
    const latest = model.decisions.get(d)?.at(-1);
    for (const f of latest?.inputs ?? []) {
      if (!names.has(f.name)) {
        names.add(f.name);
        fields.push(f);
      }
    }
    for (const [other, versions] of model.decisions) if (versions.some((v) => v.overrides?.id === d)) visit(other);
  };
  visit(id);
  return fields;
}

/** The decisions `id` may reach through formula calls (itself included). */
export function callClosure(id: string, model: Model): Set<string> {
  const seen = new Set<string>();
  const visit = (d: string): void => {
    if (seen.has(d)) return;
    seen.add(d);
    for (const v of model.decisions.get(d) ?? []) {
      const exprs: Expr[] = [...v.formulas.map((f) => f.expr), ...v.rules.flatMap((r) => r.then.map((t) => t.expr)), ...(v.defaults ?? []).map((t) => t.expr)];
      const walk = (e: Expr): void => {
        if (e.kind === 'call') visit(e.decision);
        for (const k of Object.values(e)) {
          if (k && typeof k === 'object' && 'kind' in (k as object) && 'span' in (k as object)) walk(k as Expr);
          if (Array.isArray(k)) for (const x of k) if (x && typeof x === 'object' && 'kind' in x) walk(x as Expr);
        }
        if (e.kind === 'call' && e.named) for (const x of Object.values(e.named)) walk(x);
      };
      exprs.forEach(walk);
    }
    // Asking a decision asks its exceptions: the calculator shows their steps too.
    for (const e of exceptionsOf(model.decisions, d)) visit(e);
  };
  visit(id);
  return seen;
}

/** The script that carries `data` (a JSON literal is a valid expression; `<` is escaped so no text can close a tag). */
export function calcDataScript(data: CalcData): string {
  return `self.RulebookCalcData=${JSON.stringify(data).replace(/</g, '\\u003c')};\n`;
}

