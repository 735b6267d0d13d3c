/**
 * Superior norms hold for all inputs, and the checker's verdict agrees with
 * the law evaluated directly: the shipped deduction keeps art. 16 at every
 * generated wage, minimum wage and amount owed (seeded), and a deduction that
 * caps at any share above 20% is reported, with a counterexample that is one.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { evaluate } from '../../src/evaluate/index.js';
import { loadModel } from '../../src/pipeline.js';
import { Decimal } from '../../src/runtime/decimal.js';
import { modelOf } from '../evaluate/helpers.js';

const root = join(import.meta.dirname, '../..');

const LAW = `id: law
kind: law
title: Wage law
version: 1
source: { text: "at most 20% of the wage, never below the minimum wage" }
norms:
  - id: cap
    about: wage-deduction
    forAll: { monthly_wage: { type: money, label: monthly wage } }
    that: "wage_deduction <= monthly_wage * 20%"
    message: at most 20% of the wage
  - id: floor
    about: wage-deduction
    forAll:
      monthly_wage: { type: money, label: monthly wage }
      minimum_wage: { type: money, label: minimum wage }
    assume: "monthly_wage >= minimum_wage"
    that: "wage_deduction <= max(0, monthly_wage - minimum_wage)"
    message: never below the minimum wage
`;

const cents = fc.integer({ min: 0, max: 5_000_000 }).map((c) => new Decimal(BigInt(c), 2));

describe('superior-norm', () => {
  it('the shipped monthly deduction keeps both norms of art. 16 at every generated point', () => {
    const model = loadModel(join(root, 'policies')).model!;
    expect(check(model).filter((d) => d.code === 'superior-norm')).toEqual([]);
    const fifth = new Decimal(2n, 1);
    fc.assert(
      fc.property(cents, cents, cents, (owed, wage, minimum) => {
        const r = evaluate(model, 'pay.monthly_deduction', { owed, monthly_wage: wage, minimum_wage: minimum });
        const d = r.output!.deduction as Decimal;
        const left = wage.sub(minimum);
        return d.lte(wage.mul(fifth)) && d.lte(left.sign() > 0 ? left : Decimal.ZERO) && d.lte(owed) && d.sign() >= 0;
      }),
      { seed: 16, numRuns: 2000 },
    );
  });

  it('a cap at any share above 20% is reported, and its counterexample breaks the law', () => {
    setLang('en');
    fc.assert(
      fc.property(fc.integer({ min: 21, max: 100 }), (share) => {
        const model = modelOf(
          LAW,
          `id: pay
title: Pay
version: 1
decisions:
  - id: pay.cut
    inputs: { owed: { type: money }, monthly_wage: { type: money }, minimum_wage: { type: money } }
    outputs: { deduction: { type: money, label: deduction, is: wage-deduction } }
    formula: { deduction: "min(owed, monthly_wage * ${share}%, max(0, monthly_wage - minimum_wage))" }
    rounding: { mode: down, step: 0.01 }
`,
        );
        const found = check(model).filter((d) => d.code === 'superior-norm');
        if (found.length !== 1 || !found[0].message.includes('at most 20% of the wage')) return false;
        // The witness, evaluated: the deduction there exceeds a fifth of the wage.
        const w = found[0].witness!.input;
        const r = evaluate(model, 'pay.cut', { owed: w.owed, monthly_wage: w.monthly_wage, minimum_wage: w.minimum_wage });
        return (r.output!.deduction as Decimal).gt(Decimal.parse(w.monthly_wage)!.mul(new Decimal(2n, 1)));
      }),
      { seed: 16, numRuns: 20 },
    );
  });

  it('rounding a lawful deduction up to the cent is itself reported (what is left falls under the minimum)', () => {
    setLang('en');
    const model = modelOf(
      LAW,
      `id: pay
title: Pay
version: 1
decisions:
  - id: pay.cut
    inputs: { owed: { type: money }, monthly_wage: { type: money }, minimum_wage: { type: money } }
    outputs: { deduction: { type: money, label: deduction, is: wage-deduction } }
    formula: { deduction: "min(owed, monthly_wage * 20%, max(0, monthly_wage - minimum_wage))" }
    rounding: { mode: up, step: 0.01 }
`,
    );
    const found = check(model).filter((d) => d.code === 'superior-norm');
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(d.severity).toBe('error');
  });

  it('an output saying it is what no law speaks of (a misspelt kind) is warned of at the output, with the kind meant', () => {
    setLang('en');
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-is-'));
    try {
      cpSync(join(root, 'policies'), dir, { recursive: true });
      const file = join(dir, 'deductions.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('is: wage-deduction', 'is: wage-deducton'));
      const line = text.split('\n').findIndex((l) => l.includes('is: wage-deduction')) + 1;
      const found = loadModel(dir).diagnostics.filter((d) => d.code === 'dangling-ref');
      expect(found.map((d) => [d.severity, d.line, d.message, d.hint])).toEqual([
        ['warning', line, 'no law of this policy set speaks of `wage-deducton`, so none binds this output', 'did you mean `wage-deduction`?'],
      ]);
      // Spelt right, nothing is said; without a law in the set, `is:` is not questioned.
      writeFileSync(file, text);
      expect(loadModel(dir).diagnostics.filter((d) => d.code === 'dangling-ref')).toEqual([]);
      rmSync(join(dir, 'law-wage-payment.yaml'));
      writeFileSync(file, text.replace('is: wage-deduction', 'is: wage-deducton'));
      expect(loadModel(dir).diagnostics.filter((d) => d.code === 'dangling-ref')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('binds the versions in force while the law is, not those that ended before it took effect', () => {
    setLang('en');
    const law = LAW.replace('version: 1\n', 'version: 1\neffective: { from: 1995-01-01 }\n');
    const pay = (until: string) => `id: pay
title: Pay
version: 1
decisions:
  - id: pay.cut
    effective: { from: 1990-01-01, until: ${until} }
    inputs: { owed: { type: money }, monthly_wage: { type: money } }
    outputs: { deduction: { type: money, label: deduction, is: wage-deduction } }
    formula: { deduction: "min(owed, monthly_wage * 50%)" }
  - id: pay.cut
    effective: { from: ${until} }
    inputs: { owed: { type: money }, monthly_wage: { type: money } }
    outputs: { deduction: { type: money, label: deduction, is: wage-deduction } }
    formula: { deduction: "min(owed, monthly_wage * 10%)" }
`;
    const found = (until: string) => check(modelOf(law, pay(until))).filter((d) => d.code === 'superior-norm' && d.message.includes('at most 20% of the wage'));
    // (The floor norm is broken by both, the 10% version having no minimum wage to keep: only the cap is looked at.)
    // The 50% version ended the day the law took effect: nothing it did was under the law.
    expect(found('1995-01-01')).toEqual([]);
    // One day under the law is enough; the finding is at the old version's output.
    const late = found('1995-01-02');
    expect(late.length).toBeGreaterThan(0);
    for (const d of late) expect(d.line).toBe(8);
  });

  it('binds only outputs that declare what they are, and only from a law', () => {
    const fine = `id: fines
title: Fines
version: 1
decisions:
  - id: fines.leak
    inputs: { count: { type: integer, domain: ">= 1" } }
    outputs: { fine: { type: money, IS } }
    formula: { fine: "1000 * count" }
`;
    const codes = (text: string, law = LAW) => check(modelOf(law, text)).filter((d) => d.code === 'superior-norm').length;
    expect(codes(fine.replace('IS', 'is: wage-deduction'))).toBe(2);
    expect(codes(fine.replace(', IS', ''))).toBe(0);
    expect(codes(fine.replace('IS', 'is: bonus'))).toBe(0);
    // A misspelt name in a norm is an error at the name, with the name it meant, instead of binding nothing in silence.
    expect(() => modelOf(LAW.replace('that: "wage_deduction <=', 'that: "wage_deductoin <='), fine.replace('IS', 'is: wage-deduction'))).toThrow(
      /doc0\.yaml:10:12 unknown name `wage_deductoin`/,
    );
    expect(() => modelOf(LAW.replace('assume: "monthly_wage >=', 'assume: "monthly_wag >='), fine.replace('IS', 'is: wage-deduction'))).toThrow(/doc0\.yaml:\d+:\d+ unknown name `monthly_wag`/);
    // A norm that is no yes/no question is a type error, not a norm that never answers.
    expect(() => modelOf(LAW.replace('that: "wage_deduction <= monthly_wage * 20%"', 'that: "wage_deduction + monthly_wage"'), fine.replace('IS', 'is: wage-deduction'))).toThrow(/doc0\.yaml:10:\d+ /);
    // The same norms in a document that is not a law bind nothing.
    expect(codes(fine.replace('IS', 'is: wage-deduction'), LAW.replace('kind: law\n', ''))).toBe(0);
  });
});
