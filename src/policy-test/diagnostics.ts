/**
 * Test results as diagnostics, so `rulebook test` speaks every report format
 * `check` does (GitHub annotations, SARIF): a failing test is an error at its
 * place; a row or formula no test reached is a warning at that row.
 */
import { diag, type Diagnostic } from '../diagnostics/index.js';
import { register, t } from '../diagnostics/catalogue.js';
import type { TestReport } from './index.js';
import type { MutationReport } from './mutate.js';

register({
  'test.diag.failed': { en: 'test `{name}` of `{decision}` fails: {detail}', zh: '`{decision}` 的测试“{name}”未通过：{detail}' },
  'test.diag.mismatch': { en: '`{output}` is {actual}, expected {expected}', zh: '`{output}` 为 {actual}，预期 {expected}' },
  'test.diag.uncovered-row': { en: 'no test reaches row {row} of `{decision}`', zh: '没有测试覆盖 `{decision}` 的第 {row} 行', hintEn: 'add a worked example under `tests:` that this row answers', hintZh: '请在 `tests:` 中添加一个由该行给出结果的示例' },
  'test.diag.survivor': { en: 'no test tells this edit from the rule ({kind}: {edit})', zh: '没有测试能区分这一改动与原规则（{kind}：{edit}）', hintEn: 'add this test: {test}', hintZh: '请添加这个测试：{test}' },
  'test.diag.survivor-no-test': { en: 'no test tells this edit from the rule ({kind}: {edit})', zh: '没有测试能区分这一改动与原规则（{kind}：{edit}）', hintEn: 'no input among those sampled tells them apart; the edit may mean the same', hintZh: '在抽样的输入中没有找到能区分两者的输入；这一改动可能与原规则等价' },
  'test.diag.uncovered-formula': { en: 'no test reaches the formula of `{output}` in `{decision}`', zh: '没有测试覆盖 `{decision}` 中 `{output}` 的公式', hintEn: 'add a worked example under `tests:` for this decision', hintZh: '请在 `tests:` 中为该决策添加一个示例' },
});

/** Failures (errors) and coverage gaps (warnings) of a test run. */
export function testDiagnostics(report: TestReport): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of report.results) {
    if (r.passed) continue;
    const detail =
      r.mismatches.map((m) => diag('test-failed', 'error', 'test.diag.mismatch', { output: m.output, actual: m.actual, expected: m.expected }, r).message).join('; ') ||
      (r.expectError !== undefined ? `expected error \`${r.expectError}\`, got ${r.error ? `\`${r.error.code}\`` : 'none'}` : (r.error?.message ?? ''));
    out.push(diag('test-failed', 'error', 'test.diag.failed', { name: r.name, decision: r.decision, detail }, { file: r.file, line: r.line, column: r.column }));
  }
  for (const u of report.coverage.uncovered) {
    const key = u.kind === 'row' ? 'test.diag.uncovered-row' : 'test.diag.uncovered-formula';
    out.push(diag('uncovered', 'warning', key, { row: `#${u.row}${u.id ? ` (${u.id})` : ''}`, decision: u.decision, output: u.output }, u.span));
  }
  return out;
}

/** Mutants no test killed, as warnings at the edit (for annotation formats), each with the test that would kill it as the hint. */
export function mutationDiagnostics(report: MutationReport): Diagnostic[] {
  return report.survivors.map((s) =>
    diag('uncovered', 'warning', s.suggestion ? 'test.diag.survivor' : 'test.diag.survivor-no-test', { kind: t(`mutate.kind.${s.kind}`).message, edit: s.edit, test: s.suggestion?.yaml }, s),
  );
}
