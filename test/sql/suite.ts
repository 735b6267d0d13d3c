/**
 * The differential suite every engine runs: the generated functions agree with
 * the interpreter on generated inputs (each cell boundary and one unit either
 * side, domain edges, period edges, missing inputs, labels and unknown enum
 * keys, seeded random values) for every decision of policies/ and of the
 * fixture holding every hit policy, versions, rounding modes and formulas;
 * compared exactly (decimals normalized, so 1500.00 = 1500 but 1500.01 ≠ 1500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '../../src/model/index.js';
import type { SqlManifest } from '../../src/sql/generate.js';
import { cases, generated, model, oracle, type Case } from './helpers.js';
import type { Answer } from './engines.js';

export const SETS = ['policies', 'test/fixtures/sql/policies'];

export interface Engine {
  run(entry: SqlManifest['decisions'][string], cases: Case[]): Promise<Answer[]>;
  close?(): void | Promise<void>;
}

function findField(m: ReturnType<typeof model>, name: string, ids: string[]): Field {
  for (const id of ids) {
    const f = m.decisions.get(id)?.at(-1)?.inputs.find((x) => x.name === name);
    if (f) return f;
  }
  throw new Error(`no input ${name}`);
}

export function differential(name: string, start: (script: string, set: string) => Promise<Engine | string>): void {
  describe.each(SETS)(`${name} on %s`, (dir) => {
    const m = model(dir);
    const { files, manifest } = generated(m);
    let engine: Engine | string;
    beforeAll(async () => {
      engine = await start(files.get(`${name === 'PostgreSQL' ? 'postgres' : name.toLowerCase()}.sql`)!, dir);
    }, 120_000);
    afterAll(async () => {
      if (typeof engine === 'object') await engine.close?.();
    });
    const ready = (ctx: { skip: (note?: string) => void }): Engine | undefined => {
      if (typeof engine === 'string') {
        ctx.skip(engine);
        return undefined;
      }
      return engine;
    };

    it.for([...m.decisions.keys()].sort())('%s agrees with the interpreter', async (id, ctx) => {
      const e = ready(ctx);
      if (!e) return;
      const entry = manifest.decisions[id];
      const params = entry.arguments.map((a) => findField(m, a.name, [id, ...entry.overriddenBy, ...m.decisions.keys()]));
      const cs = cases(m, id, params);
      const got = await e.run(entry, cs);
      const want = cs.map((c) => oracle(m, id, c));
      const diffs = cs.map((c, i) => ({ c, want: want[i], got: got[i] })).filter((x) => JSON.stringify(x.want) !== JSON.stringify(x.got));
      expect(diffs.slice(0, 5)).toEqual([]);
      expect(got.length).toBe(cs.length);
      expect(want.some((w) => w.output)).toBe(true);
    });

    it('an exception answers for the decision it overrides wherever it applies (cases drawn at its boundaries)', async (ctx) => {
      const e = ready(ctx);
      if (!e) return;
      const pairs = Object.entries(manifest.decisions).filter(([, x]) => x.overriddenBy.length > 0);
      expect(pairs.length).toBeGreaterThan(0);
      let applied = 0;
      for (const [id, entry] of pairs) {
        const params = entry.arguments.map((a) => findField(m, a.name, [id, ...entry.overriddenBy]));
        const cs: Case[] = [];
        for (const x of entry.overriddenBy) {
          const xParams = manifest.decisions[x].arguments.map((a) => findField(m, a.name, [x]));
          const own = cases(m, id, params, 60);
          cases(m, x, xParams, 60).forEach((c, i) => cs.push({ input: { ...own[i % own.length].input, ...c.input }, asOf: c.asOf }));
        }
        const got = await e.run(entry, cs);
        const want = cs.map((c) => oracle(m, id, c));
        applied += cs.filter((c) => entry.overriddenBy.some((x) => oracle(m, x, c).output)).length;
        expect(cs.map((c, i) => ({ c, want: want[i], got: got[i] })).filter((_, i) => JSON.stringify(got[i]) !== JSON.stringify(want[i])).slice(0, 5)).toEqual([]);
      }
      expect(applied).toBeGreaterThan(0);
    });
  });
}
