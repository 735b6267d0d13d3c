/**
 * Hover: what the thing under the cursor means, in the handbook's words
 * (src/render/present.ts): a decision's title, table and examples evaluated
 * by the interpreter; a cell as a condition; a clause's title and first lines;
 * a field's type, unit and domain; a term's definition.
 */
import type { Hover, HoverParams } from 'vscode-languageserver';
import { t, word } from '../diagnostics/catalogue.js';
import { evaluate } from '../evaluate/index.js';
import { formatUnaryTest } from '../lang/format.js';
import { inForce, localToday, versionAt } from '../runtime/semantics.js';
import type { Decision, Field, Model, PolicyTest, Section } from '../model/index.js';
import { decisionTitle, exampleSentence, fieldLabel, hitSentence, presentCell, presentContext, periodWords, presentOutputExpr, presentValue, ruleSentence, type PresentContext } from '../render/present.js';
import './messages.js';
import type { Occurrence } from './occurrences.js';
import { lineIndexOf, rangeOf } from './positions.js';
import type { Session } from './server.js';

const MAX_ROWS = 12;
const MAX_EXAMPLES = 4;

export function hover(s: Session, p: HoverParams): Hover | null {
  const rel = s.relOf(p.textDocument.uri);
  const occ = s.occurrences();
  if (!rel || !occ) return null;
  const o = occ.at(rel, p.position.line + 1, p.position.character + 1);
  if (!o) return hitHover(s.textOf(rel), p.position);
  const text = describe(o, occ.model, presentContext(occ.model, s.ws.lang));
  return text ? { contents: { kind: 'markdown', value: text }, range: rangeOf(o.span, s.textOf(rel)) } : null;
}

const HITS = new Set(['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count']);

/** On the value of `hit:`, what the hit policy means, in the handbook's words. */
function hitHover(text: string | undefined, pos: HoverParams['position']): Hover | null {
  if (text === undefined) return null;
  const line = lineIndexOf(text).lineText(pos.line + 1);
  const m = /^(\s*(?:-\s+)?hit:\s*["']?)([a-z-]+)/.exec(line);
  if (!m || !HITS.has(m[2]) || pos.character < m[1].length || pos.character > m[1].length + m[2].length) return null;
  const range = { start: { line: pos.line, character: m[1].length }, end: { line: pos.line, character: m[1].length + m[2].length } };
  return { contents: { kind: 'markdown', value: `\`hit: ${m[2]}\`: ${word(`hit.${m[2]}`)}` }, range };
}

/** The Markdown of a hover on `o`, or undefined when there is nothing to say. */
export function describe(o: Occurrence, model: Model, ctx: PresentContext): string | undefined {
  switch (o.kind) {
    case 'decision': {
      const versions = model.decisions.get(o.id);
      if (!versions?.length) return undefined;
      // On a definition, the version written there; on a use, the one in force today (else the latest).
      const here = o.def ? versions.filter((v) => v.span.file === o.span.file && v.span.line <= o.span.line).at(-1) : undefined;
      const period = (v: Decision) => ({ from: v.effective?.from.iso, until: v.effective?.until?.iso });
      return describeDecision(here ?? versionAt(versions, period, localToday()) ?? versions[versions.length - 1], model, ctx);
    }
    case 'section': {
      const s = model.sections.get(o.anchor);
      return s ? describeSection(s, o.anchor) : undefined;
    }
    case 'document': {
      const d = model.documents.find((x) => x.id === o.id);
      return d ? `**${word('lsp.document')}** \`${d.id}\`: ${ctx.lang === 'en' ? (d.titleEn ?? d.title) : d.title}${d.summary ? `\n\n${d.summary}` : ''}` : undefined;
    }
    case 'term': {
      for (const doc of model.documents) {
        const term = doc.terms.find((x) => x.id === o.id);
        if (term) return `**${word('lsp.term')}** ${term.term}${term.termEn ? ` (${term.termEn})` : ''} \`${term.id}\`\n\n${term.definition}`;
      }
      return undefined;
    }
    case 'field':
      return describeField(o.field, o.output, ctx);
    case 'cell': {
      const label = o.field ? fieldLabel(o.field, ctx.lang) : o.cell.input;
      return `**${word('lsp.cell')}** \`${o.cell.source}\`\n\n${label}: ${presentCell(o.cell.test, o.field?.type, ctx)}`;
    }
  }
}

function describeDecision(d: Decision, model: Model, ctx: PresentContext): string {
  const out: string[] = [`**${decisionTitle(d, ctx.lang)}** \`${d.id}\``];
  if (d.clause) out.push(`${word('lsp.clause')}: \`${d.clause.document}#${d.clause.section}\``);
  // One of several versions: say which period this one is, since the rows differ from version to version.
  if (d.effective) out.push(`${word('lsp.period')}: ${periodWords(d.effective, ctx.lang)}`);
  if (d.rules.length) {
    out.push(`${word('lsp.rules')} (\`${d.hit}\`): ${hitSentence(d, ctx)}`);
    out.push(d.rules.slice(0, MAX_ROWS).map((_, i) => `${i + 1}. ${ruleSentence(d, i, ctx)}`).join('\n'));
    if (d.rules.length > MAX_ROWS) out.push(t('lsp.more-rows', { count: d.rules.length - MAX_ROWS }).message);
  }
  for (const f of d.formulas) {
    const o = d.outputs.find((x) => x.name === f.output);
    out.push(`${word('lsp.formula')}: ${o ? fieldLabel(o, ctx.lang) : f.output} = ${presentOutputExpr(f.expr, d, o?.type, ctx)}`);
  }
  // An example is evaluated as of its date (today when it has none): show only those this version answers.
  const period = d.effective ? { from: d.effective.from.iso, until: d.effective.until?.iso } : undefined;
  const examples = model.tests.filter((x) => x.decision === d.id && (!period || inForce(period, x.asOf?.iso ?? localToday()))).slice(0, MAX_EXAMPLES);
  if (examples.length) {
    out.push(`${word('lsp.examples')}:`);
    out.push(examples.map((test) => `- ${example(d, test, model, ctx)}`).join('\n'));
  }
  return out.join('\n\n');
}

/** A policy test's input, evaluated by the interpreter now (not its expectation): what the rules give today. */
function example(d: Decision, test: PolicyTest, model: Model, ctx: PresentContext): string {
  const input = Object.fromEntries(Object.entries(test.input).map(([k, v]) => [k, v.value]));
  const r = evaluate(model, d.id, input, test.asOf ? { asOf: test.asOf.iso } : {});
  if (r.error) {
    const shown: PolicyTest = { ...test, expect: undefined, expectError: r.error.code };
    return exampleSentence(d, shown, ctx);
  }
  const expect = Object.fromEntries(Object.entries(r.output ?? {}).map(([k, v]) => [k, { value: v, span: test.span }]));
  return exampleSentence(d, { ...test, expect, expectError: undefined }, ctx);
}

function describeSection(s: Section, anchor: string): string {
  const lines = s.text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('::'))
    .slice(0, 3);
  return `**${word('lsp.clause')}** ${s.title} \`${anchor}\`\n\n${lines.join('\n\n')}`;
}

function describeField(f: Field, output: boolean, ctx: PresentContext): string {
  const lang = ctx.lang;
  const kind = f.type.kind;
  const unit =
    kind === 'percent'
      ? word('lsp.unit.percent')
      : kind === 'money'
        ? t('lsp.unit.money', { currency: ctx.model.config.currency }).message
        : kind === 'months' || kind === 'days'
          ? word(`lsp.unit.${kind}`)
          : word('lsp.unit.none');
  const domain = f.type.domain
    ? `\`${formatUnaryTest(f.type.domain)}\` (${presentCell(f.type.domain, f.type, ctx)})`
    : kind === 'percent'
      ? word('lsp.domain.percent')
      : kind === 'money'
        ? word('lsp.domain.nonnegative')
        : kind === 'months' || kind === 'days'
          ? word('lsp.domain.nonnegative-whole')
          : kind === 'integer'
            ? word('lsp.domain.whole')
            : word('lsp.domain.any');
  const out = [`**${word(output ? 'lsp.output' : 'lsp.input')}** \`${f.name}\`${f.label ? `: ${fieldLabel(f, lang)}` : ''}`];
  out.push(`- ${word('lsp.type')}: \`${kind}\`\n- ${word('lsp.unit')}: ${unit}\n- ${word('lsp.domain')}: ${domain}`);
  // An input's default is what a caller that leaves it out gets: an author needs it beside the domain.
  if (f.default !== undefined) out.push(`- ${word('lsp.default')}: ${presentValue(f.default, f.type, ctx)}`);
  if (f.type.values?.length) out.push(`${word('lsp.values')}: ${f.type.values.map((v) => `\`"${v.key}"\` ${v.label}`).join(', ')}`);
  return out.join('\n');
}
