/**
 * Policy text in the diff's Markdown: every character that could start
 * markup, HTML or an entity is escaped, and line breaks fold to spaces, so a
 * title or a clause cannot inject a link, an image, a table cell or the
 * comment's marker. The one place the report escapes text.
 */

/** Inline Markdown text with every character that could start markup escaped. */
export function escapeMarkdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|~&$]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}
