/**
 * Diff fixtures: each `test/fixtures/diff/<case>/` holds `base/` and `head/`
 * policy folders, the expected Markdown (`expected.md`, written and reviewed
 * by a person: the test never writes it, and a missing one fails) and
 * optionally `case.json` (`{"args": [...], "exit": n}`). The test builds a
 * temporary git repository (commit base, replace with head, commit), runs
 * `rulebook diff HEAD~1 HEAD`, compares, then renders the Markdown with
 * remark-gfm and checks its structure: the report's own shape for every case,
 * and what each kind of change must show.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Nodes, Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from './run-cli.js';

const root = join(import.meta.dirname, '../fixtures/diff');
const cases = readdirSync(root).filter((c) => existsSync(join(root, c, 'base')));
const made: string[] = [];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

/** A repository with two commits: the case's base, then its head. */
function repoOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rulebook-diff-${name}-`));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  cpSync(join(root, name, 'base'), join(dir, 'policies'), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  rmSync(join(dir, 'policies'), { recursive: true });
  cpSync(join(root, name, 'head'), join(dir, 'policies'), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  return dir;
}

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function parse(md: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
}

function all(node: Nodes, type: string, out: Nodes[] = []): Nodes[] {
  if (node.type === type) out.push(node);
  if ('children' in node) for (const c of node.children) all(c as Nodes, type, out);
  return out;
}

/** The text of every node of a type, in order. */
const texts = (tree: Root, type: string) => all(tree, type).map((n) => toString(n));

/** Cells of a rendered table, row by row. */
const cells = (t: Table) => t.children.map((r) => r.children.map((c) => toString(c)));

/** The report's own shape: a summary paragraph, no HTML but the folds and the marker, tables whose rows have the header's width. */
function assertShape(md: string, tree: Root): void {
  const first = tree.children[0];
  expect(first.type).toBe('paragraph');
  expect(toString(first)).toMatch(/^(规则变更：|rulebook diff:)/);
  expect(md.trimEnd().endsWith('<!-- rulebook-diff -->')).toBe(true);
  for (const h of all(tree, 'html')) expect((h as { value: string }).value).toMatch(/^(<!-- rulebook-diff -->|<details>\n<summary>[^<]*<\/summary>|<\/details>)$/);
  for (const t of all(tree, 'table') as Table[]) {
    const width = t.children[0].children.length;
    // GFM drops cells beyond the header's width: count them in the source line instead.
    for (const row of t.children) {
      const line = md.split('\n')[(row.position?.start.line ?? 1) - 1];
      const pipes = line.replace(/\\\|/g, '').replace(/`[^`]*`/g, '').split('|').length - 2;
      expect(pipes, line).toBe(width);
    }
  }
}

/** What each kind of change must show, read from the rendered tree. */
const CHECKS: Record<string, (tree: Root, md: string) => void> = {
  threshold: (tree) => {
    // Labels and thresholds in words, not identifiers and FEEL.
    expect(cells(all(tree, 'table')[0] as Table)[0]).toEqual(['行', '变化', '询单转化率']);
    const items = texts(tree, 'listItem').join('\n');
    expect(items).toContain('询单转化率 ≥ 70% 且 < 75%');
    expect(items).not.toMatch(/\[70%\.\.75%\)/);
    // A field without a label falls back to its name (the bonus's inputs here have none).
    expect(items).toContain('conversion ≥ 70% 且 < 75%');
    expect(texts(tree, 'heading')).toContain('业绩奖');
  },
  'version-corrected': (tree) => {
    // The changed row is told by its unchanged condition, in words.
    expect(cells(all(tree, 'table')[0] as Table)).toEqual([['行', '变化', '询单转化率', '→ 提成比例'], ['2', '修改', '≥ 70%', '1.5% → 1.6%']]);
    const items = texts(tree, 'listItem').join('\n');
    // The correction of the version in force is found, with its date; the later version is untouched.
    expect(items).toMatch(/2026-01-01 至 2026-12-31：/);
    expect(items).toMatch(/自 2027-01-01 起：没有变化/);
    // The formula that calls it is listed.
    expect(texts(tree, 'heading')).toContain('业绩奖提成金额');
    expect(toString(tree.children[0])).not.toContain('计算结果不变');
  },
  'version-added': (tree) => {
    const headings = texts(tree, 'heading');
    expect(headings).toContain('业绩奖提成比例 — 新版本，自 2027-01-01 起');
    expect(headings.some((h) => /删除/.test(h))).toBe(false);
    const first = toString(tree.children[0]);
    expect(first).toContain('自 2027-01-01 起');
    expect(first).toContain('1 个决策有变化（1 个新版本，');
    const items = texts(tree, 'listItem').join('\n');
    expect(items).toContain('2027-01-01 之前：没有变化');
  },
  called: (tree) => {
    // A caller whose formula compares an input with the called table's number: listed, and sampled at that number.
    expect(texts(tree, 'heading')).toContain('返佣报表是否按期完成');
    expect(texts(tree, 'listItem').join('\n')).toMatch(/完成日为 6，报表为 返佣报表：例如 报表 返佣报表，完成日 6 → 按期完成 否 → 是/);
    expect(toString(tree.children[0])).toContain('2 个决策的计算结果改变');
  },
  'document-version': (tree) => {
    // A new version in a new document (periods from the documents): its document, clause, relabelled input and
    // invariants in the reader's words, never ids or a bare count.
    const table = cells(all(tree, 'table')[1] as Table);
    expect(table).toEqual([
      ['字段', '原', '新'],
      ['所属文档', '奖励', '奖励（2027年起）'],
      ['条款', '奖励 · 业绩奖', '奖励（2027年起） · 业绩奖'],
      ['输入 转化率', '询单转化率：百分比', '转化率：百分比'],
      ['不变式', '转化率越高，提成比例不降低', '（无）'],
    ]);
    expect(texts(tree, 'heading')).toContain('业绩奖提成比例 — 新版本，自 2027-01-01 起');
    expect(texts(tree, 'listItem').join('\n')).toContain('2027-01-01 之前：没有变化');
  },
  'input-default': (tree) => {
    // An input's default changed: callers that give no value get other answers; the verdict is not "no change".
    expect(cells(all(tree, 'table')[0] as Table)[1]).toEqual(['输入 试用期', '是/否，默认 否', '是/否，默认 是']);
    expect(texts(tree, 'listItem').join('\n')).toContain('连续第一名的月数为 1，未给出试用期：例如 连续第一名的月数 1，未给出试用期 → 特别奖金额 ¥50 → ¥30');
    expect(toString(tree.children[0])).toContain('1 个决策的计算结果改变');
  },
  'input-added': (tree) => {
    const items = texts(tree, 'listItem').join('\n');
    expect(items).toContain('新增输入：试用期');
    expect(items).toMatch(/试用期为 是.*¥50 → ¥30/);
    expect(toString(tree.children[0])).not.toContain('计算结果不变');
  },
  'broken-head': (tree) => {
    expect(texts(tree, 'heading')[0]).toBe('本次修改中的错误');
    expect(toString(tree.children[0])).toMatch(/本次修改有 \d+ 个错误；1 个文档有变化，1 个文档因错误未能比较$/);
    const headings = texts(tree, 'heading');
    expect(headings).toContain('奖励 — 无法解析，未比较');
    expect(headings.some((h) => h.includes('删除'))).toBe(false);
    // The rest of the diff stands: the other document's change is reported.
    expect(headings).toContain('处分 — 修改');
  },
  'invalid-head': (tree) => {
    // A file that parses but has a schema error (`hit: uniq`) drops its document from the head: still not "removed".
    expect(texts(tree, 'heading')[0]).toBe('本次修改中的错误');
    const headings = texts(tree, 'heading');
    expect(headings).toContain('奖励 — 有错误，无法载入，未比较');
    expect(headings.some((h) => h.includes('删除'))).toBe(false);
    expect(headings).toContain('处分 — 修改');
    // The counts say what was compared: the unread document is not "changed", no tests were removed.
    expect(toString(tree.children[0])).toBe('规则变更： ⚠ 本次修改有 1 个错误；1 个文档有变化，1 个文档因错误未能比较');
  },
  'output-added': (tree) => {
    // An added output is named, and the verdict does not say "no result changes".
    expect(toString(tree.children[0])).toContain('新增输出：档位');
    expect(toString(tree.children[0])).toContain('1 个决策的计算结果改变');
    expect(texts(tree, 'listItem').join('\n')).toContain('其他输出的结果不变');
  },
  'formula-cap': (tree) => {
    // A cap in a formula is no table: the verdict says it sampled, and how many inputs; the moved cap is found.
    const items = texts(tree, 'listItem').join('\n');
    expect(items).toMatch(/抽样 \d+ 个输入/);
    expect(items).toContain('损失金额 ¥150,001 → 罚款 ¥100,000 → ¥150,000');
    expect(items).not.toContain('对所有输入');
  },
  override: (tree) => {
    // Overrides are evaluated: the general decision changes where its changed exception applies, and says where.
    expect(texts(tree, 'heading')).toContain('泄露资料的罚款');
    expect(texts(tree, 'listItem').join('\n')).toMatch(/违规行为为 泄露客户资料，造成严重后果为 是：例如 .*罚款 ¥10,000 → ¥12,000/);
  },
  'broken-block': (tree) => {
    // A Markdown document whose rulebook block does not parse: not compared, its decisions not removed, no finding "fixed".
    expect(texts(tree, 'heading')).toEqual(['本次修改中的错误', '文档', '奖励 — 无法解析，未比较']);
    expect(texts(tree, 'listItem')[0]).toMatch(/^policies\/awards\.md:\d+:\d+ YAML 语法错误/);
  },
  'fmt-only': (tree) => {
    expect(toString(tree.children[0])).toMatch(/没有语义变化/);
    expect(tree.children.length).toBe(2);
  },
  'labels-en': (tree) => {
    const md = toString(tree);
    expect(md).not.toMatch(/[\u4e00-\u9fff]/);
    expect(texts(tree, 'heading')).toContain('Performance commission rate — changed');
    expect(texts(tree, 'listItem').join('\n')).toContain('inquiry conversion rate at least 70% and below 75%');
  },
  audience: (tree) => {
    const items = texts(tree, 'listItem').join('\n');
    expect(items).toContain('全体员工不再可见');
    expect(items).toMatch(/规则及其计算器：大额罚款/);
    expect(items).toMatch(/适用对象：（与文档相同） → 管理人员/);
  },
  'row-order': (tree) => {
    const headings = texts(tree, 'heading');
    // Reordering a `first` table is a change with its impact; in a `unique` table it is none.
    expect(headings).toContain('罚款（逐行） — 修改');
    expect(headings.some((h) => h.startsWith('罚款（唯一）'))).toBe(false);
    expect(texts(tree, 'tableCell')).toContain('移动');
    expect(texts(tree, 'listItem').join('\n')).toMatch(/¥\d[\d,]* → ¥/);
  },
  'row-swap': (tree) => {
    // First and last rows of a `first` table swapped: those two moved, the middle one stayed and is not listed.
    const rows = cells(all(tree, 'table')[0] as Table).slice(1);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['3 → 1', '移动'], ['1 → 3', '移动']]);
    expect(texts(tree, 'listItem').join('\n')).toContain('违规次数 ≥ 4：例如 违规次数 4 → 罚款金额 ¥500 → ¥100');
  },
  'line-break': (tree) => {
    // A line break inside a paragraph (kept by fmt, so a real change of the text) is said, not an empty "changed".
    expect(texts(tree, 'listItem')).toContain('正文仅换行或空格有变化');
  },
  rows: (tree) => {
    // A document's owner (like its title and summary) is prose: plain text, not code.
    const owner = (all(tree, 'tableRow') as Table['children']).find((r) => toString(r.children[0]) === 'owner');
    expect(owner && owner.children.map((c) => toString(c))).toEqual(['owner', 'HR', 'HR department']);
    expect(all(owner as Nodes, 'inlineCode')).toEqual([]);
  },
  'list-item': (tree) => {
    const quoted = all(tree, 'blockquote').flatMap((q) => all(q, 'listItem'));
    expect(quoted.map((n) => toString(n))).toContain('服务态度恶劣，与客户争吵；');
  },
  findings: (tree) => {
    expect(texts(tree, 'heading')).toContain('检查结果');
    const md = texts(tree, 'paragraph').join('\n');
    expect(md).toContain('本次修改引入（1）');
    expect(md).toContain('本次修改解决（1）');
  },
  large: (tree, md) => {
    // 400 changed rows: the first screen shows ten, the rest fold.
    expect(md).toContain('<details>');
    const first = md.slice(0, md.indexOf('<details>'));
    expect(first.split('\n').length).toBeLessThan(40);
    expect(toString(tree.children[0])).toContain('400 行');
  },
};

describe('diff fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const dir = repoOf(name);
      const spec = existsSync(join(root, name, 'case.json')) ? JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) : {};
      const args: string[] = spec.args ?? [];
      const r = await runIn(dir, ['diff', 'HEAD~1', 'HEAD', ...args]);
      expect(r.code).toBe(spec.exit ?? 0);
      if (!spec.exit) expect(r.err).toBe('');
      // A broken head is said on stderr too, in the policies' language (these fixtures are Chinese).
      else expect(r.err).toBe('rulebook diff: HEAD 有错误（运行 `rulebook check` 查看）；只比较能读取的部分\n');
      const file = join(root, name, 'expected.md');
      expect(existsSync(file), `${file} is missing: write it by hand (run the case through \`rulebook diff\` and review it)`).toBe(true);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
      const tree = parse(r.out);
      assertShape(r.out, tree);
      CHECKS[name]?.(tree, r.out);
      // The working tree equals HEAD: head defaults to it and gives the same report.
      const wt = await runIn(dir, ['diff', 'HEAD~1', ...args]);
      expect(wt.out).toBe(r.out);
    });
  }

  it('every kind of change has a fixture with its own checks', () => {
    for (const k of Object.keys(CHECKS)) expect(cases).toContain(k);
  });

  it('a revision diffed with itself is empty', async () => {
    const dir = repoOf(cases[0]);
    const r = await runIn(dir, ['diff', 'HEAD', 'HEAD']);
    expect(r.out.split('\n')[0]).toMatch(/没有语义变化|no semantic changes/);
    const j = await runIn(dir, ['diff', 'HEAD', 'HEAD', '--format', 'json']);
    const d = JSON.parse(j.out);
    expect(d.documents).toEqual([]);
    expect(d.decisions).toEqual([]);
    expect(d.config).toEqual([]);
  });

  it('shows a cell that does not parse as written, not as `-`, and exits 1', async () => {
    const dir = repoOf('threshold');
    const file = join(dir, 'policies/awards.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"< 75%"', '"< 7O%"'));
    const r = await runIn(dir, ['diff', 'HEAD~1']);
    expect(r.code).toBe(1);
    const text = toString(parse(r.out));
    expect(text).toContain('< 7O%');
    expect(text).not.toMatch(/→ 任意/);
  });

  it('a report past GitHub\'s comment size is cut on a line, its folds closed, the marker last', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-diff-huge-'));
    made.push(dir);
    const table = (k: number) =>
      `id: huge\ntitle: 大表\nversion: ${k}\nsections:\n  - id: s\n    title: 节\n    text: |\n      见表。\ndecisions:\n  - id: h.t\n    title: 大表\n    clause: "#s"\n    inputs:\n      n: { type: integer, label: 编号, domain: "[1..800]" }\n    outputs:\n      v: { type: money, label: 金额 }\n    rules:\n` +
      Array.from({ length: 800 }, (_, i) => `      - when: { n: ${i + 1} }\n        then: { v: ${(i + 1) * k} }\n        note: 第${i + 1}档${'说明'.repeat(10 * k)}\n`).join('');
    git(dir, 'init', '-q', '-b', 'main');
    cpSync(join(root, 'threshold/base/rulebook.yaml'), join(dir, 'policies/rulebook.yaml'));
    writeFileSync(join(dir, 'policies/huge.yaml'), table(1));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'policies/huge.yaml'), table(2));
    const r = await runIn(dir, ['diff', 'HEAD']);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(65_536);
    expect(r.out.endsWith('<!-- rulebook-diff -->\n')).toBe(true);
    expect(r.out).toContain('--format json');
    expect((r.out.match(/^<details>$/gm) ?? []).length).toBe((r.out.match(/^<\/details>$/gm) ?? []).length);
    assertShape(r.out, parse(r.out));
  });

  it('an unknown revision is a usage error', async () => {
    const dir = repoOf(cases[0]);
    const r = await runIn(dir, ['diff', 'no-such-rev']);
    expect(r.code).toBe(2);
  });

  it('a policy folder that does not exist is a usage error (exit 2), for revisions and the working tree', async () => {
    const dir = repoOf(cases[0]);
    for (const argv of [['diff', 'HEAD~1', 'HEAD', '--policies', 'nowhere'], ['diff', 'HEAD~1', '--policies', 'nowhere']]) {
      const r = await runIn(dir, argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain('nowhere');
      expect(r.out).toBe('');
    }
  });
});
