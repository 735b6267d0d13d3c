import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { parseExpr } from '../../src/lang/expr.js';
import { LANG_MESSAGES } from '../../src/lang/messages.js';
import { checkLiteralAgainst, typeOf, type TypeEnv } from '../../src/lang/types.js';
import { parseUnaryTest } from '../../src/lang/unary.js';
import type { ValueType } from '../../src/model/index.js';
import { at, dec } from './helpers.js';

const span = at(0, 0);
const offense: ValueType = { kind: 'enum', values: ['leak', 'coercion'].map((key) => ({ key, label: key, span })) };
const env: TypeEnv = {
  names: new Map<string, ValueType>([
    ['sales', { kind: 'money' }],
    ['conversion', { kind: 'percent' }],
    ['offense', offense],
  ]),
  decision: () => undefined,
};
const typeErrors = (text: string, expected?: ValueType) => {
  const r = parseExpr(text, at);
  expect(r.errors).toEqual([]);
  return typeOf(r.expr!, env, expected).errors;
};

describe('messages in Chinese', () => {
  afterEach(() => setLang('en'));

  it('a bad cell `<< 70%` reads in Chinese, at the same place', () => {
    const en = parseUnaryTest('<< 70%', at).errors;
    setLang('zh');
    const zh = parseUnaryTest('<< 70%', at).errors;
    expect(en).toEqual([{ message: 'unexpected `<`, expected a value after `<`', hint: 'e.g. `< 70%`', start: 1, end: 2 }]);
    expect(zh).toEqual([{ message: '此处不应出现 `<`，`<` 后面应为一个值', hint: '例如 `< 70%`', start: 1, end: 2 }]);
  });

  it('the lexer and the end of a cell or formula are in Chinese too', () => {
    setLang('zh');
    expect(parseUnaryTest('70％', at).errors[0]).toMatchObject({ message: '此处不应出现全角的 `％`', hint: '请写成 `70%`' });
    expect(parseUnaryTest('< ', at).errors[0].message).toBe('此处不应出现 单元格结尾，`<` 后面应为一个值');
    expect(parseExpr('sales +', at).errors[0].message).toBe('此处不应出现 公式结尾，应为一个值');
    expect(parseExpr('date("2026-13-01")', at).errors[0]).toMatchObject({ message: '`2026-13-01` 中的月份 13 不存在', hint: '日期写作 `date("YYYY-MM-DD")`' });
  });

  it('money + percent in a formula reads in Chinese', () => {
    setLang('zh');
    expect(typeErrors('sales + conversion')[0]).toMatchObject({ message: '不能把 `money` 与 `percent` 相加', hint: '`+` 两边的单位必须相同' });
    expect(typeErrors('conversion', { kind: 'money' })[0]).toMatchObject({
      message: '公式给出的是 `percent`，应为 `money`',
      hint: '金额的百分比仍是金额：请相乘，例如 `sales * rate`',
    });
  });

  it('an unknown enum key gets a Chinese did-you-mean, in cells and formulas', () => {
    setLang('zh');
    const cell = parseUnaryTest('leek', at, { enumKeys: new Set(['leak', 'coercion']) }).errors[0];
    expect(cell).toMatchObject({ message: '未知的枚举值 `leek`', hint: '是否想写 `"leak"`？', start: 0, end: 4 });
    expect(typeErrors('offense = "leek"')[0]).toMatchObject({ message: '未知的枚举值 `"leek"`', hint: '是否想写 `"leak"`？' });
    expect(checkLiteralAgainst({ kind: 'string', value: 'zzz' }, offense)).toMatchObject({ message: '未知的枚举值 `"zzz"`', hint: '应为以下之一：`"leak"`, `"coercion"`' });
  });

  it('a percent written without `%` gets a Chinese hint with both readings', () => {
    setLang('zh');
    const p = checkLiteralAgainst({ kind: 'number', value: dec('0.7') }, { kind: 'percent' });
    expect(p).toMatchObject({ message: '`0.7` 在这里需要加 `%`', hint: '表示百分之 0.7 请写 `0.7%`，表示小数 0.7 请写 `70%`' });
  });

  it('switching back to English gives the English words again', () => {
    setLang('zh');
    parseUnaryTest('<< 70%', at);
    setLang('en');
    expect(typeErrors('sales + conversion')[0].message).toBe('cannot add `money` and `percent`');
  });
});

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Backtick-quoted spans that hold a placeholder: the user's value must be quoted the same way in both languages. */
const quotedPlaceholders = (s: string) => [...s.matchAll(/`[^`]*`/g)].map((m) => m[0]).filter((q) => /\{\w+\}/.test(q)).sort();
const HAN = /\p{Script=Han}/u;

describe('the lang catalogue', () => {
  const entries = Object.entries(LANG_MESSAGES);

  it('has many entries, all under `lang.`', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const [key] of entries) expect(key).toMatch(/^lang\.[a-z.-]+$/);
  });

  it('gives every entry English and Chinese with the same placeholders, quoted the same way', () => {
    for (const [key, e] of entries) {
      expect(e.en, key).not.toBe('');
      expect(e.zh, key).not.toBe('');
      expect(e.hintEn === undefined, `${key}: a hint in one language only`).toBe(e.hintZh === undefined);
      const pairs: [string, string][] = [[e.en, e.zh]];
      if (e.hintEn !== undefined && e.hintZh !== undefined) pairs.push([e.hintEn, e.hintZh]);
      for (const [en, zh] of pairs) {
        expect(placeholders(zh), `${key}: ${zh}`).toEqual(placeholders(en));
        expect(quotedPlaceholders(zh), `${key}: ${zh}`).toEqual(quotedPlaceholders(en));
        // Only a bare pass-through such as `{error}` may be without Chinese words.
        if (en.replace(/\{\w+\}/g, '').trim()) expect(zh, key).toMatch(HAN);
      }
    }
  });

  it('keeps the message style: one line, lowercase start, no final period', () => {
    for (const [key, e] of entries) {
      for (const s of [e.en, e.zh, e.hintEn ?? '', e.hintZh ?? '']) expect(s, key).not.toMatch(/\n/);
      expect(e.en, key).not.toMatch(/^[A-Z]/);
      expect(e.en, key).not.toMatch(/\.$/);
      expect(e.zh, key).not.toMatch(/[。.]$/);
    }
  });

  const dir = join(import.meta.dirname, '../../src/lang');
  // The language's own files and its built-in modules (src/lang/builtins/).
  const sources = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && f !== 'messages.ts')
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

  it('has an entry for every key the code uses, and no entry the code does not use', () => {
    const used = new Set(sources.flatMap((s) => [...s.text.matchAll(/'(lang\.[a-z.-]+)'/g)].map((m) => m[1])));
    for (const key of used) expect(LANG_MESSAGES[key], key).toBeDefined();
    for (const [key] of entries) expect(used.has(key), `${key} is never used`).toBe(true);
  });

  it('leaves no English sentence in the code of src/lang outside the catalogue', () => {
    const offenders: string[] = [];
    for (const { file, text } of sources) {
      const code = text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/\s\/\/\s.*$/gm, '');
      code.split('\n').forEach((line, i) => {
        const where = `${file}:${i + 1}: ${line.trim()}`;
        // A built-in's doc line is docs/format.md's text, and its run-time reasons are the
        // evaluators' `bad-value` detail, which the generated module (English only) shares.
        if (file.startsWith('builtins') && /\bdoc: \{|\bk\.fail\(|DOC_MARKERS =/.test(line)) return;
        if (/\b(message|hint): *[`'"]/.test(line)) offenders.push(where);
        if (/this\.(err|fail|unexpected)\([^,]+, *`/.test(line)) offenders.push(where);
        // Three lowercase words in one string literal read as a sentence.
        for (const m of line.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
          if (/\b[a-z]+ [a-z]+ [a-z]+\b/.test(m[2])) offenders.push(where);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
