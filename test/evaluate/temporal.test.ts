/**
 * FEEL's temporal built-ins in a rulebook document, end to end: type-checked,
 * run by the interpreter and by the compiled module, which must agree.
 * Tenure in years and months and a deadline in days and hours, exact.
 */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { evaluate } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import type { SourceDocument } from '../../src/load/source.js';
import { loadCompiled } from '../compile/helpers.js';

setLang('en');

const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';
const DOC = `id: hr-tenure
title: Tenure
version: 1
decisions:
  - id: hr.tenure
    inputs: { hired: { type: date }, today: { type: date } }
    outputs: { tenure: { type: string }, gap: { type: string }, late: { type: boolean }, due: { type: string } }
    formula:
      tenure: "string(years_and_months_duration(hired, today))"
      gap: "string(date_and_time(\\"2026-03-01T09:00:00+08:00\\") - date_and_time(\\"2026-02-27T17:30:00.25+08:00\\"))"
      late: "duration(\\"PT23H\\") + duration(\\"PT0.1S\\") > duration(\\"P1D\\")"
      due: "string(today + duration(\\"P1M\\"))"
`;

describe('temporal built-ins', () => {
  it('tenure, a gap of days and hours, an order of durations, a month later: the same in both executions', async () => {
    const sources: SourceDocument[] = [parseSource(CONFIG, 'rulebook.yaml', 'config').document!, parseSource(DOC, 'doc.yaml', 'document').document!];
    const { model, diagnostics } = buildModel(sources);
    expect([...diagnostics, ...check(model)].filter((d) => d.severity === 'error')).toEqual([]);
    const { mod } = await loadCompiled(model);
    const d = model.decisions.get('hr.tenure')![0];
    for (const [input, want] of [
      [{ hired: '2021-08-24', today: '2026-01-31' }, { tenure: 'P4Y5M', gap: 'P1DT15H29M59.75S', late: false, due: '2026-02-28' }],
      [{ hired: '2026-02-01', today: '2026-01-31' }, { tenure: 'P0M', gap: 'P1DT15H29M59.75S', late: false, due: '2026-02-28' }],
      [{ hired: '2027-03-01', today: '2026-01-31' }, { tenure: '-P1Y1M', gap: 'P1DT15H29M59.75S', late: false, due: '2026-02-28' }],
    ] as const) {
      const r = evaluate(model, 'hr.tenure', input);
      expect(r.error).toBeUndefined();
      expect(outputsToJson(model, d, r.output!)).toEqual(want);
      expect(mod.evaluate('hr.tenure', input).output).toEqual(want);
    }
  });
});
