/**
 * `rulebook diff <base> [<head>]`: the semantic diff of two revisions (head
 * defaults to the working tree) or of two policy folders, as Markdown for a
 * pull-request comment or as JSON. A head with errors is still reviewed: its
 * errors lead the report, and the run exits 1 after printing it.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { getLang, t } from '../../diagnostics/catalogue.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { diffModels, renderDiffMarkdown } from '../../diff/index.js';
import { DIFF_MARKER } from '../../diff/markdown.js';
import type { Model } from '../../model/index.js';
import { buildModel, loadModel } from '../../pipeline.js';
import { chooseLang, loadOptions, policyDir } from '../common.js';
import { isRevision, sourcesAtRevision, treeAtRevision, treeChange, treeOnDisk } from '../git.js';
import type { CommandInput } from '../registry.js';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

function fail(message: string): number {
  process.stderr.write(`rulebook diff: ${message}\n`);
  return 2;
}

/** One side's model; a side with errors is said on stderr (the diff still compares what could be read). */
function side(label: string, result: { model?: Model; diagnostics: Diagnostic[] }): Model | undefined {
  if (result.model && hasErrors(result.diagnostics)) {
    process.stderr.write(`rulebook diff: ${t('diff.cli.side-errors', { side: label }).message}\n`);
  }
  return result.model;
}

/** GitHub refuses comments over 65,536 characters: keep the report under that, marker last. */
const MAX_MARKDOWN = 60_000;

function bounded(markdown: string): string {
  if (markdown.length <= MAX_MARKDOWN) return markdown;
  const body = markdown.replace(DIFF_MARKER, '').trimEnd();
  const cut = body.lastIndexOf('\n', MAX_MARKDOWN - 400);
  const rest = body.length - cut;
  const kept = body.slice(0, cut);
  // A cut inside a folded part closes it, so the note and the marker are not folded away.
  const open = (kept.match(/^<details>$/gm) ?? []).length - (kept.match(/^<\/details>$/gm) ?? []).length;
  return `${kept}${'\n\n</details>'.repeat(Math.max(0, open))}\n\n${t('diff.truncated', { n: rest.toLocaleString('en') }).message}\n\n${DIFF_MARKER}\n`;
}

export async function run(input: CommandInput): Promise<number> {
  const [baseArg, headArg] = input.args as (string | undefined)[];
  const dir = policyDir({ args: [], opts: input.opts });
  if (!baseArg) return fail(t('diff.cli.no-base').message);
  let base: Model | undefined;
  let head: Model | undefined;
  let headDiags: Diagnostic[] = [];
  if (isDir(baseArg) && !isRevision(baseArg)) {
    if (!headArg || !isDir(headArg)) return fail(t('diff.cli.two-folders').message);
    chooseLang(input, headArg);
    // File names relative to each folder, so the same file has the same name on both sides.
    const a = loadModel(resolve(baseArg), { cwd: resolve(baseArg) });
    const b = loadModel(resolve(headArg), { cwd: resolve(headArg) });
    if (a.fatal || b.fatal) return fail(t('diff.cli.folders-unreadable').message);
    base = side(baseArg, a);
    head = side(headArg, b);
    headDiags = b.diagnostics;
  } else {
    chooseLang(input, dir);
    const a = sourcesAtRevision(baseArg, dir);
    if (a.error) return fail(a.error);
    const builtBase = buildModel(a.sources);
    base = side(baseArg, { model: builtBase.model, diagnostics: [...a.diagnostics, ...builtBase.diagnostics] });
    if (headArg) {
      const b = sourcesAtRevision(headArg, dir);
      if (b.error) return fail(b.error);
      if (b.missing) return fail(t('diff.cli.no-folder-at', { dir, rev: headArg }).message);
      const built = buildModel(b.sources);
      headDiags = [...b.diagnostics, ...built.diagnostics];
      head = side(headArg, { model: built.model, diagnostics: headDiags });
    } else {
      if (!isDir(dir)) return fail(t('diff.cli.no-folder', { dir }).message);
      const b = loadModel(dir, loadOptions(input, dir));
      if (b.fatal) return fail(t('diff.cli.unreadable', { dir }).message);
      headDiags = b.diagnostics;
      head = side(t('diff.cli.working-tree').message, b);
    }
  }
  if (!base || !head) return fail(t('diff.cli.no-models').message);
  const diff = diffModels(base, head, { headErrors: headDiags });
  // Templates are code: a change of the template folder's files is a config change a reviewer must see.
  const folderOf = (m: Model, policies: string) => (m.config.templates ? resolve(policies, m.config.templates) : undefined);
  const folderMode = isDir(baseArg) && !isRevision(baseArg);
  const files = (m: Model, side: 'base' | 'head') => {
    const policies = folderMode ? (side === 'base' ? baseArg : headArg!) : dir;
    const folder = folderOf(m, policies);
    if (!folder) return new Map<string, string>();
    const rev = side === 'base' ? baseArg : headArg;
    return folderMode || !rev ? treeOnDisk(folder) : treeAtRevision(rev, folder);
  };
  const templates = base.config.templates || head.config.templates ? treeChange(files(base, 'base'), files(head, 'head')) : undefined;
  if (templates) diff.config.push({ field: 'template files', ...templates });
  if (input.opts.format === 'json') process.stdout.write(JSON.stringify(diff, null, 2) + '\n');
  else process.stdout.write(bounded(renderDiffMarkdown(diff, { lang: getLang() })));
  // A broken head (the proposed change) fails the run, though its diff is shown.
  return hasErrors(headDiags) ? 1 : 0;
}
