import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { schemaKeywords } from '../../scripts/schema-keywords.mjs';
import { importDmn } from '../../src/dmn/import.js';
import { tckRoot } from './tck-harness.js';

const TCK = tckRoot(join(import.meta.dirname, '../..'));
const SCHEMA = new URL('../../schemas/policy.schema.json', import.meta.url);

function dmnFiles(): string[] {
  const out: string[] = [];
  for (const level of ['compliance-level-2', 'compliance-level-3']) {
    for (const dir of readdirSync(join(TCK, level)).sort()) {
      for (const f of readdirSync(join(TCK, level, dir))) if (f.endsWith('.dmn')) out.push(join(TCK, level, dir, f));
    }
  }
  return out;
}

interface Decision {
  id: string;
  hit?: string;
  rules?: unknown[];
  inputs: Record<string, { type: string; values?: Record<string, string> }>;
  outputs: Record<string, { type: string; priority?: unknown[] }>;
  formula?: Record<string, string>;
  default?: Record<string, unknown>;
}

function load(name: string) {
  const file = dmnFiles().find((f) => basename(f) === name)!;
  const r = importDmn(readFileSync(file, 'utf8'), name);
  const decisions = ((r.document?.data as { decisions: Decision[] }) ?? { decisions: [] }).decisions;
  const summary = decisions.map((d) => ({
    id: d.id,
    hit: d.hit ?? 'formula',
    rules: d.rules?.length ?? 0,
    inputs: Object.fromEntries(Object.entries(d.inputs).map(([k, v]) => [k, v.type])),
  }));
  const problems = r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`);
  return { r, decisions, summary, problems };
}

const APPROVAL_INPUTS = { age: 'number', risk_category: 'enum', is_affordable: 'boolean' };

describe('DMN TCK models import', () => {
  const level2: [string, string, string, number][] = [
    ['0004-simpletable-U.dmn', 'approval_status', 'unique', 4],
    ['0005-simpletable-A.dmn', 'approval_status', 'any', 4],
    ['0006-simpletable-P1.dmn', 'approval_status', 'priority', 4],
    ['0007-simpletable-P2.dmn', 'approval_status', 'priority', 2],
    ['0010-multi-output-U.dmn', 'approval', 'unique', 5],
    ['0108-first-hitpolicy.dmn', 'approval', 'first', 3],
    ['0109-ruleOrder-hitpolicy.dmn', 'approval', 'rule-order', 3],
    ['0110-outputOrder-hitpolicy.dmn', 'approval_status', 'output-order', 3],
    ['0117-multi-any-hitpolicy.dmn', 'approval', 'any', 6],
    ['0118-multi-priority-hitpolicy.dmn', 'approval_status', 'priority', 3],
    ['0119-multi-collect-hitpolicy.dmn', 'approval_status', 'collect', 3],
  ];
  it.each(level2)('%s: one decision, no diagnostics', (name, id, hit, rules) => {
    const { summary, problems } = load(name);
    expect(problems).toEqual([]);
    expect(summary).toEqual([{ id, hit, rules, inputs: APPROVAL_INPUTS }]);
  });

  const single: [string, string, string, number, string][] = [
    ['0111-first-hitpolicy-singleoutputcol.dmn', 'advertisement', 'first', 3, 'age'],
    ['0112-ruleOrder-hitpolicy-singleinoutcol.dmn', 'approval', 'rule-order', 3, 'age'],
    ['0113-outputOrder-hitpolicy-singleinoutcol.dmn', 'approval_status', 'output-order', 3, 'age'],
    ['0114-min-collect-hitpolicy.dmn', 'car_insurance', 'collect-min', 4, 'num_of_years'],
    ['0115-sum-collect-hitpolicy.dmn', 'salary', 'collect-sum', 4, 'num_of_years'],
    ['0116-count-collect-hitpolicy.dmn', 'salary', 'collect-count', 4, 'num_of_years'],
  ];
  it.each(single)('%s: single input, single output', (name, id, hit, rules, input) => {
    const { summary, problems } = load(name);
    expect(problems).toEqual([]);
    expect(summary).toEqual([{ id, hit, rules, inputs: { [input]: 'number' } }]);
  });

  it('keeps cells, enum values, defaults and output priority order', () => {
    const { decisions, r } = load('0117-multi-any-hitpolicy.dmn');
    const d = decisions[0];
    // Enum keys are snake_case (the schema's enumKey); the DMN value is the label.
    expect(d.inputs.risk_category.values).toEqual({ high: 'High', low: 'Low', medium: 'Medium' });
    expect(Object.keys(d.outputs)).toEqual(['status', 'rate']);
    expect(d.default).toEqual({ status: '"declined"', rate: '"standard"' });
    expect(d.rules![0]).toEqual({ when: { age: '>=18', risk_category: '"low"', is_affordable: 'true' }, then: { status: '"approved"', rate: '"best"' } });
    expect(r.names.values.approval).toEqual({
      risk_category: { High: 'high', Low: 'low', Medium: 'medium' },
      status: { Approved: 'approved', Declined: 'declined' },
      rate: { Best: 'best', Standard: 'standard' },
    });
    expect(r.names.decisions).toEqual({ Approval: 'approval' });
    expect(r.names.inputs.approval).toEqual({ Age: 'age', RiskCategory: 'risk_category', isAffordable: 'is_affordable' });
    expect(r.names.outputs.approval).toEqual({ Status: 'status', Rate: 'rate' });
  });

  it('0114: numeric outputs keep their digits', () => {
    const { decisions, r } = load('0114-min-collect-hitpolicy.dmn');
    expect(decisions[0].rules!.map((x) => (x as { then: { car_insurance: unknown } }).then.car_insurance)).toEqual([98.83, 150.21, 205.43, 64.32]);
    expect(r.document!.scalarText(['decisions', 0, 'rules', 0, 'then', 'car_insurance'])).toBe('98.83');
  });

  it('0020-vacation-days: information requirements become decision calls', () => {
    const { summary, decisions, problems } = load('0020-vacation-days.dmn');
    expect(problems).toEqual([]);
    const both = { age: 'number', years_of_service: 'number' };
    expect(summary).toEqual([
      { id: 'total_vacation_days', hit: 'formula', rules: 0, inputs: both },
      { id: 'extra_days_case_1', hit: 'collect-max', rules: 2, inputs: both },
      { id: 'extra_days_case_2', hit: 'collect-max', rules: 2, inputs: both },
      { id: 'extra_days_case_3', hit: 'collect-max', rules: 2, inputs: both },
      { id: 'base_vacation_days', hit: 'formula', rules: 0, inputs: {} },
    ]);
    expect(decisions[0].formula).toEqual({
      total_vacation_days:
        'base_vacation_days() + max( extra_days_case_1(age, years_of_service), extra_days_case_3(age, years_of_service) ) + extra_days_case_2(age, years_of_service)',
    });
    expect(decisions[1].default).toEqual({ extra_days_case_1: 0 });
    expect((decisions[1].rules![0] as { when: unknown }).when).toEqual({ age: '<18,>=60', years_of_service: '-' });
  });

  it('0017-tableTests: paths into structures become inputs; names in cells are reported', () => {
    const { summary, problems, r } = load('0017-tableTests.dmn');
    expect(summary).toEqual([
      { id: 'price_gt10', hit: 'unique', rules: 2, inputs: { struct_a_price: 'number' } },
      { id: 'date_compare1', hit: 'unique', rules: 2, inputs: { date_d: 'date' } },
    ]);
    expect(r.names.inputs.price_gt10).toEqual({ 'structA.price': 'struct_a_price' });
    expect(problems).toEqual([
      'error 85:17 decision `priceInRange` not imported: the cell `[numB..numC]` compares with `numB`, a name; rulebook cells compare with literals only (inputEntry #_0111b055-b741-48ed-9d34-ee447a683a30-0)',
      'error 148:17 decision `dateCompare2` not imported: the cell `>dateE` compares with `dateE`, a name; rulebook cells compare with literals only (inputEntry #_fb95f9d4-b59b-4eb0-96d1-1898af54d63b-0)',
      'error 156:17 decision `dateCompare2` not imported: the cell `<=dateE` compares with `dateE`, a name; rulebook cells compare with literals only (inputEntry #_d5cf4c3c-ce7b-4ad3-b9b3-db036bcfb505-0)',
    ]);
  });

  it('0004-lending: BKM tables and invocations import; contexts and what needs them are reported', () => {
    const { summary, problems, decisions } = load('0004-lending.dmn');
    expect(summary.map((d) => `${d.id}:${d.hit}:${d.rules}`)).toEqual([
      'bureau_call_type:formula:0',
      'pre_bureau_risk_category:formula:0',
      'post_bureau_risk_category:formula:0',
      'application_risk_score:formula:0',
      'adjudication:formula:0',
      'credit_contingency_factor_table:unique:3',
      'eligibility_rules:priority:4',
      'bureau_call_type_table:unique:3',
      'pre_bureau_risk_category_table:unique:8',
      'post_bureau_risk_category_table:unique:13',
      'application_risk_score_model:collect-sum:11',
      'routing_rules:priority:5',
    ]);
    expect(decisions[3].formula).toEqual({
      application_risk_score:
        'application_risk_score_model(age: applicant_data_age, marital_status: applicant_data_marital_status, employment_status: applicant_data_employment_status)',
    });
    expect(problems).toEqual([
      'warning 37:17 allowed values `[0..999], null` not imported: tests for `null`, which rulebook cells cannot express',
      'error 130:17 decision `Strategy` not imported: it requires `Eligibility`, which was not imported (inputExpression)',
      'error 205:17 decision `Eligibility` not imported: it requires `Pre-bureauAffordability`, which was not imported (literalExpression)',
      'error 336:9 decision `Pre-bureauAffordability` not imported: it invokes `AffordabilityCalculation`, which was not imported (invocation)',
      'error 386:9 decision `Post-bureauAffordability` not imported: it invokes `AffordabilityCalculation`, which was not imported (invocation)',
      'error 430:9 decision `RequiredMonthlyInstallment` not imported: it invokes `InstallmentCalculation`, which was not imported (invocation)',
      'error 498:17 decision `Routing` not imported: it requires `Post-bureauAffordability`, which was not imported (literalExpression)',
      'error 527:13 businessKnowledgeModel `AffordabilityCalculation` not imported: its logic is a boxed context, which rulebook cannot express (context)',
      'error 1242:13 businessKnowledgeModel `InstallmentCalculation` not imported: its logic is a boxed context, which rulebook cannot express (context)',
    ]);
  });

  it('every TCK model imports to a document of format dmn', () => {
    for (const f of dmnFiles()) {
      const r = importDmn(readFileSync(f, 'utf8'), basename(f));
      expect(r.document?.format).toBe('dmn');
      expect(r.document?.role).toBe('document');
      expect((r.document?.data as { tests: unknown[] }).tests).toEqual([]);
    }
  });

  it.runIf(existsSync(SCHEMA))('every imported document is valid against schemas/policy.schema.json', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, keywords: schemaKeywords });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    for (const f of dmnFiles()) {
      const data = importDmn(readFileSync(f, 'utf8'), basename(f)).document!.data;
      const ok = validate(data);
      expect({ file: basename(f), errors: ok ? [] : validate.errors }).toEqual({ file: basename(f), errors: [] });
    }
  });
});
