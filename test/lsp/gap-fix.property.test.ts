/**
 * The gap quick fix, for all tables: on generated decision tables (one or two
 * inputs of percent, bounded integer or enum type, random cells, `unique` or
 * `first`), applying the fix of each reported gap in turn ends with the
 * checker finding no gap, and with no overlap the table did not have before:
 * the row covers exactly what no row covered. In process, over the server's
 * own Workspace and code actions (the same modules `rulebook lsp` runs).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TextEdit } from 'vscode-languageserver';
import { codeActions } from '../../src/lsp/actions.js';
import type { Session } from '../../src/lsp/server.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { applyEdits, CONFIG } from './client.js';

const CELLS = {
  percent: ['"< 30%"', '">= 30%"', '"[10%..50%]"', '"(20%..70%)"', '"> 80%"', '70%', '"-"', '"<= 90%"'],
  integer: ['"< 3"', '"[3..5]"', '"> 7"', '6', '"-"', '"(2..8)"', '"not(4)"'],
  enum: [`'"a"'`, `'"b"'`, `'"a", "c"'`, `'not("b")'`, '"-"'],
} as const;
type Kind = keyof typeof CELLS;
const FIELD: Record<Kind, string> = {
  percent: '{ type: percent }',
  integer: '{ type: integer, domain: "[0..10]" }',
  enum: '{ type: enum, values: { a: A, b: B, c: C } }',
};

const tableArb = fc
  .record({
    kinds: fc.array(fc.constantFrom<Kind>('percent', 'integer', 'enum'), { minLength: 1, maxLength: 2 }),
    hit: fc.constantFrom('unique', 'first'),
    seed: fc.array(fc.nat(), { minLength: 2, maxLength: 12 }),
  })
  .map(({ kinds, hit, seed }) => {
    const names = kinds.map((k, i) => `${k}_${i}`);
    const rows = Math.max(1, Math.floor(seed.length / kinds.length));
    const lines = ['id: gen', 'title: Gen', 'version: 1', 'decisions:', '  - id: gen.table', `    hit: ${hit}`, '    inputs:'];
    kinds.forEach((k, i) => lines.push(`      ${names[i]}: ${FIELD[k]}`));
    lines.push('    outputs:', '      out: { type: integer }', '    rules:');
    for (let r = 0; r < rows; r++) {
      const cells = kinds.map((k, i) => `${names[i]}: ${CELLS[k][seed[r * kinds.length + i] % CELLS[k].length]}`);
      lines.push(`      - when: { ${cells.join(', ')} }`, `        then: { out: ${r} }`);
    }
    return lines.join('\n') + '\n';
  });

function session(ws: Workspace): Session {
  return {
    ws,
    lang: 'en',
    occurrences: () => undefined,
    uriOf: (rel) => pathToFileURL(join(ws.root, rel)).href,
    relOf: (uri) => ws.relOf(new URL(uri).pathname),
    textOf: (rel) => ws.files.get(rel)?.text,
  };
}

describe('the gap fix', () => {
  it('leaves no gap and adds no overlap, on every generated table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-gapfix-'));
    try {
      writeFileSync(join(dir, 'rulebook.yaml'), CONFIG);
      writeFileSync(join(dir, 'gen.yaml'), 'id: gen\ntitle: Gen\nversion: 1\n');
      const ws = new Workspace(dir, 'en');
      ws.loadFromDisk();
      const s = session(ws);
      const uri = s.uriOf('gen.yaml');
      let fixedSome = 0;
      fc.assert(
        fc.property(tableArb, (yaml) => {
          ws.setText('gen.yaml', yaml, 1);
          let a = ws.analyze();
          const errors = (code: string) => (a.byFile.get('gen.yaml') ?? []).filter((d) => d.code === code && d.severity === 'error');
          const overlapsBefore = errors('overlap').length;
          // A table whose cells do not read is not checked for gaps: nothing to fix.
          if (errors('type').length || errors('range').length) return;
          let text = yaml;
          for (let round = 0; round < 40 && errors('gap').length; round++) {
            const gap = errors('gap')[0];
            const fix = codeActions(s, { textDocument: { uri }, range: { start: { line: gap.line - 1, character: gap.column - 1 }, end: { line: gap.line - 1, character: gap.column } }, context: { diagnostics: [] } }).find((x) => x.isPreferred && /^add a row/.test(x.title));
            expect(fix, `a fix for ${gap.message} in\n${text}`).toBeDefined();
            text = applyEdits(text, fix!.edit!.changes![uri] as TextEdit[]);
            ws.setText('gen.yaml', text, round + 2);
            a = ws.analyze();
            fixedSome++;
          }
          expect(errors('gap'), text).toEqual([]);
          expect(errors('overlap').length, text).toBeLessThanOrEqual(overlapsBefore);
          expect((a.byFile.get('gen.yaml') ?? []).filter((d) => d.severity === 'error' && d.code !== 'overlap'), text).toEqual([]);
        }),
        { seed: 19, numRuns: 60 },
      );
      expect(fixedSome).toBeGreaterThan(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
