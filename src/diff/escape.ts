/**
 * The one place policy text becomes GitHub-flavoured Markdown in the diff.
 * A pull-request author writes the titles, prose and cells the comment
 * quotes, so none of it may start markup: no raw HTML (`<details>` hiding the
 * impact), no copy of the sticky-comment marker, no task list, heading, code
 * fence or table cell of its own. Every line terminator CommonMark knows
 * (`\n`, `\r\n` and a lone `\r`) and every other control character is
 * flattened first, since a break would let the next character start a block.
 */

/** Line terminators (a lone `\r` among them), Unicode line and paragraph separators, and the other C0/C1 controls. */
const BREAKS = /\r\n|[\r\n\u2028\u2029\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text on one line: every break and control character a space (a tab stays: it starts nothing inline). */
export function flatText(s: string): string {
  return s.replace(BREAKS, ' ');
}

const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Inline Markdown text: flattened, HTML's `<`, `>` and `&` as entities (so
 * neither a tag, a comment such as the marker, nor an entity survives), and
 * every character that could start inline markup or split a table cell
 * backslash-escaped (`[ ]` task lists and links, `|`, backticks, emphasis).
 */
export function mdText(s: string): string {
  return flatText(s).replace(/[\\`*_{}[\]<>()#+!|~&$]/g, (c) => ENTITY[c] ?? `\\${c}`);
}

/**
 * A code span: flattened, with a fence longer than any run of backticks
 * inside, and pipes escaped (GFM splits table cells on `|` even in code, and
 * a backslash escapes the next backslash first, so a pipe needs an odd run
 * before it). In a code span `<` and `&` are text, so no HTML starts there;
 * an HTML comment opener is broken by a zero-width space all the same, since
 * CI finds its sticky comment by the marker's text in the raw body.
 */
export function mdCode(s: string): string {
  const flat = flatText(s)
    .replace(/(\\*)\|/g, (_, run: string) => `${run}${run}\\|`)
    .replace(/<!--/g, '<\u200b!--');
  const ticks = (flat.match(/`+/g) ?? []).reduce((m, x) => Math.max(m, x.length), 0);
  const fence = '`'.repeat(ticks + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
