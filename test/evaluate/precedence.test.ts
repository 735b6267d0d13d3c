/**
 * Time, precedence and absence, read the same by the interpreter and the
 * compiled module: periods across files (a decision's own `effective`, else
 * its document's), `overrides` evaluated (the exception's outputs where it
 * applies, the general rule's elsewhere, named in the explanation), input
 * defaults, and the diagnostics for what cannot be evaluated.
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
import { docOf, modelOf } from './helpers.js';

setLang('en');

const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';

/** The model and every diagnostic (resolve and check) of documents given as texts. */
function build(...docs: string[]) {
  const sources: SourceDocument[] = [parseSource(CONFIG, 'rulebook.yaml', 'config').document!];
  docs.forEach((text, i) => sources.push(parseSource(text, `doc${i}.yaml`, 'document').document!));
  const { model, diagnostics } = buildModel(sources);
  return { model, diagnostics: [...diagnostics, ...check(model)] };
}

const edition = (year: number, rate: string, until = true) => `id: rates-${year}
title: Rates ${year}
version: ${year}
effective: { from: ${year}-01-01${until ? `, until: ${year + 1}-01-01` : ''} }
decisions:
  - id: cs.rate
    inputs: { x: { type: number } }
    outputs: { r: { type: percent } }
    formula: { r: "${rate}" }
`;

describe('periods', () => {
  it('two editions in two files are versions of one decision, each in force in its document\'s period', async () => {
    const { model, diagnostics } = build(edition(2025, '1%'), edition(2026, '2%'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.decisions.get('cs.rate')!.map((d) => [d.effective?.from.iso, d.periodFromDocument])).toEqual([
      ['2025-01-01', true],
      ['2026-01-01', true],
    ]);
    const { mod } = await loadCompiled(model);
    for (const [asOf, want] of [['2025-12-31', '0.01'], ['2026-01-01', '0.02'], ['2026-12-31', '0.02']] as const) {
      expect(evaluate(model, 'cs.rate', { x: 1 }, { asOf }).output?.r?.toString()).toBe(want);
      expect(mod.evaluate('cs.rate', { x: 1 }, { asOf }).output).toEqual({ r: want });
    }
    for (const asOf of ['1900-01-01', '2027-01-01']) {
      const e = evaluate(model, 'cs.rate', { x: 1 }, { asOf }).error!;
      expect(e).toMatchObject({ code: 'no-version', asOf });
      expect(e.hint).toMatch(/2026-01-01–2026-12-31|2025-01-01–2025-12-31/);
      expect(mod.evaluate('cs.rate', { x: 1 }, { asOf }).error).toMatchObject({ code: 'no-version', asOf });
      // The last day in force, as the handbook prints it; never the exclusive `until`.
      expect(e.hint).not.toMatch(/–20\d\d-01-01/);
      expect((mod.evaluate('cs.rate', { x: 1 }, { asOf }).error as { message?: string } | undefined)?.message).toMatch(/2026-01-01–2026-12-31|2025-01-01–2025-12-31/);
    }
  });

  it('overlapping and gapped periods across files are findings; the same id without periods stays duplicate-id', () => {
    const overlap = build(edition(2025, '1%', false), edition(2026, '2%'));
    expect(overlap.diagnostics.map((d) => `${d.code} ${d.file}`)).toContain('period-overlap doc1.yaml');
    const gap = build(edition(2025, '1%'), edition(2027, '2%'));
    expect(gap.diagnostics.find((d) => d.code === 'period-gap')?.witness).toMatchObject({ asOf: '2026-01-01' });
    const plain = (n: number) => docOf(`  - id: cs.rate\n    inputs: { x: { type: number } }\n    outputs: { r: { type: number } }\n    formula: { r: "${n}" }\n`, `doc-${n}`);
    const dup = build(plain(1), plain(2));
    expect(dup.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => d.file)).toEqual(['doc1.yaml']);
  });

  it('an `until` before its `from` is a diagnostic at the place, with a hint', () => {
    const { diagnostics } = build(edition(2025, '1%').replace('until: 2026-01-01', 'until: 2024-01-01'));
    const d = diagnostics.find((x) => x.code === 'range')!;
    expect(d).toMatchObject({ file: 'doc0.yaml', line: 4 });
    expect(d.hint).toContain('until');
  });
});

const fines = `id: fines
title: Fines
version: 1
sections:
  - { id: leak, title: Leak, text: "1000 per leak." }
  - { id: serious, title: Serious, text: "10000 for a serious leak." }
decisions:
  - id: f.leak
    clause: "#leak"
    inputs:
      count: { type: integer, domain: ">= 1" }
    outputs:
      fine: { type: money }
      dismissal: { type: boolean }
    formula: { fine: "1000 * count", dismissal: false }
  - id: f.serious
    clause: "#serious"
    overrides: f.leak
    inputs:
      serious: { type: boolean, domain: "true" }
    outputs:
      fine: { type: money }
      dismissal: { type: boolean }
    formula: { fine: 10000, dismissal: true }
  - id: f.payroll
    inputs:
      count: { type: integer, domain: ">= 1" }
      serious: { type: boolean }
    outputs:
      deduction: { type: money }
    formula: { deduction: "f.leak(count: count, serious: serious).fine" }
`;

describe('precedence is evaluated', () => {
  const model = modelOf(fines);

  it('asking the general rule gives the exception\'s outputs where it applies, the rule\'s elsewhere, in both executions', async () => {
    const { mod } = await loadCompiled(model);
    const d = model.decisions.get('f.leak')![0];
    for (const [input, want] of [
      [{ count: 3, serious: true }, { fine: '10000.00', dismissal: true }],
      [{ count: 3, serious: false }, { fine: '3000.00', dismissal: false }],
      [{ count: 3, serious: 'TRUE' }, { fine: '10000.00', dismissal: true }],
    ] as const) {
      const r = evaluate(model, 'f.leak', input);
      expect(outputsToJson(model, d, r.output!)).toEqual(want);
      expect(mod.evaluate('f.leak', input).output).toEqual(want);
      expect(mod.f_leak(input).output).toEqual(want);
    }
    // A caller (a formula) gives the exception's fact by name and gets the imposed fine.
    expect(evaluate(model, 'f.payroll', { count: 2, serious: true }).output?.deduction?.toString()).toBe('10000');
    expect(mod.evaluate('f.payroll', { count: 2, serious: true }).output).toEqual({ deduction: '10000.00' });
    expect(mod.evaluate('f.payroll', { count: 2, serious: false }).output).toEqual({ deduction: '2000.00' });
  });

  it('an exception table covers only where it applies: no `gap` for it; elsewhere the general rule answers, in both', async () => {
    const doc = docOf(`  - id: f.fine
    inputs: { count: { type: integer, domain: ">= 1" } }
    outputs: { fine: { type: money } }
    formula: { fine: "1000 * count" }
  - id: f.big
    overrides: f.fine
    inputs: { count: { type: integer, domain: ">= 1" } }
    outputs: { fine: { type: money } }
    rules:
      - when: { count: ">= 10" }
        then: { fine: 50000 }
`);
    const { model: m, diagnostics } = build(doc);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The same table without `overrides` is incomplete, and says so.
    expect(build(doc.replace('    overrides: f.fine\n', '')).diagnostics.some((d) => d.code === 'gap')).toBe(true);
    const { mod } = await loadCompiled(m);
    for (const [count, want] of [[1, '1000.00'], [9, '9000.00'], [10, '50000.00'], [11, '50000.00']] as const) {
      expect(outputsToJson(m, m.decisions.get('f.fine')![0], evaluate(m, 'f.fine', { count }).output!)).toEqual({ fine: want });
      expect(mod.evaluate('f.fine', { count }).output).toEqual({ fine: want });
    }
    // Asked directly, the exception answers only where it applies.
    expect(evaluate(m, 'f.big', { count: 1 }).error?.code).toBe('no-match');
    expect(mod.evaluate('f.big', { count: 1 }).error?.code).toBe('no-match');
  });

  it('the exception\'s fact is required: leaving it out (or null) is missing-input in both', async () => {
    const { mod } = await loadCompiled(model);
    for (const input of [{ count: 3 }, { count: 3, serious: null }]) {
      expect(evaluate(model, 'f.leak', input).error).toMatchObject({ code: 'missing-input', input: 'serious' });
      expect(mod.evaluate('f.leak', input).error).toMatchObject({ code: 'missing-input', input: 'serious' });
    }
  });

  it('the explanation names the exception and its clause', async () => {
    const r = evaluate(model, 'f.leak', { count: 1, serious: true }, { explain: true });
    expect(r.explain?.exception).toMatchObject({ decision: 'f.serious', clause: 'fines#serious' });
    expect(r.explain?.rows).toEqual([]);
    const { mod } = await loadCompiled(model);
    const c = mod.evaluate('f.leak', { count: 1, serious: true }, { explain: true }) as { explain?: { exception?: unknown } };
    expect(c.explain?.exception).toMatchObject({ decision: 'f.serious', clause: 'fines#serious' });
    expect(evaluate(model, 'f.leak', { count: 1, serious: false }, { explain: true }).explain?.exception).toBeUndefined();
  });

  it('two exceptions that both apply with different outputs are an overlap with a witness (and an error when evaluated)', async () => {
    const two = fines.replace(
      '  - id: f.payroll',
      `  - id: f.repeat
    overrides: f.leak
    inputs:
      count: { type: integer, domain: ">= 5" }
    outputs:
      fine: { type: money }
      dismissal: { type: boolean }
    formula: { fine: 8000, dismissal: true }
  - id: f.payroll`,
    );
    const { model: m, diagnostics } = build(two);
    const o = diagnostics.find((d) => d.code === 'overlap')!;
    expect(o.message).toContain('f.repeat');
    expect(String((o.witness!.input as Record<string, unknown>).serious)).toBe('true');
    expect(Number((o.witness!.input as Record<string, unknown>).count)).toBeGreaterThanOrEqual(5);
    expect(evaluate(m, 'f.leak', { count: 6, serious: true }).error?.code).toBe('unique-violated');
    const { mod } = await loadCompiled(m);
    expect(mod.evaluate('f.leak', { count: 6, serious: true }).error?.code).toBe('unique-violated');
    expect(mod.evaluate('f.leak', { count: 6, serious: false }).output).toEqual({ fine: '8000.00', dismissal: true });
  });

  it('overrides naming an unknown id, a decision with other outputs, or forming a cycle is a diagnostic at the place', () => {
    const unknown = build(fines.replace('overrides: f.leak', 'overrides: f.leek'));
    expect(unknown.diagnostics.find((d) => d.code === 'dangling-ref')).toMatchObject({ file: 'doc0.yaml', line: 18 });
    const other = build(fines.replace('      fine: { type: money }\n      dismissal: { type: boolean }\n    formula: { fine: 10000, dismissal: true }', '      fine: { type: money }\n    formula: { fine: 10000 }'));
    const d = other.diagnostics.find((x) => x.code === 'type' && x.message.includes('other outputs'))!;
    expect(d).toMatchObject({ file: 'doc0.yaml', line: 18 });
    expect(d.hint).toBeDefined();
    const cycle = build(fines.replace('    clause: "#leak"\n', '    clause: "#leak"\n    overrides: f.serious\n'));
    const c = cycle.diagnostics.find((x) => x.code === 'cycle')!;
    expect(c.message).toContain('f.leak');
    expect(c.message).toContain('f.serious');
  });
});

describe('absence and defaults', () => {
  const doc = docOf(`  - id: d.pay
    inputs:
      hours: { type: number }
      night: { type: boolean, default: false }
    outputs: { pay: { type: money } }
    formula: { pay: "if night then hours * 20 else hours * 15" }
`);
  const model = modelOf(doc);

  it('null and undefined are missing-input; an input with a default takes it, and the explanation says so', async () => {
    const { mod } = await loadCompiled(model);
    for (const input of [{ hours: null, night: true }, { night: true }]) {
      expect(evaluate(model, 'd.pay', input).error).toMatchObject({ code: 'missing-input', input: 'hours' });
      expect(mod.evaluate('d.pay', input).error).toMatchObject({ code: 'missing-input', input: 'hours' });
    }
    for (const input of [{ hours: 4 }, { hours: 4, night: null }]) {
      const r = evaluate(model, 'd.pay', input, { explain: true });
      expect(r.output?.pay?.toString()).toBe('60');
      expect(r.explain?.defaultedInputs).toEqual(['night']);
      const c = mod.evaluate('d.pay', input, { explain: true }) as { output?: unknown; explain?: { defaultedInputs?: string[] } };
      expect(c.output).toEqual({ pay: '60.00' });
      expect(c.explain?.defaultedInputs).toEqual(['night']);
    }
  });

  it('a default outside the input\'s domain, or on an output, is a diagnostic', () => {
    const bad = build(doc.replace('night: { type: boolean, default: false }', 'night: { type: boolean, default: false, domain: "true" }'));
    expect(bad.diagnostics.find((d) => d.code === 'range')?.message).toContain('default');
    const out = build(doc.replace('pay: { type: money }', 'pay: { type: money, default: 0 }'));
    expect(out.diagnostics.some((d) => d.severity === 'error' && d.message.includes('default'))).toBe(true);
  });

  it('asOf must be a real date in both executions', async () => {
    const { mod } = await loadCompiled(model);
    for (const asOf of ['2026-3-1', 'garbage', '2026-02-30']) {
      expect(evaluate(model, 'd.pay', { hours: 1 }, { asOf }).error?.code).toBe('bad-as-of');
      expect(mod.evaluate('d.pay', { hours: 1 }, { asOf }).error?.code).toBe('bad-as-of');
    }
  });
});

describe('decides: a declared relation', () => {
  it('naming an unknown id, or a decision with other outputs, is a diagnostic at the `decides`', () => {
    const doc = docOf(`  - id: a.one
    inputs: { x: { type: number } }
    outputs: { y: { type: number } }
    formula: { y: "x" }
  - id: a.two
    decides: a.one
    inputs: { x: { type: number } }
    outputs: { z: { type: number } }
    formula: { z: "x" }
`);
    const other = build(doc);
    expect(other.diagnostics.find((d) => d.message.includes('other outputs'))).toMatchObject({ code: 'type', line: 10 });
    const unknown = build(doc.replace('decides: a.one', 'decides: a.onee'));
    expect(unknown.diagnostics.find((d) => d.code === 'dangling-ref')).toMatchObject({ line: 10 });
  });
});
