/**
 * `missing-english`: when the config asks for a Chinese and an English
 * handbook (`languages: [zh, en]`), every title, label and term the English
 * site shows should have its English text (`titleEn`, `labelEn`, `termEn`);
 * where one is missing the English site shows the Chinese with a marker.
 * Warnings only: the site is still built. Markdown headings carry no English
 * title, so they are not asked for one.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { register } from '../../diagnostics/catalogue.js';
import type { Field, Section, Span } from '../../model/index.js';
import type { CheckRule } from './index.js';

register({
  'check.missing-english': {
    en: '{what} `{text}` has no English ({key}), and the handbook is built in English too',
    zh: '{whatZh}“{text}”没有英文（{key}），而手册也要生成英文版',
    hintEn: 'add `{key}:` next to it; until then the English site shows the Chinese with a “Chinese only” marker',
    hintZh: '请在旁边加上 `{key}:`；在此之前，英文版显示中文并标注“仅中文”',
  },
});

const WHAT = {
  document: ['document title', '文件标题'],
  section: ['section title', '条款标题'],
  decision: ['rule title', '规则标题'],
  field: ['field label', '字段名称'],
  term: ['term', '术语'],
} as const;

export const missingEnglish: CheckRule = {
  name: 'missing-english',
  run(model) {
    const langs = model.config.languages ?? [];
    if (!(langs.includes('zh') && langs.includes('en'))) return [];
    const out: Diagnostic[] = [];
    const warn = (what: keyof typeof WHAT, text: string, key: string, at: Span): void => {
      out.push(diag('missing-english', 'warning', 'check.missing-english', { what: WHAT[what][0], whatZh: WHAT[what][1], text, key }, at));
    };
    for (const doc of model.documents) {
      if (!doc.titleEn) warn('document', doc.title, 'titleEn', doc.span);
      if (doc.format === 'yaml') {
        const walk = (list: Section[]): void => {
          for (const s of list) {
            if (!s.titleEn) warn('section', s.title, 'titleEn', s.span);
            walk(s.sections);
          }
        };
        walk(doc.sections);
      }
      for (const t of doc.terms) if (!t.termEn) warn('term', t.term, 'termEn', t.span);
    }
    for (const versions of model.decisions.values()) {
      const seen = new Set<string>();
      for (const d of versions) {
        if (d.title && !d.titleEn && !seen.has('title')) {
          seen.add('title');
          warn('decision', d.title, 'titleEn', d.span);
        }
        const fields: Field[] = [...d.inputs, ...d.outputs];
        for (const f of fields) {
          if (f.label && !f.labelEn && !seen.has(f.name)) {
            seen.add(f.name);
            warn('field', f.label, 'labelEn', f.span);
          }
        }
      }
    }
    return out;
  },
};
