// The calculators' words layer (templates/assets/calc-words.js, the file the
// browser runs) over the real compiled evaluator and the real calculator data
// of the shipped policies: results and explanations in words, errors naming
// the field, and the input rule of the percent and money boxes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileEvaluator } from '../../src/compile/index.js';
import type { Model } from '../../src/model/index.js';
import { loadModel } from '../../src/pipeline.js';
import { calcData, type CalcData } from '../../src/render/calculator.js';
import { presentContext } from '../../src/render/present.js';
import { classicEvaluator } from '../../src/render/index.js';
import '../../templates/assets/calc-words.js';

interface Words {
  fmt(v: unknown, field: unknown, data: CalcData): string;
  parseInput(raw: string, field: unknown, data: CalcData, example?: string): { value?: string; error?: string; empty?: boolean; note?: string };
  explainSteps(e: unknown, data: CalcData): string[];
  errorText(err: unknown, data: CalcData, top: string, entered: Record<string, unknown>): string;
}
type Evaluate = (id: string, input: Record<string, unknown>, opts?: { explain?: boolean; asOf?: string }) => { output?: Record<string, unknown>; error?: { code: string }; explain?: unknown };

const W = (globalThis as unknown as { RulebookCalcWords: Words }).RulebookCalcWords;
let model: Model;
let zh: CalcData;
let en: CalcData;
let evaluate: Evaluate;
const dir = mkdtempSync(join(tmpdir(), 'rulebook-calc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  model = loadModel('policies').model!;
  zh = calcData(model, presentContext(model, 'zh'));
  en = calcData(model, presentContext(model, 'en'));
  const file = join(dir, 'evaluator.mjs');
  writeFileSync(file, compileEvaluator(model).js);
  evaluate = ((await import(pathToFileURL(file).href)) as { evaluate: Evaluate }).evaluate;
});

/** What the page does: read the boxes through parseInput, evaluate with the explanation, put it in words. */
function run(data: CalcData, id: string, boxes: Record<string, string>): string[] {
  const dec = data.decisions[id];
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(boxes)) {
    const f = dec.inputs[name];
    if (['enum', 'string', 'date'].includes(f.kind)) input[name] = raw;
    else if (f.kind === 'boolean') input[name] = raw === 'true';
    else {
      const r = W.parseInput(raw, f, data);
      if (r.error) return [r.error];
      if (!r.empty) input[name] = r.value;
    }
  }
  const r = evaluate(id, input, { explain: true });
  if (r.error) return [W.errorText(r.error, data, id, input)];
  const head = dec.order.filter((n) => n in r.output!).map((n) => `${dec.outputs[n].label} ${W.fmt(r.output![n], dec.outputs[n], data)}`);
  return [head.join(data.lang === 'zh' ? '，' : ', '), ...W.explainSteps(r.explain, data)];
}

describe('calculator words', () => {
  it('explains the commission as steps in words, in both languages', () => {
    expect(run(zh, 'cs.performance_bonus', { sales: '100000', conversion: '72' })).toEqual([
      '提成金额 ¥1,500',
      '销售额 ¥100,000 × 提成比例 1.5% = 提成金额 ¥1,500',
      '提成比例 1.5%，取自“询单转化率 ≥ 70%”一档',
    ]);
    expect(run(en, 'cs.performance_bonus', { sales: '12,345.67', conversion: '50' })).toEqual([
      'commission ¥123.46',
      'sales ¥12,345.67 × commission rate 1% = commission ¥123.46',
      'commission rate 1%, from the row “inquiry conversion rate < 70%”',
    ]);
  });

  it('names the row of a table by its condition and enum values by their labels', () => {
    const steps = run(zh, 'data.classification', { material: 'customer_info' });
    expect(steps[0]).toBe('密级 绝密');
    expect(steps[1]).toMatch(/^适用“资料为.*客户资料.*”：密级 绝密$/);
    // A not() of values reads as 不是 / is not, not as 为非.
    expect(run(zh, 'cs.sanction_record', { kind: 'warning' })[1]).toMatch(/^适用“处分方式不是开除”：/);
    expect(run(en, 'cs.sanction_record', { kind: 'warning' })[1]).toMatch(/^“kind of sanction is not 开除” applies: /);
  });

  it('asks for what decides an exception, and says when the exception’s answer is given', () => {
    expect(Object.keys(zh.decisions['data.leak_fine'].inputs)).toEqual(['offense', 'material', 'count', 'serious_consequence']);
    const steps = run(zh, 'data.leak_fine', { offense: 'leak', material: 'customer_info', serious_consequence: 'true', count: '2' });
    expect(steps[0]).toBe('罚款下限 ¥10,000，罚款上限 ¥100,000，予以除名 是，可视情节提交执法部门 是');
    expect(steps[1]).toBe('此情形适用特别规定“泄密造成严重后果的罚款”，优先于一般规定');
    expect(steps.join('')).not.toMatch(/overrides|data\./);
  });

  it('leaves constants out of the steps and shows amounts with their units', () => {
    const steps = run(zh, 'data.leak_fine', { offense: 'leak', material: 'customer_info', serious_consequence: 'false', count: '２' });
    expect(steps).toContain('¥1,000 × 泄露次数 2 = 罚款下限 ¥2,000');
    expect(steps.some((s) => s.startsWith('否 ='))).toBe(false);
    // A factor of an amount is a plain number: twice the fine, not ¥2 times it.
    expect(run(zh, 'data.head_fine', { employee_fine: '2000' })).toEqual(['主管罚金 ¥4,000', '2 × 对员工实际处以的罚款 ¥2,000 = 主管罚金 ¥4,000']);
  });

  it('shows the values a min/max or an and compared, not the formula alone', () => {
    expect(run(zh, 'pay.monthly_deduction', { owed: '1000', monthly_wage: '6000', minimum_wage: '2000' })).toEqual([
      '本月扣除 ¥1,000',
      '取较小值(应扣金额（含上月结转） ¥1,000，当月工资 ¥6,000 × 20%，取较大值(¥0，当月工资 ¥6,000 - 当地月最低工资标准 ¥2,000)) = 本月扣除 ¥1,000',
    ]);
    expect(run(en, 'docs.borrow_registration', { has_date: 'true', has_purpose: 'true', has_handler: 'false', has_return_date: 'true' })).toEqual([
      'complete no',
      'date recorded yes and purpose recorded yes and handler recorded no and return date recorded yes = complete no',
    ]);
  });

  it('words every error with the field and what it allows, never an id or a code', () => {
    const all = [
      ...run(zh, 'cs.performance_bonus', { sales: '100000', conversion: '150' }),
      ...run(zh, 'cs.performance_bonus', { conversion: '72' }),
      ...run(zh, 'data.leak_fine', { offense: 'leak', material: 'customer_info', serious_consequence: 'false', count: '1.5' }),
      ...run(zh, 'data.leak_fine', { offense: 'leak', material: 'customer_info', serious_consequence: 'false', count: '0' }),
      ...run(en, 'data.leak_fine', { offense: 'coercion', material: 'customer_info', serious_consequence: 'false', count: '1' }),
    ];
    expect(all).toEqual([
      '“询单转化率”的取值范围是 0% 至 100%，您填写的是 150%。',
      '请填写“销售额”。',
      '“泄露次数”请填写整数。',
      '“泄露次数”的取值范围是 ≥ 1，您填写的是 0。',
      '“offense” must be 泄露客户资料; you entered 利用职权强制他人违反客服资料保密规定.',
    ]);
    for (const s of all) expect(s).not.toMatch(/[a-z]+\.[a-z_]+|`|missing-input|out-of-domain|wrong-type/);
  });

  it('a day that does not exist in its month names the rule it breaks and what was entered, not a number nobody typed', () => {
    const zhText = run(zh, 'cs.rebate_report_on_time', { report: 'rebate_balance', days_in_month: '28', done_day: '31' });
    const enText = run(en, 'cs.rebate_report_on_time', { report: 'rebate_balance', days_in_month: '28', done_day: '31' });
    expect(zhText).toEqual([
      '您填写的数值（报表 代理商实际返佣金额和待返金额的统计整理，当月天数 28，完成日（当月第几日） 31）不符合“当月的某一日是否存在”：“当月在完成日之后还有的天数（当月天数 − 完成日；完成日须在当月之内）”须为 ≥ 0。',
    ]);
    expect(enText[0]).toMatch(/^What you entered \(.*28.*31\) does not meet “.+”: “.+” must be ≥ 0\.$/);
    for (const s of [...zhText, ...enText]) expect(s).not.toMatch(/-3|[a-z]+\.[a-z_]+|`|out-of-domain/);
    // The day that exists is answered, so the message is about the day, not the month.
    expect(run(zh, 'cs.rebate_report_on_time', { report: 'rebate_balance', days_in_month: '28', done_day: '28' })[0]).toBe('按期完成 是');
  });

  it('every decision of the handbook explains itself in words (no id, no source text)', () => {
    const ids = [...model.decisions.keys()];
    for (const id of ids) {
      const dec = zh.decisions[id];
      // The first allowed value of every field: an enum's first key, 1 for numbers, false for booleans.
      const input: Record<string, unknown> = {};
      for (const [name, f] of Object.entries(dec.inputs)) input[name] = f.kind === 'enum' ? Object.keys(f.values!)[0] : f.kind === 'boolean' ? false : f.kind === 'percent' ? '50%' : f.kind === 'date' ? '2026-03-01' : '1';
      const r = evaluate(id, input, { explain: true });
      const text = r.error ? [W.errorText(r.error, zh, id, input)] : W.explainSteps(r.explain, zh);
      for (const s of text) {
        for (const other of ids) expect(s, `${id}: ${s}`).not.toContain(other);
        expect(s, id).not.toMatch(/#\d|undefined|\[object/);
      }
    }
  });
});

describe('the input rule of the boxes', () => {
  const fullWidth = (s: string): string => s.replace(/[0-9.,%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const group = (int: string): string => int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  it('reads full-width digits and thousands separators as the plain number, for every amount', () => {
    const money = zh.decisions['cs.performance_bonus'].inputs.sales;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.boolean(), (int, cents, grouped, wide) => {
        const plain = `${int}.${String(cents).padStart(2, '0')}`;
        let typed = grouped ? `${group(String(int))}.${String(cents).padStart(2, '0')}` : plain;
        if (wide) typed = fullWidth(typed);
        expect(W.parseInput(typed, money, zh)).toEqual({ value: plain });
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('takes a percent box in percent: 72 and ７２％ are 72%, 0.72 is 0.72%', () => {
    const pct = zh.decisions['cs.performance_bonus'].inputs.conversion;
    expect(W.parseInput('72', pct, zh)).toEqual({ value: '72%' });
    expect(W.parseInput('７２％', pct, zh)).toEqual({ value: '72%' });
    // 0.72 is 0.72%, as the box says; since `eval` would read the fraction 0.72 as 72%, the reader is told how to write 72%.
    expect(W.parseInput('0.72', pct, zh)).toEqual({ value: '0.72%', note: '“询单转化率”按 0.72% 计算；如指 72%，请填写 72。' });
    expect(W.parseInput('.5', pct, zh).note).toBe('“询单转化率”按 0.5% 计算；如指 50%，请填写 50。');
    expect(W.parseInput('0.72%', pct, zh)).toEqual({ value: '0.72%' });
    expect(W.parseInput('1', pct, zh)).toEqual({ value: '1%' });
    expect(W.parseInput('0', pct, zh)).toEqual({ value: '0%' });
    expect(W.parseInput('0.72', en.decisions['cs.performance_bonus'].inputs.conversion, en).note).toBe('“inquiry conversion rate” was taken as 0.72%; for 72%, enter 72.');
    expect(W.parseInput('', pct, zh)).toEqual({ empty: true });
    expect(W.parseInput('七十二', pct, zh, '72').error).toBe('“询单转化率”请填写数字，例如 72。');
    // A comma that does not group thousands may be a decimal comma: 1,5 is refused, never read as 15%.
    expect(W.parseInput('1,5', pct, zh, '72').error).toBe('“询单转化率”请填写数字，例如 72。');
    expect(W.parseInput('12,34', zh.decisions['cs.performance_bonus'].inputs.sales, zh, '100,000').error).toBe('“销售额”请填写数字，例如 100,000。');
    expect(W.parseInput('1,00,000', zh.decisions['cs.performance_bonus'].inputs.sales, zh).error).toBeDefined();
    expect(W.parseInput('¥ 1,000,000.5', zh.decisions['cs.performance_bonus'].inputs.sales, zh)).toEqual({ value: '1000000.5' });
    // The evaluator reads what the box gives exactly as `rulebook eval` reads "72%".
    expect(evaluate('cs.performance_rate', { conversion: W.parseInput('72', pct, zh).value })).toEqual(evaluate('cs.performance_rate', { conversion: '72%' }));
  });
});

describe('the evaluator as a classic script', () => {
  it('runs from a <script src> (no export left) and gives the module’s answers', () => {
    const js = classicEvaluator(compileEvaluator(model).js);
    expect(js).not.toMatch(/^export /m);
    const scope: { RulebookEvaluator?: { evaluate: Evaluate } } = {};
    new Function('self', js)(scope);
    const input = { sales: '100000', conversion: '72%' };
    expect(scope.RulebookEvaluator!.evaluate('cs.performance_bonus', input)).toEqual(evaluate('cs.performance_bonus', input));
  });
});
