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
    // A long column name carries line-break chances between words (it wraps instead of widening the table).
    expect(html).toContain('<th scope="col" class="in">连续<wbr>获得<wbr>');
    expect(html).toContain('各行条件互不重叠，任何情况恰好适用一行。');
    expect(html).toContain('<strong>提成金额</strong> = 销售额 × 业绩奖提成比例（询单转化率）的提成比例');
    expect(html).toContain('例：销售额 ¥100,000，询单转化率 72% → 提成金额 ¥1,500');
    expect(page('docs/cs-customer-data.html')).toContain('<strong>主管罚金</strong> = 2 × 对员工实际处以的罚款');
    expect(page('docs/cs-customer-data.html')).toContain('<strong>罚款下限</strong> = ¥1,000 × 泄露次数');
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
    const correction = html.indexOf('<div class="correction" role="note"', clause);
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

  it('offers only the values a rule takes, and examples inside the field’s range', () => {
    const data = page('docs/cs-customer-data.html');
    // 按次罚款 is for leaks only (domain "leak"): coercion is not offered, the one value is chosen.
    expect(data).toContain('<select id="calc-data.leak_fine-offense" name="offense"><option value="">请选择…</option><option value="leak" selected>泄露客户资料</option></select>');
    expect(data).toContain('<option value="coercion" selected>利用职权强制他人违反客服资料保密规定</option></select>');
    // The exception's own calculator: it applies only with serious consequences, so the box is ticked and fixed;
    // the general rule's calculator asks it freely (unticked, the general rule answers).
    expect(data).toContain('<input id="calc-data.serious_leak_fine-serious_consequence" name="serious_consequence" type="checkbox" value="true" checked disabled>');
    expect(data).toContain('<input id="calc-data.leak_fine-serious_consequence" name="serious_consequence" type="checkbox" value="true">');
    // Days in a month are 28 to 31: the example is 28, not 3.
    expect(page('docs/cs-work.html')).toMatch(/<input id="calc-cs.rebate_report_deadline-days_in_month"[^>]*placeholder="例如 28"/);
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

describe('way-finding, languages and print', () => {
  it('lists documents in the config’s order and links each to its neighbours', () => {
    const nav = /<nav class="sidebar[\s\S]*?<\/nav>/.exec(page('docs/cs-awards.html'))![0];
    const order = [...nav.matchAll(/href="\.\.\/docs\/([a-z-]+)\.html"/g)].map((m) => m[1]);
    // The config's order (the source's: 总则 first), every document listed once.
    const { model } = loadModel('policies');
    expect(order).toEqual(model!.config.order);
    expect(order[0]).toBe('cs-general');
    expect([...order].sort()).toEqual(model!.documents.map((d) => d.id).sort());
    expect(nav).toContain('aria-current="page">奖励<');
    expect(page('docs/cs-awards.html')).toMatch(/class="prev" rel="prev" href="..\/docs\/cs-general.html"[\s\S]*class="next" rel="next" href="..\/docs\/cs-sanctions.html"/);
    expect(page('docs/cs-general.html')).not.toContain('rel="prev"');
    expect(site.markdown.indexOf('# 总则与行为准则')).toBeLessThan(site.markdown.indexOf('# 奖励'));
  });

  it('gives edit and feedback links only when the config names a repository', () => {
    expect(page('docs/cs-awards.html')).not.toContain('class="doc-links"');
    const { model } = loadModel('policies');
    const withRepo = { ...model!, config: { ...model!.config, repository: { url: 'https://git.example.com/hr/policies', branch: 'release 1' } } };
    const html = renderHandbook(withRepo, { templates: loadTemplateFiles() }).files.get('docs/cs-awards.html') as string;
    expect(html).toContain('href="https://git.example.com/hr/policies/edit/release%201/policies/awards.md"');
    // Handlebars writes `=` in an attribute as `&#x3D;`, which the browser reads back as `=`.
    expect(html).toContain(`href="https://git.example.com/hr/policies/issues/new?title&#x3D;${encodeURIComponent('奖励')}"`);
  });

  it('says on the law’s page, in each language, that it is information, not legal advice, and on no company page', () => {
    expect(page('docs/law-wage-payment.html')).toContain('<p class="notice law-notice">本页把法律条文编码为上位法，用于检查公司的制度是否符合它。本页是信息，不是法律意见。</p>');
    expect(page('en/docs/law-wage-payment.html')).toContain('<p class="notice law-notice">This page encodes a law so that the company’s rules can be checked against it. It is information, not legal advice.</p>');
    expect(page('print.html')).toContain('law-notice');
    expect(site.markdown).toContain('本页是信息，不是法律意见');
    for (const [name, text] of site.files) if (/^(en\/)?docs\/cs-/.test(name)) expect(text, name).not.toContain('law-notice');
  });

  it('builds the English site beside the Chinese one, marking what has no English', () => {
    const en = page('en/docs/cs-awards.html');
    expect(en).toContain('<html lang="en">');
    expect(en).toMatch(/<h1>Awards/);
    expect(en).toContain('<th scope="col" class="in">inquiry conversion rate</th>');
    // awards.md's headings are Chinese only: shown, and marked.
    expect(en).toMatch(/<h2 id="h-purpose">奖惩的目的 <span class="missing">Chinese only<\/span>/);
    expect(en).toContain('<a class="lang-switch" href="../../docs/cs-awards.html" hreflang="zh-CN"');
    expect(page('docs/cs-awards.html')).toContain('<a class="lang-switch" href="../en/docs/cs-awards.html" hreflang="en"');
    expect(site.files.has('assets/search-index.en.js')).toBe(true);
    expect(site.files.get('assets/calc-data.en.js')).toContain('"inquiry conversion rate"');
  });

  it('prints the whole handbook on one page: contents first, every document, unique ids', () => {
    const html = page('print.html');
    expect(html).toMatch(/<ol class="print-contents"><li><a href="#doc-cs-general">总则与行为准则<\/a>/);
    expect((html.match(/<article class="document"/g) ?? []).length).toBe(loadModel('policies').model!.documents.length);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes corrections for staff and folds the technical remark for authors', () => {
    const html = page('docs/cs-documents.html');
    expect(html).toMatch(/<dt>理由<\/dt><dd>[^<]*按特别规定优于一般规定的原则优先适用。<\/dd>/);
    expect(html).toMatch(/<details class="tech-note"><summary>给制度编写者的技术说明<\/summary><p>docs\.access 为 first 表[^<]*<\/p><\/details>/);
  });

  it('shows staff no decision ids in any page’s text', () => {
    const { model } = loadModel('policies');
    for (const [path, html] of site.files) {
      if (!path.endsWith('.html')) continue;
      const text = String(html).replace(/<details class="tech-note">[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, ' ');
      for (const id of model!.decisions.keys()) expect(text.includes(id), `${path}: ${id}`).toBe(false);
    }
  });
});
