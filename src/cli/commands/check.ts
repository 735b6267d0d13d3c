/** `rulebook check [dir]`: the pipeline plus the contradiction checker, reported. */
import { check } from '../../check/index.js';
import { sortDiagnostics } from '../../diagnostics/index.js';
import { statSync } from 'node:fs';
import { loadPath } from '../../load/index.js';
import { buildModel, loadModel, type PipelineResult } from '../../pipeline.js';
import { chooseLang, loadOptions, policyDir, report } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const result = isFile(dir) ? loadOne(dir) : loadModel(dir, loadOptions(input, dir));
  const diags = result.model && !result.fatal ? sortDiagnostics([...result.diagnostics, ...check(result.model)]) : result.diagnostics;
  return report(diags, input, result.sources, result.fatal);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** One file checked on its own (a `.dmn` model, imported in memory), with the default config. */
function loadOne(path: string): PipelineResult {
  const loaded = loadPath(path);
  const { model, diagnostics } = buildModel(loaded.documents);
  return { model, sources: loaded.documents, diagnostics: sortDiagnostics([...loaded.diagnostics, ...diagnostics]), fatal: loaded.fatal };
}
