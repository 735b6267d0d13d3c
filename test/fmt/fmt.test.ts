import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSource, meaningOf } from '../../src/fmt/index.js';
import { parseSource, roleOf } from '../../src/load/index.js';
import { runIn } from '../diff/run-cli.js';

const repo = join(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function idempotent(text: string, file: string): string {
  const role = roleOf(file) ?? 'document';
  const r = formatSource(text, file, role);
  expect(r.status).not.toBe('skipped');
  const out = r.status === 'changed' ? r.output : text;
  expect(formatSource(out, file, role)).toEqual({ status: 'unchanged' });
  return out;
}

describe('fmt on the real policies', () => {
  for (const name of readdirSync(join(repo, 'policies')).sort()) {
    it(name, () => {
      idempotent(readFileSync(join(repo, 'policies', name), 'utf8'), `policies/${name}`);
    });
  }
});

// ---------------------------------------------------------------- generated documents

const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const prose = fc.array(fc.constantFrom('询单转化率', '达到', '70%', '及以上的', '，', '按照销售额的', '1.5%', '发放提成', '。', ' rate ', '\n', '- 一项\n', '**重点**', '#'), { maxLength: 12 }).map((a) => a.join(''));
const pct = fc.integer({ min: 1, max: 99 }).map((n) => `${n}%`);

const document = fc.record({
  id: slug,
  title: fc.constantFrom('奖励', 'Awards', '处分: 总则', '"引号"'),
  version: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('2026.1', '1')),
  owner: fc.constantFrom('客服部', 'HR'),
  sections: fc.uniqueArray(fc.record({ id: slug, title: fc.constantFrom('业绩奖', 'Scope', '# 井号'), text: prose }), { selector: (s) => s.id, maxLength: 3 }),
  decisions: fc.uniqueArray(
    fc.record({ id: name.map((n) => `cs.${n}`), input: name, t: pct, lo: fc.constantFrom('1%', '2.5%', '0%') }).map((d) => ({
      id: d.id,
      inputs: { [d.input]: { type: 'percent' } },
      outputs: { rate: { type: 'percent' } },
      rules: [
        { when: { [d.input]: `< ${d.t}` }, then: { rate: d.lo } },
        { when: { [d.input]: `>= ${d.t}` }, then: { rate: '2%' } },
      ],
    })),
    { selector: (d) => d.id, maxLength: 2 },
  ),
});

/** Shuffles the keys of every mapping (except ordered ones, where order is meaning). */
function shuffle(v: unknown, seed: number, ordered = false): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffle(x, seed + i));
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shuffle(x, seed * 31 + k.length, k === 'inputs' || k === 'outputs')] as const);
    if (!ordered) entries.sort((a, b) => ((a[0].charCodeAt(0) * seed) % 7) - ((b[0].charCodeAt(0) * seed) % 7));
    return Object.fromEntries(entries);
  }
  return v;
}

describe('fmt properties', () => {
  it('is idempotent and keeps the meaning of generated YAML documents in any layout', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 50 }), fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'), fc.integer({ min: 2, max: 4 }), fc.boolean(), (doc, seed, quoting, indent, flow) => {
        const text = `# yaml-language-server: $schema=../schemas/policy.schema.json\n` + stringify(shuffle(doc, seed), { defaultStringType: quoting as 'PLAIN', indent, collectionStyle: flow ? 'flow' : 'any' });
        const src = parseSource(text, 'policies/doc.yaml', 'document');
        fc.pre(!!src.document);
        const out = idempotent(text, 'policies/doc.yaml');
        const after = parseSource(out, 'policies/doc.yaml', 'document');
        expect(meaningOf(after.document!)).toBe(meaningOf(src.document!));
        expect(out.startsWith('# yaml-language-server: $schema=../schemas/policy.schema.json\n')).toBe(true);
        // Structure lines (keys, list items) sit at multiples of two; prose inside block scalars may start with spaces of its own.
        expect(out.split('\n').filter((l) => /^ +(- |[a-z][a-zA-Z_]*: )/.test(l)).every((l) => (l.length - l.trimStart().length) % 2 === 0)).toBe(true);
      }),
      { seed: 6, numRuns: 150 },
    );
  });

  it('is idempotent and keeps the meaning of generated Markdown documents', () => {
    fc.assert(
      fc.property(document, fc.constantFrom('*', '-', '+'), (doc, bullet) => {
        const { sections, decisions, ...meta } = doc;
        const body = sections.map((s) => `## ${s.title.replace(/#/g, '')} {#${s.id}}\n\n${s.text.replace(/^- /gm, `${bullet} `)}\n`).join('\n');
        const text = `---\n${stringify(meta)}---\n\n${body}\n\`\`\`yaml rulebook\n${stringify({ decisions })}\`\`\`\n`;
        const src = parseSource(text, 'policies/doc.md', 'document');
        fc.pre(!!src.document);
        idempotent(text, 'policies/doc.md');
      }),
      { seed: 6, numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------- the command

describe('rulebook fmt', () => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-fmt-'));
    made.push(dir);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies/rulebook.yaml'), 'title: T\naudiences: { staff: 员工 }\nlocale: en\n');
    writeFileSync(join(dir, 'policies/a.yaml'), "title: 'A'\nid: a\nversion: 1\n");
    writeFileSync(join(dir, 'policies/b.yaml'), 'id: b\ntitle: B\nversion: 1\n');
    return dir;
  };

  it('--check lists the files that would change and writes nothing', async () => {
    const dir = setup();
    const before = readFileSync(join(dir, 'policies/a.yaml'), 'utf8');
    const r = await runIn(dir, ['fmt', '--check']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('policies/a.yaml\npolicies/rulebook.yaml\n');
    expect(readFileSync(join(dir, 'policies/a.yaml'), 'utf8')).toBe(before);
  });

  it('rewrites changed files only, atomically, and is then clean', async () => {
    const dir = setup();
    const mtime = statSync(join(dir, 'policies/b.yaml')).mtimeMs;
    const r = await runIn(dir, ['fmt']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'policies/a.yaml'), 'utf8')).toBe('id: a\ntitle: A\nversion: 1\n');
    expect(statSync(join(dir, 'policies/b.yaml')).mtimeMs).toBe(mtime);
    expect(readdirSync(join(dir, 'policies')).filter((n) => n.includes('tmp'))).toEqual([]);
    expect((await runIn(dir, ['fmt', '--check'])).code).toBe(0);
  });

  it('refuses symlinks and files outside the repository', async () => {
    const dir = setup();
    const outside = mkdtempSync(join(tmpdir(), 'rulebook-outside-'));
    made.push(outside);
    writeFileSync(join(outside, 'x.yaml'), "title: 'X'\nid: x\nversion: 1\n");
    symlinkSync(join(outside, 'x.yaml'), join(dir, 'policies/link.yaml'));
    const r = await runIn(dir, ['fmt', 'policies', join(outside, 'x.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('link.yaml: a symbolic link');
    expect(r.err).toContain('outside the repository');
    expect(readFileSync(join(outside, 'x.yaml'), 'utf8')).toBe("title: 'X'\nid: x\nversion: 1\n");
  });

  it('exits 2 for a path that does not exist', async () => {
    const dir = setup();
    const r = await runIn(dir, ['fmt', 'no-such-folder']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no-such-folder: no such file or folder');
  });

  it('leaves a file that does not parse alone', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'policies/bad.yaml'), 'id: [unclosed\n');
    const r = await runIn(dir, ['fmt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.yaml');
    expect(readFileSync(join(dir, 'policies/bad.yaml'), 'utf8')).toBe('id: [unclosed\n');
  });
});

describe('line ends', () => {
  it('keeps a CRLF file CRLF: the shipped policies in CRLF are already formatted', () => {
    const dir = join(import.meta.dirname, '../../policies');
    for (const name of readdirSync(dir).filter((n) => roleOf(n))) {
      const crlf = readFileSync(join(dir, name), 'utf8').replaceAll('\n', '\r\n');
      expect(formatSource(crlf, name, roleOf(name)!).status, name).toBe('unchanged');
    }
  });

  it('formats a CRLF file into CRLF', () => {
    const r = formatSource("title: 'X'\r\nid: x\r\nversion: 1\r\n", 'x.yaml', 'document');
    expect(r.status).toBe('changed');
    expect(r.status === 'changed' && r.output).toBe('id: x\r\ntitle: X\r\nversion: 1\r\n');
  });
});
