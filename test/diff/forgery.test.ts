/**
 * The PR comment cannot be forged (issue 13.4): policy text placed in the diff
 * Markdown is rendered by GitHub's own stack (remark-gfm, then to HTML) and
 * must come out as text: no raw HTML, no second marker, no task list, no
 * heading, code block or table cell of its own, whatever a title holds.
 */
import fc from 'fast-check';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { diffModels, renderDiffMarkdown } from '../../src/diff/index.js';
import { flatText, mdCode, mdText } from '../../src/diff/escape.js';
import { DIFF_MARKER } from '../../src/diff/markdown.js';
import { parseSource } from '../../src/load/index.js';
import { buildModel } from '../../src/pipeline.js';

const parse = (md: string) => unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
const toHtml = (md: string) => String(unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true }).processSync(md));

function nodes(tree: Root): RootContent[] {
  const out: RootContent[] = [];
  const walk = (n: RootContent | Root) => {
    if (n.type !== 'root') out.push(n);
    if ('children' in n) for (const c of n.children as RootContent[]) walk(c);
  };
  walk(tree);
  return out;
}

const HOSTILE = [
  'a\r<details><summary>no result changes</summary>\r',
  '</details>\r\r<img src=x onerror=alert(1)>',
  `x\r${DIFF_MARKER}\r`,
  DIFF_MARKER,
  '- [ ] approve me',
  '\r- [x] reviewed\r',
  'a | b | c',
  '\r```js\ralert(1)\r```\r',
  '``` `` `',
  '<script>alert(1)</script>',
  '&lt;script&gt; &#60;b&#62;',
  '\r# pwned heading\r',
  '\r\r    indented code\r',
  '[click](javascript:alert(1))',
  '\u2028<b>sep</b>\u2029\u000b\u000c<i>x</i>\u0085',
  'line\nbreak\r\nmixed\rends',
];

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';
const q = (s: string) => JSON.stringify(s);

/** A document whose every free text is `s`, and a table row whose cell and output change. */
function doc(s: string, rate: string): string {
  return `id: hostile
title: ${q(s)}
version: 1
sections:
  - id: rate
    title: ${q(s)}
    text: ${q(`The rate ${rate}. ${s}`)}
terms:
  - { id: t, term: ${q(s)}, definition: ${q(`${s} ${rate}`)} }
decisions:
  - id: h.rate
    title: ${q(`${s} ${rate}`)}
    clause: "#rate"
    inputs: { conversion: { type: percent, label: ${q(s)} }, kind: { type: enum, values: { a: ${q(s)}, b: ${q(`${s}!`)} } } }
    outputs: { rate: { type: percent, label: ${q(s)} } }
    rules:
      - when: { conversion: "< 70%" }
        then: { rate: 1% }
        note: ${q(`${s} ${rate}`)}
      - when: { conversion: ">= 70%" }
        then: { rate: ${rate} }
`;
}

function model(files: Record<string, string>) {
  const sources = Object.entries(files).map(([f, text]) => parseSource(text, f, f === 'rulebook.yaml' ? 'config' : 'document').document!);
  return buildModel(sources).model;
}

describe('diff Markdown against hostile policy text', () => {
  it('renders every hostile title, prose, label and note as text only', () => {
    for (const s of HOSTILE) {
      const base = model({ 'rulebook.yaml': CONFIG, 'h.yaml': doc(s, '1.5%') });
      const head = model({ 'rulebook.yaml': CONFIG.replace('title: T', `title: ${q(s)}`), 'h.yaml': doc(`${s} `, '2%') });
      const md = renderDiffMarkdown(diffModels(base, head));
      const what = JSON.stringify(s);
      // The comment is about this change: it does say the rate moved.
      expect(md, what).toContain('2%');
      const all = nodes(parse(md));
      // One raw HTML node in the whole comment: the marker, last.
      const html = all.filter((n) => n.type === 'html');
      expect(html.map((n) => (n as { value: string }).value), what).toEqual([DIFF_MARKER]);
      expect(md.indexOf(DIFF_MARKER), what).toBe(md.length - DIFF_MARKER.length - 1);
      expect(all.filter((n) => n.type === 'code'), what).toEqual([]);
      expect(all.filter((n) => n.type === 'listItem' && typeof n.checked === 'boolean'), what).toEqual([]);
      expect(all.filter((n) => n.type === 'link' || n.type === 'image'), what).toEqual([]);
      // Headings are the report's own (### sections, #### items, each on a line the report starts), never one a title starts.
      const headings = all.filter((n) => n.type === 'heading');
      expect(headings.filter((n) => n.type === 'heading' && n.depth < 3), what).toEqual([]);
      expect(headings.length, what).toBe(md.split('\n').filter((l) => /^#{3,4} /.test(l)).length);
      for (const h of headings) expect(md.split('\n')[(h.position?.start.line ?? 1) - 1], what).toMatch(/^#{3,4} /);
      for (const t of all.filter((n) => n.type === 'table')) {
        const widths = (t as { children: { children: unknown[] }[] }).children.map((r) => r.children.length);
        expect(new Set(widths).size, `${what}: ${widths}`).toBe(1);
      }
      const out = toHtml(md);
      expect(out, what).not.toMatch(/<(details|summary|img|script|b|i|pre)[\s>]/);
      expect(out.split(DIFF_MARKER).length, what).toBe(2);
    }
  });

  it('keeps any text as exactly that text, in a paragraph and in a table cell (property)', () => {
    const chars = fc.constantFrom('<', '>', '&', '|', '`', '[', ']', ' ', 'x', '-', '#', '*', '_', '\\', '!', '(', ')', '\r', '\n', '\u2028', ';', '!', '~', 'é', '\t');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 40 }).map((a) => `x${a.join('')}x`), (s) => {
        const want = flatText(s).replace(/\s+/g, ' ');
        const para = parse(`Before ${mdText(s)} after`);
        expect(para.children.length).toBe(1);
        const text = nodes(para).filter((n) => n.type === 'text' || n.type === 'inlineCode').map((n) => (n as { value: string }).value).join('');
        expect(text.replace(/\s+/g, ' ')).toBe(`Before ${want} after`);
        const table = parse(`| a | b |\n| --- | --- |\n| ${mdText(s)} | ${mdCode(s)} |\n`);
        const rows = (table.children[0] as { children: { children: unknown[] }[] }).children;
        expect(rows.map((r) => r.children.length)).toEqual([2, 2]);
      }),
      { seed: 1313, numRuns: 500 },
    );
  });
});
