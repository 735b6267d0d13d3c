import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';
import type { Model } from '../../src/model/index.js';
import type { SourceDocument } from '../../src/load/source.js';

const CONFIG = `title: t
locale: en
currency: CNY
rounding: { mode: half-up, step: 0.01 }
audiences: { staff: all }
defaultAudience: staff
`;

/** A model from policy documents given as YAML text (after a config with half-up rounding to 0.01). */
export function modelOf(...docs: string[]): Model {
  const sources: SourceDocument[] = [];
  const c = parseSource(CONFIG, 'rulebook.yaml', 'config');
  sources.push(c.document!);
  docs.forEach((text, i) => {
    const r = parseSource(text, `doc${i}.yaml`, 'document');
    if (!r.document) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    sources.push(r.document);
  });
  const { model, diagnostics } = buildModel(sources);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  return model;
}

/** A document holding the given decisions (YAML list items, indented by two spaces). */
export function docOf(decisions: string, id = 'd'): string {
  return `id: ${id}\ntitle: T\nversion: 1\ndecisions:\n${decisions}`;
}
