import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/index.js';
import { mapOffset } from '../../src/load/source.js';

describe('parseSource', () => {
  it('maps YAML data paths to lines and columns', () => {
    const text = 'id: a\ndecisions:\n  - id: cs.x\n    rules:\n      - when: { conversion: "< 70%" }\n';
    const { document, diagnostics } = parseSource(text, 'a.yaml', 'document');
    expect(diagnostics).toEqual([]);
    const cell = document!.locate(['decisions', 0, 'rules', 0, 'when', 'conversion']);
    expect([cell.line, cell.column]).toEqual([5, 29]);
    const key = document!.locate(['decisions', 0, 'rules', 0, 'when', 'conversion'], true);
    expect([key.line, key.column]).toEqual([5, 17]);
    const inside = document!.locateInScalar(['decisions', 0, 'rules', 0, 'when', 'conversion'])(2, 5);
    expect([inside.line, inside.column, inside.endColumn]).toEqual([5, 32, 35]);
  });

  it('keeps __proto__ as data', () => {
    const { document } = parseSource('__proto__: { polluted: 1 }\nid: x\n', 'a.yaml', 'document');
    const data = document!.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(null);
    expect(Object.keys(data)).toEqual(['__proto__', 'id']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a YAML syntax error at its place', () => {
    const { document, diagnostics } = parseSource('id: a\ntitle: [1, 2\n', 'a.yaml', 'document');
    expect(document).toBeUndefined();
    expect(diagnostics[0].code).toBe('yaml-syntax');
    expect(diagnostics[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reads a literate Markdown document with positions inside its blocks', () => {
    const text = [
      '---',
      'id: cs-awards',
      'version: 1',
      '---',
      '',
      '# 奖励',
      '',
      '## 业绩奖 {#performance-award}',
      '',
      '询单转化率达到70%及以上的，按1.5%发放提成。',
      '',
      '```yaml rulebook',
      'decisions:',
      '  - id: cs.rate',
      '    rules:',
      '      - when: { conversion: "< 70%" }',
      '```',
      '',
    ].join('\n');
    const { document, diagnostics } = parseSource(text, 'a.md', 'document');
    expect(diagnostics).toEqual([]);
    const data = document!.data as any;
    expect(data.title).toBe('奖励');
    expect(data.sections[0].id).toBe('performance-award');
    expect(data.sections[0].text).toBe('询单转化率达到70%及以上的，按1.5%发放提成。');
    expect(data.decisions[0].clause).toBe('#performance-award');
    const cell = document!.locate(['decisions', 0, 'rules', 0, 'when', 'conversion']);
    expect([cell.line, cell.column]).toEqual([16, 29]);
    const id = document!.locate(['sections', 0, 'id']);
    expect([id.line, id.column]).toEqual([8, 10]);
    expect(document!.locate(['version']).line).toBe(3);
  });

  it('refuses deep nesting before parsing', () => {
    const deep = 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const { diagnostics } = parseSource(deep, 'a.yaml', 'document');
    expect(diagnostics.map((d) => d.code)).toEqual(['limit']);
  });
});

describe('numbers YAML cannot hold', () => {
  it('refuses 1e-400 instead of reading it as 0, and keeps a real 0', () => {
    const bad = parseSource('id: a\nx: 1e-400\n', 'a.yaml', 'document');
    expect(bad.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['range 2:4']);
    for (const ok of ['0', '0.0', '0e-5', '-0']) expect(parseSource(`id: a\nx: ${ok}\n`, 'a.yaml', 'document').diagnostics).toEqual([]);
  });
});

describe('positions inside scalars', () => {
  // Every character of a string value that maps to the file maps to that very character:
  // one-line scalars, quoted ones, literal blocks (line by line) and Markdown prose (paragraph by paragraph).
  const root = join(import.meta.dirname, '../..');
  const dirs = ['policies', 'test/fixtures/seed-literal/policies', 'test/fixtures/check/prose-drift-md/policies'];
  for (const dir of dirs) {
    for (const name of readdirSync(join(root, dir)).filter((n) => /\.(ya?ml|md)$/.test(n))) {
      it(`maps each character back to itself: ${dir}/${name}`, () => {
        const text = readFileSync(join(root, dir, name), 'utf8');
        const doc = parseSource(text, name, 'document').document!;
        let mapped = 0;
        const visit = (v: unknown, path: (string | number)[]) => {
          if (typeof v === 'string') {
            const map = doc.scalarOffsets?.(path);
            if (!map) return;
            for (let o = 0; o < v.length; o++) {
              if (v[o] === '\n') continue;
              expect(text[mapOffset(map, o)], `${path.join('.')} @${o}`).toBe(v[o]);
            }
            mapped++;
          } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i]));
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
        };
        visit(doc.data, []);
        expect(mapped).toBeGreaterThan(0);
      });
    }
  }
});
