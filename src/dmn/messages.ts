/**
 * The DMN importer's words, in English and Chinese: the diagnostics of
 * `import dmn` and of `check` on a folder holding a `.dmn` file. A refusal is
 * built from parts (`the cell `x` ` + why FEEL's test does not fit); `nest`
 * joins two entries into one, registered once, so a diagnostic stays one key
 * with flat parameters and a reporter can say it again in the reader's language.
 * FEEL and DMN terms and names in backticks stay as written.
 */
import { catalogueEntries, register, type Params } from '../diagnostics/catalogue.js';

/** A message as data: a catalogue key and its parameters. */
export interface Reason {
  key: string;
  params: Params;
}

export function reason(key: string, params: Params = {}): Reason {
  return { key, params };
}

/**
 * `outer` with its `{inner}` placeholder replaced by the entry of `inner`: one
 * entry (registered on first use) whose parameters are both sets. The hint is
 * the inner entry's when it has one (a type error's own advice), else the outer's.
 */
export function nest(outer: string, params: Params, inner: Reason): Reason {
  const key = `${outer}(${inner.key})`;
  const all = catalogueEntries();
  if (!all.has(key)) {
    const o = all.get(outer);
    const i = all.get(inner.key);
    if (!o || !i) throw new Error(`dmn message ${!o ? outer : inner.key} is not in the catalogue`);
    const hintEn = i.hintEn ?? o.hintEn;
    const hintZh = i.hintEn !== undefined ? i.hintZh : o.hintZh;
    register({
      [key]: {
        en: o.en.replace('{inner}', i.en),
        zh: o.zh.replace('{inner}', i.zh),
        ...(hintEn !== undefined ? { hintEn } : {}),
        ...(hintZh !== undefined ? { hintZh } : {}),
      },
    });
  }
  return { key, params: { ...inner.params, ...params } };
}

/**
 * `outer` with its `{inner}` placeholder replaced by a list of entries, joined
 * as each language joins a list (`a, b` / `a、b`): one entry, registered once.
 */
export function list(outer: string, params: Params, items: readonly string[]): Reason {
  const key = `${outer}(${items.join(',')})`;
  const all = catalogueEntries();
  if (!all.has(key)) {
    const o = all.get(outer);
    const words = items.map((k) => all.get(k));
    if (!o || words.some((w) => !w)) throw new Error(`dmn message ${outer} or one of ${items.join(', ')} is not in the catalogue`);
    const entry = {
      en: o.en.replace('{inner}', words.map((w) => w!.en).join(', ')),
      zh: o.zh.replace('{inner}', words.map((w) => w!.zh).join('、')),
    };
    register({ [key]: o.hintEn !== undefined && o.hintZh !== undefined ? { ...entry, hintEn: o.hintEn, hintZh: o.hintZh } : entry });
  }
  return { key, params };
}

const REWRITE_EN = 'rewrite this part within rulebook’s expression language (docs/format.md) or model it by hand; the rest of the file was imported';
const REWRITE_ZH = '请用 rulebook 的表达式语言（docs/format.md）改写这一部分，或手工建模；文件的其余部分已导入';
const ALLOWED = { en: 'allowed values `{values}` not imported: {inner}', zh: '允许值 `{values}` 未导入：{inner}' };
const USES_VALUE = { en: 'uses `"{value}"`, which is not among the allowed values', zh: '使用了 `"{value}"`，它不在允许值之中' };

register({
  // ---- the file as a whole
  'dmn.malformed-xml': {
    en: 'malformed xml: {detail}',
    zh: 'XML 格式错误：{detail}',
    hintEn: 'the file must be well-formed XML before it can be read as DMN',
    hintZh: '文件必须是格式正确的 XML，才能作为 DMN 读取',
  },
  'dmn.xml-no-root': {
    en: 'malformed xml: no root element',
    zh: 'XML 格式错误：没有根元素',
    hintEn: 'the file must be well-formed XML before it can be read as DMN',
    hintZh: '文件必须是格式正确的 XML，才能作为 DMN 读取',
  },
  'dmn.not-dmn': {
    en: 'not a dmn model: root element `{tag}` in namespace `{ns}`',
    zh: '不是 DMN 模型：根元素为 `{tag}`，命名空间为 `{ns}`',
    hintEn: 'a DMN file has a `definitions` root element in an OMG DMN model namespace, e.g. `https://www.omg.org/spec/DMN/20191111/MODEL/`',
    hintZh: 'DMN 文件的根元素是 `definitions`，位于 OMG 的 DMN 模型命名空间中，例如 `https://www.omg.org/spec/DMN/20191111/MODEL/`',
  },
  // ---- elements that do not import
  'dmn.no-model-imports': {
    en: '{element} not imported: rulebook has no model imports',
    zh: '{element} 未导入：rulebook 不能导入其他模型',
    hintEn: 'names from the imported model stay unresolved',
    hintZh: '来自被导入模型的名称将无法解析',
  },
  'dmn.no-decision-services': {
    en: '{element} not imported: rulebook has no decision services',
    zh: '{element} 未导入：rulebook 没有决策服务（decision service）',
    hintEn: 'the decisions it groups are imported one by one',
    hintZh: '它所包含的决策会逐个导入',
  },
  'dmn.no-counterpart': { en: '{element} not imported: no rulebook counterpart', zh: '{element} 未导入：rulebook 中没有与之对应的内容' },
  'dmn.id-taken': {
    en: '{element} not imported: its id `{id}` is already a decision of the policies ({where})',
    zh: '{element} 未导入：它的 id `{id}` 已是现有政策中的一个决策（{where}）',
    hintEn: 'rename one of the two, or import into another folder (`--out`)',
    hintZh: '请重命名其中之一，或导入到另一个文件夹（`--out`）',
  },
  'dmn.refused': { en: '{element} not imported: {inner}', zh: '{element} 未导入：{inner}', hintEn: REWRITE_EN, hintZh: REWRITE_ZH },
  'dmn.refused-at': { en: '{element} not imported: {inner} ({at})', zh: '{element} 未导入：{inner}（{at}）', hintEn: REWRITE_EN, hintZh: REWRITE_ZH },
  'dmn.refused-text': { en: '{element} not imported: {message}', zh: '{element} 未导入：{message}', hintEn: REWRITE_EN, hintZh: REWRITE_ZH },
  // ---- warnings: the element imports, a part of it does not
  'dmn.untyped-output': {
    en: '{element} declares no type; its output takes the type its expression gives',
    zh: '{element} 没有声明类型；它的输出取其表达式给出的类型',
    hintEn: 'give the variable a `typeRef`',
    hintZh: '请为该变量指定 `typeRef`',
  },
  'dmn.narrow-unread': { en: 'the extension narrows `{name}`, which `{decision}` does not read', zh: '扩展收窄了 `{name}`，但 `{decision}` 并不读取它' },
  'dmn.narrow-type': { en: 'the extension’s type for `{name}` not imported: {inner}', zh: '扩展为 `{name}` 指定的类型未导入：{inner}' },
  'dmn.allowed-enum': { ...ALLOWED, hintEn: 'the field keeps all values of its type', hintZh: '该字段保留其类型的全部取值' },
  'dmn.allowed-domain': { ...ALLOWED, hintEn: 'the field keeps the default domain of its type', hintZh: '该字段保留其类型的默认取值范围' },
  'dmn.allowed-kind': {
    en: 'allowed values `{values}` not imported for a `{kind}` field',
    zh: '`{kind}` 字段的允许值 `{values}` 未导入',
    hintEn: 'only lists of strings (an enum) or a numeric domain are imported',
    hintZh: '只导入字符串列表（枚举）或数值范围',
  },
  'dmn.r.not-type-values': { en: 'not a list of the type’s values', zh: '不是该类型取值组成的列表' },
  'dmn.r.no-restriction': { en: 'no restriction', zh: '没有任何限制' },
  // ---- why a decision does not import (after "… not imported: ")
  'dmn.r.requires-unimported': { en: 'it requires `{name}`, which was not imported', zh: '它依赖 `{name}`，而后者未能导入' },
  'dmn.r.no-logic': { en: 'it has no decision logic', zh: '它没有决策逻辑' },
  'dmn.r.no-encapsulated': { en: 'it has no encapsulated logic', zh: '它没有封装的逻辑（encapsulatedLogic）' },
  'dmn.r.no-body': { en: 'its function has no body', zh: '它的函数没有函数体' },
  'dmn.r.box': { en: 'its logic is {inner}, which rulebook cannot express', zh: '它的逻辑是{inner}，rulebook 无法表达' },
  'dmn.box.context': { en: 'a boxed context', zh: '盒式上下文（boxed context）' },
  'dmn.box.relation': { en: 'a relation', zh: '关系（relation）' },
  'dmn.box.list': { en: 'a boxed list', zh: '盒式列表（boxed list）' },
  'dmn.box.functionDefinition': { en: 'a function definition', zh: '函数定义' },
  'dmn.box.conditional': { en: 'a boxed conditional', zh: '盒式条件（boxed conditional）' },
  'dmn.box.filter': { en: 'a boxed filter', zh: '盒式过滤（boxed filter）' },
  'dmn.box.for': { en: 'a boxed iterator', zh: '盒式迭代（boxed iterator）' },
  'dmn.box.quantifier': { en: 'a boxed quantifier', zh: '盒式量词（boxed quantifier）' },
  'dmn.box.invocation': { en: 'an invocation', zh: '调用（invocation）' },
  'dmn.box.other': { en: 'a `{tag}`', zh: ' `{tag}`' },
  'dmn.r.hit-unknown': { en: 'unknown hit policy `{hit}`', zh: '未知的命中策略 `{hit}`' },
  'dmn.r.agg-on': { en: 'aggregation `{agg}` on a `{hit}` table', zh: '`{hit}` 表不能使用聚合 `{agg}`' },
  'dmn.r.agg-unknown': { en: 'unknown aggregation `{agg}`', zh: '未知的聚合 `{agg}`' },
  'dmn.r.no-input-expr': { en: 'an input column without an input expression', zh: '有一个输入列没有输入表达式' },
  'dmn.r.same-input': { en: 'two columns read the same input `{expr}`', zh: '两列读取同一个输入 `{expr}`' },
  'dmn.r.no-outputs': { en: 'a decision table without output columns', zh: '决策表没有输出列' },
  'dmn.r.entry-count': {
    en: 'the rule has {ins} input and {outs} output entries for {cols} input and {outCols} output columns',
    zh: '该规则有 {ins} 个输入项和 {outs} 个输出项，而表有 {cols} 个输入列和 {outCols} 个输出列',
  },
  'dmn.r.cell': { en: 'the cell `{cell}` {inner}', zh: '单元格 `{cell}` {inner}' },
  'dmn.r.enum-cell': { en: `the cell \`{text}\` ${USES_VALUE.en}`, zh: `单元格 \`{text}\` ${USES_VALUE.zh}` },
  'dmn.r.enum-output': { en: `the output entry \`{text}\` ${USES_VALUE.en}`, zh: `输出项 \`{text}\` ${USES_VALUE.zh}` },
  'dmn.r.enum-values': { en: `the allowed value list \`{text}\` ${USES_VALUE.en}`, zh: `允许值列表 \`{text}\` ${USES_VALUE.zh}` },
  'dmn.r.empty-output': { en: 'an empty output entry', zh: '输出项为空' },
  'dmn.r.output-reads-inputs': { en: 'an output entry reads inputs in a table with computed columns', zh: '在含有计算列的表中，输出项读取了输入' },
  'dmn.r.no-literal-text': { en: 'a literal expression without text', zh: '字面表达式没有文本' },
  'dmn.r.empty-context': { en: 'an empty context', zh: '上下文为空' },
  'dmn.r.final-result': {
    en: 'its context has a final result entry; rulebook takes each named entry as an output',
    zh: '它的上下文有最终结果项；rulebook 把每个具名项当作一个输出',
  },
  'dmn.r.no-entry-expr': { en: 'a context entry without an expression', zh: '有一个上下文项没有表达式' },
  'dmn.r.not-bkm': { en: 'it invokes `{name}`, which is not a business knowledge model of this file', zh: '它调用了 `{name}`，但这不是本文件中的业务知识模型（BKM）' },
  'dmn.r.invoke-cycle': { en: 'it invokes `{name}` in a cycle', zh: '它在循环中调用了 `{name}`' },
  'dmn.r.invoke-unimported': { en: 'it invokes `{name}`, which was not imported', zh: '它调用了 `{name}`，而后者未能导入' },
  'dmn.r.no-param': { en: '`{name}` has no parameter `{param}`', zh: '`{name}` 没有参数 `{param}`' },
  'dmn.r.param-null': { en: 'the parameter `{param}` is bound to nothing (null)', zh: '参数 `{param}` 没有绑定任何值（null）' },
  'dmn.r.invoke-outputs': { en: '`{name}` has several outputs; its whole result cannot be one output', zh: '`{name}` 有多个输出；它的整体结果不能作为一个输出' },
  'dmn.r.lex': { en: '`{text}`: {inner}', zh: '`{text}`：{inner}' },
  'dmn.r.feel-op': { en: 'it uses FEEL {inner} (`{op}`), which rulebook expressions lack', zh: '它使用了 FEEL 的{inner}（`{op}`），rulebook 的表达式没有这一功能' },
  'dmn.r.feel-keyword': { en: 'it uses FEEL {inner}, which rulebook expressions lack', zh: '它使用了 FEEL 的{inner}，rulebook 的表达式没有这一功能' },
  'dmn.r.path-not-input': { en: '`{text}`: a path on something that is not an input', zh: '`{text}`：对不是输入的名称使用了路径' },
  'dmn.r.feel-function': { en: 'it calls the FEEL function `{name}`, which rulebook expressions lack', zh: '它调用了 FEEL 函数 `{name}`，rulebook 的表达式没有这个函数' },
  'dmn.r.unknown-name': { en: '`{text}` uses the unknown name `{name}`', zh: '`{text}` 使用了未知的名称 `{name}`' },
  'dmn.r.param-path': { en: '`{text}`: paths into the parameter `{name}`', zh: '`{text}`：对参数 `{name}` 使用了路径' },
  'dmn.r.cycle': { en: '`{name}` is part of a cycle', zh: '`{name}` 处于循环依赖之中' },
  'dmn.r.fn-uncalled': { en: 'it uses the function `{name}` without calling it', zh: '它使用了函数 `{name}`，却没有调用它' },
  'dmn.r.no-output': { en: '`{name}` has no output `{path}`', zh: '`{name}` 没有输出 `{path}`' },
  'dmn.r.whole-result': { en: 'it uses the whole result of `{name}`, which has several outputs', zh: '它使用了 `{name}` 的整体结果，而后者有多个输出' },
  'dmn.r.empty-expression': { en: 'an empty expression', zh: '表达式为空' },
  'dmn.r.not-component': { en: '`{path}`: `{seg}` is not a component of `{type}`', zh: '`{path}`：`{seg}` 不是 `{type}` 的组成部分' },
  'dmn.r.collection': { en: 'its type `{type}` is a collection, which rulebook fields cannot hold', zh: '它的类型 `{type}` 是集合，rulebook 的字段无法容纳' },
  'dmn.r.struct': {
    en: 'its type `{type}` is a structure; rulebook fields hold single values (use paths such as `{example}`)',
    zh: '它的类型 `{type}` 是结构；rulebook 的字段只容纳单个值（请使用 `{example}` 这样的路径）',
  },
  'dmn.r.other-type': { en: 'its type `{type}` has no rulebook counterpart', zh: '它的类型 `{type}` 在 rulebook 中没有对应的类型' },
  // ---- FEEL that rulebook's cells and expressions do not have (src/dmn/feel.ts)
  'dmn.feel.null': { en: 'tests for `null`, which rulebook cells cannot express', zh: '测试的是 `null`，rulebook 的单元格无法表达' },
  'dmn.feel.temporal': { en: "uses the temporal literal `{text}`, outside rulebook's cell syntax", zh: '使用了时间字面量 `{text}`，超出了 rulebook 单元格的语法' },
  'dmn.feel.cell-function': { en: 'calls the FEEL function `{name}`, which rulebook cells do not have', zh: '调用了 FEEL 函数 `{name}`，rulebook 的单元格没有这个函数' },
  'dmn.feel.cell-name': { en: 'compares with `{text}`, a name; rulebook cells compare with literals only', zh: '与名称 `{text}` 作比较；rulebook 的单元格只能与字面量比较' },
  'dmn.feel.not-literal': { en: '`{text}` is not a literal rulebook cells accept', zh: '`{text}` 不是 rulebook 单元格接受的字面量' },
  'dmn.feel.interval': { en: '`{text}` is not a well-formed interval', zh: '`{text}` 不是格式正确的区间' },
  'dmn.feel.empty-test': { en: 'an empty test inside a list', zh: '列表中有一个空的测试' },
  'dmn.feel.equality': { en: '`{text}`: rulebook cells write equality as the bare value', zh: '`{text}`：rulebook 的单元格直接写出值来表示相等' },
  'dmn.feel.unterminated': { en: 'an unterminated string', zh: '字符串缺少结束的引号' },
  'dmn.feel.unexpected-char': { en: 'unexpected character `{ch}`', zh: '意外的字符 `{ch}`' },
  'dmn.feature.for': { en: 'for loops', zh: ' `for` 循环' },
  'dmn.feature.some': { en: 'quantified expressions (`some`)', zh: '量化表达式（`some`）' },
  'dmn.feature.every': { en: 'quantified expressions (`every`)', zh: '量化表达式（`every`）' },
  'dmn.feature.satisfies': { en: 'quantified expressions (`satisfies`)', zh: '量化表达式（`satisfies`）' },
  'dmn.feature.in': { en: '`in` tests', zh: ' `in` 测试' },
  'dmn.feature.between': { en: '`between`', zh: ' `between`' },
  'dmn.feature.instance': { en: '`instance of`', zh: ' `instance of`' },
  'dmn.feature.function': { en: 'function definitions', zh: '函数定义' },
  'dmn.feature.ranges': { en: 'ranges', zh: '区间' },
  'dmn.feature.context': { en: 'context literals', zh: '上下文字面量' },
  'dmn.feature.temporal': { en: 'temporal literals', zh: '时间字面量' },
  'dmn.feature.named': { en: 'named parameters or contexts', zh: '具名参数或上下文' },
  // ---- `export dmn` (src/dmn/export.ts)
  'dmn.export.latest-only': {
    en: 'only the latest version of `{id}` is exported',
    zh: '只导出了 `{id}` 的最新版本',
    hintEn: 'DMN has no effective periods; export the other versions from a revision that has them',
    hintZh: 'DMN 没有生效期；其他版本请从包含它们的修订版本中导出',
  },
  'dmn.export.no-callee': { en: '`{id}` calls `{callee}`, which does not exist', zh: '`{id}` 调用了不存在的 `{callee}`' },
  'dmn.export.refused': { en: 'decision `{id}` not exported: {inner}', zh: '决策 `{id}` 未导出：{inner}' },
  'dmn.export.r.calls-unexported': { en: 'it calls `{name}`, which is not exported', zh: '它调用了 `{name}`，而后者未导出' },
  'dmn.export.r.expr-cell': { en: 'a cell with a general expression over `?` has no S-FEEL form', zh: '含有针对 `?` 的一般表达式的单元格没有 S-FEEL 形式' },
  'dmn.export.r.both': { en: 'it has both rules and formulas; a DMN decision has one kind of logic', zh: '它同时有规则和公式；一个 DMN 决策只有一种逻辑' },
  'dmn.export.r.no-entry': { en: 'rule {n} gives no `{output}`', zh: '第 {n} 行没有给出 `{output}`' },
  'dmn.export.r.call-args': {
    en: "it calls `{name}` with `{arg}` for `{input}`; a DMN decision reads the model's inputs of the same names, so only those can be passed",
    zh: '它调用 `{name}` 时为 `{input}` 传入了 `{arg}`；DMN 决策读取模型中同名的输入，因此只能传入这些输入',
  },
  'dmn.export.lossy': {
    en: '`{id}`: {inner} not exported',
    zh: '`{id}`：{inner}未导出',
    hintEn: 'DMN has no place for these; the decision logic is exported in full',
    hintZh: 'DMN 中没有存放这些内容的位置；决策逻辑已完整导出',
  },
  'dmn.lost.effective': { en: 'effective period', zh: '生效期' },
  'dmn.lost.rounding': { en: 'rounding', zh: '舍入' },
  'dmn.lost.overrides': { en: '`overrides`', zh: ' `overrides` ' },
  'dmn.lost.assertions': { en: 'assertions', zh: '断言' },
  'dmn.lost.clause': { en: 'clause', zh: '条款' },
  'dmn.lost.audience': { en: 'audience', zh: '适用对象' },
  'dmn.lost.title-en': { en: 'English title', zh: '英文标题' },
  'dmn.lost.labels-en': { en: 'English labels', zh: '英文标签' },
  'dmn.lost.enum-labels': { en: 'enum labels', zh: '枚举标签' },
});
