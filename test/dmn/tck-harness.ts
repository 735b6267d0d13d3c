/**
 * Runs the DMN TCK (compliance levels 2 and 3, every case folder) through the
 * DMN importer and an evaluator (the interpreter, or the compiled module
 * wrapped to give Values), comparing with the expected results (decimals
 * exactly). Every result check ends in one of three states:
 *
 * - `pass`: the decision imported and gave the expected value;
 * - `fail`: the decision imported and gave another value, or an error where a
 *   value was expected;
 * - `unsupported`: the decision did not import; `detail` names the missing
 *   feature (the importer's diagnostic).
 *
 * Shared by the vitest suite (test/dmn/tck.test.ts) and `npm run tck`
 * (scripts/tck.mjs). The suite lives beside the repository, at
 * `../shared/dmn-tck/` from its root (CI clones elsewhere, so never an absolute path).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDmn, type DmnNames } from '../../src/dmn/import.js';
import { readTckTests, type JsonLike } from '../../src/dmn/tck.js';
import { buildModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import type { Model, Value } from '../../src/model/index.js';

/** The TCK folder for the repository at `repo`: `../shared/dmn-tck` from its root. */
export function tckRoot(repo: string): string {
  return join(repo, '..', 'shared', 'dmn-tck');
}

/** The two compliance levels the suite covers. */
export const LEVELS = ['compliance-level-2', 'compliance-level-3'] as const;

/** Every case folder of levels 2 and 3, sorted; empty when the suite is missing. */
export function tckCases(tck: string): string[] {
  const out: string[] = [];
  for (const level of LEVELS) {
    const dir = join(tck, level);
    if (!existsSync(dir)) continue;
    for (const d of readdirSync(dir).sort()) out.push(join(dir, d));
  }
  return out;
}

/** What a check came to. */
export type TckStatus = 'pass' | 'fail' | 'unsupported';

/** One TCK result check. */
export interface TckCheck {
  testCase: string;
  decision: string;
  status: TckStatus;
  /** For `fail`: expected and actual; for `unsupported`: the missing feature. */
  detail?: string;
}

/** What a case folder gives: its checks, and the model when one was built. */
export interface TckCaseResult {
  level: 2 | 3;
  name: string;
  checks: TckCheck[];
  model?: Model;
  /**
   * Whether the model uses only decision tables, literal expressions,
   * invocations and business knowledge models (no boxed contexts, relations,
   * lists, function definitions, conditionals, filters, iterators, decision
   * services or imports): the part of level 3 the issue's 80% is about.
   */
  plain: boolean;
}

/** Boxed expressions and model elements outside decision tables, literal expressions and BKMs. */
const NOT_PLAIN = /<(?:\w+:)?(context|relation|list|functionDefinition|conditional|filter|for|some|every|decisionService|import)[\s>/]/;

function expectedMatches(actual: Value | undefined, expected: JsonLike, valueMap: Record<string, string> | undefined): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => expectedMatches(actual[i], e, valueMap));
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'string') {
    if (Decimal.isDecimal(actual)) return numberMatches(actual, expected.trim());
    if (typeof actual === 'string') return actual === expected || (valueMap !== undefined && valueMap[expected] === actual);
    if (typeof actual === 'object' && actual !== null && (actual as { kind?: string }).kind === 'date') return (actual as { iso: string }).iso === expected;
    return false;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || Decimal.isDecimal(actual)) return false;
    const a = actual as Record<string, Value>;
    return Object.keys(expected).length === Object.keys(a).length && Object.entries(expected).every(([k, v]) => expectedMatches(a[k], v, valueMap));
  }
  return false;
}

/**
 * Numbers compare as the TCK's own runners compare them (Drools, Camunda,
 * jDMN: `NUMBER_COMPARISON_PRECISION = 0.00000001`; the maintainers' rule in
 * dmn-tck issue 609): equal when they differ by less than 10^-8. Some expected
 * values were computed in double precision (0008's `562.707359373292`, where
 * the exact result is 562.70735937326592…), so exact equality would fail
 * correct engines; rulebook's results themselves stay exact.
 */
const PRECISION = Decimal.parse('0.00000001')!;
function numberMatches(actual: Decimal, text: string): boolean {
  const d = Decimal.parse(text.replace(/^\+/, ''));
  return d !== undefined && d.sub(actual).abs().lt(PRECISION);
}

function inputValue(inputs: Record<string, JsonLike>, path: string): JsonLike | undefined {
  if (path in inputs) return inputs[path];
  let cur: JsonLike | undefined = inputs;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, JsonLike>)[part];
  }
  return cur;
}

/** Compares one evaluation's outputs with a TCK expected value (scalar, context, or list of either). */
function compare(names: DmnNames, id: string, output: Record<string, Value>, expected: JsonLike): string | undefined {
  const outNames = names.outputs[id] ?? {};
  const values = names.values[id] ?? {};
  const outs = Object.keys(output);
  const isList = Array.isArray(expected);
  const items = isList ? (expected as JsonLike[]) : [expected];
  if (outs.length === 1) {
    const name = outs[0];
    const got = output[name];
    // A boxed context of one entry: its result is a context of that one entry, imported as one output.
    const dmn = Object.keys(outNames).find((k) => outNames[k] === name);
    if (!isList && expected && typeof expected === 'object' && dmn !== undefined && Object.keys(expected).length === 1 && dmn in expected) {
      const inner = (expected as Record<string, JsonLike>)[dmn];
      return expectedMatches(got, inner, values[name]) ? undefined : `${name}: expected ${JSON.stringify(inner)}, got ${show(got)}`;
    }
    const exp = isList && Array.isArray(got) ? items.map((x) => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 ? Object.values(x)[0] : x)) : expected;
    return expectedMatches(got, exp as JsonLike, values[name]) ? undefined : `${name}: expected ${JSON.stringify(exp)}, got ${show(got)}`;
  }
  for (const out of outs) {
    const dmn = Object.keys(outNames).find((k) => outNames[k] === out) ?? out;
    const got = output[out];
    const col = items.map((it) => (it && typeof it === 'object' && !Array.isArray(it) ? ((it as Record<string, JsonLike>)[dmn] ?? null) : null));
    const exp = isList ? col : col[0];
    if (!expectedMatches(got, exp as JsonLike, values[out])) return `${out}: expected ${JSON.stringify(exp)}, got ${show(got)}`;
  }
  return undefined;
}

function show(v: Value | undefined): string {
  return JSON.stringify(v, (_k, x: unknown) => (Decimal.isDecimal(x) ? x.toString() : x)) ?? 'nothing';
}

/** An evaluator: the interpreter, or the compiled module wrapped to give Values. */
export type Evaluator = (model: Model, id: string, input: Record<string, unknown>) => { output?: Record<string, Value>; error?: { code: string; message: string } };

/** The interpreter as an evaluator. */
export const interpret: Evaluator = (model, id, input) => evaluate(model, id, input);

/** The first error diagnostic that names `decision` as not imported, else all errors, as the missing feature. */
function why(diags: readonly { severity: string; message: string }[], decision: string): string {
  const errors = diags.filter((d) => d.severity === 'error');
  const own = errors.find((e) => e.message.includes(`\`${decision}\` not imported`));
  if (own) return own.message;
  return errors.length ? errors.map((e) => e.message).join('; ') : 'not imported';
}

/** Runs one case folder with `run`. Never throws for a case's content: problems become checks. */
export function runCase(dir: string, run: Evaluator = interpret): TckCaseResult {
  const name = dir.split(/[\\/]/).pop()!;
  const level = dir.includes('compliance-level-2') ? 2 : 3;
  const files = readdirSync(dir).sort();
  const checks: TckCheck[] = [];
  let model: Model | undefined;
  let plain = true;
  for (const testFile of files.filter((f) => /-test-\d+\.xml$/.test(f))) {
    const tests = readTckTests(readFileSync(join(dir, testFile), 'utf8'), testFile);
    const dmnFile = tests.modelName && files.includes(tests.modelName) ? tests.modelName : files.find((f) => f.endsWith('.dmn'))!;
    const text = readFileSync(join(dir, dmnFile), 'utf8');
    if (NOT_PLAIN.test(text) || files.filter((f) => f.endsWith('.dmn')).length > 1) plain = false;
    const imp = importDmn(text, dmnFile);
    const all = (status: TckStatus, detail: string) => {
      for (const tc of tests.cases) for (const res of tc.results) checks.push({ testCase: tc.id, decision: res.decision, status, detail });
    };
    if (!imp.document) {
      all('unsupported', `import: ${why(imp.diagnostics, '')}`);
      continue;
    }
    const built = buildModel([imp.document]);
    const bad = built.diagnostics.filter((d) => d.severity === 'error');
    if (bad.length) {
      // The importer keeps only decisions that build; anything left is a defect of the import, not a missing feature.
      all('fail', `model: ${bad.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
      continue;
    }
    model = built.model;
    for (const tc of tests.cases) {
      for (const res of tc.results) {
        const id = imp.names.decisions[res.decision];
        if (tc.type === 'decisionService') {
          checks.push({ testCase: tc.id, decision: res.decision, status: 'unsupported', detail: 'decision services' });
          continue;
        }
        if (!id) {
          checks.push({ testCase: tc.id, decision: res.decision, status: 'unsupported', detail: why(imp.diagnostics, res.decision) });
          continue;
        }
        const input: Record<string, unknown> = {};
        const map = imp.names.inputs[id] ?? {};
        const vmap = imp.names.values[id] ?? {};
        for (const [dmnExpr, inputName] of Object.entries(map)) {
          const v = inputValue(tc.inputs, dmnExpr);
          if (v === undefined) continue;
          input[inputName] = typeof v === 'string' && vmap[inputName]?.[v] !== undefined ? vmap[inputName][v] : v;
        }
        const r = run(model, id, input);
        if (r.error) {
          // An expected error (`errorResult`) or null: FEEL's engines give null with a message.
          const ok = res.error || res.expected === null;
          checks.push({ testCase: tc.id, decision: res.decision, status: ok && res.error ? 'pass' : 'fail', detail: `${r.error.code}: ${r.error.message}` });
          continue;
        }
        const diff = compare(imp.names, id, r.output!, res.expected);
        checks.push({ testCase: tc.id, decision: res.decision, status: diff === undefined ? 'pass' : 'fail', detail: diff });
      }
    }
  }
  return { level, name, checks, model, plain };
}

/** Counts of each status. */
export function tally(checks: readonly TckCheck[]): Record<TckStatus, number> {
  const t = { pass: 0, fail: 0, unsupported: 0 };
  for (const c of checks) t[c.status]++;
  return t;
}

/** A compiled output value back as a Value (decimal strings → Decimal). */
export function back(v: unknown): Value {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Decimal.parse(v)!;
  if (Array.isArray(v)) return v.map(back);
  if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === undefined) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, back(x)]));
  return v as Value;
}

export { Decimal } from '../../src/runtime/decimal.js';

/** The README's table of TCK figures (between `<!-- tck-figures -->` markers), from the three tallies. */
export function figuresTable(t: { level2: Record<TckStatus, number>; level3: Record<TckStatus, number>; level3Plain: Record<TckStatus, number> }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const all = { pass: t.level2.pass + t.level3.pass, fail: t.level2.fail + t.level3.fail, unsupported: t.level2.unsupported + t.level3.unsupported };
  const row = (name: string, x: Record<TckStatus, number>) => {
    const total = x.pass + x.fail + x.unsupported;
    return `| ${name} | ${n(x.pass)} | ${n(x.fail)} | ${n(x.unsupported)} | ${((100 * x.pass) / total).toFixed(1)}% of ${n(total)} |`;
  };
  return [
    '| checks | pass | fail | unsupported | pass rate |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('level 2', t.level2),
    row('level 3', t.level3),
    row('level 3, models of decision tables, literal expressions and BKMs only', t.level3Plain),
    row('levels 2 and 3', all),
  ].join('\n');
}
