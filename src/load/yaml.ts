/**
 * YAML → plain data with a way back to positions. We walk yaml's AST ourselves
 * instead of calling `toJS()` so that (a) every object is null-prototype (a
 * `__proto__` key is data, never a prototype), (b) aliases are counted and
 * bounded, (c) non-core tags are refused, and (d) positions stay lazy: a path is
 * located by walking the AST only when a diagnostic needs it.
 *
 * One file of about 560 lines on purpose: the AST walk, its bounds and the lazy positions share the node cursor they are written around.
 */
import {
  Alias,
  CST,
  Lexer,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YNode,
} from 'yaml';
import type { Diagnostic } from '../diagnostics/index.js';
import { readPlainYaml, type PlainOptions } from './yaml-plain.js';
import { diag } from '../diagnostics/index.js';
import type { DataPath } from './source.js';
import type { LineIndex } from '../span/line-index.js';
import { LIMITS } from './limits.js';

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:seq',
  'tag:yaml.org,2002:map',
  '!',
]);

/**
 * A parsed YAML text placed at `base` inside a file (0 for a whole file; a
 * block's offset in Markdown), with the positions of its values. yaml's node
 * tree is not kept: a 9 MB table made 290 MB of nodes, where a located path
 * needs five numbers per entry. `slots` holds, per mapping or sequence of
 * `data`, a header (its entry count) and then per entry: key start, key end,
 * value start, value end (offsets in `text`) and the value's kind (SCALAR_KINDS,
 * ALIAS for an alias), or for a mapping or sequence minus its header's entry.
 * The root value is entry 0 (no header).
 */
export interface YamlTree {
  base: number;
  /** The YAML text itself (what `base` is added to). */
  text: string;
  data: unknown;
  slots: Int32Array;
  /** A scalar's source text where it is not its data value (numbers, booleans, null; tagged strings), by entry. */
  sources: Map<number, string>;
}

/** Entry kinds: a collection, yaml's scalar types, an alias. */
const SCALAR_KINDS = ['', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED', 'SCALAR'] as const;
const ALIAS = 7;
/** Set on a scalar's kind when its source text is the text of its range. */
const AS_WRITTEN = 16;
const WIDTH = 5;

/** Builds `YamlTree.slots` while the data is built: a container reserves its entries, then fills them. */
class SlotWriter {
  constructor(private readonly text: string) {}

  buf = new Int32Array(1 << 12);
  /** Entries written or reserved (the root's is entry 0). */
  used = 1;
  /** The header of the container `toData` returned last (0: it returned a scalar). */
  last = 0;
  readonly sources = new Map<number, string>();

  /** Reserves a header and `n` entries for `obj`; returns the header's entry. */
  reserve(n: number): number {
    const h = this.used;
    this.used += n + 1;
    while (this.used * WIDTH > this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    return h;
  }

  /** Sets a container's entry count (duplicate keys are left out, so it can be less than reserved). */
  count(h: number, n: number): void {
    this.buf[h * WIDTH] = n;
  }

  entry(slot: number, key: unknown, value: unknown, v: unknown): void {
    const [ks, ke] = key === undefined ? [-1, -1] : rangeOf(key as YNode);
    // A key with no value node stands for its value (as the walk of yaml's nodes did).
    const node = value ?? key;
    const [vs, ve] = rangeOf(node as YNode);
    // The container `toData` just returned, when the value is one.
    let kind = -this.last;
    if (isAlias(node)) kind = this.last > 0 ? -this.last : ALIAS;
    else if (isScalar(node)) {
      const k = SCALAR_KINDS.indexOf((node as Scalar).type as (typeof SCALAR_KINDS)[number]);
      kind = k > 0 ? k : 6;
      const src = (node as Scalar).source;
      if (typeof src !== 'string') this.sources.set(slot, NO_SOURCE);
      // A number's source is most often its text as it stands (`1500`): a flag, not a copy.
      else if (src !== v && src === this.text.slice(vs, ve)) kind |= AS_WRITTEN;
      else if (src !== v) this.sources.set(slot, src);
    }
    const at = slot * WIDTH;
    this.buf[at] = ks;
    this.buf[at + 1] = ke;
    this.buf[at + 2] = vs;
    this.buf[at + 3] = ve;
    this.buf[at + 4] = kind;
  }

  slots(): Int32Array {
    return this.buf.slice(0, this.used * WIDTH);
  }
}

/** Marks a scalar whose node had no source text. */
const NO_SOURCE = '\u0000no source';

export interface YamlResult {
  tree?: YamlTree;
  data: unknown;
  diagnostics: Diagnostic[];
}

/**
 * Refuses nesting deeper than the limit before yaml's recursive composer sees it:
 * on Node 20 a few thousand levels abort the process with an uncatchable V8 error.
 * Depth is estimated from the token stream: open flow brackets, plus per line the
 * indentation and the block indicators that open nested collections on it.
 */
export function nestingDepth(text: string): { depth: number; offset: number } {
  // A character scan bounds the depth from above (brackets in strings count too);
  // only a text it cannot clear pays for the exact token scan.
  if (quickDepthBound(text) <= LIMITS.nestingDepth) return { depth: 0, offset: 0 };
  return tokenDepth(text);
}

/**
 * An upper bound of the nesting depth: unquoted open brackets (less the closed
 * ones) plus, per line, indentation and `- `/`? ` indicators. Quoted strings and
 * comments are skipped; a quoted string that runs past its line gives up
 * (Infinity), so the exact scan decides.
 */
function quickDepthBound(text: string): number {
  let flow = 0;
  let max = 0;
  let line = 0;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line = 0;
      atStart = true;
      continue;
    }
    const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
    const tokenStart = prev === 10 || prev === 32 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58;
    if ((c === 34 || c === 39) && tokenStart) {
      let j = i + 1;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 10) return Infinity;
        if (c === 34 && d === 92) j++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(j + 1) === 39) j++;
          else break;
        }
      }
      i = j;
      atStart = false;
      continue;
    }
    if (c === 35 && (prev === 32 || prev === 9 || prev === 10 || i === 0)) {
      const nl = text.indexOf('\n', i);
      i = (nl === -1 ? text.length : nl) - 1;
      continue;
    }
    if (c === 91 || c === 123) flow++;
    else if ((c === 93 || c === 125) && flow > 0) flow--;
    if (atStart) {
      if (c === 32) line += 0.5;
      else if ((c === 45 || c === 63) && text.charCodeAt(i + 1) === 32) line += 1;
      else if (c !== 9) atStart = false;
    }
    const d = flow + line;
    if (d > max) max = d;
  }
  return max;
}

function tokenDepth(text: string): { depth: number; offset: number } {
  let flow = 0;
  let lineDepth = 0;
  let atLineStart = true;
  let max = 0;
  let maxAt = 0;
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    // The lexer also emits markers that are not source text (document start, scalar start,
    // flow error end); counting them would shift every offset after them.
    if (tok === CST.DOCUMENT || tok === CST.SCALAR || tok === CST.FLOW_END) continue;
    const type = CST.tokenType(tok);
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (type === 'newline') {
      atLineStart = true;
      lineDepth = 0;
    } else if (type === 'space' && atLineStart) lineDepth += tok.length;
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind') lineDepth += 2;
    else if (type !== 'space') atLineStart = false;
    const depth = flow + lineDepth / 2;
    if (depth > max) {
      max = depth;
      maxAt = offset;
    }
    offset += tok.length;
  }
  return { depth: Math.floor(max), offset: maxAt };
}

/** The options every YAML text is parsed with (the plain reader takes the same). */
export const YAML_OPTIONS: PlainOptions = {
  schema: 'core',
  merge: false,
  // yaml's own duplicate-key check compares each key with every earlier one
  // (quadratic: a 1 MB mapping of 100,000 keys took minutes); toData checks with a Set.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
  keepSourceTokens: false,
};

/**
 * Every text tries the plain reader first. yaml parses about 1.5 MB/s here, so a
 * large table's parse dominates `check`; and on a cold start (a fresh clone, CI,
 * no parse cache) yaml's parse of the ordinary 1,260 lines of `policies/` was
 * 40% of `check`. The plain reader reads all of them and halves that start-up.
 */

const HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'yaml.hint.duplicate-key',
  BAD_INDENT: 'yaml.hint.indent',
  TAB_AS_INDENT: 'yaml.hint.tab',
  MISSING_CHAR: 'yaml.hint.missing-char',
  MULTILINE_IMPLICIT_KEY: 'yaml.hint.implicit-key',
  BLOCK_AS_IMPLICIT_KEY: 'yaml.hint.implicit-key',
  UNEXPECTED_TOKEN: 'yaml.hint.unexpected',
  BAD_ALIAS: 'yaml.hint.alias',
};

/** Parses YAML text (core schema) into null-prototype data, or diagnostics at the right places. */
export function parseYamlText(
  text: string,
  file: string,
  lines: LineIndex,
  base = 0,
  code: 'yaml-syntax' | 'md-syntax' = 'yaml-syntax',
): YamlResult {
  const diagnostics: Diagnostic[] = [];
  const at = (start: number, end: number) => lines.span(file, base + start, base + end);

  const nest = nestingDepth(text);
  if (nest.depth > LIMITS.nestingDepth) {
    diagnostics.push(
      diag('limit', 'error', 'load.nesting', { depth: nest.depth, max: LIMITS.nestingDepth }, at(nest.offset, nest.offset + 1)),
    );
    return { data: undefined, diagnostics };
  }

  const doc = readPlainYaml(text, YAML_OPTIONS) || parseDocument(text, YAML_OPTIONS);
  for (const e of doc.errors) {
    const [s, en] = e.pos;
    const hintKey = HINTS[e.code];
    const msg = e.message.split('\n')[0].replace(/^./, (c) => c.toLowerCase()).replace(/[.:]$/, '');
    const d = diag(code, 'error', 'yaml.error', { reason: msg }, at(s, en));
    if (hintKey) d.hint = diag(code, 'error', hintKey, {}, at(s, en)).message;
    diagnostics.push(d);
  }
  if (diagnostics.length) return { data: undefined, diagnostics };

  const state = { aliases: 0, nodes: 0 };
  const slots = new SlotWriter(text);
  const data = toData(doc.contents, doc, state, diagnostics, at, code, slots);
  // Data built around a refused node (a tag, an alias past the limit) is not the author's: drop it.
  if (diagnostics.length) return { data: undefined, diagnostics };
  slots.entry(0, undefined, doc.contents, data);
  const tree: YamlTree = { base, text, data, slots: slots.slots(), sources: slots.sources };
  return { tree, data, diagnostics };
}

type At = (start: number, end: number) => import('../span/index.js').Span;

function rangeOf(node: { range?: [number, number, number] | null } | null | undefined): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

function toData(
  node: unknown,
  doc: Document.Parsed,
  state: { aliases: number; nodes: number },
  diagnostics: Diagnostic[],
  at: At,
  code: 'yaml-syntax' | 'md-syntax',
  slots: SlotWriter,
): unknown {
  slots.last = 0;
  if (node === null || node === undefined) return null;
  if (++state.nodes > LIMITS.yamlNodes) {
    if (state.nodes === LIMITS.yamlNodes + 1) {
      const [s, e] = rangeOf(node as YNode);
      diagnostics.push(diag('limit', 'error', 'load.nodes', { max: LIMITS.yamlNodes }, at(s, e)));
    }
    return null;
  }
  if (isAlias(node)) {
    const alias = node as Alias;
    if (++state.aliases > LIMITS.aliases) {
      if (state.aliases === LIMITS.aliases + 1) {
        const [s, e] = rangeOf(alias);
        diagnostics.push(diag('limit', 'error', 'load.aliases', { max: LIMITS.aliases }, at(s, e)));
      }
      return null;
    }
    const target = alias.resolve(doc);
    if (!target) {
      const [s, e] = rangeOf(alias);
      diagnostics.push(diag(code, 'error', 'yaml.bad-alias', { name: alias.source }, at(s, e)));
      return null;
    }
    return toData(target, doc, state, diagnostics, at, code, slots);
  }
  const tag = (node as { tag?: string }).tag;
  if (tag && !CORE_TAGS.has(tag)) {
    const [s, e] = rangeOf(node as YNode);
    diagnostics.push(diag(code, 'error', 'yaml.tag', { tag: tag.replace('tag:yaml.org,2002:', '!!') }, at(s, e)));
    return null;
  }
  if (isScalar(node)) {
    const v = (node as Scalar).value;
    // NaN and ±Infinity would reach the schema as "not a number" and a JSON cache as null.
    // So would `1e-400`, silently 0: a number whose digits say otherwise is refused too.
    const underflow = v === 0 && typeof (node as Scalar).source === 'string' && /[1-9][^eE]*[eE]-/.test(String((node as Scalar).source));
    if (typeof v === 'number' && (!Number.isFinite(v) || underflow)) {
      const [s, e] = rangeOf(node as YNode);
      const source = (node as Scalar).source;
      diagnostics.push(diag('range', 'error', underflow ? 'yaml.underflow' : 'yaml.not-finite', { value: typeof source === 'string' ? source : String(v) }, at(s, e)));
      return null;
    }
    return typeof v === 'bigint' ? Number(v) : v;
  }
  if (isSeq(node)) {
    const items = (node as YAMLSeq).items;
    const out: unknown[] = [];
    const h = slots.reserve(items.length);
    for (let i = 0; i < items.length; i++) {
      slots.last = 0;
      out.push(toData(items[i], doc, state, diagnostics, at, code, slots));
      slots.entry(h + 1 + i, undefined, items[i], out[i]);
    }
    slots.count(h, items.length);
    slots.last = h;
    return out;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null);
    const seen = new Set<string>();
    const pairs = (node as YAMLMap).items;
    const h = slots.reserve(pairs.length);
    let kept = 0;
    for (const pair of pairs) {
      const key = pair.key;
      let k: unknown = isScalar(key) ? (key as Scalar).value : key;
      if (isAlias(key)) k = toData(key, doc, state, diagnostics, at, code, slots);
      if (k === null || typeof k === 'object') {
        const [s, e] = rangeOf(key as YNode);
        diagnostics.push(diag(code, 'error', 'yaml.complex-key', {}, at(s, e)));
        continue;
      }
      const name = String(k);
      if (seen.has(name)) {
        const [s, e] = rangeOf(key as YNode);
        const d = diag(code, 'error', 'yaml.error', { reason: 'map keys must be unique' }, at(s, e));
        d.hint = diag(code, 'error', 'yaml.hint.duplicate-key', {}, at(s, e)).message;
        diagnostics.push(d);
        continue;
      }
      seen.add(name);
      slots.last = 0;
      out[name] = toData(pair.value, doc, state, diagnostics, at, code, slots);
      slots.entry(h + 1 + kept++, key, pair.value, out[name]);
    }
    slots.count(h, kept);
    slots.last = h;
    return out;
  }
  return null;
}

/** Key → position of a large mapping's keys, built on the first lookup. */
const keyIndexes = new WeakMap<object, Map<string, number>>();

/** The position of `key` among an object's own keys (insertion order, as its entries were written), or -1. */
function keyPosition(obj: object, key: string): number {
  const index = keyIndexes.get(obj);
  if (index) return index.get(key) ?? -1;
  let i = 0;
  for (const k in obj) {
    if (k === key) return i;
    if (++i > 8) break;
  }
  if (i <= 8) return -1;
  const built = new Map(Object.keys(obj).map((k, j) => [k, j]));
  keyIndexes.set(obj, built);
  return built.get(key) ?? -1;
}

/** The entry at a data path, or the deepest one found, and how deep that is. */
function findEntry(tree: YamlTree, path: DataPath): { slot: number; depth: number } {
  const slots = tree.slots;
  // Lookups come in runs along one branch (a row's cells, then its outputs):
  // start from the deepest entry the previous lookup shares with this one.
  let memo = walks.get(tree);
  if (!memo) {
    memo = { path: [], slots: [0], values: [tree.data], len: 0 };
    walks.set(tree, memo);
  }
  let depth = 0;
  while (depth < path.length && depth < memo.len && memo.path[depth] === path[depth]) depth++;
  let slot = memo.slots[depth];
  let value = memo.values[depth];
  for (; depth < path.length; depth++) {
    const seg = path[depth];
    const h = -slots[slot * WIDTH + 4];
    if (h <= 0 || value === null || typeof value !== 'object') break;
    const i = Array.isArray(value) ? (typeof seg === 'number' ? seg : -1) : keyPosition(value, String(seg));
    if (i < 0 || i >= slots[h * WIDTH]) break;
    slot = h + 1 + i;
    value = Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[String(seg)];
    // Entries past `len` are stale; they are overwritten rather than cut.
    memo.path[depth] = seg;
    memo.slots[depth + 1] = slot;
    memo.values[depth + 1] = value;
  }
  memo.len = depth;
  return { slot, depth };
}

/** The last walk per tree: the path found, and the entry and value at each depth. */
const walks = new WeakMap<YamlTree, { path: (string | number)[]; slots: number[]; values: unknown[]; len: number }>();

/** Offsets (in the file) of the value or key at `path`, falling back to the nearest ancestor. */
export function yamlOffsets(tree: YamlTree, path: DataPath, key = false): { start: number; end: number; exact: boolean } {
  const { slot, depth } = findEntry(tree, path);
  const exact = depth === path.length;
  const at = slot * WIDTH;
  const useKey = key && exact && tree.slots[at] >= 0;
  const s = tree.slots[at + (useKey ? 0 : 2)];
  const e = tree.slots[at + (useKey ? 1 : 3)];
  return { start: tree.base + s, end: tree.base + e, exact };
}

/** The scalar entry at `path` (its source text and kind), if the value there is a scalar. */
function scalarEntry(tree: YamlTree, path: DataPath): { slot: number; kind: number; source: string | undefined } | undefined {
  const { slot, depth } = findEntry(tree, path);
  if (depth !== path.length) return undefined;
  const flags = tree.slots[slot * WIDTH + 4];
  const kind = flags > 0 ? flags & ~AS_WRITTEN : flags;
  if (kind <= 0 || kind === ALIAS) return undefined;
  const stored = tree.sources.get(slot);
  let source: string | undefined;
  if (flags & AS_WRITTEN) source = tree.text.slice(tree.slots[slot * WIDTH + 2], tree.slots[slot * WIDTH + 3]);
  else if (stored === NO_SOURCE) source = undefined;
  else if (stored !== undefined) source = stored;
  else {
    const v = valueAt(tree.data, path);
    source = typeof v === 'string' ? v : undefined;
  }
  return { slot, kind, source };
}

function valueAt(data: unknown, path: DataPath): unknown {
  let v = data;
  for (const seg of path) v = (v as Record<string | number, unknown>)[seg];
  return v;
}

/** The original text of a scalar (so `0.1` or `12345678901234567.89` can be read exactly), if it is one. */
export function yamlScalarSource(tree: YamlTree, path: DataPath): string | undefined {
  return scalarEntry(tree, path)?.source;
}

/**
 * How the scalar at `path` maps to the file: its content start for a one-line
 * scalar (after an opening quote), line by line for a literal block; undefined for
 * a folded block, which joins lines, and for escapes, which change lengths.
 */
export function yamlScalarOffsets(tree: YamlTree, path: DataPath): number[] | undefined {
  const found = scalarEntry(tree, path);
  if (!found) return undefined;
  const type = SCALAR_KINDS[found.kind];
  const start = tree.slots[found.slot * WIDTH + 2];
  if (type === 'BLOCK_FOLDED') return undefined;
  if (type === 'BLOCK_LITERAL') return literalOffsets(tree, start, String(valueAt(tree.data, path)));
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
  const from = start + (quoted ? 1 : 0);
  // Escapes, doubled quotes and folded lines change lengths: then no map rather than a wrong one.
  const value = found.source ?? String(valueAt(tree.data, path));
  if (!tree.text.startsWith(value, from)) return undefined;
  return [0, tree.base + from];
}

/**
 * A literal block's value is its content lines less their common indentation, so
 * value line k sits on the k-th line after the `|` header, that many columns in.
 * Each line is checked against the text; anything unexpected (an explicit
 * indentation indicator, CR line ends) gives no map rather than a wrong one.
 */
function literalOffsets(tree: YamlTree, header: number, value: string): number[] | undefined {
  const t = tree.text;
  const headerEnd = t.indexOf('\n', header);
  if (headerEnd === -1 || /\d/.test(t.slice(header, headerEnd).split('#')[0])) return undefined;
  let indent = -1;
  for (let p = headerEnd + 1; p < t.length; ) {
    let q = p;
    while (t.charCodeAt(q) === 32) q++;
    if (q < t.length && t[q] !== '\n') {
      indent = q - p;
      break;
    }
    p = q + 1;
  }
  if (indent < 0) return undefined;
  const map: number[] = [];
  let line = headerEnd + 1;
  for (let v = 0; v <= value.length; ) {
    const vEnd = value.indexOf('\n', v);
    const content = value.slice(v, vEnd === -1 ? value.length : vEnd);
    const tEnd = t.indexOf('\n', line);
    const srcLine = t.slice(line, tEnd === -1 ? t.length : tEnd);
    if (content !== '' && srcLine.slice(indent) !== content) return undefined;
    map.push(v, tree.base + line + Math.min(indent, srcLine.length));
    if (vEnd === -1 || tEnd === -1) break;
    v = vEnd + 1;
    line = tEnd + 1;
  }
  return map;
}
