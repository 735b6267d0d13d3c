/** `substring before`, `substring after` and `string join`: parts of texts and texts joined. */
import type { Value } from '../../model/index.js';
import { needText, textArg, type Builtin, type RunKit, type TypeKit, type TypeT } from './kit.js';

function textsToText(args: TypeT[], k: TypeKit): TypeT {
  return needText(args, 0, k) && needText(args, 1, k) ? k.value('string') : { t: 'error' };
}

function part(f: (s: string, m: string) => string) {
  return (args: Value[], k: RunKit): Value => {
    const s = textArg(args[0], k);
    const m = textArg(args[1], k);
    return s === null || m === null ? null : f(s, m);
  };
}

export const fnSubstringBefore: Builtin = {
  name: 'substring_before',
  feel: 'substring before',
  arity: [2, 2],
  doc: { call: 'substring_before(text, match)', en: 'the text before the first match (empty when there is none)' },
  type: textsToText,
  run: part((s, m) => {
    const i = s.indexOf(m);
    return i < 0 ? '' : s.slice(0, i);
  }),
};

export const fnSubstringAfter: Builtin = {
  name: 'substring_after',
  feel: 'substring after',
  arity: [2, 2],
  doc: { call: 'substring_after(text, match)', en: 'the text after the first match (empty when there is none)' },
  type: textsToText,
  run: part((s, m) => {
    const i = s.indexOf(m);
    return i < 0 ? '' : s.slice(i + m.length);
  }),
};

export const fnStringJoin: Builtin = {
  name: 'string_join',
  feel: 'string join',
  arity: [1, 2],
  doc: { call: 'string_join(list, delimiter)', en: 'the texts of the list joined, with the delimiter between them (null items are left out)' },
  type(args, k) {
    // One text stands for the list of it (FEEL's singleton list).
    if (args[0].t !== 'list' && args[0].t !== 'null' && k.kind(args[0]) !== 'string') return k.err('lang.type.count-needs-list', { got: k.show(args[0]) }, 0);
    const item = args[0].t === 'list' ? args[0].item : undefined;
    if (item && item.t !== 'null' && k.kind(item) !== 'string') return k.err('lang.type.needs-text', { got: k.show(item) }, 0);
    if (args.length > 1 && !needText(args, 1, k)) return { t: 'error' };
    return k.value('string');
  },
  run(args, k) {
    const list = typeof args[0] === 'string' ? [args[0]] : args[0];
    if (!Array.isArray(list)) return null;
    const sep = args.length > 1 ? textArg(args[1], k) : '';
    const parts: string[] = [];
    for (const it of list) {
      if (it === null) continue;
      if (typeof it !== 'string') return null;
      parts.push(it);
    }
    return parts.join(sep ?? '');
  },
};
