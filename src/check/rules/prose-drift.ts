/**
 * `prose-drift`: a percent or an amount of money in a clause's prose that no
 * decision implementing the clause contains any more — the text and the rule
 * have parted. Only numbers with a unit are read (`1.5%`, `1000元`,
 * `¥1,000`, `10000—100000元`, `1.5万元`): article numbers, list markers,
 * dates and day-of-month deadlines carry none, so they are never mistaken for
 * a rule's figures. A sub-clause without decisions of its own counts as
 * prose of the nearest clause above it that has some.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { Decision, Expr, Model, Section, UnaryTest } from '../../model/index.js';
import { proseSpan } from '../../model/text-span.js';
import { Decimal } from '../../runtime/decimal.js';
import { testNumbers } from '../domain.js';
import type { CheckRule } from './index.js';

const HUNDRED = Decimal.fromBigInt(100n);
const TEN_THOUSAND = Decimal.fromBigInt(10000n);
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const DASH = String.raw`\s*(?:—+|–|-{1,2}|~|～|至|到)\s*`;

/** A figure read from prose: its value as the model stores it, the text as written, and where it is in the prose. */
export interface ProseNumber {
  value: Decimal;
  text: string;
  unit: 'percent' | 'money';
  start: number;
  end: number;
}

function parseNum(s: string): Decimal | undefined {
  return Decimal.parse(s.replace(/,/g, ''));
}

/** The percents and amounts of money in a piece of prose. */
export function proseNumbers(text: string): ProseNumber[] {
  const out: ProseNumber[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && a < e);
  // `d`: group offsets, so each figure of a range points at its own digits.
  const take = (re: RegExp, f: (m: RegExpExecArray, at: (group: number) => [number, number]) => ProseNumber[]) => {
    for (const m of text.matchAll(re)) {
      const s = m.index ?? 0;
      const e = s + m[0].length;
      if (!free(s, e)) continue;
      // A digit just before means we matched the tail of a longer number.
      if (s > 0 && /[\d.,]/.test(text[s - 1])) continue;
      taken.push([s, e]);
      out.push(...f(m as RegExpExecArray, (g) => m.indices?.[g] ?? [s, e]));
    }
  };
  const money = (n: string, wan: string | undefined, shown: string, [start, end]: [number, number]): ProseNumber[] => {
    const v = parseNum(n);
    return v ? [{ value: wan ? v.mul(TEN_THOUSAND) : v, text: shown, unit: 'money', start, end }] : [];
  };
  const percent = (n: string, [start, end]: [number, number]): ProseNumber[] => {
    const v = parseNum(n);
    return v ? [{ value: v.div(HUNDRED), text: `${n}%`, unit: 'percent', start, end }] : [];
  };
  take(new RegExp(`(${NUM})${DASH}(${NUM})\\s*(万)?\\s*元`, 'gd'), (m, at) => [
    ...money(m[1], m[3], `${m[1]}${m[3] ?? ''}元`, at(1)),
    ...money(m[2], m[3], `${m[2]}${m[3] ?? ''}元`, at(2)),
  ]);
  take(new RegExp(`(${NUM})${DASH}(${NUM})\\s*[%％]`, 'gd'), (m, at) => [...percent(m[1], at(1)), ...percent(m[2], at(2))]);
  take(new RegExp(`[¥￥]\\s*(${NUM})`, 'gd'), (m, at) => money(m[1], undefined, `¥${m[1]}`, at(0)));
  take(new RegExp(`(${NUM})\\s*(万)?\\s*元`, 'gd'), (m, at) => money(m[1], m[2], m[0].replace(/\s+/g, ''), at(0)));
  take(new RegExp(`(${NUM})\\s*[%％]`, 'gd'), (m, at) => percent(m[1], at(0)));
  return out;
}

function exprNumbers(e: Expr, out: Decimal[]): void {
  switch (e.kind) {
    case 'literal':
      if (e.value.kind === 'number') out.push(e.value.value);
      break;
    case 'field':
      exprNumbers(e.target, out);
      break;
    case 'unary':
      exprNumbers(e.operand, out);
      break;
    case 'binary':
      exprNumbers(e.left, out);
      exprNumbers(e.right, out);
      break;
    case 'if':
      exprNumbers(e.cond, out);
      exprNumbers(e.then, out);
      exprNumbers(e.else, out);
      break;
    case 'builtin':
    case 'call':
      e.args.forEach((a) => exprNumbers(a, out));
      Object.values(e.kind === 'call' ? (e.named ?? {}) : {}).forEach((a) => exprNumbers(a, out));
      break;
    case 'list':
      e.items.forEach((a) => exprNumbers(a, out));
      break;
    default:
      break;
  }
}

function calls(e: Expr, out: string[]): void {
  if (e.kind === 'call') out.push(e.decision);
  const kids: Expr[] =
    e.kind === 'field' ? [e.target] : e.kind === 'unary' ? [e.operand] : e.kind === 'binary' ? [e.left, e.right] : e.kind === 'if' ? [e.cond, e.then, e.else] : e.kind === 'builtin' || e.kind === 'call' ? [...e.args, ...Object.values(e.kind === 'call' ? (e.named ?? {}) : {})] : e.kind === 'list' ? e.items : [];
  kids.forEach((k) => calls(k, out));
}

/** Every number a decision's behaviour uses (cells, outputs, defaults, formulas, domains), with the decisions it calls. */
export function decisionNumbers(model: Model, ids: string[]): Decimal[] {
  const out: Decimal[] = [];
  const seen = new Set<string>();
  const queue = [...ids];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const d of model.decisions.get(id) ?? []) {
      const exprs: Expr[] = [...d.formulas.map((f) => f.expr), ...d.rules.flatMap((r) => r.then.map((t) => t.expr)), ...(d.defaults ?? []).map((x) => x.expr)];
      const tests: UnaryTest[] = [...d.rules.flatMap((r) => r.when.map((c) => c.test)), ...d.inputs.flatMap((f) => (f.type.domain ? [f.type.domain] : []))];
      for (const t of tests) out.push(...testNumbers(t));
      for (const e of exprs) {
        exprNumbers(e, out);
        const called: string[] = [];
        calls(e, called);
        queue.push(...called);
      }
    }
  }
  return out;
}

/** The sections whose prose a clause answers for: itself and its sub-clauses without decisions of their own. */
function proseOf(section: Section): Section[] {
  return [section, ...section.sections.filter((s) => s.decisions.length === 0).flatMap(proseOf)];
}

export const proseDrift: CheckRule = {
  name: 'prose-drift',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const section of model.sections.values()) {
      if (section.decisions.length === 0) continue;
      // A cell that did not read would make its figures look missing from the rule.
      if (section.decisions.some((id) => model.decisions.get(id)?.some((d) => d.flawed))) continue;
      const known = decisionNumbers(model, section.decisions);
      const first: Decision | undefined = section.decisions.map((id) => model.decisions.get(id)?.[0]).find((d) => d !== undefined);
      if (!first) continue;
      const reported = new Set<string>();
      const found = proseOf(section).flatMap((part) => proseNumbers(part.text).map((n) => ({ n, part })));
      for (const { n, part } of found) {
        const key = n.value.normalize().toString();
        if (reported.has(key) || known.some((k) => k.eq(n.value))) continue;
        reported.add(key);
        const ids = section.decisions.join('`, `');
        const at = proseSpan(part, n.start, n.end) ?? section.textSpan ?? section.span;
        out.push(
          diag('prose-drift', 'warning', 'check.prose-drift', { number: n.text, decisions: ids }, at, {
            related: section.decisions
              .map((id) => model.decisions.get(id)?.[0])
              .filter((d): d is Decision => d !== undefined)
              .map((d) => ctx.related(d.span, 'check.related-decision-prose', { id: d.id })),
          }),
        );
      }
    }
    return out;
  },
};
