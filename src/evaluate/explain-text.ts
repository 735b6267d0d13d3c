/**
 * An explanation as a person reads it in a terminal: which version, which rows
 * fired (with their place in the policy files), how each formula came to its
 * value, and the same for every decision it called, indented.
 */
import { register, word } from '../diagnostics/catalogue.js';
import { currencySymbol, formatValue } from '../lang/format.js';
import type { Decision, Model, Value, ValueType } from '../model/index.js';
import type { Explanation } from './types.js';

register({
  'explain.clause': { en: 'clause', zh: '条款' },
  'explain.version': { en: 'version from', zh: '版本生效自' },
  'explain.input': { en: 'input', zh: '输入' },
  'explain.row': { en: 'row', zh: '第' },
  'explain.row-suffix': { en: 'fired', zh: '行命中' },
  'explain.default': { en: 'no row matched: the default applies', zh: '没有行命中：采用默认值' },
  'explain.formula': { en: 'formula', zh: '公式' },
  'explain.calls': { en: 'calls', zh: '调用' },
  'explain.result': { en: 'result', zh: '结果' },
  'explain.exception': { en: 'the exception applies', zh: '适用例外' },
  'explain.input-default': { en: 'not given, its default taken', zh: '未提供，采用默认值' },
});

const ANY: ValueType = { kind: 'number' };

/** Formats an explanation tree; `model` gives the types that say how to print each value. */
export function formatExplanation(model: Model, e: Explanation, indent = ''): string {
  const versions = model.decisions.get(e.decision) ?? [];
  const d: Decision | undefined = versions.find((v) => v.effective?.from.iso === e.version?.from) ?? versions[versions.length - 1];
  const sym = currencySymbol(model.config.currency);
  const show = (name: string, v: Value, fields: Decision['inputs'] = []) => {
    const f = fields.find((x) => x.name === name);
    return formatValue(v, f?.type ?? ANY, { currencySymbol: sym });
  };
  const lines: string[] = [];
  const head = [`${e.decision}${e.title ? ` ${e.title}` : ''} (${e.hit})`];
  if (e.clause) head.push(`${word('explain.clause')} ${e.clause}`);
  if (e.version) head.push(`${word('explain.version')} ${e.version.from}`);
  lines.push(indent + head.join(' — '));
  const inputs = Object.entries(e.input).map(([k, v]) => `${k} = ${show(k, v, d?.inputs)}${e.defaultedInputs?.includes(k) ? ` (${word('explain.input-default')})` : ''}`);
  if (inputs.length) lines.push(`${indent}  ${word('explain.input')}: ${inputs.join(', ')}`);
  for (const r of e.rows) {
    const label = `#${r.index}${r.id ? ` ${r.id}` : ''}${r.note ? ` (${r.note})` : ''}`;
    lines.push(`${indent}  ${word('explain.row')} ${label} ${word('explain.row-suffix')}  ${r.span.file}:${r.span.line}:${r.span.column}`);
  }
  if (e.defaulted) lines.push(`${indent}  ${word('explain.default')}`);
  if (e.exception) {
    lines.push(`${indent}  ${word('explain.exception')}:`);
    lines.push(formatExplanation(model, e.exception, `${indent}    `));
  }
  for (const f of e.formulas) {
    lines.push(`${indent}  ${word('explain.formula')} ${f.output} = ${f.source}  ${f.span.file}:${f.span.line}:${f.span.column}`);
    for (const s of f.steps) lines.push(`${indent}      ${s.expr} = ${show('', s.value)}`);
    lines.push(`${indent}    = ${show(f.output, f.value, d?.outputs)}`);
  }
  if (e.output) {
    const out = Object.entries(e.output).map(([k, v]) => `${k} = ${show(k, v, d?.outputs)}`);
    lines.push(`${indent}  ${word('explain.result')}: ${out.join(', ')}`);
  }
  for (const c of e.calls) {
    lines.push(`${indent}  ${word('explain.calls')}:`);
    lines.push(formatExplanation(model, c, `${indent}    `));
  }
  return lines.join('\n');
}
