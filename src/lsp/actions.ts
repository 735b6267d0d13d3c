/**
 * Quick fixes for what the checker found, each computed from the finding
 * itself: a gap gets a row covering exactly the uncovered region the checker
 * reports (its witness), so that after the fix the checker is clean on it; an
 * overlap gets the hint's repairs (narrow one cell to what the other row does
 * not cover, or `hit: first`); a bare percent gets its `%`; an unknown name
 * its did-you-mean; prose drift the figure the decision now has. Formatting is
 * `rulebook fmt`'s (src/fmt).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type DocumentFormattingParams, type Range, type TextEdit } from 'vscode-languageserver';
import { decisionNumbers, proseNumbers } from '../check/rules/prose-drift.js';
import { t } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { formatSource } from '../fmt/index.js';
import { formatLiteral, formatPercent } from '../lang/format.js';
import { LineIndex } from '../span/line-index.js';
import { roleOf } from '../load/index.js';
import type { Decision, Expr, Literal, Model, Rule, Section, UnaryTest } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import './messages.js';
import { lineIndexOf, rangeOf } from './positions.js';
import type { Session } from './server.js';

export function codeActions(s: Session, p: CodeActionParams): CodeAction[] {
  const rel = s.relOf(p.textDocument.uri);
  const text = rel ? s.textOf(rel) : undefined;
  const model = s.ws.last.model;
  if (!rel || text === undefined || !model) return [];
  // The server's own findings at the range (clients differ in what they send back as context).
  const diags = (s.ws.last.byFile.get(rel) ?? []).filter((d) => overlaps(rangeOf(d, text), p.range));
  const out: CodeAction[] = [];
  const uri = p.textDocument.uri;
  const lines = lineIndexOf(text);
  const fix = (title: string, d: Diagnostic, edits: TextEdit[], preferred = false): void => {
    out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [{ range: rangeOf(d, text), message: d.message, code: d.code, source: 'rulebook' }], edit: { changes: { [uri]: edits } }, isPreferred: preferred || undefined });
  };
  for (const d of diags) {
    if (d.code === 'gap') {
      const r = gapFix(model, rel, d, lines);
      if (r) fix(r.title, d, [r.edit], true);
    }
    if (d.code === 'overlap' && d.severity === 'error') for (const r of overlapFixes(model, rel, d, lines)) fix(r.title, d, [r.edit]);
    if (d.code === 'prose-drift') for (const r of proseFixes(model, rel, d, lines)) fix(r.title, d, [r.edit]);
    for (const r of hintFixes(d, text)) fix(r.title, d, [r.edit], true);
  }
  return out;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** The decision version of `file` whose rows hold `line`. */
function decisionOfLine(model: Model, file: string, line: number): Decision | undefined {
  let best: Decision | undefined;
  for (const versions of model.decisions.values()) {
    for (const d of versions) {
      if (d.span.file !== file || d.span.line > line) continue;
      if (!best || d.span.line > best.span.line) best = d;
    }
  }
  return best;
}

function ruleOfLine(d: Decision, line: number): Rule | undefined {
  let best: Rule | undefined;
  for (const r of d.rules) if (r.span.line <= line && (!best || r.span.line > best.span.line)) best = r;
  return best;
}

/** A YAML flow scalar for a cell or a value: plain when safe, else quoted. */
function scalar(v: string): string {
  if (/^[\w.%-]+$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v)) return v;
  return v.includes('"') ? `'${v.replace(/'/g, "''")}'` : `"${v}"`;
}

/** The 1-based line the last character of a rule's text is on. */
function lastLineOf(r: Rule, lines: LineIndex): number {
  const end = r.span.endLine ?? r.span.line;
  if (r.span.endColumn === 1 && end > r.span.line) return end - 1;
  // A flow row ends on its `then:` line; the span may stop at the start of the next item.
  const text = lines.lineText(end);
  return text.trim() === '' && end > r.span.line ? end - 1 : end;
}

/** The text of a new row after `after` (same indentation and style), or undefined. */
function rowAfter(after: Rule, lines: LineIndex, when: [string, string][], then: [string, string][]): { at: number; text: string } | undefined {
  const first = lines.lineText(after.span.line);
  const dash = /^(\s*)-\s/.exec(first);
  if (!dash) return undefined;
  const ind = dash[1];
  const flow = (pairs: [string, string][]) => `{ ${pairs.map(([k, v]) => `${k}: ${scalar(v)}`).join(', ')} }`;
  const body = when.length ? `${ind}- when: ${flow(when)}\n${ind}  then: ${flow(then)}\n` : `${ind}- then: ${flow(then)}\n`;
  return { at: lastLineOf(after, lines), text: body };
}

function insertAfterLine(lines: LineIndex, line: number, text: string): TextEdit {
  const total = lines.position(lines.text.length).line;
  if (line >= total) {
    const endsWithBreak = lines.text.endsWith('\n');
    const pos = { line: total - 1, character: lines.lineText(total).length };
    return { range: { start: pos, end: pos }, newText: endsWithBreak ? text : `\n${text.replace(/\n$/, '')}` };
  }
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text };
}

/** A row covering the gap's region, with the outputs of the row the finding sits at (the author then adjusts them). */
function gapFix(model: Model, file: string, d: Diagnostic, lines: LineIndex): { title: string; edit: TextEdit } | undefined {
  const region = d.witness?.region;
  if (!region) return undefined;
  const decision = decisionOfLine(model, file, d.line);
  if (!decision || decision.rules.length === 0) return undefined;
  const cells = Object.entries(region).filter(([, v]) => v !== '-');
  // `other` (a string no row names) has no cell that says it.
  if (cells.some(([, v]) => /\bother\b/.test(v) && !/"/.test(v))) return undefined;
  const neighbour = ruleOfLine(decision, d.line) ?? decision.rules[decision.rules.length - 1];
  const then = neighbour.then.map((x): [string, string] => [x.output, x.source]);
  const last = decision.rules[decision.rules.length - 1];
  const row = rowAfter(last, lines, cells, then);
  if (!row) return undefined;
  const shown = cells.map(([k, v]) => `${k}: ${v}`).join(', ') || '-';
  return { title: t('lsp.fix.gap', { region: shown }).message, edit: insertAfterLine(lines, row.at, row.text) };
}

// ---------------------------------------------------------------- overlap

interface Interval {
  low?: { v: Decimal; closed: boolean };
  high?: { v: Decimal; closed: boolean };
  unit?: 'percent' | 'money';
}

function intervalOf(test: UnaryTest): Interval | undefined {
  const num = (l: Literal) => (l.kind === 'number' ? l.value : undefined);
  if (test.kind === 'compare' && test.value.kind === 'number') {
    const v = test.value.value;
    const unit = test.value.unit;
    if (test.op === '<' || test.op === '<=') return { high: { v, closed: test.op === '<=' }, unit };
    if (test.op === '>' || test.op === '>=') return { low: { v, closed: test.op === '>=' }, unit };
    if (test.op === '=') return { low: { v, closed: true }, high: { v, closed: true }, unit };
  }
  if (test.kind === 'range') {
    const lo = num(test.low);
    const hi = num(test.high);
    if (lo && hi) return { low: { v: lo, closed: test.lowClosed }, high: { v: hi, closed: test.highClosed }, unit: test.low.kind === 'number' ? test.low.unit : undefined };
  }
  return undefined;
}

function showBound(v: Decimal, unit: Interval['unit']): string {
  return formatLiteral({ kind: 'number', value: v, unit });
}

function cellOf(i: Interval): string | undefined {
  const { low, high, unit } = i;
  if (low && high) {
    const c = low.v.cmp(high.v);
    if (c > 0 || (c === 0 && !(low.closed && high.closed))) return undefined;
    if (c === 0) return showBound(low.v, unit);
    return `${low.closed ? '[' : '('}${showBound(low.v, unit)}..${showBound(high.v, unit)}${high.closed ? ']' : ')'}`;
  }
  if (low) return `${low.closed ? '>=' : '>'} ${showBound(low.v, unit)}`;
  if (high) return `${high.closed ? '<=' : '<'} ${showBound(high.v, unit)}`;
  return undefined;
}

/** `b` without `a`, when what is left is one interval. */
function minus(b: Interval, a: Interval): Interval | undefined {
  // a covers b's low end: b starts where a ends.
  const aLowBelowB = !a.low || (b.low && (a.low.v.lt(b.low.v) || (a.low.v.eq(b.low.v) && (a.low.closed || !b.low.closed))));
  const aHighAboveB = !a.high || (b.high && (a.high.v.gt(b.high.v) || (a.high.v.eq(b.high.v) && (a.high.closed || !b.high.closed))));
  if (aLowBelowB && aHighAboveB) return undefined;
  if (aLowBelowB && a.high) return { low: { v: a.high.v, closed: !a.high.closed }, high: b.high, unit: b.unit ?? a.unit };
  if (aHighAboveB && a.low) return { low: b.low, high: { v: a.low.v, closed: !a.low.closed }, unit: b.unit ?? a.unit };
  return undefined;
}

function overlapFixes(model: Model, file: string, d: Diagnostic, lines: LineIndex): { title: string; edit: TextEdit }[] {
  const decision = decisionOfLine(model, file, d.line);
  const rb = decision && ruleOfLine(decision, d.line);
  const relatedLine = d.related?.[0]?.line;
  const ra = decision && relatedLine !== undefined ? ruleOfLine(decision, relatedLine) : undefined;
  if (!decision || !ra || !rb) return [];
  const out: { title: string; edit: TextEdit }[] = [];
  for (const [row, other] of [
    [rb, ra],
    [ra, rb],
  ] as const) {
    for (let k = 0; k < row.when.length; k++) {
      const cell = row.when[k];
      const mine = intervalOf(cell.test);
      const theirs = intervalOf(other.when[k]?.test ?? { kind: 'any' });
      if (!mine || !theirs || cell.span.file !== file) continue;
      const left = minus(mine, theirs);
      const text = left && cellOf(left);
      if (!text) continue;
      const range = rangeOf(cell.span, lines.text);
      const quoted = /^["']/.test(lines.lineText(cell.span.line).slice(cell.span.column - 1)) ? `"${text}"` : scalar(text);
      out.push({ title: t('lsp.fix.narrow', { a: String(row.index + 1), input: cell.input, cell: text }).message, edit: { range, newText: quoted } });
    }
  }
  const hit = hitFirstEdit(decision, lines);
  if (hit) out.push({ title: t('lsp.fix.hit-first', {}).message, edit: hit });
  return out;
}

/** Sets `hit: first` on a decision: the value of its `hit:` line, or a new line after its `id:`. */
function hitFirstEdit(d: Decision, lines: LineIndex): TextEdit | undefined {
  const firstRule = d.rules[0]?.span.line ?? d.span.line + 50;
  let idLine: number | undefined;
  for (let l = d.span.line; l < firstRule; l++) {
    const text = lines.lineText(l);
    const hit = /^(\s*(?:-\s+)?hit:\s*)(\S+)/.exec(text);
    if (hit) return { range: { start: { line: l - 1, character: hit[1].length }, end: { line: l - 1, character: hit[1].length + hit[2].length } }, newText: 'first' };
    if (idLine === undefined && new RegExp(`^\\s*(-\\s+)?id:\\s*["']?${d.id.replace(/\./g, '\\.')}["']?\\s*$`).test(text)) idLine = l;
  }
  if (idLine === undefined) return undefined;
  const text = lines.lineText(idLine);
  const col = text.indexOf('id:');
  return { range: { start: { line: idLine, character: 0 }, end: { line: idLine, character: 0 } }, newText: `${' '.repeat(col)}hit: first\n` };
}

// ---------------------------------------------------------------- prose drift

function parentsOf(model: Model): Map<Section, Section | undefined> {
  const out = new Map<Section, Section | undefined>();
  const walk = (ss: Section[], parent?: Section) => ss.forEach((s) => (out.set(s, parent), walk(s.sections, s)));
  for (const doc of model.documents) walk(doc.sections);
  return out;
}

function proseFixes(model: Model, file: string, d: Diagnostic, lines: LineIndex): { title: string; edit: TextEdit }[] {
  const parents = parentsOf(model);
  let section: Section | undefined;
  for (const s of parents.keys()) {
    const ts = s.textSpan;
    if (!ts || ts.file !== file || ts.line > d.line || (ts.endLine ?? ts.line) < d.line) continue;
    if (!section || ts.line >= (section.textSpan?.line ?? 0)) section = s;
  }
  while (section && section.decisions.length === 0) section = parents.get(section);
  if (!section) return [];
  const range = rangeOf(d, lines.text);
  if (range.start.line !== range.end.line) return [];
  const written = lines.lineText(d.line).slice(range.start.character, range.end.character);
  const digits = /\d[\d,]*(?:\.\d+)?/.exec(written);
  if (!digits) return [];
  const percent = /[%％]/.test(written);
  const inProse = new Set(proseNumbers(section.text).map((n) => n.value.normalize().toString()));
  const seen = new Set<string>();
  const out: { title: string; edit: TextEdit }[] = [];
  // The checker's own list of the decisions' figures, narrowed to those in the prose's unit.
  const ofUnit = unitNumbers(model, section.decisions, percent ? 'percent' : 'money');
  for (const n of decisionNumbers(model, section.decisions)) {
    const key = n.normalize().toString();
    if (seen.has(key) || inProse.has(key) || n.sign() <= 0 || !ofUnit.has(key)) continue;
    seen.add(key);
    const shown = percent ? formatPercent(n).slice(0, -1) : n.normalize().toString();
    const newText = written.slice(0, digits.index) + shown + written.slice(digits.index + digits[0].length);
    out.push({ title: t('lsp.fix.prose', { text: newText }).message, edit: { range, newText } });
    if (out.length >= 5) break;
  }
  return out;
}

/** The literal numbers of a unit in the decisions' cells (by the input's type) and output entries (by the output's type). */
function unitNumbers(model: Model, ids: string[], unit: 'percent' | 'money'): Set<string> {
  const out = new Set<string>();
  const lit = (l: Literal | undefined) => {
    if (l?.kind === 'number') out.add(l.value.normalize().toString());
  };
  const test = (x: UnaryTest): void => {
    if (x.kind === 'compare') lit(x.value);
    else if (x.kind === 'range') (lit(x.low), lit(x.high));
    else if (x.kind === 'or' || x.kind === 'not') x.items.forEach(test);
  };
  const expr = (e: Expr): void => {
    if (e.kind === 'literal') lit(e.value);
    else if (e.kind === 'binary') (expr(e.left), expr(e.right));
    else if (e.kind === 'if') (expr(e.then), expr(e.else));
    else if (e.kind === 'builtin') e.args.forEach(expr);
  };
  for (const id of ids) {
    for (const d of model.decisions.get(id) ?? []) {
      const kinds = new Map([...d.inputs, ...d.outputs].map((f) => [f.name, f.type.kind]));
      for (const r of d.rules) {
        for (const c of r.when) if (kinds.get(c.input) === unit) test(c.test);
        for (const o of r.then) if (kinds.get(o.output) === unit) expr(o.expr);
      }
      for (const o of [...(d.defaults ?? []), ...d.formulas]) if (kinds.get(o.output) === unit) expr(o.expr);
    }
  }
  return out;
}

// ---------------------------------------------------------------- fixes a hint spells out

/** A hint template of the catalogue as a pattern over both languages, its `{name}`s captured. */
function hintPatterns(key: string): RegExp[] {
  const out: RegExp[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const hint = t(key, { text: '\u0001text\u0001', percent: '\u0001percent\u0001', near: '\u0001near\u0001', guess: '\u0001guess\u0001', digits: '\u0001digits\u0001' }, lang);
    const template = hint.hint ?? hint.message;
    // A name that comes back (`{text}` twice) must match the same text again.
    const named = new Set<string>();
    const src = template
      .split(/\u0001(\w+)\u0001/)
      .map((part, i) => {
        if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (named.has(part)) return `\\k<${part}>`;
        named.add(part);
        return `(?<${part}>.+?)`;
      })
      .join('');
    out.push(new RegExp(src));
  }
  return out;
}

const PATTERNS = {
  percent: ['lang.type.needs-percent-or-fraction', 'lang.type.needs-percent'],
  near: ['schema.did-you-mean', 'lang.type.unknown-name-near', 'lang.unknown-value.near'],
};

function match(keys: string[], hint: string): Record<string, string> | undefined {
  for (const k of keys) for (const re of hintPatterns(k)) {
    const m = re.exec(hint);
    if (m?.groups) return m.groups;
  }
  return undefined;
}

function hintFixes(d: Diagnostic, text: string): { title: string; edit: TextEdit }[] {
  if (!d.hint) return [];
  const range = rangeOf(d, text);
  if (range.start.line !== range.end.line) return [];
  const lines = lineIndexOf(text);
  const written = lines.lineText(range.start.line + 1).slice(range.start.character, range.end.character);
  const out: { title: string; edit: TextEdit }[] = [];
  const pct = match(PATTERNS.percent, d.hint);
  if (pct?.text && written.includes(pct.text)) {
    const i = written.indexOf(pct.text);
    const start = { line: range.start.line, character: range.start.character + i };
    const end = { line: range.start.line, character: start.character + pct.text.length };
    out.push({ title: t('lsp.fix.replace', { text: `${pct.text}%` }).message, edit: { range: { start, end }, newText: `${pct.text}%` } });
    if (pct.percent) out.push({ title: t('lsp.fix.replace', { text: pct.percent }).message, edit: { range: { start, end }, newText: pct.percent } });
  }
  const near = match(PATTERNS.near, d.hint);
  if (near) {
    const guess = near.guess ?? near.near;
    // The unknown word: a name quoted in the message that is written at the range.
    const words = [...d.message.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((w) => written.includes(w)).sort((a, b) => b.length - a.length);
    const old = words[0];
    if (guess && old) {
      const i = written.indexOf(old);
      const start = { line: range.start.line, character: range.start.character + i };
      const end = { line: range.start.line, character: start.character + old.length };
      // An enum key in a cell keeps its quotes: `"lwo"` → `"low"`, whichever way the hint quotes it.
      const enumValue = /^".*"$/.test(old) && !/^".*"$/.test(guess) ? `"${guess}"` : guess;
      out.push({ title: t('lsp.fix.replace', { text: enumValue }).message, edit: { range: { start, end }, newText: enumValue } });
    }
  }
  return out;
}

export function formatting(s: Session, p: DocumentFormattingParams): TextEdit[] {
  const rel = s.relOf(p.textDocument.uri);
  const text = rel ? s.textOf(rel) : undefined;
  if (!rel || text === undefined) return [];
  const r = formatSource(text, rel, roleOf(rel) ?? 'document');
  if (r.status !== 'changed') return [];
  const lines = lineIndexOf(text);
  const end = lines.position(text.length);
  return [{ range: { start: { line: 0, character: 0 }, end: { line: end.line - 1, character: end.column - 1 } }, newText: r.output }];
}
