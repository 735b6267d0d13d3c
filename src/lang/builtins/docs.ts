/**
 * The built-ins' table in docs/format.md, generated from the index so the
 * docs list exactly what the parser accepts (test/lang/builtins.test.ts holds
 * the page to it; `node scripts/builtins-doc.mjs` rewrites it). Not embedded
 * in the generated runtime.
 */
import { BUILTIN_LIST } from './index.js';

/** The marker lines the table sits between in docs/format.md. */
export const DOC_MARKERS = ['<!-- builtins: generated from src/lang/builtins/index.ts -->', '<!-- /builtins -->'] as const;

/** The Markdown table of every built-in, in index order. */
export function builtinsTable(): string {
  const rows = BUILTIN_LIST.map((b) => `| \`${b.doc.call}\` | \`${b.feel}\` | ${b.doc.en} |`);
  return ['| call | FEEL name (DMN) | gives |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `page` with the table between its markers replaced by the current one; undefined when a marker is missing. */
export function withBuiltinsTable(page: string): string | undefined {
  const a = page.indexOf(DOC_MARKERS[0]);
  const b = page.indexOf(DOC_MARKERS[1]);
  if (a < 0 || b < a) return undefined;
  return `${page.slice(0, a + DOC_MARKERS[0].length)}\n${builtinsTable()}\n${page.slice(b)}`;
}
