/**
 * Templates are code: a `templates:` folder in the config runs in every staff
 * page, so the build holds it to what the site's safety rests on, and `check`
 * says what a reviewer should look at. The build refuses (`templateErrors`) a
 * template that prints a value unescaped unless it is one of the sanitised
 * `…Html` values (policy prose, already through the sanitiser), so the
 * sanitiser applies whatever a template says; and it sets the page's CSP
 * itself (`enforceCsp`), dropping any a template wrote and refusing a page
 * with content before its `<head>`, where a CSP would come too late.
 */

import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { register } from '../diagnostics/catalogue.js';

register({
  'templates.unescaped': {
    en: 'template `{file}` prints `{expr}` unescaped; only the sanitised …Html values may go in {{{ }}}',
    zh: '模板 `{file}` 未转义地输出 `{expr}`；只有经过净化的 …Html 值可以放在 {{{ }}} 中',
    hintEn: 'write {{{expr}}} (two braces) to print it as text',
    hintZh: '改写为 {{{expr}}}（两层花括号），按文本输出',
  },
  'templates.in-use': {
    en: 'custom templates `{dir}` ({count} files) run in every staff page',
    zh: '自定义模板 `{dir}`（{count} 个文件）作用于每个员工页面',
    hintEn: 'review changes to them as code: `rulebook diff` reports them; the build sets its own Content-Security-Policy and escapes every value but the sanitised …Html ones',
    hintZh: '请像审查代码一样审查对它们的修改：`rulebook diff` 会报告这些修改；构建会设置自己的内容安全策略，并转义除净化后的 …Html 以外的所有值',
  },
  'templates.script': { en: '`{file}` has a <script> element', zh: '`{file}` 含有 <script> 元素' },
  'templates.handler': { en: '`{file}` has an inline event handler (on…=)', zh: '`{file}` 含有内联事件处理器（on…=）' },
  'templates.js-link': { en: '`{file}` has a javascript: link', zh: '`{file}` 含有 javascript: 链接' },
  'templates.csp': { en: '`{file}` sets a Content-Security-Policy (the build replaces it with its own)', zh: '`{file}` 设置了内容安全策略（构建会用自己的策略替换它）' },
  'templates.js-file': { en: '`{file}` is script shipped with every page', zh: '`{file}` 是随每个页面发布的脚本' },
  'templates.no-head': {
    en: 'page `{file}` has content before its <head> (or no <head>), where a Content-Security-Policy comes too late',
    zh: '页面 `{file}` 在 <head> 之前有内容（或没有 <head>），内容安全策略在那里生效太晚',
    hintEn: 'check the layout of the custom templates: nothing but the doctype and <html> may come before <head>',
    hintZh: '请检查自定义模板的布局：<head> 之前只能有 doctype 和 <html>',
  },
});

/** The handbook's policy: no inline script, nothing from elsewhere (the same as `serve` sends). */
export const SITE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const CSP_META = /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi;

/** Unescaped output in Handlebars: `{{{name}}}` and `{{& name}}`, with the printed expression. */
const UNESCAPED = /\{\{\{~?\s*([^}]*?)\s*~?\}\}\}|\{\{~?&\s*([^}]*?)\s*~?\}\}/g;

/** The value a mustache prints: `descriptionHtml`, `../section.html`, `this.html` → its last name. */
const lastName = (expr: string) => (expr.trim().split(/\s+/)[0] ?? '').split(/[./]/).filter(Boolean).pop() ?? '';

/** Problems that make the build refuse a user template, as catalogue keys and parameters. */
export function templateErrors(files: ReadonlyMap<string, string>): { key: string; params: Record<string, string> }[] {
  const out: { key: string; params: Record<string, string> }[] = [];
  for (const [file, text] of files) {
    if (!file.endsWith('.hbs')) continue;
    for (const m of text.matchAll(UNESCAPED)) {
      const expr = (m[1] ?? m[2] ?? '').trim();
      if (!/^(html|[a-z][A-Za-z0-9]*Html)$/.test(lastName(expr))) out.push({ key: 'templates.unescaped', params: { file, expr } });
    }
  }
  return out;
}

/** Constructs in user templates a reviewer should look at. The build replaces the CSP meta; the rest is theirs to judge. */
export function templateWarnings(files: ReadonlyMap<string, string>): { key: string; params: Record<string, string> }[] {
  const out: { key: string; params: Record<string, string> }[] = [];
  for (const [file, text] of files) {
    if (file.endsWith('.js')) out.push({ key: 'templates.js-file', params: { file } });
    if (!file.endsWith('.hbs')) continue;
    if (/<script\b/i.test(text)) out.push({ key: 'templates.script', params: { file } });
    if (/\son[a-z]+\s*=/i.test(text)) out.push({ key: 'templates.handler', params: { file } });
    if (/javascript:/i.test(text)) out.push({ key: 'templates.js-link', params: { file } });
    if (new RegExp(CSP_META.source, 'i').test(text)) out.push({ key: 'templates.csp', params: { file } });
  }
  return out;
}

/**
 * A page with the site's CSP as the first element of its head, and no other
 * CSP meta. Undefined for a page that has content before `<head>` (or no
 * head): a policy set after a script does not stop it.
 */
export function enforceCsp(html: string): string | undefined {
  const start = /<head\b/i.exec(html);
  if (!start) return undefined;
  // The whole start tag, quoted values included: a `>` inside `data-x="<head>"` must not place the CSP in an attribute.
  const tag = /<head(?:\s+[^\s"'<>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*\s*\/?>/iy;
  tag.lastIndex = start.index;
  const head = tag.exec(html);
  if (!head) return undefined;
  const before = html.slice(0, head.index).replace(/<!doctype[^>]*>|<html\b[^>]*>|<!--[\s\S]*?-->|\s+/gi, '');
  if (before !== '') return undefined;
  const at = head.index + head[0].length;
  const rest = html.slice(at).replace(CSP_META, '');
  return `${html.slice(0, at)}\n<meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">${rest}`;
}

/** Reads the files under `dir` into `into`; with `confine`, refuses symbolic links and anything whose real path leaves it. */
export function readTree(dir: string, into: Map<string, string>, confine?: string): void {
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      const abs = join(dir, rel);
      if (confine) {
        if (lstatSync(abs).isSymbolicLink()) throw new Error(`refusing the symbolic link \`${abs}\` in the template folder`);
        const real = realpathSync(abs);
        if (real !== confine && !real.startsWith(confine + sep)) throw new Error(`refusing \`${abs}\`: it is outside the repository`);
      }
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) into.set(rel, readFileSync(abs, 'utf8'));
    }
  };
  walk('');
}

/** The files of the user's template folder alone (checked as loadTemplateFiles checks them). */
export function loadUserTemplates(dir: string, repoRoot: string): Map<string, string> {
  const root = realpathSync(repoRoot);
  if (lstatSync(dir).isSymbolicLink()) throw new Error(`refusing the symbolic link \`${dir}\` as the template folder`);
  const files = new Map<string, string>();
  readTree(dir, files, root);
  return files;
}
