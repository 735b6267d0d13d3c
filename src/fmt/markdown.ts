/**
 * Canonical Markdown: remark-stringify with fixed options (ATX headings, `-`
 * bullets, `*` emphasis, backtick fences, GFM tables without alignment
 * padding, so a changed cell changes one line and nothing around it), with the
 * front matter and every ```` ```yaml rulebook ```` block formatted as YAML.
 */
import type { Code, Nodes, Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options } from 'remark-stringify';
import { unified } from 'unified';
import { formatYaml } from './yaml.js';

const STRINGIFY: Options = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
  setext: false,
  closeAtx: false,
  quote: '"',
  resourceLink: false,
  tightDefinitions: true,
};

function processor() {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm, { tablePipeAlign: false, tableCellPadding: true })
    .use(remarkStringify, STRINGIFY);
}

function visit(node: Nodes, f: (n: Nodes) => void): void {
  f(node);
  if ('children' in node) for (const c of node.children) visit(c, f);
}

/** The canonical text of Markdown prose (a section's text): what the formatter's output reads as. */
export function normalizeProse(text: string): string {
  const p = processor();
  return String(p.stringify(p.runSync(p.parse(text)) as Root));
}

/** The canonical text of a literate Markdown document, or undefined when an embedded YAML block does not parse. */
export function formatMarkdown(text: string): string | undefined {
  const p = processor();
  const tree = p.runSync(p.parse(text)) as Root;
  let broken = false;
  visit(tree, (node) => {
    if (node.type === 'yaml') {
      const y = node as Yaml;
      const out = formatYaml(y.value, 'policy');
      if (out === undefined) broken = true;
      else y.value = out.replace(/\n$/, '');
    } else if (node.type === 'code') {
      const c = node as Code;
      if (c.lang === 'yaml' && (c.meta ?? '').split(/\s+/).includes('rulebook')) {
        const out = formatYaml(c.value, 'policy');
        if (out === undefined) broken = true;
        else c.value = out.replace(/\n$/, '');
      }
    }
  });
  if (broken) return undefined;
  return String(p.stringify(tree));
}
