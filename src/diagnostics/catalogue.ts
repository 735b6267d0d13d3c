/**
 * Every message and hint a user reads, in English and Chinese, behind one
 * lookup. Codes stay the same in every language; only the words change.
 * Areas register their own entries (`register`) so each stage keeps its words
 * beside its code while the lookup stays in one place.
 */

export type Lang = 'en' | 'zh';

export interface Entry {
  en: string;
  zh: string;
  hintEn?: string;
  hintZh?: string;
}

export type Params = Record<string, string | number | undefined>;

const entries = new Map<string, Entry>();
let current: Lang = 'en';

/** Sets the language of messages for this run (from `--lang` or the config's `locale`). */
export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** `zh-CN`, `zh`, `zh_TW`… → `zh`; anything else → `en`. */
export function langOf(locale: string | undefined): Lang {
  return locale && /^zh\b/i.test(locale.replace('_', '-')) ? 'zh' : 'en';
}

/** Every entry registered so far (for the docs and the catalogue's own test of both languages). */
export function catalogueEntries(): ReadonlyMap<string, Entry> {
  return entries;
}

/** Adds message entries; a key registered twice must not happen (it would hide a message). */
export function register(table: Record<string, Entry>): void {
  for (const [key, entry] of Object.entries(table)) entries.set(key, entry);
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? '' : String(v);
  });
}

/** The message and hint for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: string, params: Params = {}, lang: Lang = current): { message: string; hint?: string } {
  const e = entries.get(key);
  if (!e) return { message: fill(key, params) };
  const message = fill(lang === 'zh' ? e.zh : e.en, params);
  const hintT = lang === 'zh' ? (e.hintZh ?? e.hintEn) : e.hintEn;
  return hintT === undefined ? { message } : { message, hint: fill(hintT, params) };
}

/** A single phrase (a label, a word in a message) in the current language. */
export function word(key: string, lang: Lang = current): string {
  const e = entries.get(key);
  return e ? (lang === 'zh' ? e.zh : e.en) : key;
}
