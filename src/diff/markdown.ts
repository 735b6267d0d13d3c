/**
 * The diff as Markdown for a pull-request comment: a first line that sums it
 * up, then config, documents (prose as ~~old~~ **new** runs), decisions (rows
 * as a table) and impact (regions with examples). Everything taken from the
 * policies is escaped, so policy text cannot inject markup, HTML or the
 * comment's marker.
 */
import { langOf, t, type Lang } from '../diagnostics/catalogue.js';
import { flatText, mdCode as code, mdText as esc } from './escape.js';
import type { TextRun } from './text.js';
import type { DecisionDiff, DocumentDiff, FieldChange, ModelDiff, RowDiff } from './types.js';
import './messages.js';

/** The hidden marker by which CI finds and updates its one sticky comment. */
export const DIFF_MARKER = '<!-- rulebook-diff -->';

function w(key: string, lang: Lang, params: Record<string, string | number> = {}): string {
  return t(key, params, lang).message;
}

/** The one-line summary that opens the report. */
export function summaryLine(d: ModelDiff, lang: Lang = langOf(d.locale)): string {
  const parts: string[] = [];
  if (d.config.length) parts.push(w('diff.config-changed', lang));
  if (d.documents.length) parts.push(w('diff.documents-changed', lang, { n: d.documents.length }));
  const direct = d.decisions.filter((x) => !x.indirect);
  if (direct.length) {
    const rows = direct.reduce((n, x) => n + x.rows.length, 0);
    parts.push(w('diff.decisions-changed', lang, { n: direct.length }) + (rows ? ` (${w('diff.rows-changed', lang, { n: rows })})` : ''));
  }
  if (d.tests.added || d.tests.removed || d.tests.changed) parts.push(w('diff.tests-changed', lang, d.tests));
  const colon = lang === 'zh' ? '：' : ':';
  if (!parts.length) return `**${w('diff.title', lang)}${colon}** ${w('diff.none', lang)}`;
  const regions = d.decisions.reduce((n, x) => n + x.impact.length + (x.impactMore ?? 0), 0);
  const sep = lang === 'zh' ? '，' : ', ';
  const tail = d.decisions.length ? (lang === 'zh' ? '；' : '; ') + (regions ? w('diff.regions', lang, { n: regions }) : w('diff.no-result-change', lang)) : '';
  return `**${w('diff.title', lang)}${colon}** ${parts.join(sep)}${tail}`;
}

function changeTable(rows: FieldChange[], lang: Lang): string[] {
  const out = [`| ${w('diff.field', lang)} | ${w('diff.before', lang)} | ${w('diff.after', lang)} |`, '| --- | --- | --- |'];
  for (const c of rows) out.push(`| ${esc(c.field)} | ${c.before !== undefined ? code(c.before) : ''} | ${c.after !== undefined ? code(c.after) : ''} |`);
  return out;
}

/** Prose runs as lines: only lines with a change, `~~old~~` and `**new**`, whitespace kept outside the marks. */
export function renderRuns(runs: readonly TextRun[]): string[] {
  const lines: { op: TextRun['op']; text: string }[][] = [[]];
  for (const r of runs) {
    const parts = r.text.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1].push({ op: r.op, text: p });
    });
  }
  const out: string[] = [];
  let skipped = false;
  for (const line of lines) {
    if (!line.some((s) => s.op !== 'same')) {
      skipped = line.length > 0 || skipped;
      continue;
    }
    if (skipped && out.length) out.push('> …');
    skipped = false;
    const text = line
      .map((s) => {
        if (s.op === 'same') return esc(s.text);
        const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s.text) as RegExpExecArray;
        if (!m[2]) return flatText(s.text);
        return `${flatText(m[1])}${s.op === 'del' ? `~~${esc(m[2])}~~` : `**${esc(m[2])}**`}${flatText(m[3])}`;
      })
      .join('');
    out.push(`> ${text}`);
  }
  return out;
}

function statusWord(s: 'added' | 'removed' | 'changed', lang: Lang): string {
  return w(`diff.${s}`, lang);
}

function documentBlock(d: DocumentDiff, lang: Lang): string[] {
  const notes = [statusWord(d.status, lang)];
  if (d.renamedFrom) notes.push(w('diff.renamed-from', lang, { from: code(d.renamedFrom) }));
  if (d.movedFrom) notes.push(w('diff.moved-from', lang, { from: code(d.movedFrom) }));
  const out = [`#### ${code(d.id)} ${esc(d.title)} — ${notes.join(', ')}`, ''];
  if (d.metadata.length) out.push(...changeTable(d.metadata, lang), '');
  for (const s of d.sections) {
    const title = s.titleBefore !== undefined ? `~~${esc(s.titleBefore)}~~ **${esc(s.title)}**` : esc(s.title);
    out.push(`- § ${code(s.anchor)} ${title} (${statusWord(s.status, lang)})`);
    for (const c of s.changes) out.push(`  - ${esc(c.field)}: ${code(c.before ?? '-')} → ${code(c.after ?? '-')}`);
    if (s.text && s.status === 'changed') {
      const lines = renderRuns(s.text);
      if (lines.length) out.push('', ...lines.map((l) => `  ${l}`), '');
    }
  }
  if (d.terms.length) {
    out.push(`- ${w('diff.terms', lang)}:`);
    for (const c of d.terms) out.push(`  - ${code(c.field)}: ${c.before !== undefined ? `~~${esc(c.before)}~~ ` : ''}${c.after !== undefined ? `**${esc(c.after)}**` : ''}`);
  }
  out.push('');
  return out;
}

function rowsTable(d: DecisionDiff, lang: Lang): string[] {
  // Only the columns some row touches, in declared order (a note change gets its own column last).
  const touched = new Set(d.rows.flatMap((r) => [...r.cells, ...r.outputs].map((c) => c.field)));
  const inputs = [...d.inputs, 'note'].filter((n) => touched.has(n) && d.rows.some((r) => r.cells.some((c) => c.field === n)));
  const outputs = d.outputs.filter((n) => d.rows.some((r) => r.outputs.some((c) => c.field === n)));
  const head = [w('diff.row', lang), w('diff.status', lang), ...inputs.map(esc), ...outputs.map((o) => `→ ${esc(o)}`)];
  const out = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  const cell = (c: FieldChange | undefined, r: RowDiff) => {
    if (!c) return '';
    if (r.status !== 'changed') return code((c.after ?? c.before) as string);
    const moved = r.thresholds.includes(c.field) ? ` (${w('diff.threshold', lang)})` : '';
    return `${c.before !== undefined ? code(c.before) : '∅'} → ${c.after !== undefined ? code(c.after) : '∅'}${moved}`;
  };
  for (const r of d.rows) {
    const n = r.status === 'removed' ? String(r.baseRow) : r.status === 'added' ? String(r.headRow) : r.baseRow === r.headRow ? String(r.headRow) : `${r.baseRow} → ${r.headRow}`;
    const label = r.id ? `${n} ${code(r.id)}` : n;
    const cells = inputs.map((i) => cell(r.cells.find((c) => c.field === i), r));
    const outs = outputs.map((o) => cell(r.outputs.find((c) => c.field === o), r));
    out.push(`| ${[label, statusWord(r.status, lang), ...cells, ...outs].join(' | ')} |`);
  }
  return out;
}

function impactLines(d: DecisionDiff, lang: Lang): string[] {
  const out: string[] = [];
  if (d.impactNote === 'inputs-changed') return [`*${w('diff.impact', lang)}*: ${w('diff.impact-inputs', lang)}`, ''];
  if (!d.impact.length) return d.status === 'changed' ? [`*${w('diff.impact', lang)}*: ${w('diff.impact-none', lang)}`, ''] : [];
  out.push(`*${w('diff.impact', lang)}*`, '');
  const sep = lang === 'zh' ? '，' : ', ';
  for (const r of d.impact) {
    const region = Object.entries(r.region).map(([k, v]) => `${esc(k)} ${code(v)}`).join(sep);
    const example = Object.entries(r.example).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(sep);
    const colon = lang === 'zh' ? '：' : ': ';
    out.push(`- ${region || '—'}${colon}${w('diff.example', lang)} ${example}${colon}${esc(r.before)} → **${esc(r.after)}**`);
  }
  if (d.impactMore) out.push(`- ${w('diff.impact-more', lang, { n: d.impactMore })}`);
  if (d.impactNote === 'sampled') out.push(`- ${w('diff.impact-sampled', lang)}`);
  out.push('');
  return out;
}

function decisionBlock(d: DecisionDiff, lang: Lang): string[] {
  const notes = [statusWord(d.status, lang)];
  if (d.version) notes.push(w('diff.version', lang, { from: d.version }));
  const out = [`#### ${code(d.id)} ${esc(d.title)} — ${notes.join(', ')}`, ''];
  if (d.indirect) out.push(`*${w('diff.indirect', lang)}*`, '');
  if (d.changes.length) out.push(...changeTable(d.changes, lang), '');
  if (d.rows.length) out.push(...rowsTable(d, lang), '');
  out.push(...impactLines(d, lang));
  return out;
}

/** The full report as Markdown, ending with the sticky-comment marker. */
export function renderDiffMarkdown(d: ModelDiff, opts: { lang?: Lang } = {}): string {
  const lang = opts.lang ?? langOf(d.locale);
  const out = [summaryLine(d, lang), ''];
  if (d.config.length) out.push(`### ${w('diff.h.config', lang)}`, '', ...changeTable(d.config, lang), '');
  if (d.documents.length) {
    out.push(`### ${w('diff.h.documents', lang)}`, '');
    for (const doc of d.documents) out.push(...documentBlock(doc, lang));
  }
  if (d.decisions.length) {
    out.push(`### ${w('diff.h.decisions', lang)}`, '');
    for (const dec of d.decisions) out.push(...decisionBlock(dec, lang));
  }
  out.push(DIFF_MARKER);
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}


