/**
 * Policy prose to HTML: remark (GFM) → rehype → sanitize → string. Every piece
 * of author Markdown goes through here, so raw HTML, event handlers and
 * `javascript:`/`data:` links never reach a page. The same parse also gives a
 * cleaned Markdown tree for the one-file export, so prose is parsed once.
 */
import type { Root, RootContent } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/** The unified packages the prose renderer is made of (passed in, so a worker thread can build the same renderer). */
export interface ProseDeps {
  unified: typeof unified;
  remarkParse: typeof remarkParse;
  remarkGfm: typeof remarkGfm;
  remarkRehype: typeof remarkRehype;
  rehypeSanitize: typeof rehypeSanitize;
  rehypeStringify: typeof rehypeStringify;
  remarkStringify: typeof remarkStringify;
  defaultSchema: typeof defaultSchema;
}

/** A rendered piece of prose: sanitized HTML, and the Markdown of the same text for the one-file export. */
export interface RenderedProse {
  html: string;
  /** The source text itself when it is plain and safe, else the cleaned tree printed again. */
  markdown: string;
}

/** remark-stringify's options for the export (prose and the generated parts print alike). */
export const MARKDOWN_OPTIONS = { bullet: '-', rule: '-' } as const;

/**
 * Makes the prose renderer. The packages come in as values so the renderer
 * is the same object on the main thread and in `worker.ts`.
 *
 * The sanitize schema is GitHub's defaults (which drop `<script>`, `on*`
 * attributes and unknown protocols), with links limited to http(s)/mailto and
 * ids prefixed so prose cannot shadow the page's own anchors. The Markdown tree
 * loses raw HTML and links whose target is not http(s), mailto or relative.
 *
 * Printing a tree back to Markdown costs about as much as parsing it, so the
 * export takes the source text verbatim when that is provably the same: nothing
 * was cleaned away, and the text has no construct that could reach past its
 * own chunk or be read differently next to others (tags, entities, code,
 * escapes, definitions, leading indentation).
 */
function makeProseRenderer(deps: ProseDeps): (text: string) => RenderedProse {
  const schema = {
    ...deps.defaultSchema,
    protocols: { href: ['http', 'https', 'mailto'], cite: ['http', 'https'], src: ['http', 'https'] },
    clobberPrefix: 'user-content-',
  };
  const parser = deps.unified().use(deps.remarkParse).use(deps.remarkGfm).freeze();
  // Raw HTML in prose is dropped by remark-rehype already; sanitize is the second fence.
  const toHtml = deps.unified().use(deps.remarkRehype, { allowDangerousHtml: false }).use(deps.rehypeSanitize, schema).use(deps.rehypeStringify).freeze();
  const printer = deps.unified().use(deps.remarkGfm).use(deps.remarkStringify, MARKDOWN_OPTIONS).freeze();
  const safe = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:/?#]*(?:[/?#]|$))/i;
  // Browsers ignore control characters and spaces inside a scheme; so must the check.
  const safeUrl = (url: string): boolean => safe.test(url.replace(/[\u0000-\u0020\u007f]/g, ''));
  const verbatimRisk = /[<>&`~\\]|\n(?: {4}|\t)|^ {0,3}\[[^\]]*\]:/m;
  let changed = false;
  const clean = (nodes: RootContent[]): RootContent[] => {
    const out: RootContent[] = [];
    for (const n of nodes) {
      if (n.type === 'html') {
        changed = true;
        continue;
      }
      if (n.type === 'code' || n.type === 'definition' || n.type === 'footnoteDefinition') changed = true;
      if ((n.type === 'link' || n.type === 'image' || n.type === 'definition') && !safeUrl(n.url)) {
        changed = true;
        if (n.type === 'link') out.push(...clean(n.children as RootContent[]));
        continue;
      }
      if ('children' in n) (n as { children: RootContent[] }).children = clean(n.children as RootContent[]);
      out.push(n);
    }
    return out;
  };
  return (text) => {
    const tree = parser.parse(text) as Root;
    parser.runSync(tree);
    // mdast-util-to-hast builds a new tree and leaves the mdast as it was, so no copy is needed before cleaning it.
    const hast = toHtml.runSync(tree as never);
    const html = String(toHtml.stringify(hast as never));
    changed = false;
    const children = clean(tree.children);
    const markdown = !changed && !/^\s/.test(text) && !verbatimRisk.test(text) ? text.trim() : String(printer.stringify({ type: 'root', children })).trim();
    return { html, markdown };
  };
}

/** Renders one piece of Markdown prose. */
export const renderProse = makeProseRenderer({ unified, remarkParse, remarkGfm, remarkRehype, rehypeSanitize, rehypeStringify, remarkStringify, defaultSchema });

/** One piece of a section's prose: Markdown text, or a `::decision{#id}` placement. */
export type ProseChunk = { kind: 'markdown'; text: string } | { kind: 'decision'; id: string };

const DIRECTIVE = /^[ \t]*::decision\{#([^}\s]+)\}[ \t]*$/;

/** Splits prose at `::decision{#id}` lines (each on a line of its own). */
export function splitProse(text: string): ProseChunk[] {
  const chunks: ProseChunk[] = [];
  let buf: string[] = [];
  const flush = (): void => {
    const t = buf.join('\n');
    if (t.trim()) chunks.push({ kind: 'markdown', text: t });
    buf = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const m = DIRECTIVE.exec(line);
    if (m) {
      flush();
      chunks.push({ kind: 'decision', id: m[1] });
    } else buf.push(line);
  }
  flush();
  return chunks;
}

/** Rendered prose by source text, kept across builds so a rebuild renders only what changed. */
export type ProseCache = Map<string, RenderedProse>;

/** The rendering of `text`, from the cache when it has it. */
export function cachedProse(text: string, cache?: ProseCache): RenderedProse {
  const hit = cache?.get(text);
  if (hit !== undefined) return hit;
  const r = renderProse(text);
  cache?.set(text, r);
  return r;
}
