/**
 * Diagnostics are data: a code, a catalogue entry with its parameters, and
 * places. Their text is made by the reporter in the reader's language, and the
 * JSON names the document and decision each finding concerns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { concerning, REPORTERS } from '../../src/report/index.js';
import { loadModel } from '../../src/pipeline.js';

const dir = 'test/fixtures/check/overlap/policies';

function findings() {
  const r = loadModel(dir);
  return { diags: [...r.diagnostics, ...check(r.model!)], sources: r.sources };
}

describe('diagnostics as data', () => {
  afterEach(() => setLang('en'));

  it('are made in one language and reported in the reader’s', () => {
    setLang('zh');
    const { diags, sources } = findings();
    const overlap = diags.find((d) => d.code === 'overlap')!;
    expect(overlap.message).toMatch(/都匹配/);
    expect(overlap.key).toBeDefined();
    const en = JSON.parse(REPORTERS.json(diags, { texts: new Map(), color: false, lang: 'en' })).diagnostics;
    const zh = JSON.parse(REPORTERS.json(diags, { texts: new Map(), color: false, lang: 'zh' })).diagnostics;
    const first = en.find((d: { code: string }) => d.code === 'overlap');
    expect(first.message).toMatch(/both match/);
    expect(first.hint).not.toMatch(/[\u4e00-\u9fff]/);
    expect(first.related[0].message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh.find((d: { code: string }) => d.code === 'overlap').message).toBe(overlap.message);
    // The catalogue's key stays inside: the JSON's related places keep the contract's fields.
    expect(Object.keys(first.related[0]).sort()).toEqual(['column', 'endColumn', 'endLine', 'file', 'line', 'message'].filter((k) => k in first.related[0]).sort());
    const pretty = REPORTERS.pretty(diags, { texts: new Map(sources.map((s) => [s.file, s.text])), color: false, lang: 'en' });
    expect(pretty).toMatch(/both match/);
    expect(pretty).not.toMatch(/都匹配/);
    expect(sources.length).toBeGreaterThan(0);
  });

  it('name the document and decision they concern', () => {
    const { diags, sources } = findings();
    const out = JSON.parse(REPORTERS.json(concerning(diags, sources), { texts: new Map(), color: false })).diagnostics;
    const overlaps = out.filter((d: { code: string }) => d.code === 'overlap');
    expect(overlaps.map((d: { document: string; decision: string }) => `${d.document} ${d.decision}`)).toEqual(['fees fees.band', 'fees fees.level']);
    const sarif = JSON.parse(REPORTERS.sarif(concerning(diags, sources), { texts: new Map(), color: false }));
    expect(sarif.runs[0].results.map((r: { properties: { decision?: string } }) => r.properties.decision).filter(Boolean)).toEqual(['fees.band', 'fees.level']);
  });
});
