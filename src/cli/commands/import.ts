/**
 * `rulebook import dmn <file.dmn> [--out dir] [--force]`: a DMN model as a
 * policy document in YAML (modeline, keys in schema order), written
 * atomically; what did not translate is reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parse, type Node } from 'yaml';
import { hasErrors } from '../../diagnostics/index.js';
import { importDmn } from '../../dmn/import.js';
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

export async function run(input: CommandInput): Promise<number> {
  const [format, file] = input.args as [string, string];
  const outDir = typeof input.opts.out === 'string' && input.opts.out ? input.opts.out : 'policies';
  chooseLang(input, outDir);
  if (format !== 'dmn') {
    process.stderr.write(`rulebook: unknown import format \`${format}\`; the one format is \`dmn\`\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`rulebook: cannot read \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 2;
  }
  const shown = relative(process.cwd(), resolve(file)).split(sep).join('/') || file;
  const res = importDmn(text, shown);
  const source = { file: shown, text } as Parameters<typeof report>[2][number];
  if (!res.document) return report(res.diagnostics, input, [source]);

  const data = inSchemaOrder(res.document.data as Record<string, Json>);
  const target = join(outDir, `${String(data.id)}.yaml`);
  if (existsSync(target) && input.opts.force !== true) {
    process.stderr.write(`rulebook: \`${target}\` exists; pass --force to replace it\n`);
    return 2;
  }
  const schema = relative(resolve(outDir), resolve('schemas/policy.schema.json')).split(sep).join('/');
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schema}`;
  flowSmallMaps(doc.contents as Node);
  const yaml = doc.toString({ lineWidth: 0 });
  // The file must read back as exactly what was imported before it replaces anything.
  if (!isDeepStrictEqual(parse(yaml), JSON.parse(JSON.stringify(data)))) {
    process.stderr.write('rulebook: internal error: the YAML written does not read back the same; nothing was written\n');
    return 2;
  }
  try {
    writeFileAtomic(target, yaml);
  } catch (e) {
    process.stderr.write(`rulebook: cannot write \`${target}\`: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 2;
  }
  process.stderr.write(`wrote ${target}\n`);
  const code = report(res.diagnostics, input, [res.document]);
  return hasErrors(res.diagnostics) ? 1 : code;
}
