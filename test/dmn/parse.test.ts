import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importDmn } from '../../src/dmn/import.js';
import { readTckTests } from '../../src/dmn/tck.js';
import { tckRoot } from './tck-harness.js';

const TCK = tckRoot(join(import.meta.dirname, '../..'));

function model(ns: string, table: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${ns}" id="d1" name="Risk Model" namespace="http://example.com/risk">
  <inputData id="i1" name="Risk Category"><variable name="Risk Category" typeRef="feel:string"/></inputData>
  <decision id="dec1" name="Approval Status">
    <variable name="Approval Status" typeRef="feel:string"/>
    ${table}
  </decision>
</definitions>`;
}

const TABLE = `<decisionTable id="t1" hitPolicy="FIRST">
      <input id="c1" label="Risk Category">
        <inputExpression typeRef="feel:string"><text>Risk Category</text></inputExpression>
        <inputValues><text>"High","Low"</text></inputValues>
      </input>
      <output id="o1"/>
      <rule id="r1">
        <inputEntry id="e1"><text>"High"</text></inputEntry>
        <outputEntry id="e2"><text>"Declined"</text></outputEntry>
      </rule>
      <rule id="r2">
        <inputEntry id="e3"><text>-</text></inputEntry>
        <outputEntry id="e4"><text>"Approved"</text></outputEntry>
      </rule>
    </decisionTable>`;

describe('namespaces and XML errors', () => {
  it.each([
    ['DMN 1.1', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd'],
    ['DMN 1.1 model', 'http://www.omg.org/spec/DMN/20151101/MODEL/'],
    ['DMN 1.2', 'http://www.omg.org/spec/DMN/20180521/MODEL/'],
    ['DMN 1.3', 'https://www.omg.org/spec/DMN/20191111/MODEL/'],
    ['DMN 1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/'],
    ['DMN 1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/'],
  ])('%s imports', (_, ns) => {
    const r = importDmn(model(ns, TABLE), 'risk.dmn');
    expect(r.diagnostics).toEqual([]);
    const data = r.document!.data as { id: string; title: string; decisions: { id: string; hit: string; inputs: unknown; rules: unknown[] }[] };
    expect(data.id).toBe('risk-model');
    expect(data.title).toBe('Risk Model');
    expect(data.decisions.map((d) => [d.id, d.hit, d.rules.length])).toEqual([['approval_status', 'first', 2]]);
    expect(data.decisions[0].inputs).toEqual({ risk_category: { type: 'enum', values: { high: 'High', low: 'Low' }, label: 'Risk Category' } });
    expect(r.names.decisions).toEqual({ 'Approval Status': 'approval_status' });
    expect(r.names.inputs.approval_status).toEqual({ 'Risk Category': 'risk_category' });
  });

  it('a foreign root element is one diagnostic', () => {
    const r = importDmn('<html><body/></html>', 'x.dmn');
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'dmn-import', severity: 'error', line: 1, column: 1 });
    expect(r.diagnostics[0].message).toMatch(/^not a dmn model/);
  });

  it('malformed XML is one diagnostic with its position, never a throw', () => {
    const text = model('https://www.omg.org/spec/DMN/20191111/MODEL/', TABLE).replace('</rule>\n      <rule id="r2">', '</rul>\n      <rule id="r2">');
    const r = importDmn(text, 'broken.dmn');
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d).toMatchObject({ code: 'dmn-import', severity: 'error', file: 'broken.dmn' });
    expect(d.message).toMatch(/^malformed xml: /);
    expect(d.line).toBeGreaterThan(1);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = importDmn(s, 'f.dmn');
        return r.document !== undefined || r.diagnostics.length === 1;
      }),
      { numRuns: 300 },
    );
  });

  it('an unsupported FEEL function in a literal expression is reported by name and place', () => {
    const lit = `<literalExpression id="l1"><text>substring(Risk Category, 1, 2)</text></literalExpression>`;
    const r = importDmn(model('https://www.omg.org/spec/DMN/20191111/MODEL/', lit), 'f.dmn');
    expect(r.diagnostics.map((d) => [d.severity, d.line, d.column, d.message])).toEqual([
      ['error', 6, 5, 'decision `Approval Status` not imported: it calls the FEEL function `substring`, which rulebook expressions lack (literalExpression #l1)'],
    ]);
    expect((r.document!.data as { decisions: unknown[] }).decisions).toEqual([]);
  });

  it('a literal expression within our subset becomes a formula', () => {
    const lit = `<literalExpression id="l1"><text>if Risk Category = "High" then "Declined" else "Approved"</text></literalExpression>`;
    const r = importDmn(model('https://www.omg.org/spec/DMN/20191111/MODEL/', lit), 'f.dmn');
    expect(r.diagnostics).toEqual([]);
    const d = (r.document!.data as { decisions: { formula: unknown; inputs: unknown }[] }).decisions[0];
    expect(d.formula).toEqual({ approval_status: 'if risk_category = "High" then "Declined" else "Approved"' });
    expect(d.inputs).toEqual({ risk_category: { type: 'string', label: 'Risk Category' } });
  });
});

describe('locate', () => {
  it('points data paths at the XML elements and characters they came from', () => {
    // A number column, so that both cells type-check and the decision imports.
    const numeric = TABLE.replace('<text>-</text>', '<text>&lt; 5</text>')
      .replace('<text>"High"</text></inputEntry>', '<text>&gt;= 5</text></inputEntry>')
      .replace('<inputValues><text>"High","Low"</text></inputValues>', '')
      .replace('typeRef="feel:string"><text>Risk', 'typeRef="feel:number"><text>Risk');
    const text = model('https://www.omg.org/spec/DMN/20191111/MODEL/', numeric).replace('<variable name="Risk Category" typeRef="feel:string"/>', '<variable name="Risk Category" typeRef="feel:number"/>');
    const r = importDmn(text, 'risk.dmn');
    const doc = r.document!;
    const lines = text.split('\n');
    const at = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
    };
    expect(doc.locate(['decisions', 0])).toMatchObject({ file: 'risk.dmn', ...at('<decision ') });
    expect(doc.locate(['decisions', 0, 'hit'])).toMatchObject(at('<decisionTable'));
    expect(doc.locate(['decisions', 0, 'rules', 1])).toMatchObject(at('<rule id="r2"'));
    expect(doc.locate(['decisions', 0, 'rules', 0, 'then', 'approval_status'])).toMatchObject(at('"Declined"'));
    // An unknown path falls back to its nearest located ancestor.
    expect(doc.locate(['decisions', 0, 'rules', 1, 'nonexistent'])).toMatchObject(at('<rule id="r2"'));
    // Inside an unchanged cell, offsets count decoded characters: `&lt;` is one.
    const cell = ['decisions', 0, 'rules', 1, 'when', 'risk_category'];
    expect(doc.scalarText(cell)).toBe('< 5');
    const start = at('&lt; 5');
    expect(doc.locateInScalar(cell)(2, 3)).toEqual({ file: 'risk.dmn', line: start.line, column: start.column + 5, endLine: start.line, endColumn: start.column + 6 });
  });
});

describe('TCK test files', () => {
  it('reads every case with typed values', () => {
    const file = join(TCK, 'compliance-level-2/0109-ruleOrder-hitpolicy/0109-ruleOrder-hitpolicy-test-01.xml');
    const t = readTckTests(readFileSync(file, 'utf8'), '0109-test.xml');
    expect(t.diagnostics).toEqual([]);
    expect(t.modelName).toBe('0109-ruleOrder-hitpolicy.dmn');
    expect(t.cases).toHaveLength(3);
    expect(t.cases[0]).toEqual({
      id: '001',
      inputs: { Age: '19', RiskCategory: 'Medium', isAffordable: true },
      results: [
        {
          decision: 'Approval',
          expected: [
            { Status: 'Approved', Rate: 'Best' },
            { Status: 'Approved', Rate: 'Standard' },
          ],
        },
      ],
    });
  });

  it('keeps decimals exact, reads structures and dates', () => {
    const file = join(TCK, 'compliance-level-3/0017-tableTests/0017-tableTests-test-01.xml');
    const t = readTckTests(readFileSync(file, 'utf8'), '0017-test.xml');
    expect(t.cases[0].inputs).toEqual({ structA: { name: 'widget', price: '20' } });
    expect(t.cases.find((c) => 'dateD' in c.inputs)!.inputs.dateD).toBe('2016-11-01');
  });

  it('nil is null; malformed XML is one diagnostic', () => {
    const ns = 'http://www.omg.org/spec/DMN/20160719/testcase';
    const xsi = 'http://www.w3.org/2001/XMLSchema-instance';
    const t = readTckTests(
      `<testCases xmlns="${ns}" xmlns:xsi="${xsi}"><testCase id="1"><inputNode name="a"><value xsi:nil="true"/></inputNode><resultNode name="d"><expected><value xsi:type="xsd:decimal">0.1</value></expected></resultNode></testCase></testCases>`,
      'x.xml',
    );
    expect(t.cases).toEqual([{ id: '1', inputs: { a: null }, results: [{ decision: 'd', expected: '0.1' }] }]);
    const bad = readTckTests('<testCases><testCase>', 'bad.xml');
    expect(bad.cases).toEqual([]);
    expect(bad.diagnostics).toHaveLength(1);
  });

  it('every TCK test file reads without diagnostics and its cases name decisions the import knows or reports', () => {
    for (const level of ['compliance-level-2', 'compliance-level-3']) {
      for (const dir of readdirSync(join(TCK, level))) {
        const files = readdirSync(join(TCK, level, dir));
        const testFile = files.find((f) => f.endsWith('-test-01.xml'))!;
        const t = readTckTests(readFileSync(join(TCK, level, dir, testFile), 'utf8'), testFile);
        expect(t.diagnostics).toEqual([]);
        expect(t.cases.length).toBeGreaterThan(0);
        const imported = importDmn(readFileSync(join(TCK, level, dir, t.modelName!), 'utf8'), t.modelName!);
        for (const c of t.cases) {
          for (const res of c.results) {
            const known = res.decision in imported.names.decisions;
            const reported = imported.diagnostics.some((d) => d.message.includes(`\`${res.decision}\``));
            expect(known || reported, `${dir} ${c.id} ${res.decision}`).toBe(true);
          }
        }
      }
    }
  });
});
