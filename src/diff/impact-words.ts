/** What an impact says about one input: the outcome on each side in words of both languages, which outputs changed, and by how much money. */
import type { Decision, Model, Value } from '../model/index.js';
import { t as msg } from '../diagnostics/catalogue.js';
import { currencySymbol, formatValue } from '../lang/format.js';
import { canonicalJson } from '../model/canonical.js';
import { fieldLabel, valueWords, type Words } from './words.js';
import { Decimal } from '../runtime/decimal.js';

/** The evaluator as impact needs it (`evaluate` of src/evaluate, or any stand-in with its contract). */
export type EvaluateFn = (
  model: Model,
  decisionId: string,
  input: Record<string, unknown>,
  opts: { asOf?: string },
) => { output?: Record<string, Value>; error?: { code: string } };

export type Result = ReturnType<EvaluateFn>;

const cat = (key: string, params: Record<string, string | number> = {}): Words => ({ zh: msg(key, params, 'zh').message, en: msg(key, params, 'en').message });

function errorWords(r: Result): Words {
  const code = r.error?.code ?? 'unknown';
  return cat(`diff.error.${['no-match', 'out-of-domain', 'missing-input', 'no-version-at-date', 'unique-violated', 'no-version'].includes(code) ? code : 'other'}`);
}

/** What a side gives, in words: the outputs with their labels, or the error as a reader says it. */
function outcomeWords(d: Decision, r: Result, only: string[], currency: string): Words {
  if (!r.output) return errorWords(r);
  const parts: Words[] = [];
  for (const f of d.outputs) {
    if (!only.includes(f.name) || r.output[f.name] === undefined) continue;
    const v = valueWords(r.output[f.name], f, currency);
    const l = fieldLabel(f);
    parts.push({ zh: `${l.zh} ${v.zh}`, en: `${l.en} ${v.en}` });
  }
  return { zh: parts.map((p) => p.zh).join('，'), en: parts.map((p) => p.en).join(', ') };
}

/** Each changed output as label, before and after; an error on either side as the whole outcome. */
export function changeWords(a: Decision, b: Decision, ra: Result, rb: Result, shown: string[], currency: string): { label?: Words; before: Words; after: Words }[] {
  if (!ra.output || !rb.output) return [{ before: outcomeWords(a, ra, shown, currency), after: outcomeWords(b, rb, shown, currency) }];
  return b.outputs
    .filter((f) => shown.includes(f.name))
    .map((f) => {
      const fa = a.outputs.find((x) => x.name === f.name) ?? f;
      const x = ra.output?.[f.name];
      const y = rb.output?.[f.name];
      return { label: fieldLabel(f), before: x === undefined ? cat('diff.error.other') : valueWords(x, fa, currency), after: y === undefined ? cat('diff.error.other') : valueWords(y, f, currency) };
    });
}

export function rawOutcome(model: Model, d: Decision, r: Result, only: string[]): string {
  if (!r.output) return `error: ${r.error?.code ?? 'unknown'}`;
  const sym = currencySymbol(model.config.currency);
  return d.outputs
    .filter((f) => only.includes(f.name) && r.output?.[f.name] !== undefined)
    .map((f) => `${f.name} ${formatValue((r.output as Record<string, Value>)[f.name], f.type, { currencySymbol: sym })}`)
    .join(', ');
}

/** The outcome key over the outputs both sides have: an added or removed output is named, not compared. */
export function keyOf(r: Result, common: string[]): string {
  if (!r.output) return `error:${r.error?.code}`;
  return canonicalJson(common.map((k) => (r.output as Record<string, Value>)[k] ?? null));
}

export function changedOutputs(a: Result, b: Result, common: string[]): string[] {
  if (!a.output || !b.output) return common;
  return common.filter((k) => canonicalJson(a.output?.[k] ?? null) !== canonicalJson(b.output?.[k] ?? null));
}

/** The size of a money change at an example (how consequential it is); 0 for other outputs. */
export function moneyDelta(d: Decision, a: Result, b: Result, names: string[]): number {
  let max = 0;
  for (const f of d.outputs) {
    if (f.type.kind !== 'money' || !names.includes(f.name)) continue;
    const x = a.output?.[f.name];
    const y = b.output?.[f.name];
    if (Decimal.isDecimal(x) && Decimal.isDecimal(y)) max = Math.max(max, Math.abs(y.sub(x).toNumber()));
    else if (Decimal.isDecimal(x) || Decimal.isDecimal(y)) max = Math.max(max, Math.abs(((Decimal.isDecimal(x) ? x : y) as Decimal).toNumber()));
  }
  return max;
}
