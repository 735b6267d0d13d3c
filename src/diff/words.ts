/**
 * The reader's words: a reviewer reads labels (询单转化率, "inquiry conversion
 * rate"), enum labels (泄露客户资料) and thresholds as comparisons in words
 * (询单转化率 ≥ 70%, "inquiry conversion rate at least 70%"), never field
 * names, enum keys or FEEL. Every text is made in both languages at diff time,
 * so the JSON report and the Markdown in either language need no model.
 */
import type { Decision, Field, Literal, UnaryTest, Value } from '../model/index.js';
import { currencySymbol, formatValue } from '../lang/format.js';
import { t as msg, type Lang } from '../diagnostics/catalogue.js';
import { Decimal } from '../runtime/decimal.js';
import './messages.js';

/** One comparison in words: `≥ 70%`, `at least 70%`. */
const t_ = (key: string, lang: Lang, v: string): string => msg(key, { v }, lang).message;

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
  if (v === null) return cat('diff.v.null');
  if (typeof v === 'boolean') return cat(v ? 'diff.v.yes' : 'diff.v.no');
  if (typeof v === 'string' && t.kind === 'enum') {
    const label = t.values?.find((x) => x.key === v)?.label;
    return both(label ?? v);
  }
  if (typeof v === 'string') return both(`“${v}”`);
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueWords(x, f, currency));
    const none = cat('diff.v.empty');
    return { zh: parts.map((p) => p.zh).join('、') || none.zh, en: parts.map((p) => p.en).join(', ') || none.en };
  }
  if (Decimal.isDecimal(v) && t.kind === 'money') return both(formatValue(v, t, { currencySymbol: currencySymbol(currency), moneyPlaces: v.isInteger() ? 0 : 2 }));
  if (Decimal.isDecimal(v) && (t.kind === 'months' || t.kind === 'days')) {
    const n = v.toString();
    return cat(`diff.v.${t.kind}${n === '1' ? '-one' : ''}`, { n });
  }
  return both(formatValue(v, t));
}

function litValue(l: Literal): Value {
  return l.kind === 'date' ? l.value : l.value;
}

/** A catalogue entry in both languages. */
export const cat = (key: string, params: Record<string, string | number> = {}): Words => ({ zh: msg(key, params, 'zh').message, en: msg(key, params, 'en').message });

/** A two-part phrase (`{label}` and `{v}`), each part in its language. */
const cat2 = (key: string, label: Words, v: Words): Words => ({ zh: msg(key, { label: label.zh, v: v.zh }, 'zh').message, en: msg(key, { label: label.en, v: v.en }, 'en').message });

const OPS: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '!=': 'ne' };

/**
 * A cell (unary test) in words, without the field's label: `≥ 70%` / `at
 * least 70%`, `≥ 70% 且 < 75%` / `at least 70% and below 75%`, an enum's label.
 * Expression cells keep their source (a reviewer of such a cell reads FEEL).
 */
export function testWords(t: UnaryTest, f: Field, currency: string, source?: string): Words {
  const val = (l: Literal): Words => (l.kind === 'null' ? cat('diff.v.null') : valueWords(litValue(l), f, currency));
  switch (t.kind) {
    case 'any':
      return cat('diff.v.any');
    case 'compare': {
      const v = val(t.value);
      // An equality is the value itself (`conditionWords` adds the verb).
      if (t.op === '=') return v;
      return { zh: t_(`diff.op.${OPS[t.op]}`, 'zh', v.zh), en: t_(`diff.op.${OPS[t.op]}`, 'en', v.en) };
    }
    case 'range': {
      const lo = val(t.low);
      const hi = val(t.high);
      const lk = `diff.op.${t.lowClosed ? 'ge' : 'gt'}`;
      const hk = `diff.op.${t.highClosed ? 'le' : 'lt'}`;
      return {
        zh: msg(`diff.op.and`, { a: t_(lk, 'zh', lo.zh), b: t_(hk, 'zh', hi.zh) }, 'zh').message,
        en: msg(`diff.op.and`, { a: t_(lk, 'en', lo.en), b: t_(hk, 'en', hi.en) }, 'en').message,
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
      return { zh: msg('diff.op.not', { items: parts.map((p) => p.zh).join('，或 ') }, 'zh').message, en: msg('diff.op.not', { items: parts.map((p) => p.en).join(', nor ') }, 'en').message };
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
  return isValue ? cat2('diff.cond-is', label, w) : cat2('diff.cond', label, w);
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
  return literal.kind === 'null' ? cat('diff.v.null') : valueWords(litValue(literal), f, currency);
}
