/**
 * The reader's words: a reviewer reads labels (询单转化率, "inquiry conversion
 * rate"), enum labels (泄露客户资料) and thresholds as comparisons in words
 * (询单转化率 ≥ 70%, "inquiry conversion rate at least 70%"), never field
 * names, enum keys or FEEL. Every text is made in both languages at diff time,
 * so the JSON report and the Markdown in either language need no model.
 */
import type { Decision, Field, Literal, UnaryTest, Value } from '../model/index.js';
import { currencySymbol, formatLiteral, formatValue } from '../lang/format.js';
import { Decimal } from '../runtime/decimal.js';

/** One text in both report languages. */
export interface Words {
  zh: string;
  en: string;
}

/** The same text in both languages (values, numbers, dates). */
export const both = (s: string): Words => ({ zh: s, en: s });

/** A decision's title in each language (the id only when the author gave no title). */
export function decisionTitle(d: Pick<Decision, 'id' | 'title' | 'titleEn'>): Words {
  const zh = d.title ?? d.titleEn ?? d.id;
  return { zh, en: d.titleEn ?? d.title ?? d.id };
}

/** A field's label in each language (its name only when it has no label). */
export function fieldLabel(f: Pick<Field, 'name' | 'label' | 'labelEn'>): Words {
  return { zh: f.label ?? f.labelEn ?? f.name, en: f.labelEn ?? f.label ?? f.name };
}

/** A runtime value for a reader: money with its symbol (no cents when whole), percents, enum labels, yes/no. */
export function valueWords(v: Value, f: Field, currency: string): Words {
  const t = f.type;
  if (v === null) return { zh: '空', en: 'none' };
  if (typeof v === 'boolean') return v ? { zh: '是', en: 'yes' } : { zh: '否', en: 'no' };
  if (typeof v === 'string' && t.kind === 'enum') {
    const label = t.values?.find((x) => x.key === v)?.label;
    return both(label ?? v);
  }
  if (typeof v === 'string') return both(`“${v}”`);
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueWords(x, f, currency));
    return { zh: parts.map((p) => p.zh).join('、') || '（无）', en: parts.map((p) => p.en).join(', ') || '(none)' };
  }
  if (Decimal.isDecimal(v) && t.kind === 'money') return both(formatValue(v, t, { currencySymbol: currencySymbol(currency), moneyPlaces: v.isInteger() ? 0 : 2 }));
  if (Decimal.isDecimal(v) && (t.kind === 'months' || t.kind === 'days')) {
    const n = v.toString();
    return t.kind === 'months' ? { zh: `${n} 个月`, en: `${n} month${n === '1' ? '' : 's'}` } : { zh: `${n} 天`, en: `${n} day${n === '1' ? '' : 's'}` };
  }
  return both(formatValue(v, t));
}

function litValue(l: Literal): Value {
  return l.kind === 'date' ? l.value : l.value;
}

const CMP_ZH: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '为', '!=': '不为' };
const CMP_EN: Record<string, string> = { '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least', '=': 'is', '!=': 'is not' };

/**
 * A cell (unary test) in words, without the field's label: `≥ 70%` / `at
 * least 70%`, `≥ 70% 且 < 75%` / `at least 70% and below 75%`, an enum's label.
 * Expression cells keep their source (a reviewer of such a cell reads FEEL).
 */
export function testWords(t: UnaryTest, f: Field, currency: string, source?: string): Words {
  const val = (l: Literal): Words => (l.kind === 'null' ? { zh: '空', en: 'none' } : valueWords(litValue(l), f, currency));
  switch (t.kind) {
    case 'any':
      return { zh: '任意', en: 'any' };
    case 'compare': {
      const v = val(t.value);
      // An equality is the value itself (`conditionWords` adds the verb).
      if (t.op === '=') return v;
      return { zh: `${CMP_ZH[t.op]} ${v.zh}`, en: `${CMP_EN[t.op]} ${v.en}` };
    }
    case 'range': {
      const lo = val(t.low);
      const hi = val(t.high);
      return {
        zh: `${t.lowClosed ? '≥' : '>'} ${lo.zh} 且 ${t.highClosed ? '≤' : '<'} ${hi.zh}`,
        en: `${t.lowClosed ? 'at least' : 'above'} ${lo.en} and ${t.highClosed ? 'at most' : 'below'} ${hi.en}`,
      };
    }
    case 'or': {
      // `"a", "b"`: a list of equalities reads as "为 A 或 B" / "is A or B".
      if (t.items.every((x) => x.kind === 'compare' && x.op === '=')) {
        const vs = t.items.map((x) => val((x as Extract<UnaryTest, { kind: 'compare' }>).value));
        return { zh: vs.map((v) => v.zh).join(' 或 '), en: vs.map((v) => v.en).join(' or ') };
      }
      const parts = t.items.map((x) => testWords(x, f, currency));
      return { zh: parts.map((p) => p.zh).join('，或 '), en: parts.map((p) => p.en).join(', or ') };
    }
    case 'not': {
      const parts = t.items.map((x) => testWords(x, f, currency));
      return { zh: `不满足：${parts.map((p) => p.zh).join('，或 ')}`, en: `not ${parts.map((p) => p.en).join(', nor ')}` };
    }
    case 'expr':
      return both(source ?? '?');
  }
}

/** A condition on a field in words: `询单转化率 ≥ 70%` / `inquiry conversion rate at least 70%`. */
export function conditionWords(t: UnaryTest, f: Field, currency: string, source?: string): Words {
  const label = fieldLabel(f);
  const w = testWords(t, f, currency, source);
  const isValue = (t.kind === 'compare' && t.op === '=') || (t.kind === 'or' && t.items.every((x) => x.kind === 'compare' && x.op === '='));
  return isValue ? { zh: `${label.zh}为 ${w.zh}`, en: `${label.en} is ${w.en}` } : { zh: `${label.zh} ${w.zh}`, en: `${label.en} ${w.en}` };
}

/** `a = 1` pairs in words: `销售额 ¥100,000，询单转化率 72%`. */
export function inputWords(pairs: { field: Field; value: Value }[], currency: string): Words {
  const parts = pairs.map(({ field, value }) => {
    const l = fieldLabel(field);
    const v = valueWords(value, field, currency);
    return { zh: `${l.zh} ${v.zh}`, en: `${l.en} ${v.en}` };
  });
  return { zh: parts.map((p) => p.zh).join('，'), en: parts.map((p) => p.en).join(', ') };
}

/** An output entry (`then`) in words: a literal as a value, anything else as its formula text. */
export function entryWords(literal: Literal | undefined, source: string, f: Field | undefined, currency: string): Words {
  if (!literal || !f) return both(source);
  return literal.kind === 'null' ? { zh: '空', en: 'none' } : valueWords(litValue(literal), f, currency);
}

/** The literal of a cell shown as written, for the JSON report (`70%`, `"leak"`). */
export { formatLiteral };
