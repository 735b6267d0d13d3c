/**
 * Canonical YAML through yaml's Document API, so comments stay with the keys
 * they annotate: keys in the order the JSON Schema lists them, 2-space
 * indentation, plain scalars where YAML allows and double quotes where it does
 * not, block scalars kept for prose. Ordered mappings (inputs, outputs, enum
 * values, cells) keep the author's order: there the order means something.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import { schemas } from '../validate/compiled-schemas.js';

/** Which schema a YAML text follows. */
export type YamlKind = 'policy' | 'tests' | 'config';

type Schema = { $ref?: string; properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; items?: Schema; anyOf?: Schema[] } & Record<string, unknown>;

function resolveRef(root: Schema, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 20; i++) {
    const path = cur.$ref.replace(/^#\//, '').split('/');
    let next: unknown = root;
    for (const p of path) next = (next as Record<string, unknown>)?.[p];
    // Sibling keywords of a $ref (a description, a narrower type) add to it.
    const { $ref: _r, ...rest } = cur;
    cur = { ...(next as Schema), ...rest, $ref: (next as Schema)?.$ref };
    if (!cur.$ref) delete cur.$ref;
  }
  return cur;
}

const OPTIONS = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', doubleQuotedMinMultiLineLength: 1_000_000 } as const;

function normalizeScalar(node: Scalar): void {
  if (typeof node.value !== 'string') return;
  // Prose keeps its block style; one-line strings get the canonical (plain, else double-quoted) style.
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    if (!node.value.includes('\n')) node.type = undefined;
    return;
  }
  node.type = node.value.includes('\n') ? Scalar.BLOCK_LITERAL : undefined;
}

/** Cells and formulas are quoted alike (`"< 70%"`, `"sales * rate"`), except bare numbers, percents and `-`. */
function normalizeFormula(node: Scalar): void {
  if (typeof node.value !== 'string' || node.value.includes('\n')) return normalizeScalar(node);
  if (/^(-|-?[0-9]+(\.[0-9]+)?%?)$/.test(node.value)) {
    node.type = undefined;
    return;
  }
  node.type = node.value.includes('"') && !node.value.includes("'") ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
}

function visit(root: Schema, node: unknown, schema: Schema | undefined): void {
  const s = resolveRef(root, schema);
  if (isScalar(node)) return /\/(cell|expression)$/.test(schema?.$ref ?? '') ? normalizeFormula(node) : normalizeScalar(node);
  if (isSeq(node)) {
    for (const item of node.items) visit(root, item, s?.items);
    return;
  }
  if (!isMap(node)) return;
  const props = s?.properties;
  const extra = s?.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  if (props && !extra) {
    const order = Object.keys(props);
    const rank = (k: unknown) => {
      const i = order.indexOf(String(isScalar(k) ? k.value : k));
      return i === -1 ? order.length : i;
    };
    // Array.prototype.sort is stable: unknown keys keep their relative order, last.
    node.items.sort((a, b) => rank(a.key) - rank(b.key));
  }
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    if (isScalar(pair.key)) normalizeScalar(pair.key as Scalar);
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    visit(root, pair.value, props?.[key] ?? extra);
  }
}

/** Formats a parsed YAML document in place. */
export function canonicalizeDocument(doc: Document, kind: YamlKind): void {
  const root = schemas[kind] as Schema;
  visit(root, doc.contents as Node, root);
}

/**
 * The canonical text of a YAML source, or undefined when it does not parse
 * (the formatter never touches a file it cannot read back).
 */
export function formatYaml(text: string, kind: YamlKind): string | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false, schema: 'core', uniqueKeys: true });
  if (doc.errors.length) return undefined;
  canonicalizeDocument(doc, kind);
  let out: string;
  try {
    out = doc.toString(OPTIONS);
  } catch {
    // Reordering can put an alias before its anchor (`<<: *base` above `base: &base`): leave the file as it is.
    return undefined;
  }
  return out.endsWith('\n') ? out : out + '\n';
}
