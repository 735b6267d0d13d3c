/**
 * `rulebook test [dir] [--format pretty|json|github|sarif] [--mutate] [--min-coverage N]`:
 * run the policy tests, report failures and uncovered rules; with `--mutate`,
 * the mutants no test kills (exit 1 when a test fails, as without it).
 * `--min-coverage` is an opt-in gate (OPA's `--threshold`): below N percent
 * of rules and formulas reached, the run fails.
 */
import '../messages.js';
import { appendFileSync } from 'node:fs';
import { loadModel } from '../../pipeline.js';
import { getLang, register, t } from '../../diagnostics/catalogue.js';
import { hasErrors } from '../../diagnostics/index.js';
import { reportJson, reportPretty, runTests, type TestReport } from '../../policy-test/index.js';
import { mutationDiagnostics, testDiagnostics } from '../../policy-test/diagnostics.js';
import { mutationJson, mutationPretty, runMutation } from '../../policy-test/mutate.js';
import { escapeData } from '../../report/github.js';
import { chooseLang, loadOptions, policyDir, report, useColor } from '../common.js';
import type { CommandInput } from '../registry.js';

register({
  'test.min-coverage-bad': { en: '--min-coverage takes a percent from 0 to 100, got {value}', zh: '--min-coverage 须为 0 到 100 的百分数，实际为 {value}' },
  'test.min-coverage-failed': { en: 'coverage {actual}% is below the required {min}%', zh: '覆盖率 {actual}% 低于要求的 {min}%' },
  'test.coverage-percent': { en: '{percent}% of rules and formulas', zh: '占规则和公式的 {percent}%' },
});

/** Reached rules and formulas as a percent, rounded down to one decimal (a gate never rounds up to pass). */
function percent(r: TestReport): number {
  const { covered, total } = r.coverage;
  return total ? Math.floor((covered * 1000) / total) / 10 : 100;
}

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const min = input.opts.minCoverage as number | undefined;
  if (min !== undefined && min > 100) {
    process.stderr.write(`rulebook test: ${t('test.min-coverage-bad', { value: min }).message}\n`);
    return 2;
  }
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (loaded.fatal || !loaded.model || hasErrors(loaded.diagnostics)) return report(loaded.diagnostics, input, loaded.sources, loaded.fatal || !loaded.model);
  const result = runTests(loaded.model);
  if (input.opts.mutate && result.failed === 0) {
    // Mutants are judged against a passing suite only: a failing test would "kill" every one of them.
    const m = runMutation(loaded.model);
    if (input.opts.format === 'github' || input.opts.format === 'sarif') report(mutationDiagnostics(m), input, loaded.sources);
    else process.stdout.write(input.opts.format === 'json' ? JSON.stringify(mutationJson(m), null, 2) + '\n' : mutationPretty(m, { color: useColor() }));
    return 0;
  }
  const pct = percent(result);
  const below = min !== undefined && pct < min;
  const gate = below ? t('test.min-coverage-failed', { actual: pct, min }).message : undefined;
  const failed = result.failed > 0 || below ? 1 : 0;
  // Annotation formats get the failures and gaps as diagnostics; coverage gaps never fail the run, only the gate does.
  if (input.opts.format === 'github' || input.opts.format === 'sarif') {
    const diags = testDiagnostics(result);
    report(diags, input, loaded.sources);
    if (input.opts.format === 'github') {
      // The pass count and the coverage, for the log and the checks page.
      const zh = getLang() === 'zh';
      const share = t('test.coverage-percent', { percent: pct }).message;
      const line = `${t('test.summary', { passed: result.passed, failed: result.failed }).message}${zh ? '；' : '; '}${t('test.coverage', { covered: result.coverage.covered, total: result.coverage.total }).message}${zh ? `（${share}）` : ` (${share})`}`;
      process.stdout.write(`::notice title=rulebook test::${escapeData(line)}\n`);
      if (gate) process.stdout.write(`::error title=rulebook test::${escapeData(gate)}\n`);
      // The job summary gets the same line, under the report the annotations came from.
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) {
        try {
          appendFileSync(summary, `\n**rulebook test**: ${line.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string)}${gate ? ` — ${gate}` : ''}\n`);
        } catch {
          process.stderr.write(`rulebook: ${t('cli.step-summary').message}\n`);
        }
      }
    }
    return failed;
  }
  if (input.opts.format === 'json') {
    const json = reportJson(result) as Record<string, unknown>;
    if (min !== undefined) json.minCoverage = { required: min, actual: pct, met: !below };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return failed;
  }
  process.stdout.write(reportPretty(result, { color: useColor() }) + (gate ? `${gate}\n` : ''));
  return failed;
}
