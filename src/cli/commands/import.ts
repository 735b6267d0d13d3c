/**
 * `rulebook import dmn <file.dmn> [--out dir] [--force]`: a DMN model as a
 * policy document in YAML (modeline, keys in schema order), written
 * atomically; what did not translate is reported. The folder is left so that
 * `check` and `eval` accept it at once: a `rulebook.yaml` is written when it
 * has none, and a decision whose id the folder's policies already use is
 * reported and left out (with the decisions that call it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parse, type Node } from 'yaml';
import { diag, hasErrors } from '../../diagnostics/index.js';
import { t } from '../../diagnostics/catalogue.js';
import '../messages.js';
import { importDmn } from '../../dmn/import.js';
import { loadModel } from '../../pipeline.js';
import { chooseLang, report } from '../common.js';
import type { CommandInput } from '../registry.js';
import { writeFileAtomic } from '../write.js';

/** Key order of the schema's objects, so the file reads like a hand-written one. */
const ORDER: Record<string, string[]> = {
  document: ['$schema', 'id', 'title', 'titleEn', 'version', 'semantics', 'effective', 'owner', 'audience', 'summary', 'sections', 'terms', 'decisions', 'tests', 'assert', 'corrections'],
  decision: ['id', 'title', 'titleEn', 'description', 'clause', 'hit', 'inputs', 'outputs', 'rules', 'default', 'formula', 'rounding', 'effective', 'overrides', 'decides', 'audience', 'assert'],
  field: ['type', 'label', 'labelEn', 'description', 'values', 'domain', 'default', 'priority'],
  rule: ['id', 'when', 'then', 'note'],
};

type Json = unknown;

function ordered(v: Record<string, Json>, keys: string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of keys) if (k in v) out[k] = v[k];
  for (const k of Object.keys(v)) if (!(k in out)) out[k] = v[k];
  return out;
}

function inSchemaOrder(doc: Record<string, Json>): Record<string, Json> {
  const fields = (m: Json) => Object.fromEntries(Object.entries((m ?? {}) as Record<string, Record<string, Json>>).map(([k, f]) => [k, ordered(f, ORDER.field)]));
  const decisions = ((doc.decisions ?? []) as Record<string, Json>[]).map((d) => {
    const o = ordered(d, ORDER.decision);
    if (o.inputs) o.inputs = fields(o.inputs);
    if (o.outputs) o.outputs = fields(o.outputs);
    if (Array.isArray(o.rules)) o.rules = o.rules.map((r: Record<string, Json>) => ordered(r, ORDER.rule));
    return o;
  });
  const out = ordered({ ...doc, decisions }, ORDER.document);
  if (Array.isArray(out.tests) && out.tests.length === 0) delete out.tests;
  return out;
}

/** Small maps of scalars (fields, cells, outputs) on one line: `{ type: number, label: Age }`. */
function flowSmallMaps(node: Node | null | undefined, depth = 0): void {
  if (isMap(node)) {
    const scalars = node.items.every((p) => isScalar(p.value) || (isMap(p.value) && p.value.items.every((q) => isScalar(q.value))));
    const width = JSON.stringify(node.toJSON()).length;
    if (depth >= 3 && node.items.every((p) => isScalar(p.value)) && width <= 80) node.flow = true;
    else if (depth >= 3 && scalars && width <= 60) node.flow = true;
    for (const p of node.items) flowSmallMaps(p.value as Node, depth + 1);
  } else if (isSeq(node)) for (const item of node.items) flowSmallMaps(item as Node, depth + 1);
}

/** The config of a folder made by `import dmn`: the model's name as title, one audience. */
function configFor(title: string, schema: string): string {
  const doc = new Document({ title, locale: 'en', audiences: { all: 'Everyone' }, defaultAudience: 'all' });
  doc.commentBefore = ` yaml-language-server: $schema=${schema}`;
  return doc.toString({ lineWidth: 0 });
}

export async function run(input: CommandInput): Promise<number> {
  const [format, file] = input.args as [string, string];
  const outDir = typeof input.opts.out === 'string' && input.opts.out ? input.opts.out : 'policies';
  chooseLang(input, outDir);
  if (format !== 'dmn') {
    process.stderr.write(`rulebook: ${t('import.format', { format }).message}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`rulebook: ${t('eval-cli.cannot-read', { file, reason: (e as NodeJS.ErrnoException).code ?? 'error' }).message}\n`);
    return 2;
  }
  const shown = relative(process.cwd(), resolve(file)).split(sep).join('/') || file;
  const source = { file: shown, text } as Parameters<typeof report>[2][number];
  const first = importDmn(text, shown);
  if (!first.document) return report(first.diagnostics, input, [source]);
  const target = join(outDir, `${String((first.document.data as Record<string, Json>).id)}.yaml`);
  if (existsSync(target) && input.opts.force !== true) {
    process.stderr.write(`rulebook: ${t('import.exists', { target }).message}\n`);
    return 2;
  }
  // What the folder already holds (but the file this import replaces): its decision and document ids.
  const existing = existsSync(outDir) ? loadModel(outDir) : undefined;
  const others = existing?.model ? existing.model.documents.filter((d) => resolve(d.file) !== resolve(target)) : [];
  const takenIds = new Map<string, string>();
  for (const doc of others) for (const id of doc.decisions) takenIds.set(id, `${doc.file}:${existing!.model!.decisions.get(id)?.[0]?.span.line ?? 1}`);
  const res = takenIds.size > 0 ? importDmn(text, shown, { takenIds }) : first;
  const data = inSchemaOrder(res.document!.data as Record<string, Json>);
  const sameDoc = others.find((d) => d.id === data.id);
  if (sameDoc) {
    res.diagnostics.push(diag('dmn-import', 'error', 'import.document-taken', { id: String(data.id), file: sameDoc.file }, { file: shown, line: 1, column: 1 }));
    return report(res.diagnostics, input, [source]);
  }
  const schema = relative(resolve(outDir), resolve('schemas/policy.schema.json')).split(sep).join('/');
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schema}`;
  flowSmallMaps(doc.contents as Node);
  const yaml = doc.toString({ lineWidth: 0 });
  // The file must read back as exactly what was imported before it replaces anything.
  if (!isDeepStrictEqual(parse(yaml), JSON.parse(JSON.stringify(data)))) {
    process.stderr.write(`rulebook: ${t('cli.internal-error', { reason: t('import.read-back').message }).message}\n`);
    return 2;
  }
  const config = join(outDir, 'rulebook.yaml');
  const writeConfig = !existsSync(config);
  try {
    writeFileAtomic(target, yaml);
    if (writeConfig) writeFileAtomic(config, configFor(String(data.title), relative(resolve(outDir), resolve('schemas/config.schema.json')).split(sep).join('/')));
  } catch (e) {
    process.stderr.write(`rulebook: ${t('cli.cannot-write', { file: target, code: (e as NodeJS.ErrnoException).code ?? 'error' }).message}\n`);
    return 2;
  }
  process.stderr.write(`${t('import.wrote', { file: target }).message}\n`);
  if (writeConfig) process.stderr.write(`${t('import.wrote', { file: config }).message}\n`);
  const code = report(res.diagnostics, input, [res.document!]);
  return hasErrors(res.diagnostics) ? 1 : code;
}
