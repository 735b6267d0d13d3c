import { register } from '../diagnostics/catalogue.js';


register({
  'resolve.bad-date': { en: '`{value}` is not a calendar date', zh: '`{value}` 不是有效的日期', hintEn: 'write dates as YYYY-MM-DD, e.g. `2026-01-01`', hintZh: '日期格式为 YYYY-MM-DD，例如 `2026-01-01`' },
  'resolve.period-inverted': {
    en: 'period ends (`{until}`) before it starts (`{from}`)',
    zh: '生效期的结束日期（`{until}`）早于开始日期（`{from}`）',
    hintEn: '`until` is exclusive and must come after `from`',
    hintZh: '`until` 不含当天，必须晚于 `from`',
  },
  'resolve.bad-step': { en: 'rounding step `{value}` must be a positive number', zh: '舍入步长 `{value}` 必须是正数', hintEn: 'e.g. `0.01` to round to cents', hintZh: '例如 `0.01` 表示精确到分' },
  'resolve.bad-value': { en: '`{value}` is not a {type}', zh: '`{value}` 不是 {type} 类型的值' },
  'resolve.out-of-type-domain': {
    en: '`{value}` is outside the range of `{name}` ({type})',
    zh: '`{value}` 超出了 `{name}`（{type}）的取值范围',
    hintEn: 'percent is 0%–100%, money and counts are ≥ 0, integers are whole; declare a `domain` if the input really goes further',
    hintZh: '百分比为 0%–100%，金额和计数不小于 0，整数必须是整数；若输入确实超出，请声明 `domain`',
  },
  'resolve.empty-interval': {
    en: 'interval from `{low}` to `{high}` contains no value',
    zh: '区间 `{low}` 到 `{high}` 不包含任何值',
    hintEn: 'write the smaller bound first: `[low..high]`',
    hintZh: '请先写较小的边界：`[下限..上限]`',
  },
  'resolve.unknown-output': { en: 'unknown output `{name}` in `{what}`', zh: '`{what}` 中有未知的输出 `{name}`', hintEn: 'declare it under `outputs:` first', hintZh: '请先在 `outputs:` 中声明' },
  'resolve.unknown-input': { en: 'unknown input `{name}` of `{what}`', zh: '`{what}` 没有名为 `{name}` 的输入', hintEn: 'declare it under `inputs:` first', hintZh: '请先在 `inputs:` 中声明' },
  'resolve.missing-output': { en: 'row gives no value for output `{name}`', zh: '该行没有给出输出 `{name}` 的值', hintEn: 'every row sets every output of the table; add `{name}: …` under `then:`', hintZh: '每一行都要给出表格的全部输出；请在 `then:` 下补充 `{name}: …`' },
  'resolve.output-unset': { en: 'output `{name}` has neither rules nor a formula', zh: '输出 `{name}` 既没有规则也没有公式', hintEn: 'add `rules:` that set it, or `formula: { {name}: … }`', hintZh: '请添加设置它的 `rules:`，或 `formula: { {name}: … }`' },
  'resolve.no-rows': { en: 'decision `{id}` has a table with no rows', zh: '决策 `{id}` 的决策表没有任何行', hintEn: 'add at least one rule, or remove `rules:` and give a formula', hintZh: '请至少添加一条规则，或删除 `rules:` 改用公式' },
  'resolve.unknown-audience': { en: 'unknown audience `{name}`', zh: '未知的受众 `{name}`', hintEn: 'the audiences in rulebook.yaml are: {known}', hintZh: 'rulebook.yaml 中定义的受众为：{known}' },
  'resolve.test-value': { en: '`{value}` is not a valid `{name}` ({type}): {reason}', zh: '`{value}` 不是有效的 `{name}`（{type}）：{reason}' },
  'resolve.dup-document': { en: 'document id `{id}` is used twice', zh: '文档 id `{id}` 被重复使用', hintEn: 'ids are link anchors and must be unique; rename one of the documents', hintZh: 'id 是链接锚点，必须唯一；请重命名其中一个文档' },
  'resolve.dup-section': { en: 'section id `{id}` is used twice in this document', zh: '章节 id `{id}` 在本文档中重复', hintEn: 'section ids are link anchors (`#{id}`) and must be unique in their document', hintZh: '章节 id 是链接锚点（`#{id}`），在文档内必须唯一' },
  'resolve.dup-term': { en: 'term id `{id}` is used twice', zh: '术语 id `{id}` 被重复使用', hintEn: 'glossary entries are linked by id; rename one', hintZh: '术语表按 id 链接，请重命名其中一个' },
  'resolve.dup-decision': {
    en: 'decision `{id}` is defined twice',
    zh: '决策 `{id}` 被重复定义',
    hintEn: 'rename one, or give both an `effective` period to make them versions of one decision',
    hintZh: '请重命名其中一个，或为两者都指定 `effective` 生效期，使其成为同一决策的不同版本',
  },
  'resolve.unknown-clause': { en: 'no clause `{ref}`', zh: '找不到条款 `{ref}`', hintEn: 'write `document-id#section-id` for an existing section', hintZh: '请写成已有章节的 `文档id#章节id`' },
  'resolve.unknown-decision': { en: 'no decision `{id}`', zh: '找不到决策 `{id}`', hintEn: 'check the id; decision ids are dotted snake_case', hintZh: '请检查 id；决策 id 使用点分小写下划线形式' },
  'resolve.unknown-name': { en: 'unknown name `{name}`', zh: '未知的名称 `{name}`', hintEn: 'a formula may use the decision\'s inputs and calls of other decisions', hintZh: '公式只能使用本决策的输入和对其他决策的调用' },
  'resolve.too-many-args': { en: '`{id}` takes {max} inputs, not {count}', zh: '`{id}` 只有 {max} 个输入，而不是 {count} 个' },
  'resolve.call-needs-output': {
    en: '`{id}` has several outputs: say which one',
    zh: '`{id}` 有多个输出，请指明使用哪一个',
    hintEn: 'write `{id}(…).output`, one of: {outputs}',
    hintZh: '请写成 `{id}(…).输出名`，可选：{outputs}',
  },
  'resolve.type': { en: '{reason}', zh: '类型错误：{reason}' },
  'resolve.cycle': {
    en: 'decisions call each other in a cycle: {path}',
    zh: '决策之间存在循环调用：{path}',
    hintEn: 'a decision may not depend on itself; break the cycle by computing the shared part in a separate decision',
    hintZh: '决策不能依赖自身；请把共用部分拆成单独的决策来打破循环',
  },
});
