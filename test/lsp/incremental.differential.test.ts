/**
 * Differential: a document patched after an edit inside one scalar
 * (src/lsp/incremental.ts) answers exactly as a full parse of the new text does,
 * for every path (data, spans of values and keys, scalar sources and offset
 * maps), over chains of random edits; and a Workspace fed those edits gives the
 * findings a fresh Workspace (a full parse and check) gives.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, type SourceDocument } from '../../src/load/index.js';
import { patchScalar } from '../../src/lsp/incremental.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { root } from './client.js';

function table(rows: number): string {
  const out = ['id: bench', 'title: Bench 表', 'version: 1', 'decisions:', '  - id: bench.grid', '    title: 网格 grid', '    inputs:',
    '      amount: { type: money }', `      score: { type: number, domain: "[0..${rows})" }`, '    outputs:', '      y: { type: integer }', '    rules:'];
  for (let j = 0; j < rows; j++) out.push(`      - when: { amount: ">= 0", score: "[${j}..${j + 1})" }`, `        then: { y: ${j} }  # 行 ${j}`);
  return out.join('\n') + '\n';
}

function answers(doc: SourceDocument) {
  const out: unknown[] = [];
  const visit = (v: unknown, path: (string | number)[]) => {
    out.push([path.join('/'), doc.locate(path), doc.locate(path, true), doc.scalarText(path), doc.scalarOffsets?.(path), doc.locateInScalar(path)(0, 1)]);
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(doc.data, []);
  return out;
}

const pieces = ['0', '5', '9', '%', '.', '..', '"', ':', ' ', 'a', '中', '\n', '-', '[', ']', ',', '#', 'x', '1e3', 'true', '~', '\\'];
/** Edits near a digit or inside quotes mostly (where the patch applies), anywhere sometimes. */
const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.array(fc.constantFrom(...pieces), { maxLength: 3 }), anywhere: fc.boolean() });

function apply(text: string, e: { at: number; del: number; ins: string[]; anywhere: boolean }): string {
  let at = e.at % text.length;
  if (!e.anywhere) {
    const spots = [...text.matchAll(/\d/g)];
    at = spots[e.at % spots.length].index!;
  }
  return text.slice(0, at) + e.ins.join('') + text.slice(Math.min(text.length, at + e.del));
}

describe('an edit inside one scalar reuses the previous parse', () => {
  it('answers every path exactly as a full parse does, over chains of random edits', () => {
    let patched = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        let text = table(40);
        let doc = parseSource(text, 'policies/bench.yaml', 'document').document!;
        for (const e of edits) {
          text = apply(text, e);
          const full = parseSource(text, 'policies/bench.yaml', 'document');
          const p = patchScalar(doc, text);
          if (p) {
            patched++;
            expect(full.diagnostics).toEqual([]);
            expect(p.data).toEqual(full.document!.data);
            expect(answers(p)).toEqual(answers(full.document!));
            doc = p;
          } else if (full.document && !full.diagnostics.length) doc = full.document;
          else return; // the chain broke the file: a full parse reports it, nothing to patch from
        }
      }),
      { seed: 19, numRuns: 150 },
    );
    // The property is about patched documents: most edits must take that path.
    expect(patched).toBeGreaterThan(60);
  });

  it('gives a Workspace the findings of a full check after each edit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-incr-'));
    try {
      cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
      const pdir = join(dir, 'policies');
      let text = table(60);
      writeFileSync(join(pdir, 'bench.yaml'), text);
      const ws = new Workspace(pdir);
      ws.loadFromDisk();
      ws.analyze();
      fc.assert(
        fc.property(edit, (e) => {
          text = apply(text, e);
          ws.setText('bench.yaml', text, 1);
          const got = ws.analyze();
          writeFileSync(join(pdir, 'bench.yaml'), text);
          const fresh = new Workspace(pdir);
          fresh.loadFromDisk();
          expect([...got.byFile]).toEqual([...fresh.analyze().byFile]);
        }),
        { seed: 19, numRuns: 10 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
