/** `rulebook check [dir]`: the pipeline plus the contradiction checker, reported. */
import { check } from '../../check/index.js';
import { sortDiagnostics } from '../../diagnostics/index.js';
import { loadModel } from '../../pipeline.js';
import { chooseLang, loadOptions, policyDir, report } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const result = loadModel(dir, loadOptions(input));
  const diags = result.model && !result.fatal ? sortDiagnostics([...result.diagnostics, ...check(result.model)]) : result.diagnostics;
  return report(diags, input, result.sources, result.fatal);
}
