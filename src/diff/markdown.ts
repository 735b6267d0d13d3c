/**
 * The diff as Markdown for a pull-request comment, in the reader's words. The
 * first line says the most consequential change with one example, the
 * counts and an honest verdict (proved, or sampled and how many inputs);
 * then the head's errors (a broken head is still reviewed), decisions
 * (changes, rows, impact per period), documents (prose as ~~old~~ **new**),
 * who can read what, and the check findings introduced and fixed. Long parts
 * fold into `<details>` so a large change keeps its first screen readable.
 * Policy text goes through `mdText`/`mdCode` (escape.ts), so it cannot inject markup,
 * HTML or the comment's marker.
 */
import { langOf, t, type Lang } from '../diagnostics/catalogue.js';
import { flatText, mdCode as code, mdText as esc } from './escape.js';
import type { TextRun } from './text.js';
import type { AudienceChange, DecisionDiff, DocumentDiff, FieldChange, ImpactRegion, ModelDiff, PeriodImpact, RowDiff, Words } from './types.js';
import './messages.js';

/** The hidden marker by which CI finds and updates its one sticky comment. */
export const DIFF_MARKER = '<!-- rulebook-diff -->';

/** Tables longer than this show their first rows and fold the rest. */
const ROWS_SHOWN = 10;
/** Lists longer than this fold whole. */
const LIST_SHOWN = 8;

/** A phrase of the report; with a count of one, its singular form where the catalogue has one (`…-one`). */
function w(key: string, lang: Lang, params: Record<string, string | number> = {}): string {
  if (params.n === 1) {
    const one = t(`${key}-one`, params, lang).message;
    if (one !== `${key}-one`) return one;
  }
  return t(key, params, lang).message;
}

/**
 * A text in the report's language, escaped and trimmed: policy text can start
 * a list item, where leading spaces would make an indented code block.
 */
function say(x: Words | undefined, lang: Lang, fallback = ''): string {
  // A lookup by a policy's name (`constructor`, `__proto__`) may find an inherited value, not Words.
  const text = x && typeof x[lang] === 'string' ? x[lang] : fallback;
  return esc(flatText(text).trim());
}

const colonOf = (lang: Lang) => (lang === 'zh' ? '：' : ': ');
const sepOf = (lang: Lang) => (lang === 'zh' ? '，' : ', ');

function titleOf(d: { title: string; titleEn?: string }, lang: Lang): string {
  return esc(flatText(lang === 'en' ? (d.titleEn ?? d.title) : d.title).trim());
}

/** Whether a period's results differ (or exist on one side only). */
function periodChanges(p: PeriodImpact): boolean {
  return p.kind !== 'compared' || p.regions.length > 0 || p.more > 0 || !!p.outputsAdded?.length || !!p.outputsRemoved?.length;
}

/** `label before → after` for each changed output of an example. */
function changeText(r: ImpactRegion, lang: Lang): string {
  return r.words.changes.map((c) => `${c.label ? say(c.label, lang) + ' ' : ''}${say(c.before, lang)} → **${say(c.after, lang)}**`).join(sepOf(lang));
}

/** The most consequential change: the example with the largest money change, else the first change of a decision. */
function headline(d: ModelDiff, lang: Lang): string | undefined {
  // A value that changes outranks a result that appears or vanishes (a period narrowed), then the larger sum of money.
  let best: { dec: DecisionDiff; p: PeriodImpact; r: ImpactRegion } | undefined;
  const rank = (r: ImpactRegion) => (r.words.changes.every((c) => c.label) ? 1 : 0);
  for (const dec of d.decisions) {
    for (const p of dec.impact) {
      for (const r of p.regions) {
        const better = !best || rank(r) > rank(best.r) || (rank(r) === rank(best.r) && (r.weight > best.r.weight || (r.weight === best.r.weight && !!best.dec.indirect && !dec.indirect)));
        if (better) best = { dec, p, r };
      }
    }
  }
  const colon = colonOf(lang);
  if (best) {
    const when = best.p.period ? `${say(best.p.period, lang)}${colon}` : '';
    const ex = say(best.r.words.example, lang);
    return `${titleOf(best.dec, lang)}${colon}${when}${ex ? `${ex} → ` : ''}${changeText(best.r, lang)}`;
  }
  for (const dec of d.decisions) {
    const p = dec.impact.find((x) => x.outputsAdded || x.outputsRemoved);
    if (p) return `${titleOf(dec, lang)}${colon}${w(p.outputsAdded ? 'diff.outputs-added' : 'diff.outputs-removed', lang, { names: names((p.outputsAdded ?? p.outputsRemoved) as Words[], lang) })}`;
  }
  const first = d.decisions.find((x) => !x.indirect) ?? d.decisions[0];
  if (first) return `${titleOf(first, lang)}${colon}${statusText(first, lang)}`;
  // Else who loses or gains what: a section moved to a narrower audience takes its rules with it.
  for (const a of d.audiences) {
    for (const [key, side] of [['diff.audience-loses', a.loses], ['diff.audience-gains', a.gains]] as const) {
      const what = [...side.pages, ...side.decisions];
      if (what.length) return `${esc(w(key, lang, { audience: a.label }))}${colon}${names(what, lang)}`;
    }
  }
  return undefined;
}

function statusText(d: DecisionDiff, lang: Lang): string {
  if (d.unparsed) return w(d.invalid ? 'diff.invalid' : 'diff.unparsed', lang);
  if (d.status === 'version-added' || d.status === 'version-removed') {
    const p = d.period?.from ? (lang === 'zh' ? `自 ${d.period.from} 起` : `from ${d.period.from}`) : w('diff.undated', lang);
    return w(`diff.${d.status}`, lang, { period: p });
  }
  return w(`diff.${d.status}`, lang);
}

/** The one-line summary that opens the report. */
export function summaryLine(d: ModelDiff, lang: Lang = langOf(d.locale)): string {
  const colon = lang === 'zh' ? '：' : ':';
  const parts: string[] = [];
  const direct = d.decisions.filter((x) => !x.indirect);
  if (direct.length) {
    const ids = new Set(direct.map((x) => x.id)).size;
    const versions = direct.filter((x) => x.status === 'version-added').length;
    const rows = direct.reduce((n, x) => n + x.rows.length, 0);
    const extra = [versions ? w('diff.versions-added', lang, { n: versions }) : '', rows ? w('diff.rows-changed', lang, { n: rows }) : ''].filter(Boolean).join(sepOf(lang));
    parts.push(w('diff.decisions-changed', lang, { n: ids }) + (extra ? (lang === 'zh' ? `（${extra}）` : ` (${extra})`) : ''));
  }
  // A document that could not be read is no change: counted apart, so the counts say what was compared.
  const unread = d.documents.filter((x) => x.status === 'unparsed').length;
  if (d.documents.length > unread) parts.push(w('diff.documents-changed', lang, { n: d.documents.length - unread }));
  if (unread) parts.push(w('diff.documents-unparsed', lang, { n: unread }));
  if (d.config.length) parts.push(w('diff.config-changed', lang));
  if (d.tests.added || d.tests.removed || d.tests.changed) parts.push(w('diff.tests-changed', lang, d.tests));
  const lead = `**${w('diff.title', lang)}${colon}**`;
  const broken = d.headErrors.length ? `⚠ ${w('diff.head-broken', lang, { n: d.headErrors.length })}${lang === 'zh' ? '；' : '; '}` : '';
  if (!parts.length && !d.audiences.length && !d.findings.introduced.length && !d.findings.fixed.length) return `${lead} ${broken}${w('diff.none', lang)}`;
  const head = headline(d, lang);
  const changedDecisions = new Set(d.decisions.filter((x) => x.status === 'added' || x.status === 'removed' || x.impact.some(periodChanges)).map((x) => x.id)).size;
  const verdict = d.verdict.changed
    ? w('diff.results-change', lang, { n: changedDecisions })
    : d.verdict.proof === 'exact'
      ? w('diff.no-result-change', lang)
      : w('diff.no-result-change-sampled', lang, { n: d.verdict.inputs });
  const tail = d.decisions.length ? (lang === 'zh' ? '；' : '; ') + verdict : '';
  const stop = lang === 'zh' ? '。' : '. ';
  return `${lead} ${broken}${head ? head + stop : ''}${parts.join(sepOf(lang))}${tail}`;
}

function changeTable(rows: FieldChange[], lang: Lang): string[] {
  const out = [`| ${w('diff.field', lang)} | ${w('diff.before', lang)} | ${w('diff.after', lang)} |`, '| --- | --- | --- |'];
  const val = (raw: string | undefined, words: Words | undefined) => (raw === undefined ? '' : words ? say(words, lang) : code(raw));
  for (const c of rows) {
    const label = c.label ? say(c.label, lang) : t(`diff.f.${c.field}`, {}, lang).message !== `diff.f.${c.field}` ? esc(w(`diff.f.${c.field}`, lang)) : esc(c.field);
    out.push(`| ${label} | ${val(c.before, c.beforeWords)} | ${val(c.after, c.afterWords)} |`);
  }
  return out;
}

const MARKER = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)/;

/** Prose runs as lines: only lines with a change, `~~old~~` and `**new**`, whitespace and list markers kept outside the marks. */
function renderRuns(runs: readonly TextRun[]): string[] {
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
  for (const raw of lines) {
    // A list item keeps its marker outside the emphasis, so an inserted item renders as a list item;
    // a marker that only moved between lines (the diff's alignment) is no change.
    const m = MARKER.exec(raw.map((s) => s.text).join(''));
    const prefix = m ? m[0] : '';
    const line: { op: TextRun['op']; text: string }[] = [];
    let cut = prefix.length;
    for (const s of raw) {
      const take = Math.min(cut, s.text.length);
      cut -= take;
      if (s.text.length > take) line.push({ op: s.op, text: s.text.slice(take) });
    }
    if (!line.some((s) => s.op !== 'same' && s.text.trim() !== '')) {
      skipped = raw.length > 0 || skipped;
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
    out.push(`> ${prefix}${text}`);
  }
  return out;
}

function fold(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function documentBlock(d: DocumentDiff, lang: Lang, audiences: Record<string, string>): string[] {
  const notes = [d.status === 'unparsed' ? w(d.invalid ? 'diff.invalid' : 'diff.unparsed', lang) : w(`diff.${d.status}`, lang)];
  if (d.renamedFrom) notes.push(w('diff.renamed-from', lang, { from: code(d.renamedFrom) }));
  if (d.movedFrom) notes.push(w('diff.moved-from', lang, { from: code(d.movedFrom) }));
  const out = [`#### ${titleOf(d, lang)} — ${notes.join(sepOf(lang))}`, ''];
  if (d.status === 'unparsed') out.push(`${code(d.file)}`, '');
  if (d.metadata.length) out.push(...changeTable(d.metadata, lang), '');
  const items: string[] = [];
  for (const s of d.sections) {
    const now = lang === 'en' ? (s.titleEn ?? s.title) : s.title;
    const was = lang === 'en' ? (s.titleEnBefore ?? (s.titleBefore !== undefined && !s.titleEn ? s.titleBefore : undefined)) : s.titleBefore;
    const title = was !== undefined && was !== now ? `~~${esc(was)}~~ **${esc(now)}**` : esc(now);
    items.push(`- § ${title} (${w(`diff.${s.status}`, lang)})`);
    const aud = (x: string | undefined) => esc(x === undefined ? (lang === 'zh' ? '（与文档相同）' : '(as the document)') : (audiences[x] ?? x));
    for (const c of s.changes) items.push(`  - ${esc(w(`diff.f.${c.field}`, lang))}${colonOf(lang)}${aud(c.before)} → ${aud(c.after)}`);
    if (s.text && s.status === 'changed') {
      const lines = renderRuns(s.text);
      if (lines.length) items.push('', ...lines.map((l) => `  ${l}`), '');
      // A change of line breaks or spaces only (`fmt` keeps a line break inside a paragraph) has no line to show: say so.
      else if (s.text.some((r) => r.op !== 'same') && !s.changes.length && s.titleBefore === undefined && s.titleEnBefore === undefined) items.push(`  - ${w('diff.whitespace-only', lang)}`);
    }
  }
  if (d.terms.length) {
    items.push(`- ${w('diff.terms', lang)}:`);
    for (const c of d.terms) items.push(`  - ${c.before !== undefined ? `~~${esc(c.before)}~~ ` : ''}${c.after !== undefined ? `**${esc(c.after)}**` : ''}`);
  }
  out.push(...items, '');
  return out;
}

function rowsTable(d: DecisionDiff, lang: Lang): string[] {
  // Only the columns some row touches, in declared order (a note change gets its own column last).
  // An input column is shown when a row changes it, or when a changed row needs it to be told apart (its unchanged conditions).
  const inputs = [...d.inputs, 'note'].filter((n) => d.rows.some((r) => r.cells.some((c) => c.field === n) || r.context?.some((c) => c.field === n)));
  const outputs = d.outputs.filter((n) => d.rows.some((r) => r.outputs.some((c) => c.field === n)));
  const label = (n: string) => say(d.labels[n], lang, n);
  const head = [w('diff.row', lang), w('diff.status', lang), ...inputs.map(label), ...outputs.map((o) => `→ ${label(o)}`)];
  const out = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  const side = (raw: string | undefined, words: Words | undefined) => (raw === undefined ? '∅' : words ? say(words, lang) : code(raw));
  const cell = (c: FieldChange | undefined, r: RowDiff) => {
    if (!c) return '';
    if (r.status !== 'changed') return c.after !== undefined ? side(c.after, c.afterWords) : side(c.before, c.beforeWords);
    const moved = r.thresholds.includes(c.field) ? ` (${w('diff.threshold', lang)})` : '';
    return `${side(c.before, c.beforeWords)} → ${side(c.after, c.afterWords)}${moved}`;
  };
  const lines = d.rows.map((r) => {
    const n = r.status === 'removed' ? String(r.baseRow) : r.status === 'added' ? String(r.headRow) : r.baseRow === r.headRow ? String(r.headRow) : `${r.baseRow} → ${r.headRow}`;
    const cells = inputs.map((i) => {
      const c = r.cells.find((x) => x.field === i);
      const k = c ? undefined : r.context?.find((x) => x.field === i);
      return c ? cell(c, r) : k ? side(k.after, k.afterWords) : '';
    });
    const outs = outputs.map((o) => cell(r.outputs.find((c) => c.field === o), r));
    return `| ${[n, w(`diff.${r.status}`, lang), ...cells, ...outs].join(' | ')} |`;
  });
  if (lines.length <= ROWS_SHOWN + 2) return [...out, ...lines];
  return [...out, ...lines.slice(0, ROWS_SHOWN), '', ...fold(w('diff.rows-folded', lang, { n: lines.length - ROWS_SHOWN }), [...out, ...lines.slice(ROWS_SHOWN)])];
}

function names(ws: Words[], lang: Lang): string {
  return ws.map((x) => say(x, lang)).join(lang === 'zh' ? '、' : ', ');
}

function periodLines(p: PeriodImpact, lang: Lang): string[] {
  const colon = colonOf(lang);
  const period = p.period ? say(p.period, lang) : '';
  const proof = p.proof === 'exact' ? w('diff.proof-exact', lang) : w('diff.proof-sampled', lang, { n: p.inputs });
  if (p.kind === 'added') return [`- ${w('diff.period-added', lang, { period: period || w('diff.everyone', lang) })}`];
  if (p.kind === 'removed') return [`- ${w('diff.period-removed', lang, { period: period || w('diff.everyone', lang) })}`];
  const out: string[] = [];
  const notes: string[] = [];
  if (p.inputsAdded) notes.push(w('diff.inputs-added', lang, { names: names(p.inputsAdded, lang) }));
  if (p.inputsRemoved) notes.push(w('diff.inputs-removed', lang, { names: names(p.inputsRemoved, lang) }));
  if (p.outputsAdded) notes.push(w('diff.outputs-added', lang, { names: names(p.outputsAdded, lang) }));
  if (p.outputsRemoved) notes.push(w('diff.outputs-removed', lang, { names: names(p.outputsRemoved, lang) }));
  if (!p.regions.length && !p.more) {
    const paren = lang === 'zh' ? `（${proof}）` : ` (${proof})`;
    // With an output added or removed, what stays the same is the results of the others.
    const kept = p.outputsAdded || p.outputsRemoved ? '-kept' : '';
    out.push(`- ${period ? w(`diff.period-same${kept}`, lang, { period }) : w(`diff.same${kept}`, lang)}${paren}`);
    for (const n of notes) out.push(`  - ${n}`);
    return out;
  }
  out.push(`- ${period ? period + colon : ''}*${proof}*`);
  for (const n of notes) out.push(`  - ${n}`);
  for (const r of p.regions) {
    // Where the region is not known (an input no cell tests, sampled), only the example is said.
    const where = say(r.words.where, lang) || (r.bounded ? w('diff.everyone', lang) : '');
    out.push(`  - ${where ? where + colon : ''}${w('diff.example', lang)} ${say(r.words.example, lang)} → ${changeText(r, lang)}`);
  }
  if (p.more) out.push(`  - ${w('diff.impact-more', lang, { n: p.more })}`);
  return out;
}

function impactLines(d: DecisionDiff, lang: Lang): string[] {
  if (!d.impact.length) return [];
  // The first period, when nothing changes in it, reads as "before <the next one>: nothing changes".
  const lines = d.impact.flatMap((p, i) => periodLines(i === 0 && !periodChanges(p) && p.until && d.impact.length > 1 ? { ...p, period: { zh: `${p.until} 之前`, en: `before ${p.until}` } } : p, lang));
  return [`*${w('diff.impact', lang)}*`, '', ...(lines.length > LIST_SHOWN * 3 ? [...lines.slice(0, LIST_SHOWN * 3), '', ...fold(w('diff.impact-more', lang, { n: lines.length - LIST_SHOWN * 3 }), lines.slice(LIST_SHOWN * 3))] : lines), ''];
}

function decisionBlock(d: DecisionDiff, lang: Lang): string[] {
  const out = [d.indirect ? `#### ${titleOf(d, lang)}` : `#### ${titleOf(d, lang)} — ${statusText(d, lang)}`, ''];
  if (d.indirect) out.push(`*${w('diff.indirect', lang)}*`, '');
  if (d.unparsed) return out;
  if (d.changes.length) out.push(...changeTable(d.changes, lang), '');
  if (d.rows.length) {
    if (d.rows.some((r) => r.status === 'moved')) out.push(`*${w('diff.order-matters', lang)}*`, '');
    out.push(...rowsTable(d, lang), '');
  }
  out.push(...impactLines(d, lang));
  return out;
}

/** A diagnostic's message: its `code spans` kept as code, the rest escaped. */
function messageText(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((p) => (p.length > 2 && p.startsWith('`') && p.endsWith('`') ? code(p.slice(1, -1)) : esc(p)))
    .join('');
}

function findingLine(f: { file: string; line: number; column: number; code: string; message: string }): string {
  return `- ${code(`${f.file}:${f.line}:${f.column}`)} ${messageText(f.message)} (${code(f.code)})`;
}

function audienceLines(a: AudienceChange, lang: Lang): string[] {
  const out: string[] = [];
  const colon = colonOf(lang);
  for (const [key, side] of [['diff.audience-gains', a.gains], ['diff.audience-loses', a.loses]] as const) {
    if (!side.pages.length && !side.decisions.length && !side.search) continue;
    out.push(`- ${esc(w(key, lang, { audience: a.label }))}${colon}`);
    if (side.pages.length) out.push(`  - ${w('diff.audience-pages', lang)}${colon}${names(side.pages, lang)}`);
    if (side.decisions.length) out.push(`  - ${w('diff.audience-decisions', lang)}${colon}${names(side.decisions, lang)}`);
    if (side.search) out.push(`  - ${w('diff.audience-search', lang, { n: side.search })}`);
  }
  return out;
}

/** The full report as Markdown, ending with the sticky-comment marker. */
export function renderDiffMarkdown(d: ModelDiff, opts: { lang?: Lang } = {}): string {
  const lang = opts.lang ?? langOf(d.locale);
  const out = [summaryLine(d, lang), ''];
  if (d.headErrors.length) {
    out.push(`### ${w('diff.h.errors', lang)}`, '');
    const lines = d.headErrors.map(findingLine);
    out.push(...(lines.length > LIST_SHOWN ? [...lines.slice(0, LIST_SHOWN), '', ...fold(w('diff.impact-more', lang, { n: lines.length - LIST_SHOWN }), lines.slice(LIST_SHOWN))] : lines), '');
  }
  if (d.decisions.length) {
    out.push(`### ${w('diff.h.decisions', lang)}`, '');
    for (const dec of d.decisions) out.push(...decisionBlock(dec, lang));
  }
  if (d.documents.length) {
    out.push(`### ${w('diff.h.documents', lang)}`, '');
    for (const doc of d.documents) out.push(...documentBlock(doc, lang, d.audienceLabels));
  }
  if (d.audiences.length) {
    out.push(`### ${w('diff.h.audiences', lang)}`, '');
    for (const a of d.audiences) out.push(...audienceLines(a, lang));
    out.push('');
  }
  if (d.config.length) out.push(`### ${w('diff.h.config', lang)}`, '', ...changeTable(d.config, lang), '');
  if (d.findings.introduced.length || d.findings.fixed.length) {
    out.push(`### ${w('diff.h.findings', lang)}`, '');
    for (const [key, list] of [['diff.findings-introduced', d.findings.introduced], ['diff.findings-fixed', d.findings.fixed]] as const) {
      if (!list.length) continue;
      const summary = w(key, lang, { n: list.length });
      if (list.length > LIST_SHOWN) out.push(...fold(summary, list.map(findingLine)));
      else out.push(`**${summary}**`, '', ...list.map(findingLine), '');
    }
  }
  out.push(DIFF_MARKER);
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
