/**
 * Export then import: every decision of `policies/` and of the imported TCK
 * models comes back as the same resolved decision. The canonical form drops
 * what DMN cannot carry (positions, English titles and labels, enum labels,
 * clauses, periods, rounding, overrides, assertions, audiences) and the one known translation: a percent literal in a
 * formula is written as its fraction, so literal units are compared by value.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDmn } from '../../src/dmn/export.js';
import { importDmn } from '../../src/dmn/import.js';
import { buildModel, loadModel } from '../../src/pipeline.js';
import type { Decision, Model } from '../../src/model/index.js';
import { parseXml } from '../../src/dmn/xml.js';
import { tckRoot } from './tck-harness.js';

const TCK = tckRoot(join(import.meta.dirname, '../..'));

/** A decision as plain JSON, minus what DMN cannot carry. */
function canonical(d: Decision, model: Model): unknown {
  const single = (id: string) => {
    const c = model.decisions.get(id)?.at(-1);
    return c && c.outputs.length === 1 ? c.outputs[0].name : undefined;
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return String(v);
      const o = v as Record<string, unknown>;
      // A single-output decision's value: `f(x).out` and `f(x)` mean the same.
      if (o.kind === 'field' && (o.target as { kind?: string })?.kind === 'call' && single((o.target as { decision: string }).decision) === o.field) return walk(o.target);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) {
        if (['span', 'source', 'labelEn', 'titleEn', 'is', 'clause', 'effective', 'rounding', 'overrides', 'assertions', 'audience', 'document', 'unit'].includes(k)) continue;
        if (k === 'label' && key === 'values') continue;
        if (k === 'named' && x === undefined) continue;
        // The import trims element text.
        if (k === 'description' && typeof x === 'string') {
          out[k] = x.trim();
          continue;
        }
        out[k] = walk(x, k);
      }
      return out;
    }
    return v;
  };
  return walk(d);
}

function roundTrip(model: Model, ids: string[]) {
  const out = exportDmn(model, ids);
  const back = importDmn(out.text, 'round-trip.dmn');
  expect(back.diagnostics).toEqual([]);
  const rebuilt = buildModel([back.document!]);
  expect(rebuilt.diagnostics).toEqual([]);
  return { out, back: rebuilt.model };
}

describe('policies/ round trip', () => {
  const { model, diagnostics } = loadModel('policies');
  it('loads clean', () => expect(diagnostics).toEqual([]));
  const ids = [...model!.decisions.keys()];

  it('has the 20 decisions', () => expect(ids).toHaveLength(20));

  /** The known limit below (a call passing a computed value needs a business knowledge model): the day must exist in its month. */
  const notExported = ['cs.rebate_report_on_time'];

  it.each(notExported)('%s is refused, with the reason', (id) => {
    const out = exportDmn(model!, [id]);
    expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => /decision `([^`]+)` not exported/.exec(d.message)?.[1])).toEqual([id]);
  });

  it.each(ids.filter((id) => !notExported.includes(id)))('%s exports alone and imports back the same', (id) => {
    const { out, back } = roundTrip(model!, [id]);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.decisions).toContain(id);
    for (const d of out.decisions) {
      expect(canonical(back.decisions.get(d)![0], back)).toEqual(canonical(model!.decisions.get(d)!.at(-1)!, model!));
    }
  });

  it('every document exports whole and imports back the same', () => {
    for (const doc of model!.documents) {
      if (doc.decisions.some((id) => notExported.includes(id))) continue;
      const { out, back } = roundTrip(model!, [doc.id]);
      for (const id of doc.decisions) {
        expect(out.decisions).toContain(id);
        expect(canonical(back.decisions.get(id)![0], back)).toEqual(canonical(model!.decisions.get(id)!.at(-1)!, model!));
      }
    }
  });

  it('writes percents as fractions and DMN 1.4 elements', () => {
    const { text } = exportDmn(model!, ['cs.performance_rate']);
    expect(text).toContain('xmlns="https://www.omg.org/spec/DMN/20211108/MODEL/"');
    expect(text).toContain('<text>&lt; 0.7</text>');
    expect(text).toContain('<text>0.015</text>');
    expect(text).toContain('<itemDefinition id="type-percent" name="percent">');
    expect(parseXml(text).root).toBeDefined();
  });

  it('says what DMN cannot carry', () => {
    const { diagnostics: notes } = exportDmn(model!, ['data.leak_fine']);
    expect(notes.map((d) => d.message)).toEqual(['`data.leak_fine`: assertions, clause, English title, English labels, enum labels not exported']);
  });
});

describe('TCK models round trip', () => {
  const files: string[] = [];
  for (const level of ['compliance-level-2', 'compliance-level-3']) {
    for (const dir of readdirSync(join(TCK, level)).sort()) {
      for (const f of readdirSync(join(TCK, level, dir))) if (f.endsWith('.dmn')) files.push(join(TCK, level, dir, f));
    }
  }
  /**
   * Known limit: DMN decisions take no arguments, so a call that passes computed
   * values (the lending model's helper tables over paths and other decisions)
   * would need a business knowledge model, which the export does not write yet.
   */
  const notExported: Record<string, string[]> = {
    '0004-lending.dmn': ['pre_bureau_risk_category', 'post_bureau_risk_category', 'application_risk_score'],
    '0005-literal-invocation.dmn': ['monthly_payment'],
    '0009-invocation-arithmetic.dmn': ['monthly_payment'],
    '0087-chapter-11-example.dmn': ['bureau_call_type', 'post_bureau_risk_category', 'pre_bureau_risk_category', 'application_risk_score'],
  };
  it.each(files.map((f) => [basename(f), f]))('%s', (name, file) => {
    const first = importDmn(readFileSync(file, 'utf8'), basename(file));
    const model = buildModel([first.document!]).model;
    const ids = [...model.decisions.keys()];
    const out = exportDmn(model, ids);
    const refused = out.diagnostics.filter((d) => d.severity === 'error').map((d) => /decision `([^`]+)` not exported/.exec(d.message)?.[1]);
    expect(refused).toEqual(notExported[name] ?? []);
    expect(out.decisions).toEqual(ids.filter((id) => !refused.includes(id)));
    const back = importDmn(out.text, 'again.dmn');
    expect(back.diagnostics).toEqual([]);
    const again = buildModel([back.document!]).model;
    expect([...again.decisions.keys()]).toEqual(out.decisions);
    for (const id of out.decisions) expect(canonical(again.decisions.get(id)![0], again)).toEqual(canonical(model.decisions.get(id)![0], model));
  });
});
