/**
 * `rulebook export dmn <decision|document> [--policies dir] [--out file]`: one
 * decision (with the decisions it calls) or a whole document as DMN 1.4 XML,
 * on stdout or written atomically to a file. What DMN cannot carry is told on
 * stderr.
 */
import { t } from '../../diagnostics/catalogue.js';
import '../messages.js';
import { hasErrors } from '../../diagnostics/index.js';
import { exportDmn } from '../../dmn/export.js';
import { suggest } from '../../lang/suggest.js';
import { loadModel } from '../../pipeline.js';
import { chooseLang, loadOptions, policyDir, report } from '../common.js';
import type { CommandInput } from '../registry.js';
import { asWriteError, WriteError, writeFileAtomic } from '../write.js';

export async function run(input: CommandInput): Promise<number> {
  const [format, target] = input.args as [string, string];
  const dir = policyDir({ args: [], opts: input.opts });
  chooseLang(input, dir);
  if (format !== 'dmn') {
    process.stderr.write(`rulebook: ${t('export.format', { format }).message}\n`);
    return 2;
  }
  const result = loadModel(dir, loadOptions(input, dir));
  if (!result.model || result.fatal || hasErrors(result.diagnostics)) return report(result.diagnostics, input, result.sources, result.fatal, dir);
  const model = result.model;
  const known = [...model.decisions.keys(), ...model.documents.map((d) => d.id)];
  if (!known.includes(target)) {
    const guess = suggest(target, known);
    process.stderr.write(`rulebook: ${t('export.unknown-target', { target }).message}${guess ? t('export.did-you-mean', { guess }).message : ''}\n`);
    return 2;
  }
  const out = exportDmn(model, [target]);
  for (const d of out.diagnostics) process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}\n`);
  const file = typeof input.opts.out === 'string' && input.opts.out ? input.opts.out : undefined;
  if (!file) process.stdout.write(out.text);
  else {
    try {
      writeFileAtomic(file, out.text);
    } catch (e) {
      const err = asWriteError(e, file);
      if (!(err instanceof WriteError)) throw err;
      process.stderr.write(`rulebook: ${err.message}\n`);
      return 2;
    }
  }
  return hasErrors(out.diagnostics) ? 1 : 0;
}
