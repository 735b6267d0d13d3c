// The plain reader (src/load/yaml-plain.ts) against yaml itself: on every text
// it accepts, yaml must accept it too and build the same nodes (values, sources,
// types, all three range offsets); on texts outside its subset it must step
// aside. Texts are generated from random trees in random styles, then mutated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { check } from '../../src/check/index.js';
import { parseSource } from '../../src/load/index.js';
import { YAML_OPTIONS } from '../../src/load/yaml.js';
import { readPlainYaml, type PlainOptions } from '../../src/load/yaml-plain.js';
import { buildModel } from '../../src/pipeline.js';
import { plainTable } from '../hostile/generate.js';

const OPTIONS: PlainOptions = YAML_OPTIONS;

/** What the loader reads from a node, in a form `toEqual` compares exactly. */
function project(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  const n = node as { range?: number[] };
  if (isScalar(node)) {
    const v = node.value;
    return { scalar: typeof v === 'number' ? `num:${Object.is(v, -0) ? '-0' : String(v)}` : v, source: node.source, type: node.type, range: n.range };
  }
  if (isMap(node)) return { map: node.items.map((p) => [project(p.key), project(p.value)]), flow: !!node.flow, range: n.range };
  if (isSeq(node)) return { seq: node.items.map((i) => project(i)), flow: !!node.flow, range: n.range };
  if (isPair(node)) return { pair: true };
  return { other: String(node) };
}

/** The property: the reader steps aside, or agrees with yaml exactly. Returns whether it read the text. */
function agrees(text: string): boolean {
  const fast = readPlainYaml(text, OPTIONS);
  if (!fast) return false;
  const ref = parseDocument(text, OPTIONS);
  expect(ref.errors.map((e) => e.code), JSON.stringify(text)).toEqual([]);
  expect(project(fast.contents), JSON.stringify(text)).toEqual(project(ref.contents));
  return true;
}

const SCALARS = [
  'a', 'abc', 'x y', 'x  y', '中文', '规则：一', 'amount', 'when', 'then', '0', '-0', '12', '+12', '-5', '007', '1_000', '0x1F', '0o17', '0b11',
  '1.5', '1.50', '.5', '5.', '1e3', '1E-3', '-1.2e+3', '.inf', '-.Inf', '.NaN', 'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'null',
  'Null', '~', '', ' ', 'a:b', 'a: b', 'a:', ':a', '-a', '- a', '-', '?', '? a', 'a #b', 'a#b', '#a', 'a,b', '[a]', 'a]', '{a}', 'a}', '*a',
  '&a', '!a', '|', '>', '%a', '@a', '`a', "it's", 'say "hi"', 'a\\b', 'back\\"slash', '[0..100)', '>= 100', '< 70%', 'not("agent")',
  '¥1,000', '70%', '2024-01-01', '---', '...', 'a\tb', 'é', 'x\u00a0y',
];

/** Scalars the reader takes as they are, so that many generated documents are read (and compared), not just refused. */
const COMMON = ['a', 'x y', '中文', '规则：一', '12', '-5', '0x1F', '1.50', '1e3', '.inf', 'true', 'null', '~', 'a:b', 'a#b', '70%', '2024-01-01', "it's"];

/** quote: 0 plain, 1 double, 2 single, 3 literal block `|`, 4 literal block `|-`. */
/** Lines of literal blocks: blank ones, deeper ones, ones that would mean something outside a block. */
const LINES = ['line 1', '中文的一行', '  more indented', '# not a comment', 'a: b', '- x', 'it\'s "q"', 'back\\slash', '', '', 'trailing  ', '{ [ ] }', '   '];

type Tree = { kind: 'scalar'; text: string; quote: 0 | 1 | 2 | 3 | 4 } | { kind: 'map'; flow: boolean; entries: [string, Tree][] } | { kind: 'seq'; flow: boolean; items: Tree[] };

const KEYS = ['a', 'b', 'id', 'when', 'then', 'amount', 'score', 'y', '名称', 'k1', 'x.y', 'a-b', '1'];
const ODD_KEYS = ['true', 'null', 'a b', '-a', '"q"', '.inf', '0x1F', 'a:', '#a'];
const key = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 6 }, { arbitrary: fc.constantFrom(...ODD_KEYS), weight: 1 });

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('scalar' as const), text: fc.oneof({ arbitrary: fc.constantFrom(...SCALARS), weight: 1 }, { arbitrary: fc.constantFrom(...COMMON), weight: 5 }), quote: fc.constantFrom(0 as const, 0 as const, 1 as const, 2 as const) }),
    fc.record({ kind: fc.constant('scalar' as const), text: fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n')), quote: fc.constantFrom(3 as const, 4 as const) }),
    fc.record({ kind: fc.constant('map' as const), flow: fc.boolean(), entries: fc.array(fc.tuple(key, tie('tree')), { minLength: 0, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('seq' as const), flow: fc.boolean(), items: fc.array(tie('tree'), { minLength: 0, maxLength: 4 }) }),
  ),
})).tree;

/** Documents are mostly block mappings at the top, as policy files are. */
const documentTree: fc.Arbitrary<Tree> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('map' as const), flow: fc.constant(false), entries: fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }) }), weight: 4 },
  { arbitrary: tree, weight: 1 },
);

const style = fc.record({ indent: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 2 }), comments: fc.boolean(), blanks: fc.boolean(), eofNewline: fc.boolean(), crlf: fc.boolean() });

function scalarText(t: Extract<Tree, { kind: 'scalar' }>): string {
  if (t.quote === 1 || t.quote > 2) return `"${t.text.replaceAll('\n', ' ')}"`;
  if (t.quote === 2) return `'${t.text.replaceAll("'", "''")}'`;
  return t.text;
}

function flowText(t: Tree): string {
  if (t.kind === 'scalar') return scalarText(t);
  if (t.kind === 'map') return `{ ${t.entries.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')} }`.replace('{  }', '{}');
  return `[${t.items.map(flowText).join(', ')}]`;
}

/** Renders a tree as YAML lines at `indent`, in the generated style. */
function render(t: Tree, s: { indent: number; extra: number; comments: boolean; blanks: boolean; eofNewline: boolean; crlf: boolean }): string {
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(n);
  const after = (i: number) => (s.comments && i % 3 === 1 ? '  # note' : '');
  const literal = (text: string, n: number) => {
    for (const l of text.split('\n')) lines.push(l === '' ? '' : pad(n) + l);
  };
  const block = (node: Tree, n: number, first: string | undefined) => {
    // `first` is the prefix of the first line (a `- ` item) or undefined for a fresh line.
    if (node.kind === 'map' && !node.flow && node.entries.length) {
      node.entries.forEach(([k, v], i) => {
        const head = i === 0 && first !== undefined ? first : pad(n);
        if (v.kind === 'scalar' && v.quote > 2) {
          lines.push(`${head}${k}: ${v.quote === 3 ? '|' : '|-'}${after(i)}`);
          literal(v.text, n + s.indent);
        } else if ((v.kind === 'map' && !v.flow && v.entries.length) || (v.kind === 'seq' && !v.flow && v.items.length)) {
          lines.push(`${head}${k}:${after(i)}`);
          if (s.blanks && i % 2) lines.push('');
          block(v, n + s.indent, undefined);
        } else lines.push(`${head}${k}: ${flowText(v)}${after(i)}`);
      });
    } else if (node.kind === 'seq' && !node.flow && node.items.length) {
      const head0 = first !== undefined ? first : pad(n);
      node.items.forEach((v, i) => {
        const head = (i === 0 ? head0 : pad(n)) + '-' + pad(1 + s.extra);
        if (v.kind === 'scalar' && v.quote > 2) {
          lines.push(`${head}${v.quote === 3 ? '|' : '|-'}${after(i)}`);
          literal(v.text, n + s.indent);
        } else if (v.kind === 'map' && !v.flow && v.entries.length) block(v, n + 1 + 1 + s.extra, head);
        else if (v.kind === 'seq' && !v.flow && v.items.length) {
          lines.push(`${head.trimEnd()}`);
          block(v, n + s.indent, undefined);
        } else lines.push(`${head}${flowText(v)}${after(i)}`);
        if (s.comments && i === 0) lines.push(`${pad(n)}# between`);
      });
    } else lines.push(`${first ?? pad(n)}${flowText(node)}`);
  };
  if (s.comments) lines.push('# yaml-language-server: $schema=x');
  block(t, 0, undefined);
  const eol = s.crlf ? '\r\n' : '\n';
  return lines.join(eol) + (s.eofNewline ? eol : '');
}

describe('the plain YAML reader agrees with yaml', () => {
  it('on generated documents in generated styles, and reads most of them', () => {
    let read = 0;
    let runs = 0;
    let literals = 0;
    fc.assert(
      fc.property(documentTree, style, (t, s) => {
        runs++;
        const text = render(t, s);
        if (agrees(text)) {
          read++;
          if (/: \|-?(  # note)?\r?\n/.test(text)) literals++;
        }
      }),
      { numRuns: Number(process.env.PLAIN_RUNS ?? 3000) },
    );
    // The property would hold trivially for a reader that reads nothing.
    if (process.env.PLAIN_RUNS) console.log('read', read, 'of', runs, 'with literal blocks', literals);
    expect(read / runs).toBeGreaterThan(0.15);
    expect(literals / runs).toBeGreaterThan(0.02);
  });

  it('on mutated documents (characters inserted, deleted, lines re-indented)', () => {
    const edit = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('insert', 'delete', 'indent', 'dedent'),
      ch: fc.constantFrom(' ', ':', '-', '#', ',', '"', "'", '{', '}', '[', ']', '\n', '\r', 'a', '1', '.', '!', '&', '*', '|', '\\', '中'),
    });
    fc.assert(
      fc.property(documentTree, style, fc.array(edit, { minLength: 1, maxLength: 3 }), (t, s, edits) => {
        let text = render(t, s);
        for (const e of edits) {
          const at = text.length ? e.at % text.length : 0;
          const lineStart = text.lastIndexOf('\n', at - 1) + 1;
          if (e.op === 'insert') text = text.slice(0, at) + e.ch + text.slice(at);
          else if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + 1);
          else if (e.op === 'indent') text = text.slice(0, lineStart) + ' ' + text.slice(lineStart);
          else if (text[lineStart] === ' ') text = text.slice(0, lineStart) + text.slice(lineStart + 1);
        }
        agrees(text);
      }),
      { numRuns: Number(process.env.PLAIN_RUNS ?? 3000) * 2 },
    );
  });

  it('on the hand-picked corners', () => {
    const cases = [
      'a: 1\nb:\n  - when: { x: "[0..1)", y: 2 }  # c\n    then: { z: 3 }\n\n  - k: v\n# end\nc: [1, 2]\n',
      'a: [ x , {e: f} , "g" , [] ]\nb: {}\nc: { k: "v" }  \nd: [ 1 ]',
      "a: 'it''s'\nb: -5\nc: x:y\n1: 2\n0x1F: 0o17\nn: ~\nf: 1.50\ni: .inf",
      '  a: 1\n  b: 2\n',
      '- a\n-   b: 1\n    c: 2\n- [x]\n',
      'a: b # c\n',
      'a: "b"#c\n',
      'a:\n  - 1\nb: 2',
      'a: |\n  line 1\n\n    more\n  # not a comment\n\n\nb: |-  # c\n  x\nc: 1\nd: |\n  y\n',
      'a:\n  t: |\n    x\n  u: 2\nz: |\n  last',
      '- |\n  x\n- |-\n   y\n',
    ];
    for (const c of cases) agrees(c);
    // Outside the subset: the reader steps aside and yaml decides.
    // Found by an adversarial run (21 million cases): yaml refuses block keys over 1,024 characters.
    for (const c of [`${'a'.repeat(1025)}: 1`, `x:\n  - ${'中'.repeat(1025)}: 1\n`, `${'a'.repeat(1025)}:\n  b: 1\n`]) {
      expect(readPlainYaml(c, OPTIONS), c.slice(0, 20)).toBeUndefined();
    }
    expect(agrees(`${'a'.repeat(1024)}: 1\n`)).toBe(true);
    expect(agrees(`a: { ${'k'.repeat(1030)}: 1 }\n`)).toBe(true);
    for (const c of ['a: >\n  x\n', 'a: |+\n  x\n', 'a: |2\n  x\n', 'a: |\n\n  x\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a:\n- 1\n', 'a: "x\\ty"\n', 'a:\n', '- - 1\n', 'a: b\n  c\n', '"a": 1\n', 'a:\tb\n', '--- \na: 1\n']) {
      expect(readPlainYaml(c, OPTIONS), JSON.stringify(c)).toBeUndefined();
    }
  });

  it('reads the shape of the checker benchmark table', () => {
    const rows = ['id: bench', 'decisions:', '  - id: bench.grid', '    inputs:', '      amount: { type: money }', '    rules:'];
    for (let i = 0; i < 50; i++) rows.push(`      - when: { amount: "[${i}..${i + 1})", score: ">= ${i}" }`, `        then: { y: ${i} }`);
    expect(agrees(rows.join('\n') + '\n')).toBe(true);
    // And the policies that ship, where the subset allows (block scalars send a file to yaml).
    const general = readFileSync(join(import.meta.dirname, '../../policies/general.yaml'), 'utf8');
    agrees(general);
  });
});

describe('a large table read by the plain reader', () => {
  it('gives the same diagnostics, at the same places, as when yaml reads it', () => {
    const rows = [
      '# yaml-language-server: $schema=../schemas/policy.schema.json',
      'id: big',
      'title: Big',
      'version: 1',
      'decisions:',
      '  - id: big.grid',
      '    hit: unique',
      '    inputs:',
      '      amount: { type: money }',
      '      rate: { type: percent }',
      '    outputs:',
      '      y: { type: integer }',
      '    rules:',
    ];
    // Defects on purpose: an overlap (row 10 repeats row 9's band) and a gap (band 20 is
    // skipped) in the large table; a cell that is no unary test, an undeclared input and an
    // output of the wrong type in a small one after it.
    for (let i = 0; i < 4000; i++) {
      const band = i === 10 ? 9 : i >= 20 ? i + 1 : i;
      rows.push(`      - when: { amount: "[${band * 100}..${band * 100 + 100})", rate: "-" }  # row ${i}`, `        then: { y: ${i} }`);
    }
    rows.push(
      '  - id: big.broken',
      '    inputs:',
      '      amount: { type: money }',
      '    outputs:',
      '      y: { type: integer }',
      '    rules:',
      '      - when: { amount: "<< 70" }',
      '        then: { y: 1 }',
      '      - when: { amount: "-", bonus: "> 1" }',
      '        then: { y: 2 }',
      '      - when: { amount: "-" }',
      '        then: { y: many }',
    );
    const text = rows.join('\n') + '\n';
    // Same length, same positions; the tab in the first comment sends the text to yaml.
    const viaYaml = text.replace('# yaml-language-server', '#\tyaml-language-server');
    expect(readPlainYaml(text, OPTIONS)).toBeDefined();
    expect(readPlainYaml(viaYaml, OPTIONS)).toBeUndefined();
    const findings = (t: string) => {
      const parsed = parseSource(t, 'big.yaml', 'document');
      const docs = parsed.document ? [parsed.document] : [];
      const built = buildModel(docs);
      return [...parsed.diagnostics, ...built.diagnostics, ...check(built.model)];
    };
    const plain = findings(text);
    expect(new Set(plain.map((d) => d.code))).toEqual(new Set(['type', 'dangling-ref', 'overlap', 'gap']));
    expect(JSON.parse(JSON.stringify(plain))).toEqual(JSON.parse(JSON.stringify(findings(viaYaml))));
    // Line ends as a Windows checkout writes them.
    const crlf = (t: string) => t.replaceAll('\n', '\r\n');
    expect(readPlainYaml(crlf(text), OPTIONS)).toBeDefined();
    expect(JSON.parse(JSON.stringify(findings(crlf(text))))).toEqual(JSON.parse(JSON.stringify(findings(crlf(viaYaml)))));
  });
});

describe('the hostile corpus case for the plain reader', () => {
  it('is read by it (CRLF, literal blocks), and its twin with a tab is not', () => {
    expect(readPlainYaml(plainTable(6_000, '\r\n'), OPTIONS)).toBeDefined();
    expect(readPlainYaml(plainTable(6_000, '\n', 'owner:\n\t- x\n'), OPTIONS)).toBeUndefined();
  });
});
