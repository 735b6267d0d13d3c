/**
 * Properties of the front half of the pipeline on generated input: random
 * YAML-ish text, random policy documents with random cells and formulas, and
 * the real policies cut and spliced. Load, validate, resolve and check never
 * throw; every diagnostic points inside its file; a model diffed with itself
 * is empty. Seeded: FC_SEED=<n> replays a failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { diffModels, isEmptyDiff } from '../../src/diff/index.js';
import { parseSource, roleOf, type SourceDocument } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';

setLang('en');
const seed = Number(process.env.FC_SEED ?? 20260101);
const params = (numRuns: number) => ({ seed, numRuns, endOnFailure: true });

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';

/** Runs the whole front half plus the checker on named texts; returns every diagnostic with its file's text. */
function pipeline(files: Record<string, string>): { diags: Diagnostic[]; texts: Map<string, string> } {
  const docs: SourceDocument[] = [];
  const diags: Diagnostic[] = [];
  const texts = new Map<string, string>();
  for (const [file, text] of Object.entries(files)) {
    texts.set(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    const res = parseSource(text, file, roleOf(file) ?? 'document');
    diags.push(...res.diagnostics);
    if (res.document) docs.push(res.document);
  }
  const built = buildModel(docs);
  diags.push(...built.diagnostics, ...check(built.model));
  return { diags, texts };
}

function expectRealPositions(diags: Diagnostic[], texts: Map<string, string>): void {
  for (const d of diags) {
    const text = texts.get(d.file);
    expect(text, `diagnostic for an unknown file: ${JSON.stringify(d)}`).toBeDefined();
    const lines = text!.split(/\r?\n/);
    expect(d.line, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
    expect(d.column, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
    expect(d.line, JSON.stringify(d)).toBeLessThanOrEqual(lines.length);
    expect(d.column, JSON.stringify(d)).toBeLessThanOrEqual(lines[d.line - 1].length + 1);
    expect(d.message).not.toMatch(/\n|undefined|\[object Object\]|NaN/);
  }
}

const FRAGMENTS = [
  '<', '<=', '>', '>=', '=', '!=', '[', ']', '(', ')', '..', ',', 'not(', '"', "'", '%', '-', '+', '*', '/', '**',
  '0', '1', '70', '70%', '1.5%', '1e400', '-0', '.5', '1.', '99999999999999999999', 'x', 'y', 'sales', 'if ', ' then ',
  ' else ', ' and ', ' or ', 'min(', 'max(', 'round(', 'date("2026-02-30")', 'date(', 'd.r(', '.z', 'true', 'false',
  'null', '?', '\\', '`', '${', '*/', '</script>', '中文', '询单转化率', ' ', '"leak"', 'leak', '∞', '\u2028',
];
const soup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((a) => a.join(''));
const cell = fc.oneof(soup, fc.integer({ min: -5, max: 200 }), fc.boolean(), fc.constantFrom('-', '< 70%', '>= 70%', '[1..3)', '"a", "b"', 'not("a")'));
const TYPES = ['number', 'integer', 'percent', 'money', 'boolean', 'string', 'date', 'months', 'days', 'enum', 'bogus'];
const HITS = ['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'];
const field = fc.record(
  { type: fc.constantFrom(...TYPES), values: fc.constant({ a: 'A', b: 'B' }), domain: fc.option(cell, { nil: undefined }) },
  { requiredKeys: ['type'] },
);
const NAMES = ['x', 'y', 'z', 'constructor', '__proto__', 'sales'];
const fields = fc.dictionary(fc.constantFrom(...NAMES), field, { maxKeys: 3 });
const decision = fc.record(
  {
    id: fc.constantFrom('d.r', 'd.s', 'd.r'),
    hit: fc.constantFrom(...HITS),
    inputs: fields,
    outputs: fields,
    rules: fc.array(fc.record({ when: fc.dictionary(fc.constantFrom(...NAMES), cell, { maxKeys: 3 }), then: fc.dictionary(fc.constantFrom(...NAMES), cell, { maxKeys: 2 }) }), { maxLength: 6 }),
    formula: fc.dictionary(fc.constantFrom(...NAMES), soup, { maxKeys: 2 }),
    default: fc.dictionary(fc.constantFrom(...NAMES), cell, { maxKeys: 1 }),
    assert: fc.array(fc.oneof(fc.record({ that: soup }), fc.record({ monotonic: fc.record({ output: fc.constantFrom(...NAMES), input: fc.constantFrom(...NAMES), direction: fc.constantFrom('increasing', 'sideways') }) })), { maxLength: 2 }),
    effective: fc.record({ from: fc.constantFrom('2026-01-01', '2026-02-30', 'x'), until: fc.constantFrom('2025-01-01', '2027-01-01') }),
  },
  { requiredKeys: ['id'] },
);
const policyDoc = fc.record({
  id: fc.constantFrom('doc', 'Doc!', ''),
  title: fc.string(),
  version: fc.oneof(fc.integer(), fc.string()),
  decisions: fc.array(decision, { maxLength: 3 }),
  tests: fc.array(fc.record({ decision: fc.constantFrom('d.r', 'd.s', 'nope'), input: fc.dictionary(fc.constantFrom(...NAMES), cell, { maxKeys: 3 }), expect: fc.dictionary(fc.constantFrom(...NAMES), cell, { maxKeys: 2 }) }), { maxLength: 3 }),
});

const YAMLISH = [':', ': ', '-', '- ', ' ', '  ', '\n', '\r\n', '[', ']', '{', '}', ',', '&a', '*a', '!!str', '!x', '|', '>', '#', '"', "'", 'a', 'id', '1', '<<', '? ', '%YAML', '---', '...', '\t', '__proto__', '\ufeff', '`', 'é'];
const yamlish = fc.array(fc.constantFrom(...YAMLISH), { maxLength: 60 }).map((a) => a.join(''));

const policiesDir = join(import.meta.dirname, '../../policies');
const real = Object.fromEntries(
  readdirSync(policiesDir)
    .filter((f) => /\.(ya?ml|md)$/.test(f))
    .map((f) => [`policies/${f}`, readFileSync(join(policiesDir, f), 'utf8')]),
);
const realNames = Object.keys(real).filter((f) => !f.endsWith('rulebook.yaml'));

describe('the pipeline on generated input', () => {
  it('never throws on YAML-ish text, and places every diagnostic inside the file', () => {
    fc.assert(
      fc.property(yamlish, fc.constantFrom('policies/a.yaml', 'policies/a.md', 'policies/a.test.yaml', 'policies/rulebook.yaml'), (text, file) => {
        const { diags, texts } = pipeline({ [file]: text });
        expectRealPositions(diags, texts);
      }),
      params(400),
    );
  });

  it('never throws on policy documents with random cells and formulas', () => {
    fc.assert(
      fc.property(policyDoc, (doc) => {
        const { diags, texts } = pipeline({ 'policies/rulebook.yaml': CONFIG, 'policies/doc.yaml': stringify(doc) });
        expectRealPositions(diags, texts);
      }),
      params(200),
    );
  });

  it('never throws on the real policies cut, spliced and garbled', () => {
    const edit = fc.record({
      file: fc.constantFrom(...realNames),
      at: fc.nat(),
      cut: fc.nat({ max: 80 }),
      insert: fc.oneof(soup, yamlish, fc.string({ maxLength: 8 })),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const files = { ...real };
        for (const e of edits) {
          const text = files[e.file];
          const at = e.at % (text.length + 1);
          files[e.file] = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        const { diags, texts } = pipeline(files);
        expectRealPositions(diags, texts);
      }),
      params(30),
    );
  });

  it('finds no difference between a model and itself', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...realNames), { minLength: 1, maxLength: 3 }), (names) => {
        const docs = [...new Set(['policies/rulebook.yaml', ...names])].flatMap((f) => parseSource(real[f], f, roleOf(f) ?? 'document').document ?? []);
        const { model } = buildModel(docs);
        expect(isEmptyDiff(diffModels(model, model))).toBe(true);
      }),
      params(10),
    );
  });
});
