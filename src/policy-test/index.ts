/**
 * The runner behind `rulebook test`: every policy test of the model through
 * the interpreter, expected against actual with positions, and rule
 * coverage (rows and formulas no test reached), with pretty and JSON reporters.
 */
import type { Decision, Model, PolicyTest, Span, Value } from '../model/index.js';
import { evaluate, type Explanation } from '../evaluate/index.js';
import { valuesEqual } from '../lang/values.js';
import { formatValue } from '../lang/format.js';
import { t } from '../diagnostics/catalogue.js';
import { printableName } from '../diagnostics/printable.js';
import { toJson, type Json } from '../evaluate/serialize.js';
import '../evaluate/messages.js';

/** One output that differs, as the author would write the values. */
export interface Mismatch {
  output: string;
  expected: string;
  actual: string;
}

/** The outcome of one test. */
export interface TestResult {
  name: string;
  decision: string;
  passed: boolean;
  file: string;
  line: number;
  column: number;
  mismatches: Mismatch[];
  /** The evaluation error, when there was one (expected or not). */
  error?: { code: string; message: string };
  expectError?: string;
}

/** A row or formula that no test reached. */
export interface Uncovered {
  decision: string;
  kind: 'row' | 'formula';
  /** 1-based row number, for rows. */
  row?: number;
  id?: string;
  output?: string;
  span: Span;
}

/** What `runTests` gives back. */
export interface TestReport {
  results: TestResult[];
  passed: number;
  failed: number;
  coverage: { covered: number; total: number; uncovered: Uncovered[] };
}

function versionKey(d: { decision: string; version?: { from: string } }): string {
  return `${d.decision}@${d.version?.from ?? ''}`;
}

function collect(e: Explanation, rows: Set<string>, formulas: Set<string>): void {
  const k = versionKey(e);
  // An explanation numbers rows from 1; the model's rules from 0.
  for (const r of e.rows) rows.add(`${k}#${r.index - 1}`);
  for (const f of e.formulas) formulas.add(`${k}#${f.output}`);
  for (const c of e.calls) collect(c, rows, formulas);
}

function show(v: Value | undefined, d: Decision, output: string): string {
  if (v === undefined) return '(none)';
  const f = d.outputs.find((o) => o.name === output);
  return f ? formatValue(v, f.type) : JSON.stringify(toJson(v));
}

/** Runs one test of the model; `explain` is the trace of the evaluation (for coverage). */
export function runTest(model: Model, test: PolicyTest, i: number): { result: TestResult; explain?: Explanation } {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(test.input)) input[k] = v.value;
  const r = evaluate(model, test.decision, input, { asOf: test.asOf, explain: true });
  const res: TestResult = {
    name: test.name ?? test.id ?? `#${i + 1}`,
    decision: test.decision,
    passed: true,
    file: test.file,
    line: test.span.line,
    column: test.span.column,
    mismatches: [],
  };
  const done = () => (r.explain ? { result: res, explain: r.explain } : { result: res });
  if (r.error) res.error = { code: r.error.code, message: r.error.message };
  if (test.expectError !== undefined) {
    res.expectError = test.expectError;
    res.passed = r.error?.code === test.expectError;
    return done();
  }
  if (r.error) {
    res.passed = false;
    return done();
  }
  const versions = model.decisions.get(test.decision)!;
  const d = versions.find((v) => versionKey({ decision: v.id, version: v.effective ? { from: v.effective.from.iso } : undefined }) === versionKey(r.explain!)) ?? versions[versions.length - 1];
  for (const [name, exp] of Object.entries(test.expect ?? {})) {
    const actual = r.output![name];
    if (actual === undefined || !valuesEqual(exp.value, actual)) {
      res.mismatches.push({ output: name, expected: show(exp.value, d, name), actual: show(actual, d, name) });
    }
  }
  res.passed = res.mismatches.length === 0;
  if (!res.passed) {
    const first = Object.keys(test.expect ?? {}).find((n) => res.mismatches.some((m) => m.output === n));
    const span = first ? test.expect![first].span : test.span;
    res.line = span.line;
    res.column = span.column;
  }
  return done();
}

/** Runs every test of the model. Pure: reads nothing, prints nothing. */
export function runTests(model: Model): TestReport {
  const rows = new Set<string>();
  const formulas = new Set<string>();
  const results: TestResult[] = model.tests.map((test, i) => {
    const { result, explain } = runTest(model, test, i);
    if (explain) collect(explain, rows, formulas);
    return result;
  });
  const uncovered: Uncovered[] = [];
  let total = 0;
  for (const versions of model.decisions.values()) {
    for (const d of versions) {
      const k = versionKey({ decision: d.id, version: d.effective ? { from: d.effective.from.iso } : undefined });
      for (const r of d.rules) {
        total++;
        if (!rows.has(`${k}#${r.index}`)) {
          const u: Uncovered = { decision: d.id, kind: 'row', row: r.index + 1, span: r.span };
          if (r.id !== undefined) u.id = r.id;
          uncovered.push(u);
        }
      }
      for (const f of d.formulas) {
        total++;
        if (!formulas.has(`${k}#${f.output}`)) uncovered.push({ decision: d.id, kind: 'formula', output: f.output, span: f.span });
      }
    }
  }
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed, coverage: { covered: total - uncovered.length, total, uncovered } };
}

/** The report as `{"tests": […], "summary": {…}, "coverage": {…}}`. */
export function reportJson(report: TestReport): Json {
  return toJson({
    tests: report.results,
    summary: { passed: report.passed, failed: report.failed },
    coverage: report.coverage,
  });
}

/** Uncovered rows and formulas listed per decision in the pretty report; the rest are counted. */
const UNCOVERED_SHOWN = 20;

/** The report for people: failures with positions, expected vs actual, a summary and what no test reached. */
export function reportPretty(report: TestReport, opts: { color?: boolean } = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  // Names and values come from policy files: no terminal escape of theirs reaches the screen.
  const p = (s: string | undefined) => printableName(s ?? '');
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.passed) {
      lines.push(`${c('32', '✓')} ${p(r.decision)}: ${p(r.name)}`);
      continue;
    }
    lines.push(`${c('31', '✗')} ${p(r.decision)}: ${p(r.name)}  ${c('2', `${p(r.file)}:${r.line}:${r.column}`)}`);
    const exp = t('test.expected').message;
    const act = t('test.actual').message;
    if (r.expectError !== undefined) lines.push(`    ${exp}: error \`${r.expectError}\`, ${act}: ${r.error ? `error \`${r.error.code}\`` : 'no error'}`);
    else if (r.error) lines.push(`    ${r.error.code}: ${p(r.error.message)}`);
    for (const m of r.mismatches) lines.push(`    ${m.output}: ${exp} ${c('32', p(m.expected))}, ${act} ${c('31', p(m.actual))}`);
  }
  lines.push('');
  lines.push(t('test.summary', { passed: report.passed, failed: report.failed }).message);
  lines.push(t('test.coverage', { covered: report.coverage.covered, total: report.coverage.total }).message);
  // A generated table may leave thousands of rows untested: name the first few per decision.
  const shown = new Map<string, number>();
  for (const u of report.coverage.uncovered) {
    const n = (shown.get(u.decision) ?? 0) + 1;
    shown.set(u.decision, n);
    if (n > UNCOVERED_SHOWN) {
      if (n === UNCOVERED_SHOWN + 1) {
        const rest = report.coverage.uncovered.filter((x) => x.decision === u.decision).length - UNCOVERED_SHOWN;
        lines.push(`  ${c('33', '-')} ${t('test.uncovered-more', { count: rest, decision: u.decision }).message}`);
      }
      continue;
    }
    const msg = u.kind === 'row' ? t('test.uncovered-row', { row: `#${u.row}${u.id ? ` (${u.id})` : ''}`, decision: u.decision }) : t('test.uncovered-formula', { output: u.output, decision: u.decision });
    lines.push(`  ${c('33', '-')} ${p(msg.message)}  ${c('2', `${p(u.span.file)}:${u.span.line}:${u.span.column}`)}`);
  }
  return lines.join('\n') + '\n';
}
