/**
 * The human report: each finding as a compiler shows it — the place, the source
 * line with carets under the span, the witness, every related place, the hint.
 */
import { docsUrl, type Diagnostic } from '../diagnostics/index.js';
import { t, word } from '../diagnostics/catalogue.js';
import { LineIndex } from '../span/line-index.js';
import './messages.js';

export interface PrettyOptions {
  color: boolean;
  /** File name → its text, for source excerpts. */
  texts: Map<string, string>;
  /** Findings left out by --quiet, counted in the closing line. */
  hidden?: number;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const SEVERITY_COLOR = { error: '1;31', warning: '1;33', info: '1;36' } as const;

/** Wide (CJK) characters take two terminal columns: carets must account for them. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** Control characters from a policy file never reach the terminal as such; nor does a value of megabytes. */
function visible(s: string, max = 1000): string {
  if (s.length > max) s = `${s.slice(0, max)}…`;
  return s.replace(/\t/g, '    ').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, '\uFFFD');
}

const indexes = new Map<string, LineIndex>();
/** Characters of a source line shown: before the span, and in all. */
const WINDOW_BEFORE = 60;
const WINDOW = 200;
function excerpt(d: Diagnostic, texts: Map<string, string>, color: boolean): string[] {
  const text = texts.get(d.file);
  if (text === undefined) return [];
  let idx = indexes.get(d.file);
  if (!idx || idx.text !== text) {
    idx = new LineIndex(text);
    indexes.set(d.file, idx);
  }
  const full = idx.lineText(d.line);
  // A generated or hostile file may have a line of megabytes: show a window around the span.
  const from = Math.max(0, d.column - 1 - WINDOW_BEFORE);
  const raw = full.slice(from, from + WINDOW);
  const lead = from > 0 ? '…' : '';
  const tail = from + WINDOW < full.length ? '…' : '';
  const column = d.column - from;
  const line = lead + visible(raw) + tail;
  const gutter = String(d.line).padStart(2);
  const pad = ' '.repeat(gutter.length);
  const before = lead + visible(raw.slice(0, Math.max(0, column - 1)));
  const endCol = d.endLine === d.line && d.endColumn && d.endColumn > d.column ? d.endColumn - from : raw.length + 1;
  const spanText = visible(raw.slice(column - 1, Math.max(column, endCol - 1)));
  const carets = '^'.repeat(Math.max(1, displayWidth(spanText)));
  const bar = paint(color, '1;34', '|');
  return [
    `${pad} ${bar}`,
    `${paint(color, '1;34', gutter)} ${bar} ${line}`,
    `${pad} ${bar} ${' '.repeat(displayWidth(before))}${paint(color, SEVERITY_COLOR[d.severity], carets)}`,
  ];
}

function witnessText(d: Diagnostic): string | undefined {
  const w = d.witness;
  if (!w) return undefined;
  const parts = Object.entries(w.input).map(([k, v]) => `${k} = ${v}`);
  if (w.asOf) parts.push(`asOf = ${w.asOf}`);
  let s = parts.join(', ');
  if (w.region && Object.keys(w.region).length) {
    s += ` (${word('report.region')}: ${Object.entries(w.region).map(([k, v]) => `${k} in ${v}`).join(', ')})`;
  }
  return s;
}

/** Formats diagnostics for a terminal, with a closing count line. */
export function formatPretty(diags: readonly Diagnostic[], opts: PrettyOptions): string {
  const out: string[] = [];
  for (const d of diags) {
    out.push(`${paint(opts.color, SEVERITY_COLOR[d.severity], `${word(`report.${d.severity}`)}[${d.code}]`)}${paint(opts.color, '1', `: ${visible(d.message)}`)}`);
    out.push(`  ${paint(opts.color, '1;34', '-->')} ${d.file}:${d.line}:${d.column}`);
    out.push(...excerpt(d, opts.texts, opts.color));
    const w = witnessText(d);
    if (w) out.push(`  = ${word('report.witness')}: ${visible(w)}`);
    for (const r of d.related ?? []) out.push(`  = ${word('report.see')} ${r.file}:${r.line}:${r.column}: ${visible(r.message)}`);
    if (d.hint) out.push(`  = ${word('report.hint')}: ${visible(d.hint)}`);
    out.push(`  = ${word('report.about')}: ${docsUrl(d.code)}`);
    out.push('');
  }
  out.push(summary(diags, opts.hidden));
  return out.join('\n') + '\n';
}

/** `2 errors, 1 warning` (`2 个错误，1 个警告`), or `no problems found`; `hidden` counts what --quiet left out. */
export function summary(diags: readonly Diagnostic[], hidden = 0): string {
  const n = (s: Diagnostic['severity']) => diags.filter((d) => d.severity === s).length;
  const parts: string[] = [];
  for (const s of ['error', 'warning', 'info'] as const) {
    const c = n(s);
    if (c) parts.push(t(c === 1 ? `report.n-${s}` : `report.n-${s}s`, { n: c }).message);
  }
  if (hidden) parts.push(t('report.not-shown', { n: hidden }).message);
  if (parts.length === 1 && hidden) parts.unshift(word('report.no-errors'));
  return parts.length ? parts.join(word('report.count-sep')) : word('report.clean');
}
