/** Words of the SQL back end, in English and Chinese. */
import { register } from '../diagnostics/catalogue.js';

register({
  'sql.unsupported': {
    en: '`{decision}` cannot be written as SQL: {what}',
    zh: '决策 `{decision}` 无法生成 SQL：{what}',
    hintEn: 'the SQL functions cover tables, formulas, calls and the built-ins min, max, sum, count, abs, floor, ceiling, round (a written step) and date; rewrite this part with them',
    hintZh: 'SQL 函数支持决策表、公式、决策调用以及内置函数 min、max、sum、count、abs、floor、ceiling、round（步长须直接写出）和 date；请用这些改写此处',
  },
  'sql.name': {
    en: 'the name {name} cannot be written in SQL',
    zh: '名称 {name} 无法写入 SQL',
    hintEn: 'it holds a NUL character; rename it',
    hintZh: '其中含有 NUL 字符，请重命名',
  },
});
