/** `rulebook test [dir] [--format pretty|json|github|sarif]`: run the policy tests, report failures and uncovered rules. */
import { loadModel } from '../../pipeline.js';
import { hasErrors } from '../../diagnostics/index.js';
import { reportJson, reportPretty, runTests } from '../../policy-test/index.js';
import { testDiagnostics } from '../../policy-test/diagnostics.js';
import { chooseLang, loadOptions, policyDir, report, useColor } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (loaded.fatal || !loaded.model || hasErrors(loaded.diagnostics)) return report(loaded.diagnostics, input, loaded.sources, loaded.fatal || !loaded.model);
  const result = runTests(loaded.model);
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
