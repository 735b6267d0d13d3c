/**
 * A fast reader for plain YAML, the shape large generated tables take: block
 * mappings and sequences, flow collections that open and close on one line,
 * one-line plain and quoted scalars, comments and blank lines. It builds the
 * nodes yaml's own composer builds for such text (values through yaml's core
 * schema tags, sources, types and ranges), five to six times faster, because yaml
 * reads 1.5 MB/s here and a 100,000-row table is 9 MB. Literal blocks (`|`, `|-`)
 * are read too, as policy prose is written in them.
 *
 * It is an optimisation, not a second parser: anything it does not fully
 * understand (a tab, a backslash escape, a multi-line flow scalar, a folded block, an
 * anchor, a tag, an empty value, a quoted or over-long key, indentation it does not expect)
 * makes it answer `undefined`, and yaml parses the text instead. So it never
 * reports an error, and it accepts nothing yaml would refuse.
 * `test/load/yaml-plain.test.ts` holds it to that against yaml on generated and
 * mutated texts.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isScalar, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

export type PlainOptions = DocumentOptions & ParseOptions & SchemaOptions;

type Range = [number, number, number];
type Node = Scalar | YAMLMap | YAMLSeq;
type Tag = { default?: boolean | 'key'; collection?: string; test?: RegExp; format?: string; resolve: (s: string, onError: (m: string) => void, o: unknown) => unknown };

/** What sends a text to yaml: controls (tabs included; CR only as half of CR LF), line and paragraph separators, BOM and non-characters. */
const NOT_PLAIN = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

/** Thrown (and caught below) when the text leaves the plain subset. */
const OUTSIDE = Symbol('outside the plain subset');

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Plain key characters: ASCII letters, digits, `_ . - /`, and any non-ASCII character NOT_PLAIN lets through. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === DASH || c === 47 || c >= 0xa0;
}

/** A key starts with a letter, digit, `_` or non-ASCII (not `-` or `.`, which can begin other things). */
function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 0xa0;
}

/**
 * The yaml document for `text` if it lies in the plain subset, else undefined.
 * `options` are the ones the caller would give `parseDocument`.
 */
export function readPlainYaml(text: string, options: PlainOptions): Document.Parsed | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const doc = new Document(undefined, options) as unknown as Document.Parsed;
  try {
    const root = new PlainReader(text, doc).document();
    doc.contents = root as Document.Parsed['contents'];
    return doc;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class PlainReader {
  private readonly text: string;
  private readonly schema: Document['schema'];
  private readonly options: unknown;
  private readonly tags: Tag[];
  /** Plain scalar text → the tag that resolves it (keys repeat on every row). */
  private readonly tagMemo = new Map<string, Tag | null>();

  /** The current content line: its start, end (before its CR LF or LF, or the text's end), newline, indentation; `ind` is -1 at the end. */
  private ls = 0;
  private le = 0;
  private nl = 0;
  private ind = -1;

  constructor(text: string, doc: Document.Parsed) {
    this.text = text;
    this.schema = doc.schema;
    this.options = doc.options;
    this.tags = (doc.schema.tags as unknown as Tag[]).filter((t) => t.default === true && !t.collection && t.test);
  }

  document(): Node {
    this.seek(0);
    if (this.ind < 0) throw OUTSIDE;
    const root = this.block(this.ind);
    if (this.ind >= 0) throw OUTSIDE;
    return root;
  }

  /** Moves to the first line from `from` on that is neither blank nor only a comment. */
  private seek(from: number): void {
    const t = this.text;
    let s = from;
    let comment = -1;
    while (s < t.length) {
      let nl = t.indexOf('\n', s);
      if (nl === -1) nl = t.length;
      // A CRLF line ends before its CR.
      const e = nl > s && t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let p = s;
      while (p < e && t.charCodeAt(p) === SPACE) p++;
      if (p < e) {
        if (t.charCodeAt(p) !== HASH) {
          // yaml counts a comment line indented deeper than the line after it into the
          // range of a collection that ends there: left to yaml rather than mimicked.
          if (comment > p - s) throw OUTSIDE;
          this.ls = s;
          this.le = e;
          this.nl = nl;
          this.ind = p - s;
          return;
        }
        if (p - s > comment) comment = p - s;
      }
      s = nl + 1;
    }
    if (comment >= 0) throw OUTSIDE;
    this.ind = -1;
  }

  /** Past the current line's newline (or the text's end). */
  private get lineEnd(): number {
    return this.nl < this.text.length ? this.nl + 1 : this.nl;
  }

  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && (p + 1 === this.le || this.text.charCodeAt(p + 1) === SPACE);
  }

  /** A block collection whose first line is the current one, indented by `n`. */
  private block(n: number): Node {
    const p = this.ls + n;
    return this.isDash(p) ? this.sequence(n) : this.mapping(n, p);
  }

  private sequence(n: number): YAMLSeq {
    const seq = new YAMLSeq(this.schema);
    const start = this.ls + n;
    let end = start;
    while (this.ind === n && this.isDash(this.ls + n)) {
      let p = this.ls + n + 1;
      while (p < this.le && this.text.charCodeAt(p) === SPACE) p++;
      // An empty item, a nested block after the dash, or `- - x`: left to yaml.
      if (p === this.le || this.text.charCodeAt(p) === HASH || this.isDash(p)) throw OUTSIDE;
      const item = this.keyEnd(p) !== -1 ? this.mapping(p - this.ls, p) : this.inline(p, n);
      seq.items.push(item);
      end = (item.range as Range)[2];
    }
    if (this.ind > n) throw OUTSIDE;
    seq.range = [start, end, end];
    return seq;
  }

  /** A block mapping at indentation `n` whose first key starts at `first` (mid-line after `- `). */
  private mapping(n: number, first: number): YAMLMap {
    const t = this.text;
    const map = new YAMLMap(this.schema);
    let k = first;
    let end = first;
    for (;;) {
      const ke = this.keyEnd(k);
      // yaml (strict) refuses an implicit block key over 1,024 characters.
      if (ke === -1 || ke - k > 1024) throw OUTSIDE;
      const key = this.plain(k, ke, ke);
      let p = ke + 1;
      while (p < this.le && t.charCodeAt(p) === SPACE) p++;
      let value: Node;
      if (p === this.le || t.charCodeAt(p) === HASH) {
        this.seek(this.lineEnd);
        // An empty value, or a sequence at the key's own indentation: left to yaml.
        if (this.ind <= n) throw OUTSIDE;
        value = this.block(this.ind);
      } else value = this.inline(p, n);
      map.items.push(new Pair(key, value));
      end = (value.range as Range)[2];
      if (this.ind < n) break;
      if (this.ind > n || this.isDash(this.ls + n)) throw OUTSIDE;
      k = this.ls + n;
    }
    map.range = [first, end, end];
    return map;
  }

  /** End of a plain key at `p` (the offset of its `:`, which a space or the line's end follows), or -1. */
  private keyEnd(p: number): number {
    const t = this.text;
    if (!isKeyStart(t.charCodeAt(p))) return -1;
    let q = p + 1;
    while (q < this.le && isKeyChar(t.charCodeAt(q))) q++;
    if (t.charCodeAt(q) !== COLON || q >= this.le) return -1;
    return q + 1 === this.le || t.charCodeAt(q + 1) === SPACE ? q : -1;
  }

  /** The value that fills the rest of the current line from `p` (in a collection indented by `n`); moves to the next line. */
  private inline(p: number, n: number): Node {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 124) return this.literal(p, n);
    let node: Node;
    let after: number;
    if (c === 34 || c === 39) {
      node = this.quoted(p);
      after = (node.range as Range)[1];
    } else if (c === 123 || c === 91) {
      const f = this.flow(p);
      node = f;
      after = (f.range as Range)[1];
    } else {
      node = this.blockPlain(p);
      after = this.le;
    }
    // Only spaces and a comment may follow a quoted or flow value on its line.
    let q = after;
    while (q < this.le && t.charCodeAt(q) === SPACE) q++;
    if (q < this.le && !(t.charCodeAt(q) === HASH && q > after)) throw OUTSIDE;
    (node.range as Range)[2] = this.lineEnd;
    this.seek(this.lineEnd);
    return node;
  }

  /**
   * A literal block scalar (`|` or `|-`, header at `p`) inside a collection indented
   * by `n`: its lines from the next one on, less the first line's indentation, to
   * the first line indented less. Left to yaml: `|+`, indentation indicators, a
   * first line that is blank or not indented past `n`, lines of spaces only that
   * reach past the content's indentation.
   */
  private literal(p: number, n: number): Scalar {
    const t = this.text;
    let h = p + 1;
    const strip = t.charCodeAt(h) === DASH;
    if (strip) h++;
    const afterHeader = this.spaces(h);
    if (afterHeader < this.le && !(t.charCodeAt(afterHeader) === HASH && afterHeader > h)) throw OUTSIDE;
    const lines: string[] = [];
    let indent = -1;
    let end = this.lineEnd;
    let s = this.lineEnd;
    while (s < t.length) {
      let nl = t.indexOf('\n', s);
      if (nl === -1) nl = t.length;
      const e = nl > s && t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let q = s;
      while (q < e && t.charCodeAt(q) === SPACE) q++;
      if (q === e) {
        // A blank line: part of the text if more text follows.
        if (indent < 0 || q - s > indent) throw OUTSIDE;
        lines.push('');
      } else {
        if (indent < 0) {
          if (q - s <= n) throw OUTSIDE;
          indent = q - s;
        } else if (q - s < indent) break;
        lines.push(t.slice(s + indent, e));
        end = nl < t.length ? nl + 1 : nl;
      }
      s = nl + 1;
    }
    if (indent < 0) throw OUTSIDE;
    while (lines[lines.length - 1] === '') lines.pop();
    const value = lines.join('\n') + (strip ? '' : '\n');
    const scalar = new Scalar(value);
    scalar.range = [p, end, end];
    scalar.source = value;
    scalar.type = 'BLOCK_LITERAL';
    this.seek(end);
    return scalar;
  }

  /** A plain scalar in block context: to the line's end or a ` #` comment, trailing spaces trimmed. */
  private blockPlain(p: number): Scalar {
    const t = this.text;
    this.plainStart(p);
    let e = p;
    for (let q = p; q < this.le; q++) {
      const c = t.charCodeAt(q);
      if (c === HASH && t.charCodeAt(q - 1) === SPACE) break;
      if (c === COLON && (q + 1 === this.le || t.charCodeAt(q + 1) === SPACE)) throw OUTSIDE;
      if (c !== SPACE) e = q + 1;
    }
    return this.plain(p, e, e);
  }

  /** Refuses what cannot start a one-line plain scalar (indicators, or `-`/`?`/`:` before a space). */
  private plainStart(p: number): void {
    const t = this.text;
    const c = t.charCodeAt(p);
    if ('[]{},#&*!|>\'"%@`?:'.includes(t[p])) throw OUTSIDE;
    if (c === DASH) {
      const d = t.charCodeAt(p + 1);
      if (p + 1 >= this.le || d === SPACE || d === 44 || d === 91 || d === 93 || d === 123 || d === 125) throw OUTSIDE;
    }
  }

  /** A single- or double-quoted scalar that closes on its line; double quotes without escapes only. */
  private quoted(p: number): Scalar {
    const t = this.text;
    const q = t.charCodeAt(p);
    let i = p + 1;
    let value: string;
    if (q === 34) {
      const close = t.indexOf('"', i);
      if (close === -1 || close >= this.le) throw OUTSIDE;
      value = t.slice(i, close);
      if (value.includes('\\')) throw OUTSIDE;
      i = close + 1;
    } else {
      for (;;) {
        const close = t.indexOf("'", i);
        if (close === -1 || close >= this.le) throw OUTSIDE;
        if (t.charCodeAt(close + 1) === 39) {
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      value = t.slice(p + 1, i - 1).replaceAll("''", "'");
    }
    const s = new Scalar(value);
    s.range = [p, i, i];
    s.source = value;
    s.type = q === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return s;
  }

  /** A flow collection at `p` that closes on this line. Its range ends past the spaces after it. */
  private flow(p: number): YAMLMap | YAMLSeq {
    const t = this.text;
    const isMap = t.charCodeAt(p) === 123;
    const close = isMap ? 125 : 93;
    const node = isMap ? new YAMLMap(this.schema) : new YAMLSeq(this.schema);
    node.flow = true;
    let i = this.spaces(p + 1);
    if (t.charCodeAt(i) === close) i++;
    else {
      for (;;) {
        let value: Node;
        if (isMap) {
          const ke = this.keyEnd(i);
          if (ke === -1 || t.charCodeAt(ke + 1) !== SPACE) throw OUTSIDE;
          const key = this.plain(i, ke, ke);
          value = this.flowValue(this.spaces(ke + 1));
          (node as YAMLMap).items.push(new Pair(key, value));
        } else {
          value = this.flowValue(i);
          (node as YAMLSeq).items.push(value);
        }
        i = (value.range as Range)[2];
        const c = t.charCodeAt(i);
        if (i >= this.le) throw OUTSIDE;
        if (c === close) {
          i++;
          break;
        }
        if (c !== 44) throw OUTSIDE;
        i = this.spaces(i + 1);
        // A trailing comma, or an empty entry: left to yaml.
        if (t.charCodeAt(i) === close || t.charCodeAt(i) === 44) throw OUTSIDE;
      }
    }
    node.range = [p, i, this.spaces(i)];
    return node;
  }

  /** A value inside a flow collection; its range ends past the spaces after it. */
  private flowValue(p: number): Node {
    const t = this.text;
    if (p >= this.le) throw OUTSIDE;
    const c = t.charCodeAt(p);
    if (c === 123 || c === 91) return this.flow(p);
    if (c === 34 || c === 39) {
      const s = this.quoted(p);
      (s.range as Range)[2] = this.spaces(s.range![1]);
      return s;
    }
    this.plainStart(p);
    let e = p;
    let q = p;
    for (; q < this.le; q++) {
      const d = t.charCodeAt(q);
      if (d === 44 || d === 93 || d === 125) break;
      if (d === 91 || d === 123) throw OUTSIDE;
      if (d === HASH && t.charCodeAt(q - 1) === SPACE) throw OUTSIDE;
      if (d === COLON) {
        const n = t.charCodeAt(q + 1);
        if (q + 1 >= this.le || n === SPACE || n === 44 || n === 93 || n === 125) throw OUTSIDE;
      }
      if (d !== SPACE) e = q + 1;
    }
    if (q >= this.le) throw OUTSIDE;
    return this.plain(p, e, q);
  }

  private spaces(p: number): number {
    while (p < this.le && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** A plain scalar of text[s, e), resolved by the core schema's tags as yaml's composer does. */
  private plain(s: number, e: number, end: number): Scalar {
    const source = this.text.slice(s, e);
    let tag = this.tagMemo.get(source);
    if (tag === undefined) {
      tag = this.tags.find((x) => x.test!.test(source)) ?? null;
      if (this.tagMemo.size < 10_000) this.tagMemo.set(source, tag);
    }
    let scalar: Scalar;
    if (tag) {
      let failed = false;
      const res = tag.resolve(source, () => (failed = true), this.options);
      if (failed) throw OUTSIDE;
      scalar = isScalar(res) ? (res as Scalar) : new Scalar(res);
      if (tag.format) scalar.format = tag.format;
    } else scalar = new Scalar(source);
    scalar.range = [s, e, end];
    scalar.source = source;
    scalar.type = 'PLAIN';
    return scalar;
  }
}
