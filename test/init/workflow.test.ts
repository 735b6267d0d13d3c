/**
 * The shipped workflow, linted two ways (actionlint is not on npm): against
 * SchemaStore's JSON Schema of GitHub workflows (vendored beside this file,
 * `github-workflow.schema.json`, Apache-2.0, from SchemaStore/schemastore at
 * 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e), and by the rules this project
 * needs that no schema states: actions pinned by commit, no step skipping
 * another, a verdict step that sees every step, the merge base, one run per
 * pull request. The verdict step's shell is run for real.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { WORKFLOW } from '../../src/init/index.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
const wf = parse(WORKFLOW) as {
  on: Record<string, unknown>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(wf.jobs)[0].steps;

/**
 * Commits of the tags each action is pinned at, read from the actions' own
 * repositories (`git rev-parse <tag>^{commit}`): their current majors, each
 * with `runs.using: node24` in its action.yml (Node 20 left LTS in April 2026).
 */
const PINNED: Record<string, [string, string]> = {
  'actions/checkout': ['3d3c42e5aac5ba805825da76410c181273ba90b1', 'v7.0.1'],
  'actions/setup-node': ['820762786026740c76f36085b0efc47a31fe5020', 'v7.0.0'],
  'actions/upload-artifact': ['bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', 'v7.0.0'],
  'actions/github-script': ['ed597411d8f924073f98dfc5c65a23a2325f34cd', 'v8.0.0'],
};

describe('the shipped workflow', () => {
  it('is a valid GitHub workflow by SchemaStore\'s schema', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'github-workflow.schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(parse(WORKFLOW));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a step with both `uses` and `run`, or an unknown key, is refused', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'github-workflow.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    const bad = parse(WORKFLOW);
    bad.jobs.rulebook.steps[0].run = 'echo';
    expect(validate(bad)).toBe(false);
    const worse = parse(WORKFLOW);
    worse.jobs.rulebook['run-on'] = 'ubuntu-latest';
    expect(validate(worse)).toBe(false);
  });

  it('pins every action by a full commit, with the tag in a comment', () => {
    const uses = WORKFLOW.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBe(Object.keys(PINNED).length);
    for (const line of uses) {
      const m = /uses: ([\w-]+\/[\w-]+)@([0-9a-f]{40}) # (v[\d.]+)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, action, sha, tag] = m as RegExpExecArray;
      expect(PINNED[action]).toEqual([sha, tag]);
    }
  });

  it('runs every step whatever the others did, and a last step fails the job if any failed', () => {
    // After the checkout and Node itself, nothing can skip what follows.
    const first = steps.findIndex((s) => s.name === 'Install rulebook');
    expect(first).toBe(2);
    const result = steps[steps.length - 1];
    expect(result.name).toBe('Result');
    for (const s of steps.slice(first, -1)) {
      expect(s['continue-on-error'], s.name).toBe(true);
      expect(s.id, s.name).toBeTruthy();
      // No step is conditioned on another's outcome (only on the event).
      expect(s.if ?? '', s.name).not.toMatch(/steps\.|success\(\)|failure\(\)/);
    }
    expect(result.if).toBeUndefined();
    const ids = steps.filter((s) => s.id && s.id !== 'summary').map((s) => s.id as string);
    const watched = Object.values(result.env ?? {}).join(' ');
    for (const id of ids) expect(watched, id).toContain(`steps.${id}.outcome`);
  });

  it('every expression names a step that exists, a context GitHub has, and sits in `with`, `env`, `if` or the job\'s settings (never in a script)', () => {
    const ids = new Set(steps.map((s) => s.id).filter(Boolean));
    for (const m of WORKFLOW.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) {
      for (const ref of m[1].matchAll(/steps\.([\w-]+)\./g)) expect(ids.has(ref[1]), ref[0]).toBe(true);
      for (const ctx of m[1].matchAll(/\b([a-z]+)\.[\w.-]+/g)) expect(['github', 'steps', 'env', 'secrets', 'runner', 'inputs', 'vars', 'matrix', 'needs', 'job'], m[0]).toContain(ctx[1]);
    }
    for (const s of steps) if (s.if) expect(s.if, s.name).not.toMatch(/\$\{\{/);
  });

  it('the verdict step fails exactly when a step failed (the comment not on forks)', () => {
    const script = steps[steps.length - 1].run as string;
    const outcome = (env: Record<string, string>) => {
      try {
        execFileSync('bash', ['-e', '-c', script], { env: { PATH: process.env.PATH ?? '', INSTALL: 'success', FMT: 'success', CHECK: 'success', TEST: 'success', DIFF: 'success', COMMENT: 'success', BUILD: 'success', UPLOAD: 'success', FORK: '', ...env }, stdio: 'pipe' });
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    expect(outcome({})).toBe(0);
    expect(outcome({ DIFF: 'skipped', COMMENT: 'skipped' })).toBe(0);
    for (const k of ['INSTALL', 'FMT', 'CHECK', 'TEST', 'DIFF', 'BUILD', 'UPLOAD', 'COMMENT']) expect(outcome({ [k]: 'failure' }), k).toBe(1);
    expect(outcome({ COMMENT: 'failure', FORK: 'true' })).toBe(0);
  });

  it('diffs against the merge base, keeps one run per pull request, checks the format, uses a current Node LTS and offers the coverage gate', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout')) as Step;
    expect(Number(checkout.with?.['fetch-depth'])).toBeGreaterThanOrEqual(2);
    expect(steps.find((s) => s.id === 'diff')?.run).toBe('rulebook diff HEAD^1 HEAD > rulebook-diff.md');
    expect(wf.concurrency.group).toContain('github.event.pull_request.number');
    expect(wf.concurrency['cancel-in-progress']).toBe(true);
    expect(steps.find((s) => s.id === 'fmt')?.run).toMatch(/^rulebook fmt .*--check$/);
    expect((steps.find((s) => s.uses?.startsWith('actions/setup-node')) as Step).with?.['node-version']).toBe('lts/*');
    // The pull request's code runs in this job: no token left in .git/config, no cache it could fill.
    expect(checkout.with?.['persist-credentials']).toBe(false);
    expect((steps.find((s) => s.uses?.startsWith('actions/setup-node')) as Step).with?.['package-manager-cache']).toBe(false);
    expect(steps.find((s) => s.id === 'test')?.run).toContain('${RULEBOOK_MIN_COVERAGE:+--min-coverage "$RULEBOOK_MIN_COVERAGE"}');
  });

  it('the coverage gate expands to nothing when unset and to the flag when set', () => {
    const run = steps.find((s) => s.id === 'test')?.run as string;
    const expand = (v: string) => execFileSync('bash', ['-c', `set -- ; printf '%s|' ${run.replace(/^rulebook /, '')}`], { env: { PATH: process.env.PATH ?? '', RULEBOOK_MIN_COVERAGE: v }, encoding: 'utf8' });
    expect(expand('')).toBe('test|policies|--format|github|');
    expect(expand('90')).toBe('test|policies|--format|github|--min-coverage|90|');
  });
});
