/**
 * Hostile cases too big to commit, written into a temporary folder: each is a
 * `<case>/policies/` folder like the committed ones under test/fixtures/hostile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';

function writeCase(base: string, name: string, files: Record<string, string | Buffer>, expected?: string): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies/rulebook.yaml'), CONFIG);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'policies', file), text);
  if (expected !== undefined) writeFileSync(join(dir, 'expected.txt'), expected);
  return dir;
}

/** `n` decisions, each with input `x` and output `y` and two rows split at its own threshold. */
export function sharedIo(n: number): string {
  const out = ['id: many', 'title: Many', 'version: 1', 'decisions:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: m.d${i}`, '    inputs: { x: { type: number } }', '    outputs: { y: { type: number } }', '    rules:');
    out.push(`      - when: { x: "< ${i}" }`, `        then: { y: ${i} }`, `      - when: { x: ">= ${i}" }`, `        then: { y: ${i + 1} }`);
  }
  return out.join('\n') + '\n';
}

/** A decision table of `rows` rows over one number input; the last row overlaps the first. */
export function hugeTable(rows: number): string {
  const parts = [
    'id: huge\ntitle: Huge\nversion: 1\ndecisions:\n  - id: huge.rate\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    rules:\n',
  ];
  for (let i = 0; i < rows - 1; i++) parts.push(`      - when: { x: "[${i}..${i + 1})" }\n        then: { y: ${i % 97} }\n`);
  parts.push('      - when: { x: "[0..1)" }\n        then: { y: 99 }\n');
  return parts.join('');
}

/**
 * A table large enough for the plain YAML reader, with literal-block prose and
 * `eol` line ends, whose last row has a broken cell; `tail` goes at the end.
 */
export function plainTable(rows: number, eol: string, tail = ''): string {
  const parts = [
    'id: plain\ntitle: Plain\nversion: 1\nsummary: |\n  一个很大的表。\n\n  第二段。\ndecisions:\n  - id: plain.rate\n    description: |-\n      每一行一个区间。\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    rules:\n',
  ];
  for (let i = 0; i < rows - 1; i++) parts.push(`      - when: { x: "[${i}..${i + 1})" }  # row ${i}\n        then: { y: ${i % 97} }\n`);
  parts.push('      - when: { x: "<< 1" }\n        then: { y: 99 }\n');
  return (parts.join('') + tail).replaceAll('\n', eol);
}

/** Formulas and cells nested `n` deep in every way the languages allow. */
export function deepFormulas(n: number): string {
  const d = (id: string, type: string, formula: string) =>
    `  - id: deep.${id}\n    inputs: { x: { type: ${type} } }\n    outputs: { y: { type: ${type} } }\n    formula: { y: "${formula}" }\n`;
  return (
    'id: deep\ntitle: Deep\nversion: 1\ndecisions:\n' +
    d('paren', 'number', '('.repeat(n) + 'x' + ')'.repeat(n)) +
    d('neg', 'number', '-'.repeat(n) + 'x') +
    d('chain', 'number', 'x + '.repeat(n) + 'x') +
    d('power', 'number', 'x ** '.repeat(n) + 'x') +
    d('ifs', 'number', 'if x > 1 then '.repeat(n) + '1' + ' else 2'.repeat(n)) +
    d('calls', 'number', 'max('.repeat(n) + 'x' + ')'.repeat(n)) +
    d('nots', 'boolean', 'not('.repeat(n) + 'x' + ')'.repeat(n)) +
    d('lists', 'number', '['.repeat(n) + 'x' + ']'.repeat(n)) +
    d('fields', 'number', 'x' + '.a'.repeat(n)) +
    '  - id: deep.cells\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    rules:\n' +
    `      - when: { x: "${'not('.repeat(n)}1${')'.repeat(n)}" }\n        then: { y: 1 }\n` +
    `      - when: { x: "${'< 1, '.repeat(n)}2" }\n        then: { y: 2 }\n` +
    `      - when: { x: "${'['.repeat(n)}1..2${']'.repeat(n)}" }\n        then: { y: 3 }\n`
  );
}

/**
 * Writes the generated cases under `base` and returns their folders by name:
 * a 20 MB file, a 50,000-row table, formulas 10,000 deep, block mappings
 * nested 1,000 deep by one-space indentation, a 1 MB line with an error, and
 * 6,000-row tables for the plain YAML reader (CRLF) and for yaml (a tab).
 */
export function generateCases(base: string): Record<string, string> {
  const out: Record<string, string> = {};
  const filler = 'sections:\n' + '  - { id: s, title: "' + 'x'.repeat(60) + '" }\n';
  const big = 'id: big\ntitle: Big\nversion: 1\n' + filler.repeat(Math.ceil((20 * 1024 * 1024) / filler.length));
  out['huge-file'] = writeCase(base, 'huge-file', { 'doc.yaml': big }, 'limit policies/doc.yaml:1:1\n');
  out['huge-table'] = writeCase(base, 'huge-table', { 'doc.yaml': hugeTable(50_000) });
  out['deep-formula-all'] = writeCase(base, 'deep-formula-all', { 'doc.yaml': deepFormulas(10_000) });
  let nested = 'id: deep\ntitle: Deep\nversion: 1\nx:\n';
  for (let i = 1; i <= 1000; i++) nested += ' '.repeat(i) + 'a:\n';
  out['nesting-indent'] = writeCase(base, 'nesting-indent', { 'doc.yaml': nested + ' '.repeat(1001) + 'b\n' });
  const line = 'id: long\ntitle: "' + 'y'.repeat(1024 * 1024) + '"\nversion: 1\nbogus: [' + 'z, '.repeat(100_000) + ']\n';
  out['long-line'] = writeCase(base, 'long-line', { 'doc.yaml': line });
  // Read by the plain reader (CRLF, literal blocks), and the same sent to yaml by a tab on the
  // last line: positions must not depend on which parser read the file.
  out['plain-reader-crlf'] = writeCase(base, 'plain-reader-crlf', { 'doc.yaml': plainTable(6_000, '\r\n') }, 'type policies/doc.yaml:12013:22\n');
  out['plain-reader-tab'] = writeCase(base, 'plain-reader-tab', { 'doc.yaml': plainTable(6_000, '\n', 'owner:\n\t- x\n') }, 'yaml-syntax policies/doc.yaml:12016:1\n');
  return out;
}
