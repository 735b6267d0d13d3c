/**
 * `rulebook test [dir] [--format pretty|json|github|sarif] [--mutate]`: run the policy tests, report failures and
 * uncovered rules; with `--mutate`, the mutants no test kills (exit 1 when a test fails, as without it).
 */
import { loadModel } from '../../pipeline.js';
import { hasErrors } from '../../diagnostics/index.js';
import { reportJson, reportPretty, runTests } from '../../policy-test/index.js';
import { testDiagnostics } from '../../policy-test/diagnostics.js';
import { mutationJson, mutationPretty, runMutation } from '../../policy-test/mutate.js';
import { chooseLang, loadOptions, policyDir, report, useColor } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (loaded.fatal || !loaded.model || hasErrors(loaded.diagnostics)) return report(loaded.diagnostics, input, loaded.sources, loaded.fatal || !loaded.model);
  const result = runTests(loaded.model);
  if (input.opts.mutate && result.failed === 0) {
    // Mutants are judged against a passing suite only: a failing test would "kill" every one of them.
    const m = runMutation(loaded.model);
    process.stdout.write(input.opts.format === 'json' ? JSON.stringify(mutationJson(m), null, 2) + '\n' : mutationPretty(m, { color: useColor() }));
    return 0;
  }
  // Annotation formats get the failures and gaps as diagnostics; coverage gaps never fail the run.
  if (input.opts.format === 'github' || input.opts.format === 'sarif') {
    const diags = testDiagnostics(result);
    report(diags, input, loaded.sources);
    return result.failed > 0 ? 1 : 0;
  }
  const text = input.opts.format === 'json' ? JSON.stringify(reportJson(result), null, 2) + '\n' : reportPretty(result, { color: useColor() });
  process.stdout.write(text);
  return result.failed > 0 ? 1 : 0;
}
