/**
 * Words of evaluation errors and of the test runner, in English and Chinese.
 * Keys are `eval.<code>`; the error code itself is stable across languages.
 */
import { register } from '../diagnostics/catalogue.js';

register({
  'eval.hint': { en: 'hint', zh: '建议' },
  'batch.inexact': { en: '`{n}` has more digits than a JSON number holds exactly; write it as a string: "{n}"', zh: '`{n}` 的位数超出 JSON 数字能精确表示的范围；请写成字符串："{n}"' },
  'batch.csv-fields': { en: 'expected {expected} fields, found {found}', zh: '应有 {expected} 个字段，实际有 {found} 个' },
  'batch.csv-quote': { en: 'a quote inside an unquoted field', zh: '未加引号的字段中出现了引号' },
  'batch.csv-unclosed': { en: 'a quoted field is not closed', zh: '带引号的字段没有闭合' },
  'batch.not-json': { en: 'not JSON: {reason}', zh: '不是 JSON：{reason}' },
  'batch.json-overflow': { en: '`{n}` is beyond what a JSON number holds (it would become infinite); write it as a string', zh: '`{n}` 超出 JSON 数字的范围（会变成无穷大）；请写成字符串' },
  'batch.json-underflow': { en: '`{n}` is beyond what a JSON number holds (it would become 0); write it as a string', zh: '`{n}` 超出 JSON 数字的范围（会变成 0）；请写成字符串' },
  'batch.duplicate-key': { en: 'duplicate key `{key}` (JSON would keep only the last); give each key once', zh: '键 `{key}` 出现了不止一次（JSON 只会保留最后一个）；每个键只写一次' },
  'batch.not-object': { en: 'not a JSON object', zh: '不是 JSON 对象' },
  'batch.unreadable': { en: 'unreadable input', zh: '无法读取的输入' },
  'batch.shard-form': { en: '`{text}` is not i/n (e.g. 1/4: the first of four shards)', zh: '`{text}` 不是 i/n 的形式（例如 1/4：四份中的第一份）' },
  'batch.shard-range': { en: '`{text}`: i must be from 1 to n, and n at least 1', zh: '`{text}`：i 必须在 1 到 n 之间，且 n 至少为 1' },
  'eval.unknown-decision': { en: 'no decision `{decision}`', zh: '没有决策 `{decision}`', hintEn: 'decision ids are dotted snake_case, e.g. `cs.performance_rate`', hintZh: '决策编号为点分的小写下划线形式，例如 `cs.performance_rate`' },
  'eval.no-version': { en: 'decision `{decision}` has no version in force on `{date}`', zh: '决策 `{decision}` 在 `{date}` 没有生效的版本', hintEn: 'the nearest versions are in force {periods}; pick a date inside one (`--as-of`)', hintZh: '最接近的版本生效期为 {periods}；请选择其中的日期（`--as-of`）' },
  'eval.bad-as-of': { en: '`{value}` is not a date to evaluate as of', zh: '`{value}` 不是有效的评估日期', hintEn: 'write a real calendar day as YYYY-MM-DD, e.g. `2026-03-01`', hintZh: '请写成真实存在的日期 YYYY-MM-DD，例如 `2026-03-01`' },
  'eval.exceptions-disagree': { en: 'exceptions `{a}` and `{b}` of `{decision}` both apply with different outputs', zh: '`{decision}` 的例外 `{a}` 与 `{b}` 同时适用但结果不同', hintEn: 'say which one wins: declare `overrides: {a}` on the more specific one, or make them disjoint', hintZh: '请说明哪个优先：在更具体的一个上声明 `overrides: {a}`，或使两者互不相交' },
  'eval.missing-input': { en: 'input `{input}` of `{decision}` is missing', zh: '缺少决策 `{decision}` 的输入 `{input}`', hintEn: 'the inputs are: {inputs}', hintZh: '输入项为：{inputs}' },
  'eval.unknown-input': { en: '`{decision}` has no input `{input}`', zh: '决策 `{decision}` 没有输入 `{input}`', hintEn: 'the inputs are: {inputs}', hintZh: '输入项为：{inputs}' },
  // The same English as the runtime's reason (src/runtime/semantics.ts), so both executions say the same.
  'eval.too-many-digits': { en: 'more than {max} digits, the limit for a number', zh: '超过 {max} 位数字，这是数字的上限' },
  'eval.wrong-type': { en: 'input `{input}` of `{decision}` is `{value}`, {reason}', zh: '决策 `{decision}` 的输入 `{input}` 为 `{value}`，类型不符（{reason}）', hintEn: 'expected a {type}', hintZh: '应为 {type}' },
  'eval.out-of-domain': { en: 'input `{input}` of `{decision}` is `{value}`, outside its domain `{domain}`', zh: '决策 `{decision}` 的输入 `{input}` 为 `{value}`，超出取值范围 `{domain}`' },
  'eval.no-match': { en: 'no rule of `{decision}` matches the input', zh: '决策 `{decision}` 没有规则匹配该输入', hintEn: 'input: {input}', hintZh: '输入：{input}' },
  'eval.unique-violated': { en: 'rules {rows} of `{decision}` all match the input (hit policy `{hit}`)', zh: '决策 `{decision}` 的规则 {rows} 同时匹配该输入（命中策略 `{hit}`）', hintEn: 'input: {input}', hintZh: '输入：{input}' },
  'eval.any-disagree': { en: 'rules {rows} of `{decision}` match the input with different outputs (hit policy `any`)', zh: '决策 `{decision}` 的规则 {rows} 匹配该输入但输出不同（命中策略 `any`）', hintEn: 'input: {input}', hintZh: '输入：{input}' },
  'eval.division-by-zero': { en: 'division by zero in `{decision}`', zh: '决策 `{decision}` 中出现除以零', hintEn: 'in `{expr}`', hintZh: '位于 `{expr}`' },
  'eval.bad-value': { en: '`{expr}` in `{decision}` cannot be computed: {reason}', zh: '决策 `{decision}` 中的 `{expr}` 无法计算：{reason}' },
  'eval.bad-date': { en: '`{value}` is not a date', zh: '`{value}` 不是日期', hintEn: 'write dates as YYYY-MM-DD', hintZh: '日期格式为 YYYY-MM-DD' },
  'test.passed': { en: 'passed', zh: '通过' },
  'test.failed': { en: 'failed', zh: '未通过' },
  'test.expected': { en: 'expected', zh: '期望' },
  'test.actual': { en: 'actual', zh: '实际' },
  'test.summary': { en: '{passed} passed, {failed} failed', zh: '{passed} 个通过，{failed} 个未通过' },
  'test.uncovered-row': { en: 'no test reaches rule {row} of `{decision}`', zh: '没有测试覆盖决策 `{decision}` 的规则 {row}' },
  'test.uncovered-more': { en: '… and {count} more in `{decision}`', zh: '……`{decision}` 中还有 {count} 条' },
  'test.uncovered-formula': { en: 'no test reaches the formula of `{output}` in `{decision}`', zh: '没有测试覆盖决策 `{decision}` 中 `{output}` 的公式' },
  'test.coverage': { en: 'coverage: {covered} of {total} rules and formulas reached', zh: '覆盖率：{total} 条规则和公式中覆盖了 {covered} 条' },
  'test.mismatch': { en: 'test `{name}` of `{decision}` failed: {detail}', zh: '决策 `{decision}` 的测试 `{name}` 未通过：{detail}' },
});
