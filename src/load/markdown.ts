/**
 * A literate Markdown policy document → the same data a YAML document gives.
 * Front matter carries the metadata; level-2+ headings with `{#id}` are
 * sections; ```yaml rulebook``` blocks carry decisions, terms, tests and
 * invariants. Positions of everything map back into the Markdown file, also
 * inside the YAML blocks (shifted by the block's offset).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, RootContent } from 'mdast';
import type { Span } from '../span/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import type { LineIndex } from '../span/line-index.js';
import type { DataPath, OffsetMap } from './source.js';
import { parseYamlText, yamlOffsets, yamlScalarOffsets, yamlScalarSource, type YamlTree } from './yaml.js';

/** The keys a ```yaml rulebook``` block may hold; each is a list, concatenated across blocks. */
const BLOCK_KEYS = ['decisions', 'terms', 'tests', 'assert'] as const;
type BlockKey = (typeof BLOCK_KEYS)[number];

interface SectionPos {
  start: number;
  end: number;
  idStart: number;
  idEnd: number;
  titleStart: number;
  titleEnd: number;
  textStart: number;
  textEnd: number;
  /** How the prose maps to the file: one pair per paragraph kept (see OffsetMap). */
  textMap: number[];
  children: SectionPos[];
}

/** Where each item of a merged list came from: a YAML tree and the path of the item in it. */
interface ItemOrigin {
  tree: YamlTree;
  path: (string | number)[];
  /** A clause the loader filled in from the enclosing section: located at the block. */
  syntheticClause?: boolean;
}

export interface MarkdownResult {
  data: unknown;
  diagnostics: Diagnostic[];
  locate(path: DataPath, key?: boolean): Span;
  scalarOffsets(path: DataPath): OffsetMap | undefined;
  scalarText(path: DataPath): string | undefined;
}

const HEADING_ID = /\s*\{#([^{}\s]+)\}\s*$/;

/** Parses a Markdown policy document. Never throws on bad input: problems become `md-syntax` diagnostics. */
export function parseMarkdownDocument(text: string, file: string, lines: LineIndex): MarkdownResult {
  const diagnostics: Diagnostic[] = [];
  const root = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).parse(text) as Root;
  const span = (s: number, e: number) => lines.span(file, s, e);

  const data: Record<string, unknown> = Object.create(null);
  let fmTree: YamlTree | undefined;
  let fmKeys = new Set<string>();
  const lists: Record<BlockKey, unknown[]> = { decisions: [], terms: [], tests: [], assert: [] };
  const origins: Record<BlockKey, ItemOrigin[]> = { decisions: [], terms: [], tests: [], assert: [] };
  const sections: unknown[] = [];
  const sectionPos: SectionPos[] = [];
  let titlePos: [number, number] | undefined;

  // The stack of open sections: [data, positions, heading depth].
  const stack: { data: Record<string, unknown>; pos: SectionPos; depth: number; parts: [number, number][] }[] = [];
  const children = root.children;

  const closeTextUpTo = (offset: number) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    const kept = top.parts.map(([s, e]) => [s, text.slice(s, e).replace(/\s+$/, '')] as const).filter(([, x]) => x.trim() !== '');
    top.data.text = kept.map(([, x]) => x).join('\n\n');
    // The text is the kept slices verbatim, joined by blank lines: each maps 1:1 from its start.
    let v = 0;
    top.pos.textMap = kept.flatMap(([s, x]) => {
      const pair = [v, s];
      v += x.length + 2;
      return pair;
    });
    top.pos.textEnd = Math.max(top.pos.textStart, offset);
  };

  for (let i = 0; i < children.length; i++) {
    const node = children[i] as RootContent;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;

    if (node.type === 'yaml') {
      const valueStart = text.indexOf('\n', start) + 1;
      const res = parseYamlText(node.value, file, lines, valueStart, 'md-syntax');
      diagnostics.push(...res.diagnostics);
      if (res.tree && res.data !== null && res.data !== undefined) {
        if (typeof res.data !== 'object' || Array.isArray(res.data)) {
          diagnostics.push(diag('md-syntax', 'error', 'md.front-matter-not-map', {}, span(start, end)));
        } else {
          fmTree = res.tree;
          for (const [k, v] of Object.entries(res.data as Record<string, unknown>)) {
            if ((BLOCK_KEYS as readonly string[]).includes(k) && Array.isArray(v)) {
              v.forEach((item, j) => {
                lists[k as BlockKey].push(item);
                origins[k as BlockKey].push({ tree: res.tree!, path: [k, j] });
              });
            } else data[k] = v;
          }
          fmKeys = new Set(Object.keys(data));
        }
      }
      continue;
    }

    if (node.type === 'heading') {
      const raw = text.slice(start, end);
      const hashes = /^#+\s*/.exec(raw)?.[0].length ?? 0;
      const m = HEADING_ID.exec(raw);
      const titleText = raw.slice(hashes, m ? m.index : raw.length).replace(/\s+#+\s*$/, '').trim();
      if (node.depth === 1) {
        if (!('title' in data)) {
          data.title = titleText;
          titlePos = [start + hashes, start + hashes + titleText.length];
        }
        continue;
      }
      closeTextUpTo(start);
      while (stack.length && stack[stack.length - 1].depth >= node.depth) stack.pop();
      const idStart = m ? start + m.index + m[0].indexOf('{#') + 2 : start;
      const id = m ? m[1] : undefined;
      if (!id) {
        diagnostics.push(
          // A setext heading spans lines; a message is one.
          diag('md-syntax', 'error', 'md.heading-id', { title: titleText.replace(/\s+/g, ' ').trim() }, span(start, end)),
        );
      }
      const sec: Record<string, unknown> = Object.create(null);
      sec.id = id ?? '';
      sec.title = titleText;
      sec.text = '';
      sec.sections = [];
      const pos: SectionPos = {
        start,
        end,
        idStart,
        idEnd: m ? idStart + m[1].length : end,
        titleStart: start + hashes,
        titleEnd: start + hashes + titleText.length,
        textStart: end,
        textEnd: end,
        textMap: [],
        children: [],
      };
      const parent = stack[stack.length - 1];
      if (parent) {
        (parent.data.sections as unknown[]).push(sec);
        parent.pos.children.push(pos);
      } else {
        sections.push(sec);
        sectionPos.push(pos);
      }
      stack.push({ data: sec, pos, depth: node.depth, parts: [] });
      continue;
    }

    const read = node.type === 'code' && node.lang === 'yaml' && /(^|\s)rulebook(\s|$)/.test(node.meta ?? '');
    // A yaml block that looks like policy but is not a ```yaml rulebook block is not read: say so, once, at its fence.
    if (!read && node.type === 'code' && /^ya?ml$/i.test(node.lang ?? '')) {
      const key = /^(decisions|tests|terms|assert):/m.exec(node.value)?.[1];
      const fenceEnd = text.indexOf('\n', start);
      if (key) diagnostics.push(diag('md-syntax', 'warning', 'md.block-not-read', { key }, span(start, fenceEnd === -1 ? text.length : fenceEnd)));
    }
    if (read) {
      const valueStart = text.indexOf('\n', start) + 1;
      const res = parseYamlText(node.value, file, lines, valueStart, 'md-syntax');
      diagnostics.push(...res.diagnostics);
      if (!res.tree) continue;
      const block = res.data;
      if (block === null || block === undefined) continue;
      if (typeof block !== 'object' || Array.isArray(block)) {
        diagnostics.push(diag('md-syntax', 'error', 'md.block-not-map', {}, span(start, end)));
        continue;
      }
      const enclosing = stack[stack.length - 1];
      for (const [k, v] of Object.entries(block as Record<string, unknown>)) {
        if (!(BLOCK_KEYS as readonly string[]).includes(k)) {
          const o = yamlOffsets(res.tree, [k], true);
          diagnostics.push(diag('schema', 'error', 'md.block-key', { key: k, keys: BLOCK_KEYS.join(', ') }, span(o.start, o.end)));
          continue;
        }
        if (!Array.isArray(v)) {
          const o = yamlOffsets(res.tree, [k]);
          diagnostics.push(diag('schema', 'error', 'md.block-list', { key: k }, span(o.start, o.end)));
          continue;
        }
        v.forEach((item, j) => {
          const origin: ItemOrigin = { tree: res.tree!, path: [k, j] };
          // A decision written under a heading implements that heading's clause unless it says otherwise.
          if (k === 'decisions' && enclosing && item && typeof item === 'object' && !Array.isArray(item)) {
            const rec = item as Record<string, unknown>;
            if (!('clause' in rec) && enclosing.data.id) {
              rec.clause = `#${String(enclosing.data.id)}`;
              origin.syntheticClause = true;
            }
          }
          lists[k as BlockKey].push(item);
          origins[k as BlockKey].push(origin);
        });
      }
      continue;
    }

    const top = stack[stack.length - 1];
    if (top) {
      if (top.parts.length === 0) top.pos.textStart = start;
      top.parts.push([start, end]);
    }
  }
  closeTextUpTo(text.length);

  if (sections.length) data.sections = sections;
  for (const k of BLOCK_KEYS) if (lists[k].length) data[k] = lists[k];

  const fmSpan = (): Span => {
    const first = children[0];
    return first?.type === 'yaml' && first.position
      ? span(first.position.start.offset ?? 0, first.position.end.offset ?? 0)
      : span(0, 0);
  };

  const route = (path: DataPath): { tree: YamlTree; path: DataPath; synthetic?: boolean } | undefined => {
    const head = path[0];
    if (typeof head === 'string' && (BLOCK_KEYS as readonly string[]).includes(head) && typeof path[1] === 'number') {
      const o = origins[head as BlockKey][path[1]];
      if (!o) return undefined;
      const rest = path.slice(2);
      const synthetic = o.syntheticClause && rest[0] === 'clause';
      return { tree: o.tree, path: synthetic ? o.path : [...o.path, ...rest], synthetic };
    }
    if (fmTree && typeof head === 'string' && fmKeys.has(head)) return { tree: fmTree, path };
    return undefined;
  };

  /** The section a `sections.N.sections.M…` path names, and the field after it. */
  const sectionAt = (path: DataPath): { pos: SectionPos; field: string | number | undefined } | undefined => {
    let list = sectionPos;
    let pos: SectionPos | undefined;
    let i = 0;
    while (i + 1 < path.length && path[i] === 'sections' && typeof path[i + 1] === 'number') {
      pos = list[path[i + 1] as number];
      if (!pos) break;
      list = pos.children;
      i += 2;
    }
    return pos ? { pos, field: path[i] } : undefined;
  };

  const locateSection = (path: DataPath, key: boolean): Span | undefined => {
    const found = sectionAt(path);
    if (!found) return undefined;
    const { pos, field } = found;
    if (field === 'id') return span(pos.idStart, pos.idEnd);
    if (field === 'title') return span(pos.titleStart, pos.titleEnd);
    if (field === 'text') return span(pos.textStart, pos.textEnd);
    void key;
    return span(pos.start, pos.end);
  };

  return {
    data,
    diagnostics,
    locate(path, key = false) {
      if (path.length === 0) return fmSpan();
      if (path[0] === 'sections') return locateSection(path, key) ?? fmSpan();
      if (path[0] === 'title' && titlePos && !fmKeys.has('title')) return span(titlePos[0], titlePos[1]);
      const r = route(path);
      if (!r) return fmSpan();
      const o = yamlOffsets(r.tree, r.path, key && !r.synthetic);
      return span(o.start, o.end);
    },
    scalarOffsets(path) {
      if (path[0] === 'sections') {
        const found = sectionAt(path);
        return found && found.field === 'text' && found.pos.textMap.length ? found.pos.textMap : undefined;
      }
      const r = route(path);
      return r && !r.synthetic ? yamlScalarOffsets(r.tree, r.path) : undefined;
    },
    scalarText(path) {
      const r = route(path);
      return r && !r.synthetic ? yamlScalarSource(r.tree, r.path) : undefined;
    },
  };
}
