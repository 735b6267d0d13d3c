/**
 * `matches(input, pattern, flags)` and `replace(input, pattern, replacement,
 * flags)`: FEEL's regular expressions (XPath's), run as JavaScript ones with
 * the `u` flag. Flags `s`, `m`, `i` as in JavaScript, `x` drops whitespace
 * from the pattern, `q` takes it literally; any other flag, a pattern that
 * does not compile, or (for `replace`) one that matches the empty text is null.
 */
import type { Value } from '../../model/index.js';
import { needText, textArg, type Builtin, type RunKit } from './kit.js';

/** The JavaScript regular expression of an XPath pattern and flags, or undefined when FEEL gives null. */
function regexOf(pattern: string, flags: string, global: boolean): RegExp | undefined {
  if (!/^[smixq]*$/.test(flags)) return undefined;
  let source = pattern;
  if (flags.includes('q')) source = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  else if (flags.includes('x')) source = withoutSpaces(source);
  const js = [...new Set(flags.replace(/[xq]/g, '').split(''))].join('') + 'u' + (global ? 'g' : '');
  try {
    return new RegExp(source, js);
  } catch {
    return undefined;
  }
}

/** The text arguments (null flags are no flags), or null when another is null. */
/** The pattern without whitespace outside character classes (XPath's `x` flag). */
function withoutSpaces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    if (!inClass && /\s/.test(ch)) continue;
    out += ch;
  }
  return out;
}

function texts(args: Value[], k: RunKit, n: number, flagsAt: number): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = i === flagsAt && args[i] === null ? '' : textArg(args[i], k);
    if (t === null) return null;
    out.push(t);
  }
  return out;
}

export const fnMatches: Builtin = {
  name: 'matches',
  feel: 'matches',
  arity: [2, 3],
  doc: { call: 'matches(text, pattern, flags)', en: 'whether the text matches the regular expression (flags `s`, `m`, `i`, `x`, `q` as in XPath)' },
  type: (args, k) => (args.every((_, i) => needText(args, i, k)) ? k.value('boolean') : { t: 'error' }),
  run(args, k) {
    const t = texts(args, k, args.length, 2);
    if (t === null) return null;
    const re = regexOf(t[1], t[2] ?? '', false);
    return re === undefined ? null : re.test(t[0]);
  },
};

export const fnReplace: Builtin = {
  name: 'replace',
  feel: 'replace',
  arity: [3, 4],
  doc: { call: 'replace(text, pattern, replacement, flags)', en: 'the text with every match of the regular expression replaced (`$1` is the first group)' },
  type: (args, k) => (args.every((_, i) => needText(args, i, k)) ? k.value('string') : { t: 'error' }),
  run(args, k) {
    const t = texts(args, k, args.length, 3);
    if (t === null) return null;
    const re = regexOf(t[1], t[3] ?? '', true);
    if (re === undefined || new RegExp(re.source, re.flags.replace('g', '')).test('')) return null;
    // XPath's replacement: `\$` and `\\` are literal, `$0` the match, `$n` a group; JavaScript writes `$$` and `$&`.
    const replacement = t[2].replace(/\\([$\\])|\$0|\$(?!\d)/g, (m, esc: string | undefined) => (esc === '\\' ? '\\' : m === '$0' ? '$&' : '$$'));
    return t[0].replace(re, replacement);
  },
};
