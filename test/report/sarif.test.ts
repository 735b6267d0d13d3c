import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../src/diagnostics/index.js';
import { formatSarif } from '../../src/report/sarif.js';

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
});

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures');
const SCHEMA = join(fixtures, 'sarif/sarif-schema-2.1.0.json');
const TOOL = { tool: { name: 'rulebook', version: '0.1.0' } };

// ajv-formats is not a dependency, so the schema's three formats are checked here by
// RFC 3986 / RFC 3339 syntax: enough to catch an unescaped space, CJK character or
// `%` in a file name, which is what a reporter can get wrong.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
function uriReference(s: string): boolean {
  if (!URI_CHARS.test(s) || s.split('#').length > 2) return false;
  // Without a scheme, a colon in the first segment would be read as one.
  return SCHEME.test(s) || !/^[^/?#]*:/.test(s);
}
const formats = {
  uri: (s: string) => SCHEME.test(s) && uriReference(s),
  'uri-reference': uriReference,
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
};
const schemaText = readFileSync(SCHEMA, 'utf8');
const validate = new Ajv({ strict: false, allErrors: true, formats }).compile(JSON.parse(schemaText));

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

/** The built CLI as a user runs it, from `cwd`. */
function rulebook(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/rulebook.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, log: JSON.parse(r.stdout) };
}

type Result = { ruleId: string; level: string; relatedLocations?: unknown[]; properties?: { witness?: unknown } };

describe('sarif output against the official SARIF 2.1.0 schema', () => {
  it('uses the unmodified OASIS schema (see test/fixtures/sarif/NOTICE.md)', () => {
    expect(schemaText.length).toBe(112318);
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe('80cd7ffb9b62a4162d541aa9170862dd264f6cce0f04c57f1ac9f2337b808958');
  });

  it('rejects what SARIF forbids, so a pass means something', () => {
    const log = JSON.parse(formatSarif(diags, TOOL));
    const broken = [
      (l: any) => (l.runs[0].results[0].level = 'info'),
      (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0),
      (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'policies/奖励 a.yaml'),
      (l: any) => (l.runs[0].tool.driver.rules[0].helpUri = 'docs/format.md'),
      (l: any) => (l.runs[0].results[0].relatedLocations.push({ ...l.runs[0].results[0].relatedLocations[0] })),
      (l: any) => (l.runs[0].results[0].hint = 'x'),
      (l: any) => delete l.version,
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(log);
      breakIt(copy);
      expect(validate(copy)).toBe(false);
    }
  });

  it('accepts the hand-built findings and an empty run', () => {
    expectValid(JSON.parse(formatSarif(diags, TOOL)));
    expectValid(JSON.parse(formatSarif([], TOOL)));
  });

  it('accepts `rulebook check --format sarif` on the seed: errors with related locations and witnesses', () => {
    const { code, log } = rulebook(['check', 'policies', '--format', 'sarif'], join(fixtures, 'seed-literal'));
    expect(code).toBe(1);
    const results: Result[] = log.runs[0].results;
    expect(results.map((r) => r.ruleId).sort()).toEqual(['gap', 'overlap', 'overlap']);
    expect(results.every((r) => r.level === 'error' && r.relatedLocations?.length && r.properties?.witness)).toBe(true);
    expectValid(log);
  });

  it.each(['cycle', 'dangling-ref', 'duplicate-id', 'range', 'schema-unknown-key', 'type-cell', 'yaml-syntax'])(
    'accepts `rulebook check --format sarif` on foundation/%s',
    (name) => {
      const { code, log } = rulebook(['check', 'policies', '--format', 'sarif'], join(fixtures, 'foundation', name));
      expect(code).toBe(1);
      expect(log.runs[0].results.length).toBeGreaterThan(0);
      expectValid(log);
    },
  );

  it('accepts `rulebook test --format sarif`: failed tests as errors, uncovered rows as warnings', () => {
    const failing = rulebook(['test', 'policies', '--format', 'sarif'], join(fixtures, 'report/failing-tests'));
    expect(failing.code).toBe(1);
    const levels = new Set(failing.log.runs[0].results.map((r: Result) => `${r.ruleId}:${r.level}`));
    expect([...levels].sort()).toEqual(['test-failed:error', 'uncovered:warning']);
    expectValid(failing.log);
    const passing = rulebook(['test', 'policies', '--format', 'sarif'], join(fixtures, 'seed-literal'));
    expect(passing.code).toBe(0);
    expectValid(passing.log);
  });

  it('accepts any findings: odd file names, spans out of order or off the text, any witness', () => {
    const name = fc.string({ unit: fc.constantFrom('a', '奖', ' ', '%', '#', '?', ':', '\\', '[', '"', '/', '.', '🙂'), minLength: 1, maxLength: 12 });
    const pos = fc.integer({ min: -2, max: 40 });
    const span = fc.record({ file: name, line: pos, column: pos, endLine: fc.option(pos, { nil: undefined }), endColumn: fc.option(pos, { nil: undefined }) });
    const finding = fc.record({
      span,
      code: fc.constantFrom<Diagnostic['code']>('overlap', 'gap', 'schema', 'test-failed', 'uncovered', 'prose-drift'),
      severity: fc.constantFrom<Severity>('error', 'warning', 'info'),
      message: fc.string({ unit: 'grapheme', maxLength: 30 }),
      hint: fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined }),
      related: fc.option(fc.array(fc.record({ span, message: fc.string({ unit: 'grapheme', maxLength: 10 }) }), { maxLength: 3 }), { nil: undefined }),
      witness: fc.option(fc.record({ input: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 6 }), (found) => {
        const ds: Diagnostic[] = found.map(({ span: s, related, ...rest }) => ({
          ...rest,
          ...s,
          ...(related ? { related: related.map((r) => ({ ...r.span, message: r.message })) } : {}),
        }));
        expectValid(JSON.parse(formatSarif(ds, TOOL)));
      }),
      { seed: 6, numRuns: 300 },
    );
  });
});
