import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportDmn } from '../../src/dmn/export.js';
import { percentSpelling } from '../../src/dmn/feel.js';
import { importDmn } from '../../src/dmn/import.js';
import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';

function modelOf(yaml: string) {
  const { document } = parseSource(yaml, 'doc.yaml', 'document');
  const r = buildModel([document!]);
  expect(r.diagnostics).toEqual([]);
  return r.model;
}

describe('exportDmn', () => {
  it('escapes user text through the serializer and imports it back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() === s && !/[\u0000-\u001f\ud800-\udfff\ufffe\uffff]/.test(s)), (title) => {
        const yaml = `id: t\ntitle: t\nversion: 1\ndecisions:\n  - id: d.x\n    title: ${JSON.stringify(title)}\n    inputs: { a: { type: number, label: ${JSON.stringify(title)} } }\n    outputs: { b: { type: number } }\n    rules:\n      - when: { a: "< 1" }\n        then: { b: 1 }\n        note: ${JSON.stringify(title)}\n`;
        const out = exportDmn(modelOf(yaml), ['d.x']);
        const back = importDmn(out.text, 'x.dmn');
        expect(back.diagnostics).toEqual([]);
        const d = (back.document!.data as { decisions: { title: string; inputs: { a: { label: string } }; rules: { note: string }[] }[] }).decisions[0];
        expect([d.title, d.inputs.a.label, d.rules[0].note]).toEqual([title, title, title]);
      }),
      { numRuns: 100 },
    );
  });

  it('reports a call with computed arguments instead of writing a wrong model', () => {
    const yaml = `id: t\ntitle: t\nversion: 1\ndecisions:\n  - id: rate\n    inputs: { a: { type: number } }\n    outputs: { r: { type: number } }\n    rules: [ { when: { a: "-" }, then: { r: 1 } } ]\n  - id: twice\n    inputs: { a: { type: number } }\n    outputs: { t: { type: number } }\n    formula: { t: "rate(a * 2)" }\n`;
    const out = exportDmn(modelOf(yaml), ['twice']);
    expect(out.decisions).toEqual(['rate']);
    expect(out.diagnostics.map((d) => d.message)).toEqual([
      'decision `twice` not exported: it calls `rate` with `a * 2` for `a`; a DMN decision reads the model\'s inputs of the same names, so only those can be passed',
    ]);
  });
});

describe('percentSpelling', () => {
  it.each([
    ['< 0.7', '< 70%'],
    ['[0..1]', '[0%..100%]'],
    ['0.015', '1.5%'],
    ['not(0.5, 0.25)', 'not(50%, 25%)'],
    ['"0.5"', '"0.5"'],
  ])('%s → %s', (a, b) => expect(percentSpelling(a)).toBe(b));
});
