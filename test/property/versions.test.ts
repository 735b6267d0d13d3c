/**
 * One semantics in both executions, on generated version sets: a decision
 * defined in several files, each version's period on the decision or on its
 * document (with gaps, and an open end), an exception with its own period and
 * domain, inputs that are numbers, strings, nulls or absent, dates at every
 * period edge. For every case, `evaluate(asOf)` uses exactly the version whose
 * period holds `asOf` (or says `no-version`), and the compiled module gives
 * the same outputs or the same error. Seeded: FC_SEED=<n> replays a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { evaluate } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { parseSource } from '../../src/load/index.js';
import type { SourceDocument } from '../../src/load/source.js';
import { buildModel } from '../../src/pipeline.js';
import { loadCompiled } from '../compile/helpers.js';

setLang('en');
const seed = Number(process.env.FC_SEED ?? 20261203);
const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';

const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);
const iso = (day: number) => new Date(BASE + day * DAY).toISOString().slice(0, 10);

interface Version {
  from: number;
  until?: number;
  onDocument: boolean;
  threshold: number;
}

const versionSet = fc
  .record({
    starts: fc.uniqueArray(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 4 }),
    gaps: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 4 }),
    openEnd: fc.boolean(),
    onDocument: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    thresholds: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }),
    exception: fc.option(fc.record({ from: fc.integer({ min: 0, max: 1500 }), length: fc.integer({ min: 1, max: 600 }), min: fc.integer({ min: 0, max: 20 }) }), { nil: undefined }),
  })
  .map(({ starts, gaps, openEnd, onDocument, thresholds, exception }) => {
    const sorted = [...starts].sort((a, b) => a - b);
    const versions: Version[] = sorted.map((from, i) => {
      const next = sorted[i + 1];
      // Each version ends where the next starts, or some days before it (a gap); the last one is open or ends.
      const until = next !== undefined ? Math.max(from + 1, next - gaps[i]) : openEnd ? undefined : from + 1 + gaps[i] * 10;
      return { from, until, onDocument: onDocument[i], threshold: thresholds[i] };
    });
    return { versions, exception };
  });

function period(v: { from: number; until?: number }): string {
  return `{ from: ${iso(v.from)}${v.until !== undefined ? `, until: ${iso(v.until)}` : ''} }`;
}

/** One file per version: version k answers `k * 100 + row`, so the result names the version used. */
function files(set: { versions: Version[]; exception?: { from: number; length: number; min: number } }): string[] {
  const docs = set.versions.map((v, k) => {
    const own = v.onDocument ? '' : `    effective: ${period(v)}\n`;
    return `id: ed-${k}
title: Edition ${k}
version: ${k + 1}
${v.onDocument ? `effective: ${period(v)}\n` : ''}decisions:
  - id: p.rate
${own}    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    rules:
      - { when: { x: "< ${v.threshold}" }, then: { y: ${k * 100} } }
      - { when: { x: ">= ${v.threshold}" }, then: { y: ${k * 100 + 1} } }
`;
  });
  const e = set.exception;
  if (e) {
    docs.push(`id: exc
title: Exception
version: 1
decisions:
  - id: p.special
    overrides: p.rate
    effective: ${period({ from: e.from, until: e.from + e.length })}
    inputs:
      x: { type: number }
      vip: { type: boolean, domain: "true" }
    outputs: { y: { type: number } }
    rules:
      - { when: { x: ">= ${e.min}" }, then: { y: 9999 } }
`);
  }
  return docs;
}

const inputArb = fc.record(
  {
    x: fc.oneof(fc.integer({ min: -2, max: 22 }), fc.integer({ min: -2, max: 22 }).map(String), fc.constant(null), fc.constant('x')),
    vip: fc.oneof(fc.boolean(), fc.constant('TRUE'), fc.constant(null)),
  },
  { requiredKeys: [] },
);

describe('versions and precedence: one semantics in both executions', () => {
  it('eval(asOf) uses exactly the version in force; the compiled module agrees on versions, exceptions and nulls', async () => {
    await fc.assert(
      fc.asyncProperty(versionSet, fc.array(fc.tuple(fc.integer({ min: -30, max: 2200 }), inputArb), { minLength: 3, maxLength: 8 }), async (set, probes) => {
        const sources: SourceDocument[] = [parseSource(CONFIG, 'rulebook.yaml', 'config').document!];
        files(set).forEach((text, i) => sources.push(parseSource(text, `v${i}.yaml`, 'document').document!));
        const { model, diagnostics } = buildModel(sources);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const { mod } = await loadCompiled(model);
        // Probe every period edge (first day, last day, first day after) besides the random days.
        const edges = set.versions.flatMap((v) => [v.from, v.from - 1, ...(v.until !== undefined ? [v.until - 1, v.until] : [])]);
        const exc = set.exception;
        const days = [...probes.map(([d]) => d), ...edges, ...(exc ? [exc.from, exc.from + exc.length - 1, exc.from + exc.length] : [])];
        for (const [k, day] of days.entries()) {
          const asOf = iso(day);
          const input = probes[k % probes.length][1];
          const r = evaluate(model, 'p.rate', input, { asOf });
          const c = mod.evaluate('p.rate', input, { asOf }) as { output?: unknown; error?: { code: string; input?: string } };
          // The version in force, by the definition: from <= asOf < until.
          const inForce = set.versions.findIndex((v) => v.from <= day && (v.until === undefined || day < v.until));
          const excOn = exc !== undefined && exc.from <= day && day < exc.from + exc.length;
          if (inForce < 0) expect(r.error?.code, asOf).toBe('no-version');
          else if (!r.error) {
            const y = Number(r.output!.y!.toString());
            if (y !== 9999) expect(Math.floor(y / 100), asOf).toBe(inForce);
            else expect(excOn).toBe(true);
          }
          if (r.error) {
            expect(c.error?.code, `${asOf} ${JSON.stringify(input)}`).toBe(r.error.code);
            expect(c.error?.input).toBe(r.error.input);
          } else {
            const d = model.decisions.get('p.rate')!.find((v) => v.effective!.from.iso <= asOf && (!v.effective!.until || asOf < v.effective!.until.iso))!;
            expect(c.output, `${asOf} ${JSON.stringify(input)}`).toEqual(outputsToJson(model, d, r.output!));
          }
        }
      }),
      { seed, numRuns: 60, endOnFailure: true },
    );
  }, 120_000);
});
