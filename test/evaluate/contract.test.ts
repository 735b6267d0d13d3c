/**
 * One input contract: the interpreter and the compiled module (the calculators
 * run the compiled module) accept and refuse exactly the same inputs. For every
 * decision of the shipped policies, 100,000 inputs drawn from a seeded
 * generator mixing good values with hostile ones (null, `"TRUE"`/`"True"`,
 * inherited properties, an input named `constructor`, non-finite numbers,
 * objects, bad dates and bad `asOf`) give the same output or the same error
 * code and input in both. Values are drawn from small pools by a seeded PRNG,
 * not by fast-check's shrinking machinery, so the whole file stays fast.
 */
import { mulberry32 } from '../fuzz/rng.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/pipeline.js';
import { evaluate, pickVersion } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { askedInputs } from '../../src/model/precedence.js';
import type { Decision, Field, Model } from '../../src/model/index.js';
import { loadCompiled } from '../compile/helpers.js';
import { boundaries } from '../compile/inputs.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { modelOf } from './helpers.js';

const HUNDRED = Decimal.fromBigInt(100n);

const prng = mulberry32;

const ABSENT = Symbol('absent');
const HOSTILE: unknown[] = [ABSENT, null, '', ' ', 'TRUE', 'True', 'true', 'false', 'FALSE', ' true ', 'yes', 0, 1, -1, 0.5, NaN, Infinity, -Infinity, '1e400', {}, [], [1], 'constructor', { kind: 'date', iso: 'garbage' }, { kind: 'date', iso: '2026-01-01' }, '2026-3-1', '2026-02-30', '2026-01-01', '70%', '７０%', 'leak', '"leak"', '泄露客户资料'];

/** The pool of values tried for one input: its type's good values and boundaries, then the hostile ones. */
function pool(d: Decision, f: Field): unknown[] {
  const good: unknown[] = [];
  const k = f.type.kind;
  if (k === 'enum') for (const v of f.type.values!) good.push(v.key, v.label);
  else if (k === 'boolean') good.push(true, false);
  else if (k === 'date') good.push('2025-12-31', '2026-01-01', '2026-06-30');
  else if (k === 'string') good.push('a', '');
  else {
    const i = d.inputs.indexOf(f);
    for (const b of i >= 0 ? boundaries(d, f, i) : []) good.push(Number(b.toString()), b.toString(), k === 'percent' ? b.mul(HUNDRED).toString() + '%' : b.toString());
    good.push(3, 100000, '1234.56', '0.1');
  }
  return [...good, ...good, ...HOSTILE];
}

const AS_OF: unknown[] = [undefined, undefined, undefined, '2026-01-01', '2025-12-31', '2025-01-01', '2025-06-30', '1900-01-01', '2099-12-31', '2026-3-1', 'garbage', '2026-02-30', 20260101];

function agreeOn(model: Model, mod: Record<string, (...a: unknown[]) => unknown>, id: string, input: Record<string, unknown>, asOf: unknown, seen?: Set<string>): string | undefined {
  const opts = asOf === undefined ? undefined : { asOf };
  const r = evaluate(model, id, input, opts as never);
  seen?.add(r.error ? r.error.code : JSON.stringify(r.output));
  const c = (mod.evaluate as (i: string, x: unknown, o: unknown) => { output?: unknown; error?: { code: string; input?: string } })(id, input, opts);
  const show = () => `${id} ${JSON.stringify(input, (_, v) => (v === undefined ? '<undefined>' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))} asOf=${String(asOf)}`;
  if (r.error) {
    if (c.error?.code !== r.error.code || c.error?.input !== r.error.input) return `${show()}: interpreter ${r.error.code}/${r.error.input}, module ${c.error?.code ?? 'output'}/${c.error?.input}`;
    // The rows of a unique violation, numbered from 1 in both.
    if (JSON.stringify((c.error as { rows?: number[] }).rows) !== JSON.stringify(r.error.rows)) return `${show()}: rows ${JSON.stringify(r.error.rows)} vs ${JSON.stringify((c.error as { rows?: number[] }).rows)}`;
  } else {
    const d = pickVersion(model.decisions.get(id)!, typeof asOf === 'string' ? asOf : undefined)!;
    const want = outputsToJson(model, d, r.output!);
    if (JSON.stringify(c.output) !== JSON.stringify(want)) return `${show()}: interpreter ${JSON.stringify(want)}, module ${JSON.stringify(c.output ?? c.error)}`;
  }
  if (opts === undefined) {
    // The exported function (its fast path) agrees with the general entry.
    const fn = mod[id.replace(/\./g, '_')] ?? mod[id.replace(/\./g, '_') + '_'];
    const f = fn(input);
    if (JSON.stringify(f) !== JSON.stringify(c)) return `${show()}: fast path ${JSON.stringify(f)}, general ${JSON.stringify(c)}`;
  }
  return undefined;
}

/** Up to five disagreements between the interpreter and the module on `runs` seeded inputs to `id`. */
function differ(model: Model, mod: Record<string, (...a: unknown[]) => unknown>, id: string, runs: number, seen?: Set<string>): string[] {
  const versions = model.decisions.get(id)!;
  const d = versions[versions.length - 1];
  const fields = askedInputs(model.decisions, d);
  const pools = fields.map((f) => pool(d, f));
  const rnd = prng(0x5eed ^ id.length * 7919);
  const proto = Object.fromEntries(fields.map((f, i) => [f.name, pools[i][0]]));
  const failures: string[] = [];
  for (let n = 0; n < runs && failures.length < 5; n++) {
    // Every 16th input inherits good values from its prototype: they must not be read.
    const input: Record<string, unknown> = n % 16 === 0 ? Object.create(proto) : {};
    fields.forEach((f, i) => {
      const v = pools[i][Math.floor(rnd() * pools[i].length)];
      if (v !== ABSENT) input[f.name] = v;
    });
    if (n % 97 === 0) (input as Record<string, unknown>)['constructor'] = 'x';
    const asOf = AS_OF[Math.floor(rnd() * AS_OF.length)];
    const bad = agreeOn(model, mod, id, input, asOf, seen);
    if (bad) failures.push(bad);
  }
  return failures;
}

describe('one input contract: interpreter = compiled module on 100,000 inputs per decision', () => {
  const model = loadModel(new URL('../../policies', import.meta.url).pathname).model!;
  // RULEBOOK_CONTRACT_RUNS lowers or raises the count for a quick or a deeper run; 100,000 is the contract.
  const RUNS = Number(process.env.RULEBOOK_CONTRACT_RUNS ?? 100_000);
  let mod: Record<string, (...a: unknown[]) => unknown>;
  beforeAll(async () => {
    mod = (await loadCompiled(model)).mod;
  });
  for (const id of model.decisions.keys()) it(id, () => expect(differ(model, mod, id, RUNS)).toEqual([]));

  it('a polluted Object.prototype changes nothing, and an input named `constructor` is missing when not given', async () => {
    const m = model;
    const id = 'cs.performance_bonus';
    const before = evaluate(m, id, { sales: 100000, conversion: '72%' });
    const proto = Object.prototype as Record<string, unknown>;
    proto.sales = 1e9;
    proto.conversion = '100%';
    try {
      expect(evaluate(m, id, { sales: 100000, conversion: '72%' })).toEqual(before);
      const c = (mod.evaluate as (i: string, x: unknown) => { output?: unknown; error?: { code: string; input?: string } })(id, { sales: 100000, conversion: '72%' });
      expect(c.output).toEqual(outputsToJson(m, m.decisions.get(id)![0], before.output!));
      expect(evaluate(m, id, { conversion: '72%' }).error).toMatchObject({ code: 'missing-input', input: 'sales' });
      expect((mod.evaluate as (i: string, x: unknown) => { error?: { code: string; input?: string } })(id, { conversion: '72%' }).error).toMatchObject({ code: 'missing-input', input: 'sales' });
      expect(mod.cs_performance_bonus({ conversion: '72%' })).toMatchObject({ error: { code: 'missing-input', input: 'sales' } });
    } finally {
      delete proto.sales;
      delete proto.conversion;
    }
  });
});

describe('the same contract across versions and an exception', () => {
  // Two editions of a fine (2025, then 2026 on) and, from 2026, an exception overriding it: the dates drawn
  // include both period edges, a date before every version and today.
  const edition = (year: number, per: number, until: string) =>
    `id: fines-${year}\ntitle: Fines ${year}\nversion: ${year}\neffective: { from: ${year}-01-01${until} }\ndecisions:\n  - id: f.leak\n    inputs:\n      count: { type: integer, domain: ">= 1" }\n    outputs:\n      fine: { type: money }\n    formula: { fine: "${per} * count" }\n`;
  const exception = 'id: serious\ntitle: Serious\nversion: 1\neffective: { from: 2026-01-01 }\ndecisions:\n  - id: f.serious\n    overrides: f.leak\n    inputs:\n      serious: { type: boolean, domain: "true" }\n    outputs:\n      fine: { type: money }\n    formula: { fine: 10000 }\n';
  const model = modelOf(edition(2025, 1000, ', until: 2026-01-01'), edition(2026, 1500, ''), exception);
  const RUNS = Number(process.env.RULEBOOK_CONTRACT_RUNS ?? 100_000);
  it('f.leak', async () => {
    const { mod } = await loadCompiled(model);
    const seen = new Set<string>();
    expect(differ(model, mod, 'f.leak', RUNS, seen)).toEqual([]);
    // The draws reached every case: no version, each edition, the exception, and refusals.
    for (const want of ['no-version', 'bad-as-of', 'missing-input', 'wrong-type', '{"fine":"1000"}', '{"fine":"1500"}', '{"fine":"10000"}']) expect(seen, want).toContain(want);
  });
});

