/** `rulebook check [dir]`: the pipeline plus the contradiction checker, reported. */
import { check } from '../../check/index.js';
import { diag, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { join, resolve } from 'node:path';
import { repositoryOf } from '../repository.js';
import { loadUserTemplates, templateErrors, templateWarnings } from '../template-audit.js';
import { statSync } from 'node:fs';
import { loadPath } from '../../load/index.js';
import { buildModel, loadModel, type PipelineResult } from '../../pipeline.js';
import { chooseLang, loadOptions, policyDir, report } from '../common.js';
import type { CommandInput } from '../registry.js';

export async function run(input: CommandInput): Promise<number> {
  const dir = policyDir(input);
  chooseLang(input, dir);
  const result = isFile(dir) ? loadOne(dir) : loadModel(dir, loadOptions(input, dir));
  const diags = result.model && !result.fatal ? sortDiagnostics([...result.diagnostics, ...check(result.model), ...auditTemplates(dir, result)]) : result.diagnostics;
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

/**
 * Custom templates are code in every staff page: said once (info) where the
 * config names them, with a warning for each construct a reviewer should judge
 * and an error for what the build would refuse.
 */
function auditTemplates(dir: string, result: PipelineResult): Diagnostic[] {
  const rel = result.model?.config.templates;
  if (!rel) return [];
  const config = result.sources.find((s) => s.role === 'config');
  const at = config?.locate(['templates']) ?? { file: join(dir, 'rulebook.yaml'), line: 1, column: 1 };
  let files: Map<string, string>;
  try {
    files = loadUserTemplates(resolve(dir, rel), repositoryOf(dir));
  } catch {
    // Unreadable or refused: the build says why, with the reason.
    return [];
  }
  const out: Diagnostic[] = [diag('config', 'info', 'templates.in-use', { dir: rel, count: files.size }, at)];
  for (const w of templateWarnings(files)) out.push(diag('config', 'warning', w.key, w.params, at));
  for (const e of templateErrors(files)) out.push(diag('config', 'error', e.key, e.params, at));
  return out;
}
