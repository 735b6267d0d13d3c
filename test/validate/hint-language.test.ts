/**
 * Schema errors speak the run's language, hint included: the hint is the first
 * sentence of the schema node's `x-descriptionZh` in a Chinese run and of its
 * `description` in an English one. The built CLI on real files, one error of
 * each kind that carries a description (type, anyOf, required) in all three
 * schemas (policy, tests, config); the language from the config's `locale` or
 * from `--lang`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/rulebook.js');

interface Reported {
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

function check(fixture: 'hint-zh' | 'hint-en', lang?: 'zh' | 'en'): { code: number | null; found: Record<string, Pick<Reported, 'message' | 'hint'>> } {
  const cwd = join(root, 'test/fixtures/validate', fixture);
  const args = [bin, 'check', 'policies', '--format', 'json', ...(lang ? ['--lang', lang] : [])];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RULEBOOK_CACHE: '0' } });
  const diagnostics = (JSON.parse(r.stdout) as { diagnostics: Reported[] }).diagnostics.filter((d) => d.code === 'schema');
  return { code: r.status, found: Object.fromEntries(diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}`, { message: d.message, hint: d.hint }])) };
}

const chinese = {
  'policies/pay.test.yaml:3:11': { message: '`asOf` 应为字符串，而不是数字', hint: '日期，格式为 `YYYY-MM-DD`' },
  'policies/pay.yaml:2:8': { message: '`title` 应为字符串，而不是数字', hint: '文件标题，照原文书写' },
  'policies/pay.yaml:3:10': { message: '`version` 应为以下形式之一：整数、字符串（实际为列表）', hint: '文件的版本：写整数或字符串' },
  'policies/pay.yaml:5:5': { message: '`pay.bonus` 缺少必填的键 `outputs`', hint: '输出，按顺序：名称 → 字段' },
  'policies/rulebook.yaml:3:11': { message: '`currency` 应为字符串，而不是数字', hint: '金额的币种，按 ISO 4217 写三个大写字母；CNY 显示为 ¥' },
};

const english = {
  'policies/pay.test.yaml:3:11': { message: '`asOf` must be a string, not a number', hint: 'A calendar date `YYYY-MM-DD` (日期)' },
  'policies/pay.yaml:2:8': { message: '`title` must be a string, not a number', hint: 'Document title (标题), as the source writes it' },
  'policies/pay.yaml:3:10': { message: '`version` must be one of: integer, string (got a list)', hint: 'Version of the document (版本): an integer or a string' },
  'policies/pay.yaml:5:5': { message: 'missing required key `outputs` in `pay.bonus`', hint: 'Outputs (输出), in order: name → field' },
  'policies/rulebook.yaml:3:11': { message: '`currency` must be a string, not a number', hint: 'ISO 4217 currency of money values (货币); CNY is shown as ¥' },
};

describe('schema error hints follow the language of the run', () => {
  it('a Chinese config (`locale: zh-CN`) gives Chinese messages and hints', () => {
    const r = check('hint-zh');
    expect(r.found).toEqual(chinese);
    expect(r.code).toBe(1);
  });

  it('an English config (`locale: en`) gives English ones', () => {
    const r = check('hint-en');
    expect(r.found).toEqual(english);
    expect(r.code).toBe(1);
  });

  it('`--lang` overrides the config either way', () => {
    expect(check('hint-zh', 'en').found).toEqual(english);
    expect(check('hint-en', 'zh').found).toEqual(chinese);
  });

  it('leaves no English words in a Chinese hint outside code and parentheses', () => {
    for (const { hint } of Object.values(check('hint-zh').found)) {
      expect(hint?.replace(/`[^`]*`|ISO 4217|CNY/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
