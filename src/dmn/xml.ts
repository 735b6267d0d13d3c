/**
 * The XML layer of the DMN import: a guarded parse (xmldom never throws out of
 * here) and small helpers over namespaced elements with their source positions.
 */
import { createRequire } from 'node:module';

/**
 * xmldom, loaded at the first DMN file: its entity tables cost 10 ms at start-up,
 * a third of what `rulebook check` may spend beyond Node's own start on a folder
 * that has no DMN at all. (A plain require from node_modules, also from the CLI bundle.)
 */
let xmldom: typeof import('@xmldom/xmldom') | undefined;
function DOMParserClass(): typeof import('@xmldom/xmldom').DOMParser {
  xmldom ??= createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
  return xmldom.DOMParser;
}
import type { Span } from '../model/index.js';

/** The subset of xmldom's node surface the importer reads. */
export interface XNode {
  nodeType: number;
  localName?: string | null;
  namespaceURI?: string | null;
  nodeName: string;
  data?: string;
  childNodes: ArrayLike<XNode>;
  lineNumber?: number;
  columnNumber?: number;
  getAttribute?(name: string): string | null;
  getAttributeNS?(ns: string | null, name: string): string | null;
  hasAttribute?(name: string): boolean;
  lookupNamespaceURI?(prefix: string | null): string | null;
}

export interface XmlProblem {
  /** The parser's own words (xmldom's, English); empty when the document has no root element. */
  message: string;
  line: number;
  column: number;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

/** Parse XML text; a malformed document gives one problem with its position instead of a throw. */
export function parseXml(text: string): { root?: XNode; problem?: XmlProblem } {
  let problem: XmlProblem | undefined;
  const DOMParser = DOMParserClass();
  const parser = new DOMParser({
    // Any error stops the parse: a half-read decision table must not pass for a whole one.
    onError: (level, msg, context: { locator?: { lineNumber?: number; columnNumber?: number } }) => {
      if (level === 'warning') return;
      problem ??= {
        message: msg.split('\n')[0].trim(),
        line: context?.locator?.lineNumber ?? 1,
        column: context?.locator?.columnNumber ?? 1,
      };
      throw new Error(msg);
    },
  });
  let root: XNode | undefined;
  try {
    const doc = parser.parseFromString(text, 'text/xml') as unknown as { documentElement: XNode | null };
    root = doc.documentElement ?? undefined;
  } catch (e) {
    const err = e as { message?: string; locator?: { lineNumber?: number; columnNumber?: number } };
    problem ??= {
      message: String(err.message ?? e).split('\n')[0].replace(/^\[xmldom \w+\]\s*/, '').trim(),
      line: err.locator?.lineNumber ?? 1,
      column: err.locator?.columnNumber ?? 1,
    };
  }
  // xmldom reports some errors at line 0 (before any input): positions are 1-based.
  if (problem) return { problem: { ...problem, line: Math.max(1, problem.line), column: Math.max(1, problem.column) } };
  if (!root) return { problem: { message: '', line: 1, column: 1 } };
  return { root };
}

/** Element children, optionally only those with a given local name in a namespace. */
export function children(node: XNode, name?: string, ns?: string | null): XNode[] {
  const out: XNode[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes[i];
    if (c.nodeType !== ELEMENT) continue;
    if (name !== undefined && c.localName !== name) continue;
    if (ns !== undefined && (c.namespaceURI ?? null) !== ns) continue;
    out.push(c);
  }
  return out;
}

/** The first element child with that local name in that namespace. */
export function child(node: XNode, name: string, ns: string | null): XNode | undefined {
  return children(node, name, ns)[0];
}

/** An attribute value, or undefined when absent. */
export function attr(node: XNode, name: string): string | undefined {
  if (!node.hasAttribute?.(name)) return undefined;
  return node.getAttribute?.(name) ?? undefined;
}

/** The concatenated character data of a node's direct text and CDATA children. */
export function textContent(node: XNode): string {
  let s = '';
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes[i];
    if (c.nodeType === TEXT || c.nodeType === CDATA) s += c.data ?? '';
  }
  return s;
}

/** The first text or CDATA child, whose position is where the characters start. */
export function firstTextNode(node: XNode): XNode | undefined {
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes[i];
    if (c.nodeType === TEXT || c.nodeType === CDATA) return c;
  }
  return undefined;
}

/** Whether a node is a CDATA section (no entities to decode inside). */
export function isCdata(node: XNode): boolean {
  return node.nodeType === CDATA;
}

/** The start position of a node as a span in `file`. */
export function spanOf(node: XNode, file: string): Span {
  return { file, line: node.lineNumber ?? 1, column: node.columnNumber ?? 1 };
}

/** `tag id="…"` or `tag name="…"`: how diagnostics name an element. */
export function describe(node: XNode): string {
  const tag = node.localName ?? node.nodeName;
  const name = attr(node, 'name');
  const id = attr(node, 'id');
  if (name !== undefined) return `${tag} \`${name}\``;
  if (id !== undefined) return `${tag} #${id}`;
  return tag;
}
