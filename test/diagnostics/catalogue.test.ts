/**
 * The whole message catalogue: every module of src/ that registers entries is
 * loaded, and every entry must read in English and Chinese, with the same
 * placeholders in both and a hint in both or neither. (test/lang/messages.test.ts
 * holds the language's own entries to more: style and no sentence outside.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueEntries } from '../../src/diagnostics/catalogue.js';

const src = join(import.meta.dirname, '../../src');
const registering = readdirSync(src, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('embedded.ts') && /\bregister\(\{/.test(readFileSync(join(src, f), 'utf8')));
// A Chinese text may take its own form of a word (`{directionZh}` for `{direction}`).
const placeholders = (s: string) => [...s.matchAll(/\{(\w+?)(?:Zh)?\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('loads from every module that registers entries', async () => {
    expect(registering.length).toBeGreaterThan(20);
    for (const f of registering) await import(pathToFileURL(join(src, f)).href);
    expect(catalogueEntries().size).toBeGreaterThan(500);
  });

  it('gives every entry English and Chinese, with the same placeholders and a hint in both or neither', async () => {
    for (const f of registering) await import(pathToFileURL(join(src, f)).href);
    const problems: string[] = [];
    for (const [key, e] of catalogueEntries()) {
      if (!e.en?.trim()) problems.push(`${key}: no English`);
      if (!e.zh?.trim()) problems.push(`${key}: no Chinese`);
      if ((e.hintEn === undefined) !== (e.hintZh === undefined)) problems.push(`${key}: a hint in one language only`);
      const pairs: [string, string][] = [[e.en ?? '', e.zh ?? '']];
      if (e.hintEn !== undefined && e.hintZh !== undefined) pairs.push([e.hintEn, e.hintZh]);
      for (const [en, zh] of pairs) {
        if (placeholders(en).join() !== placeholders(zh).join()) problems.push(`${key}: placeholders differ (${en} / ${zh})`);
        // English words copied as the Chinese text (symbols such as `≥ {v}` are the same in both).
        if (zh === en && /[a-z]{3,}/i.test(en.replace(/\{\w+\}|`[^`]*`/g, ''))) problems.push(`${key}: not translated (${zh})`);
      }
    }
    expect(problems, `${relative(process.cwd(), src)}: ${problems.length} entries`).toEqual([]);
  });
});
