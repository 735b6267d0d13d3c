/**
 * Hover, completion, navigation and rename over the pipes, on a copy of the
 * shipped policies; each answer checked against the policy text itself.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, DocumentSymbol, Hover, Location, MarkupContent, Position, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, bin, CONFIG, find, root, startClient, type Client } from './client.js';

describe('on the shipped policies', () => {
  let c: Client;
  let awards: string;
  beforeAll(async () => {
    c = await startClient(join(root, 'policies'));
    await c.waitFor('awards.md');
    awards = c.read('awards.md');
    c.open('awards.md');
  });
  afterAll(() => c.stop());

  const request = <T>(method: string, rel: string, position: Position, extra: object = {}) =>
    c.conn.sendRequest(method, { textDocument: { uri: c.uri(rel) }, position, ...extra }) as Promise<T>;
  const hoverText = async (rel: string, p: Position) => ((await request<Hover>('textDocument/hover', rel, p)).contents as MarkupContent).value;

  it('hovers a decision id and a call with its title, its rows in words and examples the interpreter evaluated', async () => {
    const def = await hoverText('awards.md', find(awards, 'id: cs.performance_rate', 6));
    expect(def).toContain('业绩奖提成比例');
    expect(def).toContain('询单转化率 < 70% → 提成比例 1%');
    expect(def).toContain('询单转化率 ≥ 70% → 提成比例 1.5%');
    const call = await hoverText('awards.md', find(awards, 'cs.performance_rate(conversion)', 3));
    expect(call).toBe(def);
    // cs.performance_bonus's tests: 72% of ¥100,000 is ¥1,500, computed now, not copied from `expect`.
    const bonus = await hoverText('awards.md', find(awards, 'id: cs.performance_bonus', 6));
    expect(bonus).toMatch(/询单转化率 72% → [^\n]*¥1,500/);
  });

  it('hovers a cell with its interval in words, a clause reference with its title and text, a field with type, unit and domain', async () => {
    expect(await hoverText('awards.md', find(awards, '">= 70%"', 2))).toContain('询单转化率: ≥ 70%');
    const clause = await hoverText('awards.md', find(awards, 'clause: "#performance-award"', 12));
    expect(clause).toContain('业绩奖');
    expect(clause).toContain('询单转化率低于70%的，按照销售额的1%发放提成');
    const field = await hoverText('awards.md', find(awards, 'conversion: { type: percent', 2));
    expect(field).toContain('`percent`');
    expect(field).toContain('0% 至 100%');
  });

  it('hovers a hit policy with what it means', async () => {
    expect(await hoverText('awards.md', find(awards, 'hit: unique', 7))).toBe('`hit: unique`: 各行条件互不重叠，任何情况恰好适用一行。');
  });

  it('completes input names in `when`, decision ids and their outputs in formulas, clause refs, hit policies and schema keys', async () => {
    const labels = async (rel: string, p: Position) => (await request<CompletionItem[]>('textDocument/completion', rel, p)).map((x) => x.label);
    const when = find(awards, 'when: { conversion', 8);
    expect(await labels('awards.md', when)).toEqual(['conversion']);
    const formula = find(awards, 'sales * cs.performance_rate', 8);
    const inFormula = await labels('awards.md', formula);
    expect(inFormula).toContain('sales');
    expect(inFormula).toContain('cs.performance_rate');
    const outputs = await labels('awards.md', find(awards, 'cs.performance_rate(conversion).rate', 32));
    expect(outputs).toEqual(['rate']);
    const clause = await labels('awards.md', find(awards, 'clause: "#performance-award"', 8));
    expect(clause).toContain('#performance-award');
    expect(clause).toContain('cs-work#rebate');
    const hit = await request<CompletionItem[]>('textDocument/completion', 'awards.md', find(awards, 'hit: unique', 5));
    expect(hit.map((x) => x.label)).toContain('first');
    expect(hit.find((x) => x.label === 'first')!.detail).toBe('按顺序逐行判断，第一个适用的行决定结果。');
    // A key of a decision, with the schema's description in the workspace's language (the bundled policies read zh-CN).
    const keys = await request<CompletionItem[]>('textDocument/completion', 'awards.md', find(awards, '    hit: unique', 4));
    const overrides = keys.find((x) => x.label === 'overrides');
    expect(overrides?.documentation).toEqual(expect.stringContaining('本决策是哪项一般决策的例外'));
  });

  it('completes a test\'s input and expected output names from its decision', async () => {
    const input = find(awards, 'input: { sales: 100000, conversion: 72% }', 9);
    const expectAt = find(awards, 'expect: { bonus: 1500 }', 10);
    const labels = async (p: Position) => (await request<CompletionItem[]>('textDocument/completion', 'awards.md', p)).map((x) => x.label);
    expect(await labels(input)).toEqual(['sales', 'conversion']);
    expect(await labels(expectAt)).toEqual(['bonus']);
  });

  it('completes term ids as the names of new inputs', async () => {
    const at = find(awards, '    inputs:\n', 12);
    const text = awards.slice(0, awards.indexOf('    inputs:\n') + 12) + '      \n' + awards.slice(awards.indexOf('    inputs:\n') + 12);
    c.change('awards.md', [{ text }]);
    const items = await request<CompletionItem[]>('textDocument/completion', 'awards.md', { line: at.line, character: 6 });
    expect(items.map((x) => x.label)).toEqual(expect.arrayContaining(['conversion', 'sales', 'commission']));
    expect(items.find((x) => x.label === 'sales')!.detail).toBe('销售额');
    c.change('awards.md', [{ text: awards }]);
  });

  it('completes enum keys inside a cell, quoted as a cell needs, on a half-typed line', async () => {
    const data = c.read('customer-data.yaml');
    const line = find(data, 'when: {', 0);
    const lines = data.split('\n');
    const cellLine = lines[line.line];
    const m = /when: \{ (\w+):/.exec(cellLine)!;
    // Replace the row's `when` by a half-typed one: `when: { material: ` and nothing after.
    const typed = `${cellLine.slice(0, cellLine.indexOf('when:'))}when: { ${m[1]}: `;
    const text = [...lines.slice(0, line.line), typed, ...lines.slice(line.line + 1)].join('\n');
    const initial = JSON.stringify(await c.waitFor('customer-data.yaml'));
    c.open('customer-data.yaml', text);
    // Once the server has seen the file not parse, it still completes from the file's last good reading.
    await c.waitFor('customer-data.yaml', (d) => d.some((x) => x.severity === 1));
    const items = await request<CompletionItem[]>('textDocument/completion', 'customer-data.yaml', { line: line.line, character: typed.length });
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) expect(it.insertText).toMatch(/^'"[a-z0-9_]+"'$/);
    // The server kept answering although the file no longer parses.
    await c.waitFor('customer-data.yaml', (d) => d.some((x) => x.severity === 1));
    c.change('customer-data.yaml', [{ text: data }]);
    await c.waitFor('customer-data.yaml', (d) => JSON.stringify(d) === initial);
  });

  it('goes to a clause reference\'s section and finds every use of a decision, across files', async () => {
    const defs = await request<Location[]>('textDocument/definition', 'awards.md', find(awards, 'clause: "#performance-award"', 12));
    expect(defs).toEqual([{ uri: c.uri('awards.md'), range: { start: find(awards, '{#performance-award}', 2), end: find(awards, '{#performance-award}', 19) } }]);
    const data = c.read('customer-data.yaml');
    const id = /- id: (data\.[a-z_]+)/.exec(data)![1];
    const refs = await request<Location[]>('textDocument/references', 'customer-data.yaml', find(data, `id: ${id}`, 5), { context: { includeDeclaration: true } });
    const files = new Set(refs.map((r) => r.uri));
    expect(files.size).toBeGreaterThan(1);
    expect(refs.length).toBeGreaterThan(2);
  });

  it('finds a term\'s mentions in the prose, and goes from a mention to its definition', async () => {
    const refs = await request<Location[]>('textDocument/references', 'awards.md', find(awards, 'id: conversion\n', 5), { context: { includeDeclaration: false } });
    const mention = find(awards, '询单转化率低于70%的，');
    expect(refs).toContainEqual({ uri: c.uri('awards.md'), range: { start: mention, end: { line: mention.line, character: mention.character + 5 } } });
    const defs = await request<Location[]>('textDocument/definition', 'awards.md', { line: mention.line, character: mention.character + 2 });
    expect(defs).toEqual([{ uri: c.uri('awards.md'), range: { start: find(awards, 'id: conversion\n', 4), end: find(awards, 'id: conversion\n', 14) } }]);
  });

  it('lists documents, sections and decisions as symbols', async () => {
    const syms = await request<DocumentSymbol[]>('textDocument/documentSymbol', 'awards.md', { line: 0, character: 0 });
    expect(syms[0].name).toBe('奖励');
    const flat = (s: DocumentSymbol[]): string[] => s.flatMap((x) => [x.name, ...flat(x.children ?? [])]);
    expect(flat(syms)).toEqual(expect.arrayContaining(['业绩奖', 'cs.performance_rate', 'cs.performance_bonus']));
  });
});

describe('rename', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient(join(root, 'policies'));
    await c.waitFor('awards.md');
  });
  afterAll(() => c.stop());

  it('renames a decision and a section across files as one workspace edit, after which `check` finds what it found before', async () => {
    const before: { code: string; line: number }[] = JSON.parse(
      spawnSync(process.execPath, [bin, 'check', join(c.dir, 'policies'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } }).stdout,
    ).diagnostics;
    const data = c.read('customer-data.yaml');
    const id = /- id: (data\.[a-z_]+)/.exec(data)![1];
    const edit = (await c.conn.sendRequest('textDocument/rename', { textDocument: { uri: c.uri('customer-data.yaml') }, position: find(data, `id: ${id}`, 5), newName: 'data.renamed_x' })) as WorkspaceEdit;
    const uris = Object.keys(edit.changes!);
    expect(uris.length).toBeGreaterThan(1);
    const awards = c.read('awards.md');
    const sec = (await c.conn.sendRequest('textDocument/rename', { textDocument: { uri: c.uri('awards.md') }, position: find(awards, '"#performance-award"', 3), newName: 'commission' })) as WorkspaceEdit;
    for (const e of [edit, sec]) {
      for (const [uri, edits] of Object.entries(e.changes!)) {
        const rel = uri.slice(c.uri('').length);
        writeFileSync(join(c.dir, 'policies', rel), applyEdits(c.read(rel), edits));
      }
    }
    expect(c.read('awards.md')).toContain('{#commission}');
    expect(c.read('awards.md')).not.toContain('performance-award');
    const r = spawnSync(process.execPath, [bin, 'check', join(c.dir, 'policies'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
    // What `check` says of the shipped policies (open questions, as information) and nothing more.
    const after: { code: string; severity: string; line: number }[] = JSON.parse(r.stdout).diagnostics;
    expect(after.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(after.map((d) => `${d.code}:${d.line}`)).toEqual(before.map((d) => `${d.code}:${d.line}`));
    const t = spawnSync(process.execPath, [bin, 'test', join(c.dir, 'policies'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
    expect(t.status).toBe(0);
  });

  it('refuses a name that is not an id', async () => {
    const awards = c.read('awards.md');
    await expect(c.conn.sendRequest('textDocument/rename', { textDocument: { uri: c.uri('awards.md') }, position: find(awards, 'id: cs.special_award', 6), newName: 'Not An Id' })).rejects.toThrow(/`Not An Id` 不是有效的决策 id/);
  });
});

// Two documents related by `decides:` (their overlap is a cross-file finding) and an
// input with a `default`: the newer parts of the format, followed by navigation and hover.
describe('a `decides:` relation and an input default', () => {
  const doc = (id: string, body: string[]) => [`id: ${id}`, `title: ${id}`, 'version: 1', ...body, ''].join('\n');
  const fine = (id: string, extra: string[], amount: number, minutes: string) => [
    'decisions:',
    `  - id: ${id}`,
    `    title: 罚款 ${id}`,
    ...extra,
    '    inputs:',
    `      minutes: ${minutes}`,
    '    outputs:',
    '      amount: { type: money }',
    '    rules:',
    '      - when: { minutes: "> 0" }',
    `        then: { amount: ${amount} }`,
    '      - when: { minutes: "<= 0" }',
    '        then: { amount: 0 }',
  ];
  const files = {
    'rulebook.yaml': 'title: T\nlocale: zh-CN\ncurrency: CNY\naudiences:\n  staff: Staff\ndefaultAudience: staff\n',
    'a.yaml': doc('a', fine('a.fine', [], 60, '{ type: integer, label: 迟到分钟, default: 0 }')),
    'b.yaml': doc('b', fine('b.fine', ['    decides: a.fine'], 30, '{ type: integer, label: 迟到分钟 }')),
  };
  let c: Client;
  beforeAll(async () => {
    c = await startClient(files);
    await c.waitFor('b.yaml', (d) => d.some((x) => x.code === 'overlap'));
  });
  afterAll(() => c.stop());
  const request = <T>(method: string, rel: string, position: Position, extra: object = {}) =>
    c.conn.sendRequest(method, { textDocument: { uri: c.uri(rel) }, position, ...extra }) as Promise<T>;

  it('goes from `decides:` to the decision, finds it among the references, completes ids after it', async () => {
    const b = c.read('b.yaml');
    const def = await request<Location[]>('textDocument/definition', 'b.yaml', find(b, 'decides: a.fine', 11));
    expect(def.map((l) => [l.uri, l.range.start.line])).toEqual([[c.uri('a.yaml'), 4]]);
    const a = c.read('a.yaml');
    const refs = await request<Location[]>('textDocument/references', 'a.yaml', find(a, 'id: a.fine', 5), { context: { includeDeclaration: true } });
    expect(refs.map((l) => l.uri).sort()).toEqual([c.uri('a.yaml'), c.uri('b.yaml')]);
    const line = b.split('\n').findIndex((l) => l.includes('decides:'));
    // At the start of the value: what is before the cursor is `decides: `.
    const items = await request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', 'b.yaml', { line, character: '    decides: '.length });
    expect((Array.isArray(items) ? items : items.items).map((i) => i.label)).toContain('a.fine');
  });

  it('renames a decision named by `decides:` in another file, after which `check` still finds the same overlap', async () => {
    const a = c.read('a.yaml');
    const edit = (await request<WorkspaceEdit>('textDocument/rename', 'a.yaml', find(a, 'id: a.fine', 5), { newName: 'a.late_fine' }));
    expect(Object.keys(edit.changes!).sort()).toEqual([c.uri('a.yaml'), c.uri('b.yaml')]);
    for (const [uri, edits] of Object.entries(edit.changes!)) {
      const rel = uri.slice(c.uri('').length);
      writeFileSync(join(c.dir, 'policies', rel), applyEdits(c.read(rel), edits));
    }
    expect(c.read('b.yaml')).toContain('decides: a.late_fine');
    const r = spawnSync(process.execPath, [bin, 'check', join(c.dir, 'policies'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, RULEBOOK_CACHE: '0' } });
    const codes = (JSON.parse(r.stdout).diagnostics as { code: string }[]).map((d) => d.code);
    expect(codes).toContain('overlap');
    expect(codes).not.toContain('dangling-ref');
  });

  it('hovers an input with its default', async () => {
    const a = c.read('a.yaml');
    const h = await request<Hover>('textDocument/hover', 'a.yaml', find(a, 'minutes: { type', 2));
    expect((h.contents as MarkupContent).value).toContain('未提供时: 0');
  });
});

// Two versions of one id in two documents: a hover says which period it is and shows
// the examples that version answers (each evaluated as of its own date), not the other's.
describe('hover on a decision with versions', () => {
  const version = (year: number, y: number) =>
    [
      `id: r${year}`,
      `title: 规则 ${year}`,
      'version: 1',
      `effective: { from: ${year}-01-01, until: ${year + 1}-01-01 }`,
      'decisions:',
      '  - id: r.rate',
      '    title: 比例',
      '    inputs:',
      '      n: { type: integer }',
      '    outputs:',
      '      y: { type: integer }',
      '    rules:',
      '      - when: { n: "> 0" }',
      `        then: { y: ${y} }`,
      '      - when: { n: "<= 0" }',
      '        then: { y: 0 }',
      '',
    ].join('\n');
  const tests = ['tests:', ...[2025, 2026].flatMap((year) => [`  - name: 例 ${year}`, '    decision: r.rate', `    asOf: ${year}-06-01`, '    input: { n: 1 }', `    expect: { y: ${year - 2020} }`]), ''].join('\n');
  let c: Client;
  beforeAll(async () => {
    c = await startClient({ 'rulebook.yaml': CONFIG.replace('locale: en', 'locale: zh-CN'), 'r2025.yaml': version(2025, 5), 'r2026.yaml': version(2026, 6), 'r.test.yaml': tests });
    await c.waitFor('r2026.yaml');
  });
  afterAll(() => c.stop());

  it('names the period of the version hovered and only its examples', async () => {
    for (const [year, y, other] of [[2025, 5, 6], [2026, 6, 5]] as const) {
      const rel = `r${year}.yaml`;
      const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: c.uri(rel) }, position: find(c.read(rel), 'id: r.rate', 6) })) as Hover;
      const text = (h.contents as MarkupContent).value;
      expect(text).toContain(`有效期: ${year}-01-01 至 ${year}-12-31`);
      expect(text).toContain(`→ y ${y}`);
      const examples = text.slice(text.indexOf('示例'));
      expect(examples).toContain(`${y}`);
      expect(examples).not.toContain(`${other}`);
    }
  });
});
