/**
 * The handbook's own words (navigation, labels, hit policies in plain
 * language), registered in the shared message catalogue so a page reads in the
 * locale of the policy set.
 */
import { register, word, type Lang } from '../diagnostics/catalogue.js';

const WORDS = {
  'ui.home': { en: 'Home', zh: '首页' },
  'ui.documents': { en: 'Documents', zh: '制度文件' },
  'ui.glossary': { en: 'Glossary', zh: '术语表' },
  'ui.decisions': { en: 'Rules index', zh: '规则索引' },
  'ui.contents': { en: 'On this page', zh: '本页目录' },
  'ui.search': { en: 'Search', zh: '搜索' },
  'ui.search-placeholder': { en: 'Search the handbook', zh: '搜索手册，例如：转化率、罚款' },
  'ui.no-results': { en: 'No results', zh: '没有找到结果' },
  'ui.effective': { en: 'Effective', zh: '生效日期' },
  'ui.until': { en: 'until', zh: '至' },
  'ui.current': { en: 'In force', zh: '现行' },
  'ui.upcoming': { en: 'Upcoming, from {date}', zh: '即将生效（自 {date} 起）' },
  'ui.earlier': { en: 'Earlier version', zh: '此前版本' },
  'ui.expired': { en: 'no longer in force', zh: '已失效' },
  'ui.not-yet': { en: 'not yet in force', zh: '尚未生效' },
  'ui.version': { en: 'Version', zh: '版本' },
  'ui.owner': { en: 'Owner', zh: '负责部门' },
  'ui.last-changed': { en: 'Last changed', zh: '最后修改' },
  'ui.audience': { en: 'Audience', zh: '适用对象' },
  'ui.copy-link': { en: 'Copy link', zh: '复制链接' },
  'ui.link-copied': { en: 'Link copied', zh: '链接已复制' },
  'ui.rule': { en: 'Rule', zh: '规则' },
  'ui.rules': { en: 'Rules', zh: '规则' },
  'ui.when': { en: 'When', zh: '条件' },
  'ui.then': { en: 'Then', zh: '结果' },
  'ui.note': { en: 'Note', zh: '备注' },
  'ui.any': { en: 'any', zh: '任意' },
  'ui.otherwise': { en: 'When no rule applies', zh: '没有规则适用时' },
  'ui.formula': { en: 'Formula', zh: '计算方法' },
  'ui.examples': { en: 'Worked examples', zh: '示例' },
  'ui.example': { en: 'Example', zh: '例' },
  'ui.error': { en: 'error', zh: '错误' },
  'ui.implements': { en: 'Implements clause', zh: '实现条款' },
  'ui.decision': { en: 'Rule', zh: '规则' },
  'ui.used-by': { en: 'Rules for this clause', zh: '本条款的规则' },
  'ui.correction': { en: 'Correction', zh: '勘误' },
  'ui.original': { en: 'Original text', zh: '原文' },
  'ui.corrected': { en: 'Now reads', zh: '现行规定' },
  'ui.reason': { en: 'Why', zh: '理由' },
  'ui.calculator': { en: 'Calculator', zh: '计算器' },
  'ui.calculate': { en: 'Calculate', zh: '计算' },
  'ui.as-of': { en: 'As of (default: today)', zh: '按日期计算（默认今天）' },
  'ui.exception-applies': { en: 'exception applies', zh: '适用例外' },
  'ui.result': { en: 'Result', zh: '结果' },
  'ui.yes': { en: 'yes', zh: '是' },
  'ui.no': { en: 'no', zh: '否' },
  'ui.choose': { en: 'choose…', zh: '请选择…' },
  'ui.calc-offline': { en: 'The calculator needs the site served over HTTP (rulebook serve).', zh: '计算器需要通过 HTTP 访问本站（rulebook serve）。' },
  'ui.versions': { en: 'Versions', zh: '版本' },
  'ui.from': { en: 'from', zh: '自' },
  'ui.document': { en: 'Document', zh: '文件' },
  'ui.clause': { en: 'Clause', zh: '条款' },
  'ui.term': { en: 'Term', zh: '术语' },
  'ui.definition': { en: 'Definition', zh: '定义' },
  'ui.defined-in': { en: 'Defined in', zh: '出处' },
  'ui.skip': { en: 'Skip to content', zh: '跳到正文' },
  'ui.menu': { en: 'Menu', zh: '目录' },
  'ui.intro': { en: 'Every number in this handbook comes from the rules that payroll runs.', zh: '本手册中的每一个数字都来自薪酬计算实际执行的规则。' },
  'ui.count-documents': { en: 'documents', zh: '份文件' },
  'ui.count-rules': { en: 'rules', zh: '条规则' },
  'ui.count-terms': { en: 'terms', zh: '个术语' },
  'ui.all-documents': { en: 'All documents', zh: '全部制度文件' },
  'hit.unique': { en: 'Exactly one row applies to any input.', zh: '各行条件互不重叠，任何情况恰好适用一行。' },
  'hit.any': { en: 'Several rows may apply; they all give the same result.', zh: '可能有多行同时适用，它们的结果相同。' },
  'hit.first': { en: 'Rows are tried in order; the first that applies decides.', zh: '按顺序逐行判断，第一个适用的行决定结果。' },
  'hit.priority': { en: 'When several rows apply, the result with the highest priority wins.', zh: '多行同时适用时，取优先级最高的结果。' },
  'hit.rule-order': { en: 'Every row that applies contributes, in table order.', zh: '所有适用的行都生效，按表中顺序列出结果。' },
  'hit.output-order': { en: 'Every row that applies contributes, by output priority.', zh: '所有适用的行都生效，按结果的优先级排列。' },
  'hit.collect': { en: 'Every row that applies contributes its result.', zh: '所有适用的行都生效，列出各自的结果。' },
  'hit.collect-sum': { en: 'The results of all rows that apply are added up.', zh: '所有适用行的结果相加。' },
  'hit.collect-min': { en: 'The smallest result of the rows that apply counts.', zh: '取所有适用行中最小的结果。' },
  'hit.collect-max': { en: 'The largest result of the rows that apply counts.', zh: '取所有适用行中最大的结果。' },
  'hit.collect-count': { en: 'The result is how many rows apply.', zh: '结果为适用的行数。' },
  'expr.if': { en: 'if', zh: '如果' },
  'expr.then': { en: 'then', zh: '则' },
  'expr.else': { en: 'otherwise', zh: '否则' },
  'expr.and': { en: 'and', zh: '且' },
  'expr.or': { en: 'or', zh: '或' },
  'expr.not': { en: 'not', zh: '非' },
  'expr.of': { en: '’s', zh: '的' },
  'expr.min': { en: 'the smaller of', zh: '取较小值' },
  'expr.max': { en: 'the larger of', zh: '取较大值' },
  'expr.abs': { en: 'the absolute value of', zh: '绝对值' },
  'expr.floor': { en: 'rounded down', zh: '向下取整' },
  'expr.ceiling': { en: 'rounded up', zh: '向上取整' },
  'expr.round': { en: 'rounded', zh: '四舍五入' },
  'sep.list': { en: ', ', zh: '，' },
  'sep.colon': { en: ': ', zh: '：' },
};

register(WORDS);

/** Words of one language, as a plain object for templates (`{{w.home}}`, `ui.copy-link` → `w.copyLink`). */
export function wordsFor(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(WORDS)) {
    if (key.startsWith('ui.')) out[key.slice(3).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = word(key, lang);
  }
  return out;
}

/** One word in `lang` (the catalogue's lookup, re-exported so render modules import one place). */
export function w(key: string, lang: Lang): string {
  return word(key, lang);
}
