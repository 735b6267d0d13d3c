/**
 * Each limit in the README's "Limits" table, hit just past it, gives the
 * diagnostic the table promises (code, place, message).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { loadPolicies, parseSource, LIMITS } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';

setLang('en');
const work = mkdtempSync(join(tmpdir(), 'rulebook-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const head = 'id: l\ntitle: L\nversion: 1\n';

function diagnose(text: string) {
  const res = parseSource(text, 'policies/doc.yaml', 'document');
  const all = res.document ? [...res.diagnostics, ...buildModel([res.document]).diagnostics] : res.diagnostics;
  return all.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
}

describe('limits', () => {
  it('file size: 16 MiB', () => {
    mkdirSync(join(work, 'policies'));
    writeFileSync(join(work, 'policies/rulebook.yaml'), 'title: T\naudiences: { staff: Staff }\n');
    writeFileSync(join(work, 'policies/big.yaml'), head + '#'.repeat(LIMITS.fileBytes));
    const res = loadPolicies('policies', { cwd: work });
    expect(res.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toEqual(['limit policies/big.yaml:1:1']);
    expect(res.diagnostics[0].message).toMatch(/^file is too large/);
  });

  it('YAML nesting: 200 levels', () => {
    const ok = LIMITS.nestingDepth - 5;
    expect(parseSource(head + 'x: ' + '['.repeat(ok) + ']'.repeat(ok) + '\n', 'policies/doc.yaml', 'document').diagnostics).toEqual([]);
    const n = LIMITS.nestingDepth + 1;
    expect(diagnose(head + 'x: ' + '['.repeat(n) + ']'.repeat(n) + '\n')).toEqual([`limit 4:${3 + n} nesting is too deep (about ${n} levels, the limit is ${LIMITS.nestingDepth})`]);
  });

  it('alias expansions: 1,000 per document', () => {
    const text = head + 'a: &a 1\nb: [' + Array(LIMITS.aliases + 1).fill('*a').join(', ') + ']\n';
    expect(diagnose(text)).toEqual([`limit 5:${5 + 4 * LIMITS.aliases} too many alias expansions (the limit is ${LIMITS.aliases})`]);
  });

  it('values per document: 5,000,000', () => {
    const text = head + 'a: &a [' + Array(10_000).fill('1').join(',') + ']\nb: [' + Array(600).fill('*a').join(',') + ']\n';
    const got = diagnose(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^limit [45]:\d+ document is too large \(more than 5000000 values\)$/);
  });

  it('rows per table: 200,000', () => {
    // 200,001 real rows take seconds to parse; the check is the same at any bound.
    const limits = LIMITS as { rows: number };
    const saved = limits.rows;
    limits.rows = 100;
    try {
      const rules = Array(101).fill('{then: {y: 1}}').join(',');
      const text = head + `decisions:\n  - id: l.d\n    outputs: { y: { type: number } }\n    rules: [${rules}]\n`;
      expect(diagnose(text)).toEqual(['limit 7:5 table has 101 rows (the limit is 100)']);
    } finally {
      limits.rows = saved;
    }
    expect(LIMITS.rows).toBe(200_000);
  });

  it('formula nesting: 256 levels; cell nesting: 64 levels', () => {
    const n = 10_000;
    const text =
      head +
      'decisions:\n  - id: l.f\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n' +
      `    formula: { y: "${'('.repeat(n)}x${')'.repeat(n)}" }\n` +
      '  - id: l.c\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n' +
      `    rules:\n      - when: { x: "${'not('.repeat(n)}1${')'.repeat(n)}" }\n        then: { y: 1 }\n`;
    const got = diagnose(text);
    expect(got.map((d) => d.split(' ')[0])).toEqual(['type', 'type']);
    expect(got[0]).toMatch(/^type 8:\d+ formula nests deeper than 256 levels$/);
    expect(got[1]).toMatch(/^type 13:\d+ cell nests `not\(` deeper than 64 levels$/);
  });
});
