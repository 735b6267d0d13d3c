/**
 * Text from policy files (messages quote it, test names are it, file names
 * come from the pull request) on its way to a terminal or a CI log: no
 * control character reaches either as such. A terminal escape (ESC, CSI,
 * OSC in its 8-bit form) would recolour, retitle or rewrite the screen; a
 * line break in a name would start a new log line, where `::error …` is a
 * workflow command.
 */

/** C0 controls but tab and line feed, DEL and the C1 controls (0x9b is CSI on 8-bit terminals). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A message or value for a terminal: tabs as spaces, controls as U+FFFD, at most `max` characters; line feeds kept. */
export function printable(s: string, max = 1000): string {
  if (s.length > max) s = `${s.slice(0, max)}…`;
  return s.replace(/\t/g, '    ').replace(CONTROLS, '\uFFFD');
}

/** A name (a file, a test, a decision) on one line: line breaks shown as `\n`/`\r`, other controls as U+FFFD. */
export function printableName(s: string, max = 1000): string {
  return printable(s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029')), max);
}
