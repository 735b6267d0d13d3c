/**
 * The readings the encoding of the seed had to choose: each is stated as a
 * correction in its document, and each holds in the shipped policies as the
 * correction says (evaluated here over every case it speaks of).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import { Decimal } from '../../src/runtime/decimal.js';
import type { Model, Value } from '../../src/model/index.js';
import { check } from '../../src/check/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';

const root = join(import.meta.dirname, '../..');
const model: Model = loadModel(join(root, 'policies')).model!;

function correctionOn(doc: string, clause: string) {
  return model.documents.find((d) => d.id === doc)?.corrections.filter((c) => c.clause?.section === clause).at(-1);
}

function out(id: string, input: Record<string, unknown>): Record<string, Value> {
  const r = evaluate(model, id, input);
  if (r.error) throw new Error(`${id}: ${r.error.code} ${r.error.message}`);
  return r.output!;
}

const money = (v: Value) => (v as Decimal).toString();

describe('readings of the seed, stated and holding', () => {
  it('personal files: with approval they may be copied or taken out, never read or shown', () => {
    const c = correctionOn('cs-documents', 'personal-files');
    expect(c?.corrected).toMatch(/复印或带离办公室/);
    const allowed = (action: string, gm: boolean) => out('docs.access', { document: 'secret', personal_file: true, action, gm_approved: gm }).allowed;
    expect(['read', 'copy', 'take_out', 'disclose'].map((a) => allowed(a, true))).toEqual([false, true, true, false]);
    expect(['read', 'copy', 'take_out', 'disclose'].map((a) => allowed(a, false))).toEqual([false, false, false, false]);
  });

  it("the department head's fine is twice the fine the employee actually gets", () => {
    expect(correctionOn('cs-customer-data', 'joint-liability')?.corrected).toMatch(/两倍/);
    // Per leak, the fine the employee gets is the per-leak fine; with serious consequences the serious-leak fine replaces it.
    const perLeak = out('data.leak_fine', { offense: 'leak', material: 'work_diary', count: 3, serious_consequence: false });
    expect(money(perLeak.fine_min)).toBe('3000');
    const serious = out('data.leak_fine', { offense: 'leak', material: 'work_diary', count: 3, serious_consequence: true });
    expect([money(serious.fine_min), money(serious.fine_max)]).toEqual(['10000', '100000']);
    // The head pays twice what is actually imposed: ¥3,000 per three leaks, ¥30,000 chosen within the serious range, the coercion maximum.
    for (const imposed of ['3000', '30000', '150000']) {
      expect(money(out('data.head_fine', { employee_fine: imposed }).head_fine)).toBe(Decimal.parse(imposed)!.mul(Decimal.fromBigInt(2n)).toString());
    }
  });

  it('the serious-leak clause is read over every classified material, and says so', () => {
    const c = correctionOn('cs-customer-data', 'penalty-serious-leak');
    expect(c?.original).toMatch(/客户资料秘密/);
    expect(c?.reason).toMatch(/字面范围更窄/);
    // The decision takes no material: it answers alike for a leak of any of them, asked directly or through the per-leak fine.
    expect(model.decisions.get('data.serious_leak_fine')![0].inputs.map((f) => f.name)).not.toContain('material');
    for (const material of ['customer_info', 'development_record', 'visit_call_record', 'handover_record', 'work_diary']) {
      const r = out('data.leak_fine', { offense: 'leak', material, count: 1, serious_consequence: true });
      expect([money(r.fine_min), money(r.fine_max), r.dismissal]).toEqual(['10000', '100000', true]);
    }
  });

  it('a day of the month must exist in its month, for every month length and day', () => {
    for (const days of [28, 29, 30, 31]) {
      for (let day = 1; day <= 31; day++) {
        for (const report of ['rebate_report', 'rebate_balance']) {
          const r = evaluate(model, 'cs.rebate_report_on_time', { report, days_in_month: days, done_day: day });
          if (day > days) expect(r.error?.code, `${report} day ${day} of ${days}`).toBe('out-of-domain');
          else expect(r.output?.on_time, `${report} day ${day} of ${days}`).toBe(report === 'rebate_report' ? day < 6 : true);
        }
      }
    }
  });

  it("the source's own gaps are recorded and listed by check as info, at the clause they concern", () => {
    setLang('en');
    const infos = check(model).filter((d) => d.code === 'open-question');
    expect(infos.every((d) => d.severity === 'info')).toBe(true);
    const at = (doc: string, section: string) => model.documents.find((d) => d.id === doc)!.openQuestions!.filter((q) => q.clause?.section === section).map((q) => q.id);
    // No per-leak fine for the franchise contract, teller-permission content or survey analysis; no custody rule for customer information.
    expect(at('cs-customer-data', 'penalty-leak')).toEqual(['leak-franchise-contract', 'leak-teller-permission', 'leak-survey-analysis']);
    expect(at('cs-customer-data', 'custody')).toEqual(['custody-customer-info']);
    expect(at('cs-customer-data', 'penalty-serious-leak')).toContain('serious-leak-scope');
    const total = model.documents.reduce((n, d) => n + (d.openQuestions?.length ?? 0), 0);
    expect(infos.length).toBe(total);
    for (const d of infos) expect(d.related?.[0].message).toBe('the clause it concerns');
    // And they are what the source says: no per-leak fine exists for those three materials.
    const leakMaterials = model.decisions.get('data.leak_fine')![0].inputs.find((f) => f.name === 'material')!.type.values!.map((v) => v.key);
    for (const m of ['franchise_contract', 'teller_permission', 'survey_analysis']) expect(leakMaterials).not.toContain(m);
    const custody = model.decisions.get('data.custody')![0].inputs[0].type.values!.map((v) => v.key);
    expect(custody).not.toContain('customer_info');
  });

  describe('a month without first place is an award of ¥0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-team-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is stated, and a batch over the whole team exits 0', () => {
      expect(correctionOn('cs-awards', 'special-award')?.corrected).toMatch(/0元/);
      expect(money(out('cs.special_award', { consecutive_months: 0 }).award)).toBe('0');
      const file = join(dir, 'team.csv');
      writeFileSync(file, 'consecutive_months\n0\n0\n1\n0\n4\n');
      const r = spawnSync(process.execPath, [join(root, 'bin/rulebook.js'), 'eval', 'cs.special_award', '--input-file', file], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(0);
      const awards = r.stdout.trim().split('\n').map((l) => JSON.parse(l).output?.award);
      expect(awards.map(Number)).toEqual([0, 0, 50, 0, 200]);
    });
  });
});
