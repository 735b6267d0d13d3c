/**
 * The loader on hostile text, in process: what a child process cannot show
 * (a second deep parse in the same process, prototype pollution, time per
 * construct).
 */
import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { parseSource } from '../../src/load/index.js';
import { LIMITS } from '../../src/load/limits.js';
import { buildModel } from '../../src/pipeline.js';
import { check } from '../../src/check/index.js';

setLang('en');

const head = 'id: deep\ntitle: Deep\nversion: 1\n';

function codes(text: string, file = 'policies/doc.yaml') {
  return parseSource(text, file, 'document').diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
}

describe('nesting', () => {
  const deep = {
    'flow sequences': head + 'x: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n',
    'flow mappings': head + 'x: ' + '{a: '.repeat(5000) + '1' + '}'.repeat(5000) + '\n',
    'block sequences': head + 'x:\n  ' + '- '.repeat(5000) + '1\n',
    'block mappings': head + 'x:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i + 1) + 'a:\n').join('') + ' '.repeat(3001) + 'b\n',
    mixed: head + 'x:\n  - ' + '[{a: - '.repeat(2000) + '\n',
  };
  for (const [name, text] of Object.entries(deep)) {
    it(`refuses ${name} 5,000 deep, twice in one process`, () => {
      // yaml survives the first deep parse on Node 20; the second aborts the process unless refused first.
      for (let round = 0; round < 2; round++) {
        const diags = parseSource(text, 'policies/doc.yaml', 'document').diagnostics;
        expect(diags.map((d) => d.code)).toContain('limit');
      }
    });
  }

  it('refuses deep nesting inside a Markdown block and in front matter', () => {
    const block = '---\nid: d\ntitle: D\nversion: 1\n---\n\n## S {#s}\n\n```yaml rulebook\ndecisions: ' + '['.repeat(5000) + '\n```\n';
    const front = '---\nid: d\ntitle: D\nversion: 1\nx: ' + '['.repeat(5000) + '\n---\n';
    for (let round = 0; round < 2; round++) {
      expect(codes(block, 'policies/doc.md')).toEqual(['limit 10:5011']);
      expect(codes(front, 'policies/doc.md')).toEqual(['limit 5:5003']);
    }
  });

  it('survives explicit-key chains 5,000 long, twice', () => {
    const text = head + 'x: ' + '? '.repeat(5000) + 'a\n';
    for (let round = 0; round < 2; round++) expect(codes(text).length).toBeGreaterThan(0);
  });

  it('accepts nesting up to the limit', () => {
    const n = LIMITS.nestingDepth - 10;
    expect(codes(head + 'x: ' + '['.repeat(n) + ']'.repeat(n) + '\n')).toEqual([]);
  });
});

describe('prototype keys', () => {
  const text = `__proto__: { polluted: yes }
constructor: { prototype: { polluted: yes } }
id: p
title: P
version: 1
decisions:
  - id: p.rate
    inputs:
      constructor: { type: number }
    outputs:
      constructor: { type: number }
    rules:
      - when: { constructor: "< 1", __proto__: "-" }
        then: { constructor: 1, __proto__: { polluted: yes } }
tests:
  - decision: p.rate
    input: { constructor: 0, __proto__: { polluted: yes } }
    expect: { constructor: 1 }
`;

  it('keeps __proto__, constructor and prototype as data and pollutes nothing', () => {
    const res = parseSource(text, 'policies/doc.yaml', 'document');
    const data = res.document?.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(null);
    expect(Object.keys(data)).toContain('__proto__');
    expect((data.__proto__ as Record<string, unknown>).polluted).toBe('yes');
    const built = buildModel(res.document ? [res.document] : []);
    check(built.model);
    expect(built.diagnostics.map((d) => d.message).join('\n')).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});

describe('duplicate keys', () => {
  it('reports each duplicate at its key', () => {
    expect(codes('id: a\ntitle: A\nversion: 1\ntitle: B\nx: { k: 1, k: 2 }\n')).toEqual(['yaml-syntax 4:1', 'yaml-syntax 5:12']);
  });

  it('treats keys that read as the same text as duplicates', () => {
    expect(codes('id: a\ntitle: A\nversion: 1\nx: { 1: a, "1": b }\n')).toEqual(['yaml-syntax 4:12']);
  });

  it('checks a mapping of 50,000 keys in linear time', () => {
    // yaml's own check is quadratic: 50,000 keys took over a minute.
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`);
    const started = performance.now();
    expect(codes(head + 'x: {' + keys.join(', ') + ', k7: 2}\n')).toEqual(['yaml-syntax 4:' + (5 + keys.join(', ').length + 2)]);
    expect(codes(head + 'x:\n' + keys.map((k) => `  ${k}\n`).join(''))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('bytes', () => {
  it('reports NUL bytes, and reads BOM and CRLF with true positions', () => {
    expect(codes('id: a\ntitle: "a\u0000"\n')).toEqual(['yaml-syntax 2:10']);
    const bom = parseSource('\ufeffid: a\ntitle: A\nversion: 1\n', 'policies/doc.yaml', 'document');
    expect(bom.diagnostics).toEqual([]);
    expect(Object.keys(bom.document?.data as object)).toEqual(['id', 'title', 'version']);
    const crlf = parseSource('id: a\r\ntitle: A\r\nversion: 1\r\nx: y\r\n', 'policies/doc.yaml', 'document');
    expect(crlf.document?.locate(['x'], true)).toMatchObject({ line: 4, column: 1 });
  });

  it('refuses every non-core tag and keeps no data around it', () => {
    for (const tag of ['!!js/function "f"', '!!js/undefined ""', '!!binary aGk=', '!!timestamp 2001-01-01', '!!set { a }', '!!omap [ a: 1 ]', '!foo x', '!<tag:x,2000:y> z']) {
      const res = parseSource(`id: a\ntitle: ${tag}\nversion: 1\n`, 'policies/doc.yaml', 'document');
      expect(res.document, tag).toBeUndefined();
      expect(res.diagnostics.map((d) => `${d.code} ${d.line}`), tag).toEqual(['yaml-syntax 2']);
    }
  });
});

describe('numbers', () => {
  it('refuses .nan, .inf and numbers beyond a double, at the number', () => {
    expect(codes('id: a\ntitle: A\nversion: 1e400\nx: [.nan, -.inf, .Inf, 1.8e308]\n')).toEqual(['range 3:10', 'range 4:5', 'range 4:11', 'range 4:18', 'range 4:24']);
  });

  it('says which bound a number breaks inside an alternative, in the config too', () => {
    const config = parseSource('title: T\naudiences: { staff: S }\nrounding: { mode: half-up, step: 0 }\n', 'policies/rulebook.yaml', 'config');
    const doc = parseSource('id: a\ntitle: A\nversion: -1\n', 'policies/a.yaml', 'document');
    const msgs = buildModel([config.document!, doc.document!]).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(msgs).toEqual(['3:34 `step` must be > 0', '3:10 `version` must be >= 0']);
  });
});

describe('markdown', () => {
  it('names a setext heading without an id on one line', () => {
    const res = parseSource('Two\r\nlines\n---\n', 'policies/doc.md', 'document');
    const heading = res.diagnostics.find((d) => d.message.startsWith('heading'));
    expect(heading?.message).toBe('heading `Two lines ---` has no `{#id}`');
  });
});
