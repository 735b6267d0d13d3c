import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { evaluate } from '../../src/evaluate/index.js';
import { WORKFLOW } from '../../src/init/index.js';
import { loadModel } from '../../src/pipeline.js';
import { runIn } from '../diff/run-cli.js';

const made: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'rulebook-init-'));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (lstatSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

describe('rulebook init', () => {
  it('creates a repository on which check is clean and the example tests pass', async () => {
    const dir = fresh();
    const r = await runIn(dir, ['init']);
    expect(r.code).toBe(0);
    const result = loadModel(join(dir, 'policies'));
    expect(result.diagnostics).toEqual([]);
    const model = result.model!;
    expect(check(model)).toEqual([]);
    for (const t of model.tests) {
      const out = evaluate(model, t.decision, Object.fromEntries(Object.entries(t.input).map(([k, v]) => [k, v.value])));
      expect(out.error).toBeUndefined();
      for (const [k, v] of Object.entries(t.expect ?? {})) expect(JSON.stringify(out.output?.[k])).toBe(JSON.stringify(v.value));
    }
    const files = walk(dir).map((f) => relative(dir, f).split('\\').join('/'));
    expect(files).toEqual(expect.arrayContaining(['policies/rulebook.yaml', 'policies/awards.yaml', 'schemas/policy.schema.json', 'schemas/tests.schema.json', 'schemas/config.schema.json', '.vscode/settings.json', '.github/workflows/rulebook.yml']));
    for (const f of files.filter((x) => x.startsWith('policies/'))) {
      expect(readFileSync(join(dir, f), 'utf8').split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/(policy|config|tests)\.schema\.json$/);
    }
    const settings = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'));
    expect(Object.keys(settings['yaml.schemas'])).toHaveLength(3);
    // The shipped schemas are ours.
    expect(JSON.parse(readFileSync(join(dir, 'schemas/policy.schema.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/policy.schema.json'), 'utf8')));
  });

  it('refuses to overwrite anything and writes nothing (exit 2)', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies/awards.yaml'), 'mine');
    const r = await runIn(dir, ['init']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('policies/awards.yaml');
    expect(readFileSync(join(dir, 'policies/awards.yaml'), 'utf8')).toBe('mine');
    expect(walk(dir)).toHaveLength(1);
  });

  it('ships the workflow as examples/github-workflow.yml, valid YAML with the sticky-comment marker', () => {
    const example = readFileSync(join(import.meta.dirname, '../../examples/github-workflow.yml'), 'utf8');
    expect(example).toBe(WORKFLOW);
    const wf = parse(WORKFLOW) as { jobs: Record<string, { steps: { run?: string; uses?: string; with?: { script?: string } }[] }> };
    const steps = Object.values(wf.jobs)[0].steps;
    expect(steps.some((s) => s.run?.includes('rulebook check') && s.run.includes('--format github'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('rulebook test') && s.run.includes('--format github'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(steps.some((s) => s.with?.script?.includes('<!-- rulebook-diff -->'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    // Never by name from the npm registry, where `rulebook` is someone else's package.
    const install = steps.find((s) => s.run?.includes('npm install'))!.run!;
    expect(install).toContain('"$RULEBOOK_PACKAGE"');
    expect(install).not.toMatch(/install[^\n]*rulebook@/);
    // No expression is expanded inside a shell script (script injection): they go through env.
    for (const s of steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
  });
});
