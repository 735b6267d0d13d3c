/**
 * Runs DMN TCK cases through the DMN importer, the interpreter and the
 * compiled module, comparing with the expected results (decimals exactly).
 * Shared by the vitest suite and `scripts`-style runners.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDmn, type DmnNames } from '../../src/dmn/import.js';
import { readTckTests, type JsonLike } from '../../src/dmn/tck.js';
import { buildModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import type { Model, Value } from '../../src/model/index.js';

export const TCK = '/work/shared/dmn-tck';

/** The case folders the suite covers: compliance level 2, and three of level 3. */
export function tckCases(): string[] {
  if (!existsSync(TCK)) return [];
  const l2 = readdirSync(join(TCK, 'compliance-level-2')).map((d) => join(TCK, 'compliance-level-2', d));
  const l3 = ['0004-lending', '0017-tableTests', '0020-vacation-days'].map((d) => join(TCK, 'compliance-level-3', d));
  return [...l2, ...l3].filter((d) => existsSync(d)).sort();
}

/** One TCK result check. */
export interface TckCheck {
  testCase: string;
  decision: string;
  passed: boolean;
  detail?: string;
  /** The decision did not import (a feature rulebook lacks): not run. */
  skipped?: boolean;
}

/** What a case folder gives: the checks, or why it cannot run (a missing feature). */
export interface TckCaseResult {
  name: string;
  skipped?: string;
  checks: TckCheck[];
  model?: Model;
}

function expectedMatches(actual: Value | undefined, expected: JsonLike, valueMap: Record<string, string> | undefined): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => expectedMatches(actual[i], e, valueMap));
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'string') {
    if (Decimal.isDecimal(actual)) {
      const d = Decimal.parse(expected.trim());
      return d !== undefined && d.eq(actual);
    }
    if (typeof actual === 'string') return actual === expected || (valueMap !== undefined && valueMap[expected] === actual);
    if (typeof actual === 'object' && actual !== null && (actual as { kind?: string }).kind === 'date') return (actual as { iso: string }).iso === expected;
    return false;
  }
  return false;
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
  const perOutput = (dmnName: string, item: JsonLike) => {
    const name = outNames[dmnName] ?? dmnName;
    return { name, value: item };
  };
  if (outs.length === 1) {
    const name = outs[0];
    const got = output[name];
    const exp = isList && Array.isArray(got) ? items.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.values(x)[0] : x)) : expected;
    return expectedMatches(got, exp as JsonLike, values[name]) ? undefined : `${name}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(got)}`;
  }
  for (const out of outs) {
    const dmn = Object.keys(outNames).find((k) => outNames[k] === out) ?? out;
    const got = output[out];
    const col = items.map((it) => (it && typeof it === 'object' && !Array.isArray(it) ? perOutput(dmn, (it as Record<string, JsonLike>)[dmn] ?? null).value : null));
    const exp = isList ? col : col[0];
    if (!expectedMatches(got, exp as JsonLike, values[out])) return `${out}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(got)}`;
  }
  return undefined;
}

type Evaluator = (model: Model, id: string, input: Record<string, unknown>) => { output?: Record<string, Value>; error?: { code: string; message: string } };

/** The interpreter as an evaluator. */
export const interpret: Evaluator = (model, id, input) => evaluate(model, id, input);

/** Runs one case folder with `run` (the interpreter, or the compiled module wrapped to give Values). */
export function runCase(dir: string, run: Evaluator = interpret): TckCaseResult {
  const name = dir.split('/').pop()!;
  const files = readdirSync(dir);
  const dmnFile = files.find((f) => f.endsWith('.dmn'))!;
  const testFile = files.find((f) => /-test-\d+\.xml$/.test(f))!;
  const imp = importDmn(readFileSync(join(dir, dmnFile), 'utf8'), dmnFile);
  const errors = imp.diagnostics.filter((d) => d.severity === 'error');
  if (!imp.document) return { name, skipped: `import: ${errors.map((e) => e.message).join('; ')}`, checks: [] };
  const built = buildModel([imp.document]);
  const bad = built.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length) return { name, skipped: `model: ${bad.map((e) => e.message).join('; ')}`, checks: [] };
  const model = built.model;
  const tests = readTckTests(readFileSync(join(dir, testFile), 'utf8'), testFile);
  const checks: TckCheck[] = [];
  for (const tc of tests.cases) {
    for (const res of tc.results) {
      const id = imp.names.decisions[res.decision];
      if (!id) {
        const why = errors.find((e) => e.message.includes(`\`${res.decision}\` not imported`))?.message ?? 'not imported';
        checks.push({ testCase: tc.id, decision: res.decision, passed: false, skipped: true, detail: why });
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
      // rulebook's input contract: a declared input given as null is absent (`missing-input`), where FEEL passes null on.
      const nulls = Object.keys(input).filter((k) => input[k] === null);
      if (nulls.length) {
        checks.push({ testCase: tc.id, decision: res.decision, passed: false, skipped: true, detail: `null input ${nulls.map((k) => `\`${k}\``).join(', ')}: absence is missing-input in rulebook` });
        continue;
      }
      const r = run(model, id, input);
      if (r.error) {
        checks.push({ testCase: tc.id, decision: res.decision, passed: false, detail: `${r.error.code}: ${r.error.message}` });
        continue;
      }
      const why = compare(imp.names, id, r.output!, res.expected);
      checks.push({ testCase: tc.id, decision: res.decision, passed: why === undefined, detail: why });
    }
  }
  return { name, checks, model };
}
export { Decimal } from '../../src/runtime/decimal.js';
