import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { formatSarif } from '../../src/report/sarif.js';
import { loadModel } from '../../src/pipeline.js';

const diags: Diagnostic[] = [
  {
    code: 'overlap',
    severity: 'error',
    message: 'rows 1 and 2 of `cs.rate` overlap',
    file: 'policies/奖励 a.yaml',
    line: 12,
    column: 7,
    endLine: 12,
    endColumn: 19,
    related: [{ file: 'policies/奖励 a.yaml', line: 14, column: 7, message: 'row 2' }],
    witness: { input: { conversion: '70%' } },
    hint: 'make one bound open',
  },
  { code: 'gap', severity: 'warning', message: 'no row matches', file: 'policies/b.yaml', line: 3, column: 1, endLine: 3, endColumn: 1 },
  { code: 'prose-drift', severity: 'info', message: 'the prose says `70%`', file: 'policies/b.md', line: 9, column: 4, endLine: 11, endColumn: 2 },
];

const SCHEMA = join(import.meta.dirname, '../fixtures/sarif/sarif-schema-2.1.0.json');

describe('sarif reporter', () => {
  const log = JSON.parse(formatSarif(diags, { tool: { name: 'rulebook', version: '0.1.0' } }));
  const run = log.runs[0];

  it('has one rule per code and results that point at them', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['gap', 'overlap', 'prose-drift']);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note']);
  });

  it('carries regions, related locations, the witness and the hint', () => {
    const [first, second, third] = run.results;
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'policies/%E5%A5%96%E5%8A%B1%20a.yaml' },
      region: { startLine: 12, startColumn: 7, endColumn: 19 },
    });
    expect(first.relatedLocations[0]).toMatchObject({ id: 1, message: { text: 'row 2' } });
    expect(first.properties).toEqual({ witness: { input: { conversion: '70%' } }, hint: 'make one bound open' });
    // An empty span keeps only its start; a multi-line one its end line.
    expect(second.locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 1 });
    expect(third.locations[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 4, endLine: 11, endColumn: 2 });
  });

  it.skipIf(!existsSync(SCHEMA))('validates against the official SARIF 2.1.0 schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const real = loadModel(join(import.meta.dirname, '../fixtures/foundation/yaml-syntax/policies'));
    for (const ds of [diags, real.diagnostics, []]) {
      const ok = validate(JSON.parse(formatSarif(ds, { tool: { name: 'rulebook', version: '0.1.0' } })));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });
});
