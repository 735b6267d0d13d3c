// Speed without drift: the serve rebuild (kept state, only changed files written) gives the
// same site as a fresh build; the worker threads give the same prose and words as the main
// thread; the export takes plain prose verbatim and re-prints anything else; the sidebar of a
// large handbook stays small; the watcher sees a change made right after it starts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildOptions } from '../../src/cli/commands/build.js';
import { watchTree } from '../../src/cli/commands/serve.js';
import { renderProse, renderState, SIDEBAR_ALL, tokenize } from '../../src/render/index.js';
import { renderParallel, startPool, workerFile } from '../../src/render/parallel.js';
import { policyCopy, readTree, searchIndexOf } from './helpers.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const MODELINE = '# yaml-language-server: $schema=../schemas/policy.schema.json\n';
const DOCS = SIDEBAR_ALL + 5;

function synthetic(i: number, extra = ''): string {
  const text = [`第${i}条 员工应当按照**询单转化率**的规定办理；违反的，按[处分](https://example.com/${i})处理。${extra}`, '', '- 要求一：每月核对；', '- 要求二：登记日期。'];
  return `${MODELINE}id: syn-${i}\ntitle: 合成文件 ${i}\nversion: 1\nsections:\n  - id: s1\n    title: 第一节\n    text: |\n${text.map((l) => '      ' + l).join('\n')}\n`;
}

function handbook(): ReturnType<typeof policyCopy> {
  const t = policyCopy();
  roots.push(t.root);
  for (let i = 0; i < DOCS; i++) writeFileSync(join(t.policies, `syn-${i}.yaml`), synthetic(i));
  return t;
}

const searchOf = searchIndexOf;

describe('serve rebuilds', () => {
  it('write only what changed, and the site equals a fresh build', async () => {
    const t = handbook();
    const opts: BuildOptions = { policies: t.policies, out: t.out, cache: new Map(), state: renderState(), parseCache: new Map(), writeChanged: new Map(), parallel: false };
    expect((await buildSite(opts)).ok).toBe(true);
    const site = join(t.out, 'handbook');
    const mtime = (p: string): number => statSync(join(site, p)).mtimeMs;
    const untouched = mtime('docs/syn-30.html');
    const changedBefore = mtime('docs/syn-3.html');
    await new Promise((r) => setTimeout(r, 20));

    writeFileSync(join(t.policies, 'syn-3.yaml'), synthetic(3, '新增的独特词语麒麟瓷器。'));
    expect((await buildSite(opts)).ok).toBe(true);
    expect(mtime('docs/syn-30.html')).toBe(untouched);
    expect(mtime('docs/syn-3.html')).toBeGreaterThan(changedBefore);

    const fresh = join(t.root, 'fresh');
    expect((await buildSite({ policies: t.policies, out: fresh, parallel: false })).ok).toBe(true);
    const a = readTree(site);
    const b = readTree(join(fresh, 'handbook'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, text] of b) if (!path.startsWith('assets/search-index.')) expect(a.get(path), path).toBe(text);
    expect(readFileSync(join(t.out, 'handbook.md'), 'utf8')).toBe(readFileSync(join(fresh, 'handbook.md'), 'utf8'));
    // The incremental index answers like a fresh one (its internal numbering may differ).
    const inc = searchOf(a.get('assets/search-index.zh.js')!);
    const ref = searchOf(b.get('assets/search-index.zh.js')!);
    for (const q of ['麒麟瓷器', '转化率', '罚款', '要求']) {
      expect(inc.search(q).map((h) => [h.id, h.score.toFixed(6)]).sort(), q).toEqual(ref.search(q).map((h) => [h.id, h.score.toFixed(6)]).sort());
    }
    expect(inc.search('麒麟瓷器')[0].href).toBe('docs/syn-3.html#s1');
  });
});

describe('sidebar', () => {
  it('lists a large handbook once (home page), and each page only its neighbours', async () => {
    const t = handbook();
    expect((await buildSite({ policies: t.policies, out: t.out, parallel: false })).ok).toBe(true);
    const site = readTree(join(t.out, 'handbook'));
    const sidebar = (p: string): string => /<nav class="sidebar[ "][\s\S]*?<\/nav>/.exec(site.get(p)!)![0];
    const links = (html: string): number => (html.match(/href="[^"]*docs\//g) ?? []).length;
    expect(links(sidebar('docs/syn-20.html'))).toBeLessThanOrEqual(15);
    expect(sidebar('docs/syn-20.html')).toContain('aria-current="page">合成文件 20<');
    expect(sidebar('docs/syn-20.html')).toContain('index.html#documents');
    expect(links(site.get('index.html')!)).toBeGreaterThanOrEqual(DOCS);
  });
});

describe('prose for the export', () => {
  it('takes plain prose verbatim', () => {
    const text = '员工应当按照**询单转化率**的规定办理，按[处分](https://example.com)处理。\n\n- 要求一；\n- 要求二。\n';
    expect(renderProse(text).markdown).toBe(text.trim());
  });

  it('re-prints prose it had to clean, or that could read differently next to other prose', () => {
    const evil = renderProse('正文 <script>alert(1)</script>\n\n[点我](javascript:alert(3)) 好');
    expect(evil.markdown).not.toMatch(/<script|javascript:/i);
    expect(evil.markdown).toContain('点我');
    const fence = '```\n未闭合的代码块';
    expect(renderProse(fence).markdown).toMatch(/```\s*$/);
  });
});

describe('worker threads', () => {
  it.skipIf(!workerFile())('render and tokenize exactly as the main thread does', async () => {
    const prose = Array.from({ length: 300 }, (_, i) => `第${i}条 **罚款**${'说明文字'.repeat(i % 17)}\n\n| 甲 | 乙 |\n|---|---|\n| ${i} | <b>x</b> |\n`);
    const search = Array.from({ length: 300 }, (_, i) => `询单转化率 Sales ${i} 罚款${'保密'.repeat(i % 5)}`);
    const cache = new Map();
    const words = new Map<string, string[]>();
    await renderParallel(startPool(2), prose, search, cache, words, { minChars: 0 });
    for (const p of prose) expect(cache.get(p)).toEqual(renderProse(p));
    for (const s of search) expect(words.get(s)).toEqual(tokenize(s));
  });
});

describe('watcher', () => {
  it('sees a change made right after it starts, in a sub-folder too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-watch-'));
    roots.push(dir);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.yaml'), 'a: 1\n');
    let seen = 0;
    const w = watchTree(dir, () => seen++);
    try {
      writeFileSync(join(dir, 'sub', 'a.yaml'), 'a: 2\n');
      const t0 = Date.now();
      while (seen === 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toBeGreaterThan(0);
    } finally {
      w.close();
    }
  });
});
