// The handbook of the shipped policies: pages, anchors, rules in words, corrections, links both ways, CSP, search.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTemplateFiles } from '../../src/cli/commands/build.js';
import { loadModel } from '../../src/pipeline.js';
import { renderHandbook, tokenize, type RenderResult } from '../../src/render/index.js';
import { SCRIPT_TAG, searchIndexOf } from './helpers.js';

let site: RenderResult;
const page = (p: string): string => site.files.get(p) as string;

beforeAll(() => {
  const { model } = loadModel('policies');
  site = renderHandbook(model!, { templates: loadTemplateFiles(), lastChanged: new Map([['policies/awards.md', '2026-02-03']]) });
});

describe('pages', () => {
  it('has a home page, one page per document, a glossary and a rules index', () => {
    for (const p of ['index.html', 'glossary.html', 'decisions.html', 'print.html', 'docs/cs-awards.html', 'docs/cs-customer-data.html', 'assets/search-index.zh.js', 'assets/calc-data.zh.js', 'assets/search-engine.js', 'assets/style.css']) {
      expect(site.files.has(p), p).toBe(true);
    }
    // The tokenizer reaches the browser inside search-engine.js (a classic script), not as a module of its own.
    expect(site.files.has('assets/tokenize.js')).toBe(false);
    expect(site.files.get('assets/search-engine.js')).toContain('self.RulebookTokenize');
    // templates/assets/tokenize.d.ts is for the type-checker only.
    expect([...site.files.keys()].filter((k) => k.endsWith('.d.ts'))).toEqual([]);
    expect(site.diagnostics).toEqual([]);
  });

  it('is in Chinese, with a CSP and no inline script', () => {
    for (const [path, html] of site.files) {
      if (!path.endsWith('.html')) continue;
      expect(html).toContain(path.startsWith('en/') ? '<html lang="en">' : '<html lang="zh-CN">');
      expect(html).toContain('http-equiv="Content-Security-Policy"');
      expect(html).not.toMatch(/\son[a-z]+=/i);
      for (const tag of String(html).match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(SCRIPT_TAG);
    }
  });

  it('gives every clause its explicit id as anchor, with a copy-link affordance', () => {
    const html = page('docs/cs-awards.html');
    expect(html).toContain('<section class="clause" id="performance-award"');
    expect(html).toContain('href="#performance-award" data-copy');
    expect(html).toMatch(/<nav class="toc drawer" id="page-toc"[\s\S]*href="#special-award"/);
    expect(html).toMatch(/<nav class="breadcrumbs"[\s\S]*首页/);
  });

  it('shows version, owner and last change of a document', () => {
    const html = page('docs/cs-awards.html');
    expect(html).toMatch(/<dt>版本<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/<dt>负责部门<\/dt><dd>客服部<\/dd>/);
    expect(html).toContain('<time datetime="2026-02-03">');
  });
});

describe('rules in words', () => {
  it('renders a table with labels and units, the hit policy in words, formulas and worked examples', () => {
    const html = page('docs/cs-awards.html');
    expect(html).toContain('<td class="in" data-label="询单转化率">≥ 70%</td><td class="out" data-label="提成比例">1.5%</td>');
    expect(html).toMatch(/<th scope="col" class="in">询单转化率<\/th>/);
    expect(html).toContain('各行条件互不重叠，任何情况恰好适用一行。');
    expect(html).toContain('<strong>提成金额</strong> = 销售额 × 业绩奖提成比例（询单转化率）的提成比例');
    expect(html).toContain('例：销售额 ¥100,000，询单转化率 72% → 提成金额 ¥1,500');
  });

  it('places decisions where the prose says and links sections and decisions both ways', () => {
    const html = page('docs/cs-awards.html');
    expect(html).not.toContain('::decision');
    const section = html.indexOf('id="performance-award"');
    const decision = html.indexOf('id="decision-cs.performance_rate"');
    expect(section).toBeGreaterThan(0);
    expect(decision).toBeGreaterThan(section);
    expect(html).toContain('实现条款：<a href="../docs/cs-awards.html#performance-award">业绩奖</a>');
    expect(html).toMatch(/本条款的规则：<a href="..\/docs\/cs-awards.html#decision-cs.performance_rate">业绩奖提成比例<\/a>/);
    expect(page('decisions.html')).toContain('href="docs/cs-awards.html#decision-cs.performance_bonus"');
  });

  it('shows a correction beside the clause it corrects', () => {
    const html = page('docs/cs-awards.html');
    const clause = html.indexOf('id="performance-award"');
    const correction = html.indexOf('<aside class="correction">', clause);
    const next = html.indexOf('id="special-award"');
    expect(correction).toBeGreaterThan(clause);
    expect(correction).toBeLessThan(next);
  });

  it('gives each decision a typed calculator form', () => {
    const html = page('docs/cs-awards.html');
    // The unit sits inside the box: ¥ before the amount, % after the percent, with an example and how to write it.
    expect(html).toMatch(/<span class="unit" aria-hidden="true">¥<\/span><input id="calc-cs.performance_bonus-sales" name="sales"[^>]*placeholder="例如 100,000"/);
    expect(html).toMatch(/<input id="calc-cs.performance_bonus-conversion"[^>]*placeholder="例如 72"[^>]*><span class="unit" aria-hidden="true">%<\/span>/);
    expect(html).toContain('按百分数填写：72 即 72%');
    expect(page('docs/cs-customer-data.html')).toMatch(/<select id="calc-[^"]+" name="[a-z_]+"><option value="">/);
    expect(site.files.has('assets/evaluator.js')).toBe(false);
  });

  it('exports the whole handbook as Markdown with GFM tables', () => {
    expect(site.markdown).toMatch(/^# 客服员工管理制度/);
    expect(site.markdown).toMatch(/\| 询单转化率 \| 提成比例 \|/);
    expect(site.markdown).toContain('≥ 70%');
    expect(site.markdown).toContain('## 术语表');
  });
});

describe('search', () => {
  const load = () => searchIndexOf(page('assets/search-index.zh.js'));

  it('finds the commission clause for 转化率', () => {
    const hits = load().search('转化率').slice(0, 5);
    expect(hits.map((h) => h.href)).toContain('docs/cs-awards.html#performance-award');
  });

  it('finds the fine clauses for 罚款', () => {
    const hits = load().search('罚款').slice(0, 6);
    expect(hits.some((h) => String(h.href).startsWith('docs/cs-customer-data.html#penalty'))).toBe(true);
  });

  it('uses the browser tokenizer itself at build time (one source of truth)', async () => {
    const browser = (await import('../../templates/assets/tokenize.js')) as { tokenize(s: string): string[] };
    // The browser loads the file as it is: no imports to resolve.
    expect(readFileSync('templates/assets/tokenize.js', 'utf8')).not.toMatch(/^import /m);
    expect(tokenize).toBe(browser.tokenize);
    expect(tokenize('询单转化率 Sales')).toEqual(expect.arrayContaining(['sales', '转化']));
  });
});
