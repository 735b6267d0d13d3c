/**
 * The JSON Schemas compile under the options the validate stage uses, accept
 * every shipped policy file (and the literal seed fixture), and reject the
 * mistakes an author makes most: misspelt keys, unknown hit policies, bad ids.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaKeywords } from '../../scripts/schema-keywords.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaDir = join(root, 'schemas');
const policyRoots = [join(root, 'policies'), join(root, 'test/fixtures/seed-literal/policies')];

type Kind = 'policy' | 'tests' | 'config';

function readSchema(kind: Kind): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemaDir, `${kind}.schema.json`), 'utf8')) as Record<string, unknown>;
}

function compile(kind: Kind): ValidateFunction {
  const ajv = new Ajv({ strict: true, allErrors: true, ownProperties: true, keywords: schemaKeywords });
  return ajv.compile(readSchema(kind));
}

const validators: Record<Kind, ValidateFunction> = {
  policy: compile('policy'),
  tests: compile('tests'),
  config: compile('config'),
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function kindOf(path: string): Kind {
  if (path.endsWith('rulebook.yaml')) return 'config';
  if (path.endsWith('.test.yaml')) return 'tests';
  return 'policy';
}

const yamlCore = (text: string): unknown => parse(text, { schema: 'core' });

/**
 * The merged form of a Markdown document as format.md defines it: front matter
 * plus the lists of every ```yaml rulebook``` block concatenated. Sections come
 * from headings and are the loader's business, so they are left out here.
 */
function mergeMarkdown(text: string): Record<string, unknown> {
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!front) throw new Error('no front matter');
  const merged = (yamlCore(front[1]) ?? {}) as Record<string, unknown>;
  for (const block of text.matchAll(/^```yaml rulebook\r?\n([\s\S]*?)^```\s*$/gm)) {
    const data = (yamlCore(block[1]) ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(data)) {
      const before = merged[key];
      merged[key] = Array.isArray(before) && Array.isArray(value) ? [...before, ...value] : value;
    }
  }
  return merged;
}

function load(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return path.endsWith('.md') ? mergeMarkdown(text) : yamlCore(text);
}

function errorsOf(kind: Kind, data: unknown): string[] {
  const validate = validators[kind];
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const files = policyRoots.flatMap((dir) => walk(dir)).filter((f) => /\.(ya?ml|md)$/.test(f));

describe('schemas', () => {
  it('compile under strict ajv 8', () => {
    for (const kind of ['policy', 'tests', 'config'] as const) expect(typeof validators[kind]).toBe('function');
  });

  it('share the test definitions between policy and tests schemas', () => {
    const policy = readSchema('policy').definitions as Record<string, unknown>;
    const tests = readSchema('tests').definitions as Record<string, unknown>;
    for (const [key, value] of Object.entries(tests)) expect(value, key).toEqual(policy[key]);
  });

  it('describe every property', () => {
    const missing: string[] = [];
    // `if` conditions only test a value; they describe nothing an author writes.
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object' || path.endsWith('/if')) return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      for (const [key, value] of Object.entries(props ?? {})) {
        if (typeof value === 'object' && value && !('description' in value)) missing.push(`${path}/${key}`);
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${path}/${key}`);
    };
    for (const kind of ['policy', 'tests', 'config'] as const) visit(readSchema(kind), kind);
    expect(missing).toEqual([]);
  });

  // A Chinese run's hints are the `x-descriptionZh` of the node an error is about (src/validate/errors.ts).
  it('give every description its Chinese, keeping the code in backticks, and no Chinese without English', () => {
    const problems: string[] = [];
    let described = 0;
    const code = (s: string) => [...s.matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[0]);
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const { description: en, 'x-descriptionZh': zh } = node as Record<string, unknown>;
      if (typeof en === 'string') {
        described++;
        if (typeof zh !== 'string') problems.push(`${path}: description without x-descriptionZh`);
        else {
          if (!/[\u4e00-\u9fff]/.test(zh.replace(/\([^)]*\)|（[^）]*）/g, '')) || zh === en) problems.push(`${path}: x-descriptionZh is not Chinese`);
          for (const c of code(en)) if (!zh.includes(c)) problems.push(`${path}: x-descriptionZh drops ${c}`);
        }
      } else if (zh !== undefined) problems.push(`${path}: x-descriptionZh without description`);
      for (const [key, value] of Object.entries(node)) visit(value, `${path}/${key}`);
    };
    for (const kind of ['policy', 'tests', 'config'] as const) visit(readSchema(kind), kind);
    expect(problems).toEqual([]);
    expect(described).toBeGreaterThan(150);
  });
});

describe('shipped policy files', () => {
  it('finds the policies and the literal fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files.some((f) => f.endsWith('.md'))).toBe(true);
    expect(files.some((f) => f.endsWith('.test.yaml'))).toBe(true);
  });

  for (const file of files) {
    const name = relative(root, file);
    it(`${name} validates`, () => {
      expect(errorsOf(kindOf(file), load(file))).toEqual([]);
    });

    it(`${name} links its schema`, () => {
      const text = readFileSync(file, 'utf8');
      const line = file.endsWith('.md') ? text.split('\n')[1] : text.split('\n')[0];
      const link = /^# yaml-language-server: \$schema=(\S+)$/.exec(line ?? '');
      expect(link, 'modeline').not.toBeNull();
      expect(resolve(dirname(file), link![1])).toBe(join(schemaDir, `${kindOf(file)}.schema.json`));
    });
  }
});

describe('schema rejects', () => {
  const decision = {
    id: 'cs.performance_rate',
    hit: 'unique',
    inputs: { conversion: { type: 'percent' } },
    outputs: { rate: { type: 'percent' } },
    rules: [{ when: { conversion: '< 70%' }, then: { rate: '1%' } }],
  };
  const doc = (extra: Record<string, unknown> = {}, dec: Record<string, unknown> = decision) => ({
    id: 'cs-awards',
    title: '奖励',
    version: 1,
    decisions: [dec],
    ...extra,
  });

  it('accepts the baseline', () => {
    expect(errorsOf('policy', doc())).toEqual([]);
  });

  it('an unknown key at the top', () => {
    expect(errorsOf('policy', doc({ titel: 'x' }))).toContain(' must NOT have additional properties');
  });

  it('a misspelt key in a decision', () => {
    expect(errorsOf('policy', doc({}, { ...decision, hitt: 'first' }))).toContain(
      '/decisions/0 must NOT have additional properties',
    );
  });

  it('an unknown hit policy', () => {
    expect(errorsOf('policy', doc({}, { ...decision, hit: 'sometimes' }))).toContain(
      '/decisions/0/hit must be equal to one of the allowed values',
    );
  });

  it('a decision id that is not dotted snake_case', () => {
    expect(errorsOf('policy', doc({}, { ...decision, id: 'cs.Performance-Rate' })).join('\n')).toMatch(
      /\/decisions\/0\/id must match pattern/,
    );
  });

  it('a section id that is not a slug', () => {
    expect(errorsOf('policy', doc({ sections: [{ id: '业绩奖', title: '业绩奖' }] })).join('\n')).toMatch(
      /\/sections\/0\/id must match pattern/,
    );
  });

  it('an enum without values, and values on a non-enum', () => {
    const bad = { ...decision, inputs: { offense: { type: 'enum' }, sales: { type: 'money', values: { a: 'A' } } } };
    const errors = errorsOf('policy', doc({}, bad)).join('\n');
    expect(errors).toMatch(/\/inputs\/offense must have required property 'values'/);
    expect(errors).toMatch(/\/inputs\/sales\/values must NOT be valid|\/inputs\/sales\/values boolean schema is false/);
  });

  it('a decision with neither rules nor formula', () => {
    const { rules: _rules, ...bare } = decision;
    expect(errorsOf('policy', doc({}, bare)).join('\n')).toMatch(/must have required property 'rules'/);
  });

  it('a test with both expect and expectError, and a bad date', () => {
    const test = { decision: 'cs.performance_rate', asOf: '2026-13-01', input: {}, expect: {}, expectError: 'no-match' };
    const errors = errorsOf('tests', { tests: [test] }).join('\n');
    expect(errors).toMatch(/\/tests\/0 must match exactly one schema in oneOf/);
    expect(errors).toMatch(/\/tests\/0\/asOf must match pattern/);
  });

  it('a config with an unknown locale and no audiences', () => {
    const errors = errorsOf('config', { title: '手册', locale: 'zh' }).join('\n');
    expect(errors).toMatch(/\/locale must be equal to one of the allowed values/);
    expect(errors).toMatch(/must have required property 'audiences'/);
  });
});

/** Section ids of a document: YAML `sections` recursively, or Markdown `{#id}` headings. */
function sectionIds(file: string, data: Record<string, unknown>): string[] {
  if (file.endsWith('.md')) {
    return [...readFileSync(file, 'utf8').matchAll(/^#{2,6} .*\{#([a-z0-9][a-z0-9.-]*)\}\s*$/gm)].map((m) => m[1]!);
  }
  const walkSections = (list: unknown): string[] =>
    ((list as { id: string; sections?: unknown }[] | undefined) ?? []).flatMap((s) => [s.id, ...walkSections(s.sections)]);
  return walkSections(data.sections);
}

for (const dir of policyRoots) {
  describe(`references in ${relative(root, dir)}`, () => {
    const docs = walk(dir)
      .filter((f) => kindOf(f) === 'policy' && /\.(ya?ml|md)$/.test(f))
      .map((file) => ({ file, data: load(file) as Record<string, unknown> }));
    const anchors = new Set(docs.flatMap(({ file, data }) => sectionIds(file, data).map((s) => `${String(data.id)}#${s}`)));
    const tested = new Set(
      walk(dir)
        .filter((f) => /\.(ya?ml|md)$/.test(f) && kindOf(f) !== 'config')
        .flatMap((f) => ((load(f) as { tests?: { decision: string }[] }).tests ?? []).map((t) => t.decision)),
    );

    it('every decision and correction names an existing clause, and every decision has a test', () => {
      const problems: string[] = [];
      for (const { data } of docs) {
        const anchor = (ref: string) => (ref.startsWith('#') ? `${String(data.id)}${ref}` : ref);
        const decisions = (data.decisions as { id: string; clause?: string }[] | undefined) ?? [];
        const corrections = (data.corrections as { clause: string }[] | undefined) ?? [];
        for (const d of decisions) {
          if (!d.clause || !anchors.has(anchor(d.clause))) problems.push(`${d.id}: clause ${String(d.clause)}`);
          if (!tested.has(d.id)) problems.push(`${d.id}: no test`);
        }
        for (const c of corrections) if (!anchors.has(anchor(c.clause))) problems.push(`correction ${c.clause}`);
      }
      expect(problems).toEqual([]);
    });
  });
}

describe('seed-literal expected findings', () => {
  const fixture = join(root, 'test/fixtures/seed-literal');
  const lines = readFileSync(join(fixture, 'expected.txt'), 'utf8').trim().split('\n');
  // What each finding must point at, so that edits of the fixture keep expected.txt honest.
  const anchors = ['"> 70%"', 'id: personal-file-read', 'id: data.serious_leak_fine'];

  it('lists the three defects of the source', () => {
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['gap', 'overlap', 'overlap']);
  });

  lines.forEach((entry, i) => {
    it(`points at ${anchors[i]}`, () => {
      const m = /^(\S+) (\S+):(\d+):(\d+) (.+)$/.exec(entry);
      expect(m, entry).not.toBeNull();
      const text = readFileSync(join(fixture, m![2]!), 'utf8').split('\n')[Number(m![3]) - 1] ?? '';
      expect(text.slice(Number(m![4]) - 1)).toMatch(new RegExp(`^${anchors[i]!.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}`));
    });
  });

  it('ships the corrections in policies/', () => {
    const corrected = ['awards.md', 'documents.yaml', 'customer-data.yaml'].map(
      (f) => load(join(root, 'policies', f)) as { corrections?: unknown[] },
    );
    for (const doc of corrected) expect(doc.corrections?.length).toBeGreaterThan(0);
  });
});
