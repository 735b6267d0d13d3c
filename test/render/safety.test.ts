// Hostile policy text renders inert; restricted content never reaches another audience's build;
// a failing template leaves the previous site in place; a user's template folder is confined.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/cli/commands/build.js';
import { enforceCsp } from '../../src/cli/template-audit.js';
import { policyCopy, readTree, SCRIPT_TAG, scriptJson } from './helpers.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const MODELINE = '# yaml-language-server: $schema=../schemas/policy.schema.json\n';

const EVIL = `${MODELINE}id: evil
title: "邪恶 <script>alert(1)</script>"
version: 1
summary: "<img src=x onerror=alert(0)>"
sections:
  - id: evil-clause
    title: "条款 <img src=x onerror=alert(1)>"
    text: |
      正文 <script>alert('x')</script> 和 <img src=x onerror="alert(2)">

      [点我](javascript:alert(3)) [数据](data:text/html;base64,PHNjcmlwdD4=) [空格]( JaVaScRiPt:alert(8)) [好](https://example.com)

      <a href="javascript:alert(4)">raw</a> <iframe src="https://evil.example"></iframe>

      ![图](javascript:alert(9))

      ::decision{#evil.rate}
decisions:
  - id: evil.rate
    title: "</script><script>alert(5)</script>"
    clause: "#evil-clause"
    inputs:
      x: { type: percent, label: "</script><script>alert(6)</script>" }
      kind:
        type: enum
        label: 种类
        values: { a: "\\"><svg onload=alert(10)>", b: 乙 }
    outputs:
      y: { type: percent, label: "\\"><img src=x onerror=alert(7)>" }
    rules:
      - when: { x: "< 50%" }
        then: { y: 1% }
      - when: { x: ">= 50%" }
        then: { y: 2% }
        note: "<script>alert(11)</script>"
terms:
  - { id: evil-term, term: "<b onmouseover=alert(12)>术语</b>", definition: "[x](javascript:alert(13))" }
`;

describe('hostile policy text', () => {
  it('renders inert: no script, no event handler, no javascript: or data: link', async () => {
    const t = policyCopy();
    roots.push(t.root);
    writeFileSync(join(t.policies, 'evil.yaml'), EVIL);
    const r = await buildSite({ policies: t.policies, out: t.out });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    const site = readTree(join(t.out, 'handbook'));
    const html = [...site].filter(([p]) => p.endsWith('.html'));
    expect(html.length).toBeGreaterThan(4);
    const evil = site.get('docs/evil.html')!;
    expect(evil).toContain('&lt;/script&gt;&lt;script&gt;alert(5)&lt;/script&gt;');
    expect(evil).toContain('<a href="https://example.com">好</a>');
    for (const [path, text] of html) {
      for (const tag of text.match(/<script[^>]*>/gi) ?? []) expect(tag, path).toMatch(SCRIPT_TAG);
      // Every tag the page has: none carries an event handler or a script URL.
      for (const tag of text.match(/<[a-z][^>]*>/gi) ?? []) {
        expect(tag, path).not.toMatch(/\son\w+\s*=/i);
        expect(tag, path).not.toMatch(/(?:href|src)\s*=\s*"\s*(?:javascript|data|vbscript):/i);
      }
      // A Markdown image may stay (without its unsafe src); no other element of the hostile text does.
      expect(text, path).not.toMatch(/<(?:iframe|svg|b)\b/i);
      for (const img of text.match(/<img[^>]*>/gi) ?? []) expect(img, path).not.toMatch(/src=/i);
      // Text may mention `javascript:` (a plain-text definition does): inert, since no tag carries it.
    }
    // The data scripts carry the hostile text as one JSON literal each: nothing in it can run.
    for (const name of ['calc-data.zh.js', 'calc-data.en.js', 'search-index.zh.js', 'search-index.en.js']) {
      const script = site.get(`assets/${name}`)!;
      expect(JSON.parse(scriptJson(script)), name).toBeTypeOf('object');
      expect(script, name).not.toContain('<');
    }
    const md = readFileSync(join(t.out, 'handbook.md'), 'utf8');
    expect(md).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
    // remark-stringify escapes a `<` that could open a tag (`\<script>`), so the Markdown is inert too.
    expect(md).not.toMatch(/(?<!\\)<script/i);
    expect(md).toContain("\\<script>");
    expect(md).not.toMatch(/(?<!\\)<(?:iframe|img)/i);
  });
});

const CANARY = 'CANARY-7f3a91-金丝雀';

const RESTRICTED = `${MODELINE}id: mixed
title: 混合文件
version: 1
audience: staff
sections:
  - id: open
    title: 公开条款
    text: 所有员工可读。
  - id: closed
    title: "管理条款 ${CANARY}"
    audience: managers
    text: |
      仅管理人员可读：${CANARY}

      ::decision{#mixed.secret_rate}
decisions:
  - id: mixed.secret_rate
    title: "内部比例 ${CANARY}"
    clause: "#closed"
    audience: managers
    inputs:
      level: { type: integer, label: "级别 ${CANARY}" }
    outputs:
      rate: { type: percent, label: 比例 }
    rules:
      - when: { level: "< 3" }
        then: { rate: 1% }
      - when: { level: ">= 3" }
        then: { rate: 2% }
tests:
  - decision: mixed.secret_rate
    input: { level: 4 }
    expect: { rate: 2% }
corrections:
  - clause: "#closed"
    original: "原文 ${CANARY}"
    corrected: 更正
    reason: 理由
`;

const MANAGERS_ONLY = `${MODELINE}id: managers-only
title: "管理手册 ${CANARY}"
version: 1
audience: managers
summary: "${CANARY}"
terms:
  - { id: secret-term, term: "内部术语 ${CANARY}", definition: "${CANARY}" }
sections:
  - id: s
    title: 管理
    text: "${CANARY}"
`;

describe('prose the sanitiser empties', () => {
  it('builds: a section whose whole text is a raw <script> block renders no prose and no template error', async () => {
    const t = policyCopy();
    roots.push(t.root);
    writeFileSync(
      join(t.policies, 'empty-prose.yaml'),
      `${MODELINE}id: empty-prose\ntitle: 空\nversion: 1\nsections:\n  - id: only-script\n    title: 条款\n    text: |\n      <script>alert(1)</script>正文被整行吞掉\n`,
    );
    const r = await buildSite({ policies: t.policies, out: t.out, parallel: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    const page = readTree(join(t.out, 'handbook')).get('docs/empty-prose.html')!;
    expect(page).toContain('id="only-script"');
    expect(page).not.toContain('alert(1)');
  });
});

describe('the CSP a template cannot hide', () => {
  it('goes after the whole <head> start tag, not inside a quoted attribute holding ">"', () => {
    for (const attr of [`data-x="<head>"`, `data-x='a>b'`, `title=">"`]) {
      const page = enforceCsp(`<!doctype html>\n<html><head ${attr}><title>t</title></head><body><script>x()</script></body></html>`)!;
      expect(page, attr).toContain(`<head ${attr}>\n<meta http-equiv="Content-Security-Policy"`);
    }
    expect(enforceCsp('<html><head data-x="unterminated><script>x()</script>')).toBeUndefined();
  });
});

describe('audiences', () => {
  it('leaves restricted sections, documents and rules out of the staff build everywhere', async () => {
    const t = policyCopy();
    roots.push(t.root);
    writeFileSync(join(t.policies, 'mixed.yaml'), RESTRICTED);
    writeFileSync(join(t.policies, 'managers-only.yaml'), MANAGERS_ONLY);

    const staff = await buildSite({ policies: t.policies, out: t.out, audience: 'staff' });
    expect(staff.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(staff.ok).toBe(true);
    const site = readTree(join(t.out, 'handbook'));
    expect(site.get('docs/mixed.html')).toContain('所有员工可读');
    expect(site.has('docs/managers-only.html')).toBe(false);
    for (const [path, text] of site) expect(text.includes(CANARY), path).toBe(false);
    for (const [path, text] of site) if (path.startsWith('assets/')) expect(text.includes('管理条款'), path).toBe(false);
    expect(readFileSync(join(t.out, 'handbook.md'), 'utf8').includes(CANARY)).toBe(false);

    // The same files for managers do carry it: the absence above is the filter's doing.
    const managers = await buildSite({ policies: t.policies, out: join(t.root, 'dist-managers'), audience: 'managers' });
    expect(managers.ok).toBe(true);
    const msite = readTree(join(t.root, 'dist-managers', 'handbook'));
    expect(msite.get('docs/mixed.html')).toContain(CANARY);
    expect(msite.get('docs/managers-only.html')).toContain(CANARY);
    expect(msite.get('assets/search-index.zh.js')).toContain(CANARY);
    expect(msite.get('assets/calc-data.zh.js')).toContain('mixed.secret_rate');
    expect(msite.get('assets/evaluator.js')).toContain('mixed.secret_rate');
    expect(readFileSync(join(t.root, 'dist-managers', 'handbook.md'), 'utf8')).toContain(CANARY);
  });
});

describe('atomic build and template folders', () => {
  it('keeps the previous site when a template throws', async () => {
    const t = policyCopy();
    roots.push(t.root);
    const first = await buildSite({ policies: t.policies, out: t.out });
    expect(first.ok).toBe(true);
    const before = readTree(join(t.out, 'handbook'));

    mkdirSync(join(t.root, 'theme', 'partials'), { recursive: true });
    // Strict mode: a field the view does not have is an error, not an empty string.
    writeFileSync(join(t.root, 'theme', 'partials', 'toc.hbs'), '{{no.such.field}}');
    writeFileSync(join(t.policies, 'rulebook.yaml'), readFileSync(join(t.policies, 'rulebook.yaml'), 'utf8') + 'templates: ../theme\n');
    const second = await buildSite({ policies: t.policies, out: t.out });
    expect(second.ok).toBe(false);
    expect(second.diagnostics.map((d) => d.message).join('\n')).toMatch(/template `.*` failed/);
    expect(readTree(join(t.out, 'handbook'))).toEqual(before);

    // A working override re-themes the site.
    writeFileSync(join(t.root, 'theme', 'partials', 'toc.hbs'), '<nav class="my-toc">{{#each toc}}<a href="{{href}}">{{title}}</a>{{/each}}</nav>');
    writeFileSync(join(t.root, 'theme', 'partials', 'toc.hbs'), '<nav class="my-toc">{{#each toc}}<a href="{{href}}">{{title}}</a>{{/each}}</nav>');
    const third = await buildSite({ policies: t.policies, out: t.out });
    expect(third.ok).toBe(true);
    expect(readFileSync(join(t.out, 'handbook', 'docs', 'cs-awards.html'), 'utf8')).toContain('<nav class="my-toc">');
  });

  it('refuses symbolic links and folders outside the repository', async () => {
    const t = policyCopy();
    roots.push(t.root);
    mkdirSync(join(t.root, 'theme'), { recursive: true });
    symlinkSync('/etc/hostname', join(t.root, 'theme', 'layout.hbs'));
    writeFileSync(join(t.policies, 'rulebook.yaml'), readFileSync(join(t.policies, 'rulebook.yaml'), 'utf8') + 'templates: ../theme\n');
    const linked = await buildSite({ policies: t.policies, out: t.out });
    expect(linked.ok).toBe(false);
    expect(linked.diagnostics.map((d) => d.message).join('\n')).toMatch(/symbolic link/);
    expect(existsSync(join(t.out, 'handbook'))).toBe(false);

    writeFileSync(join(t.policies, 'rulebook.yaml'), readFileSync(join(t.policies, 'rulebook.yaml'), 'utf8').replace('templates: ../theme', 'templates: /usr/share'));
    const outside = await buildSite({ policies: t.policies, out: t.out });
    expect(outside.ok).toBe(false);
    expect(outside.diagnostics.map((d) => d.message).join('\n')).toMatch(/outside the repository/);
  });
});
