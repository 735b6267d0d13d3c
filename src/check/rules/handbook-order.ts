/**
 * The config's `order` (the handbook's order of documents) names documents by
 * id. An id no document has is a typo the site would otherwise swallow (the
 * document it meant drops to the end, after those in file order); one listed
 * twice is listed once. Warnings: the handbook is still built.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { register } from '../../diagnostics/catalogue.js';
import { suggest } from '../../lang/suggest.js';
import type { CheckRule } from './index.js';

register({
  'check.order-unknown': {
    en: 'the handbook order names `{name}`, which is no document’s id',
    zh: '手册顺序（order）中的 `{name}` 不是任何文件的 id',
    hintEn: 'the documents are: {known}',
    hintZh: '现有的文件：{known}',
  },
  'check.order-twice': { en: '`{name}` is listed twice in the handbook order', zh: '`{name}` 在手册顺序（order）中出现了两次' },
  'check.order-guess': { en: 'did you mean `{guess}`?', zh: '是否想写 `{guess}`？' },
});

export const handbookOrder: CheckRule = {
  name: 'handbook-order',
  run(model) {
    const order = model.config.order ?? [];
    const spans = model.config.orderSpans ?? [];
    const ids = model.documents.map((d) => d.id);
    const known = new Set(ids);
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    order.forEach((name, i) => {
      const at = spans[i];
      if (!at) return;
      if (!known.has(name)) {
        const d = diag('dangling-ref', 'warning', 'check.order-unknown', { name, known: ids.join(', ') }, at);
        const guess = suggest(name, ids);
        if (guess) d.hint = diag('dangling-ref', 'warning', 'check.order-guess', { guess }, at).message;
        out.push(d);
      } else if (seen.has(name)) out.push(diag('duplicate-id', 'warning', 'check.order-twice', { name }, at));
      seen.add(name);
    });
    return out;
  },
};
