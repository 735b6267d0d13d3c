/**
 * Document ids name the handbook's pages (`docs/<id>.html`), so an id that no
 * file system takes must fail at `check`, where the author sees it, not at
 * `build` as ENAMETOOLONG or, on Windows, as a page that silently opens a
 * device: a name longer than MAX_ID_LENGTH, a reserved DOS device name before
 * the first dot (`con`, `nul`, `aux`, `prn`, `com1`…`com9`, `lpt1`…`lpt9`;
 * `con.html` and `con.x.html` alike), or a name ending in a dot (Windows drops it).
 */
import { register } from '../../diagnostics/catalogue.js';
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { CheckRule } from './index.js';

/** Characters of a document id: its page is `docs/<id>.html`, well inside every file system's 255 bytes and Windows' 260-character paths. */
const MAX_ID_LENGTH = 100;

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/;

register({
  'check.id-too-long': {
    en: 'document id is {length} characters long; at most {max} can name its page',
    zh: '文档编号长 {length} 个字符；页面文件名最多 {max} 个字符',
    hintEn: 'the handbook writes the document as `docs/<id>.html`; choose a shorter id',
    hintZh: '手册把文档写成 `docs/<编号>.html`；请换一个更短的编号',
  },
  'check.id-reserved': {
    en: 'document id `{id}` cannot name a file on Windows (`{stem}` is a device name)',
    zh: '文档编号 `{id}` 在 Windows 上不能作文件名（`{stem}` 是设备名）',
    hintEn: 'the handbook writes the document as `docs/<id>.html`; choose another id, e.g. `{suggestion}`',
    hintZh: '手册把文档写成 `docs/<编号>.html`；请换一个编号，例如 `{suggestion}`',
  },
  'check.id-trailing-dot': {
    en: 'document id `{id}` cannot name a file on Windows (it ends in a dot)',
    zh: '文档编号 `{id}` 在 Windows 上不能作文件名（以句点结尾）',
    hintEn: 'the handbook writes the document as `docs/<id>.html`; choose another id, e.g. `{suggestion}`',
    hintZh: '手册把文档写成 `docs/<编号>.html`；请换一个编号，例如 `{suggestion}`',
  },
});

/** Why `id` cannot be a file name, or undefined when it can. */
function fileNameProblem(id: string): { key: string; params: Record<string, string | number> } | undefined {
  if (id.length > MAX_ID_LENGTH) return { key: 'check.id-too-long', params: { length: id.length, max: MAX_ID_LENGTH } };
  const stem = id.split('.')[0];
  if (RESERVED.test(stem)) return { key: 'check.id-reserved', params: { id, stem, suggestion: `${stem}-policy${id.slice(stem.length)}` } };
  if (id.endsWith('.')) return { key: 'check.id-trailing-dot', params: { id, suggestion: id.replace(/\.+$/, '') } };
  return undefined;
}

export const fileNames: CheckRule = {
  name: 'file-names',
  run(model) {
    const out: Diagnostic[] = [];
    for (const doc of model.documents) {
      const p = fileNameProblem(doc.id);
      if (p) out.push(diag('schema', 'error', p.key, p.params, doc.span));
    }
    return out;
  },
};
