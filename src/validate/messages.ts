import { register } from '../diagnostics/catalogue.js';

register({
  'schema.unknown-key': { en: 'unknown key `{key}` in `{where}`', zh: '`{where}` 中有未知的键 `{key}`' },
  'schema.did-you-mean': { en: 'did you mean `{guess}`?', zh: '是否想写 `{guess}`？' },
  'schema.allowed-keys': { en: 'allowed keys here: {keys}', zh: '此处允许的键：{keys}' },
  'schema.missing': { en: 'missing required key `{key}` in `{where}`', zh: '`{where}` 缺少必填的键 `{key}`' },
  'schema.enum-hit': {
    en: 'unknown hit policy `{value}`, expected one of {allowed}',
    zh: '未知的命中策略 `{value}`，应为以下之一：{allowed}',
    hintEn: 'the hit policy says what happens when several rows match; `unique` means exactly one may',
    hintZh: '命中策略决定多行同时匹配时的处理方式；`unique` 表示最多只能有一行匹配',
  },
  'schema.enum': { en: 'unknown `{name}` value `{value}`, expected one of {allowed}', zh: '`{name}` 的取值 `{value}` 无效，应为以下之一：{allowed}' },
  'schema.type': { en: '`{name}` must be a {expected}, not a {actual}', zh: '`{name}` 应为 {expected}，而不是 {actual}' },
  'schema.pattern': { en: '`{value}` is not a valid `{name}`', zh: '`{value}` 不是有效的 `{name}`', hintEn: 'it must match `{pattern}`', hintZh: '须符合 `{pattern}`' },
  'schema.pattern.decisionId': {
    en: '`{value}` is not a valid decision id',
    zh: '`{value}` 不是有效的决策 id',
    hintEn: 'decision ids are dotted snake_case, e.g. `cs.performance_rate`, since formulas call them',
    hintZh: '决策 id 使用点分小写下划线形式，例如 `cs.performance_rate`，因为公式会调用它',
  },
  'schema.pattern.slug': {
    en: '`{value}` is not a valid id',
    zh: '`{value}` 不是有效的 id',
    hintEn: 'document and section ids are lowercase slugs, e.g. `performance-award`; they become link anchors',
    hintZh: '文档和章节 id 使用小写短横线形式，例如 `performance-award`，它们会成为链接锚点',
  },
  'schema.pattern.date': { en: '`{value}` is not a date', zh: '`{value}` 不是日期', hintEn: 'write dates as YYYY-MM-DD, e.g. `2026-01-01`', hintZh: '日期格式为 YYYY-MM-DD，例如 `2026-01-01`' },
  'schema.pattern.clauseRef': {
    en: '`{value}` is not a clause reference',
    zh: '`{value}` 不是有效的条款引用',
    hintEn: 'write `document-id#section-id`, or `#section-id` for a section of the same document',
    hintZh: '请写成 `文档id#章节id`，同一文档内可写 `#章节id`',
  },
  'schema.pattern.name': {
    en: '`{value}` is not a valid name',
    zh: '`{value}` 不是有效的名称',
    hintEn: 'input and output names are snake_case (`conversion`, `fine_max`), since formulas use them',
    hintZh: '输入和输出名称使用小写下划线形式（如 `conversion`、`fine_max`），因为公式会引用它们',
  },
  'schema.any-of': { en: '`{name}` must be one of: {forms} (got a {actual})', zh: '`{name}` 应为以下形式之一：{forms}（实际为 {actual}）' },
  'schema.bad-key': { en: '`{value}` is not a valid key here', zh: '`{value}` 不是此处有效的键' },
  'schema.not-allowed': { en: '`{name}` is not allowed here', zh: '此处不允许 `{name}`', hintEn: '`values` belongs to fields of type `enum` only', hintZh: '`values` 只用于 `enum` 类型的字段' },
  'schema.pattern.enumKey': { en: '`{value}` is not a valid enum key', zh: '`{value}` 不是有效的枚举键', hintEn: 'enum keys are snake_case (`leak`, `top_secret`); put the Chinese wording in the label', hintZh: '枚举键使用小写下划线形式（如 `leak`、`top_secret`），中文写在标签里' },
  'schema.pattern.audienceId': { en: '`{value}` is not a valid audience id', zh: '`{value}` 不是有效的受众 id', hintEn: 'use one of the audiences in rulebook.yaml', hintZh: '请使用 rulebook.yaml 中定义的受众' },
  'schema.generic': { en: '`{name}` {reason}', zh: '`{name}` {reason}' },
});
