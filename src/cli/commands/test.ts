/** `rulebook test [dir] [--format pretty|json]`: run the policy tests, report failures and uncovered rules. */
import { loadModel } from '../../pipeline.js';
import { hasErrors } from '../../diagnostics/index.js';
import { reportJson, reportPretty, runTests } from '../../policy-test/index.js';
import { chooseLang, policyDir, report, useColor } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const loaded = loadModel(dir);
  if (loaded.fatal || !loaded.model || hasErrors(loaded.diagnostics)) return report(loaded.diagnostics, input, loaded.sources, loaded.fatal || !loaded.model);
  const result = runTests(loaded.model);
  const text = input.opts.format === 'json' ? JSON.stringify(reportJson(result), null, 2) + '\n' : reportPretty(result, { color: useColor() });
  process.stdout.write(text);
  return result.failed > 0 ? 1 : 0;
}
