/**
 * `open-question`: every case a document records as left unregulated by its
 * source (`openQuestions:`) is listed as info at its entry, with the clause it
 * concerns, so authors see the gaps on every check and reviewers see them as
 * notices on the pull request, rather than the encoding filling them silently.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { getLang, register } from '../../diagnostics/catalogue.js';
import type { CheckRule } from './index.js';

register({
  'check.open-question': {
    en: 'open question the source leaves unregulated: {question}',
    zh: '原文未作规定的待决问题：{question}',
    hintEn: 'the encoding does not decide this case; ask the rule owner, then encode the answer (and state it under `corrections:`) or keep the question',
    hintZh: '编码没有替原文决定这一情形；请向制度负责人确认后编码（并在 `corrections:` 中说明），或保留此问题',
  },
  'check.open-question.clause': { en: 'the clause it concerns', zh: '涉及的条款' },
});

export const openQuestion: CheckRule = {
  name: 'open-question',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    for (const doc of model.documents) {
      for (const q of doc.openQuestions ?? []) {
        const question = getLang() === 'en' && q.questionEn ? q.questionEn : q.question;
        const section = q.clause ? model.sections.get(`${q.clause.document}#${q.clause.section}`) : undefined;
        out.push(diag('open-question', 'info', 'check.open-question', { question }, q.span, section ? { related: [ctx.related(section.span, 'check.open-question.clause')] } : {}));
      }
    }
    return out;
  },
};
