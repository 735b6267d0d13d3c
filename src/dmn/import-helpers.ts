/**
 * The shared vocabulary of the DMN importer's parts (src/dmn/import*.ts): the
 * JSON a decision is built as, one decision before it is placed, the names an
 * expression can see, the failure that stops one decision, and the small pure
 * helpers more than one part uses.
 */
import type { DataPath } from '../load/source.js';
import { mapStringLiterals } from './feel.js';
import { nest, reason, type Reason } from './messages.js';
import type { DmnType } from './types.js';
import type { XNode } from './xml.js';

/** rulebook's extension namespace (see `exportDmn`). */
export const RULEBOOK_NAMESPACE = 'https://rulebook.dev/dmn/extension';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** An input of one imported decision: the field as written plus where it comes from. */
export interface InputField {
  name: string;
  field: Record<string, Json>;
  origin: string;
  node: XNode;
}

/** One imported decision, before it is placed in the document. */
export interface Converted {
  id: string;
  data: Record<string, Json>;
  inputs: Map<string, InputField>;
  outputs: Map<string, string>;
  locs: { path: DataPath; node: XNode; text?: boolean }[];
  element: XNode;
  /** The output whose type the model leaves undeclared: it takes the type its formula gives. */
  untyped?: string;
}

/** What a name in an expression stands for. */
export type Binding =
  | { kind: 'input'; node: XNode; type?: DmnType }
  | { kind: 'decision'; node: XNode }
  | { kind: 'bkm'; node: XNode }
  | { kind: 'param'; name: string; type?: DmnType; node: XNode };

/** Why one decision (or BKM) does not import, at the element that is the problem. */
export class Failure {
  constructor(
    readonly node: XNode,
    readonly reason: Reason,
  ) {}
}

/** Enum fields → (DMN string value → enum key); cells and entries are rewritten through it. */
export const enumKeys = new WeakMap<object, Map<string, string>>();

/** Spell the string literals of a cell or entry as the enum keys of `field`, if it is an enum. */
export function enumSpelling(text: string, field: Record<string, Json> | undefined, node: XNode, what: 'cell' | 'output' | 'values'): string | Failure {
  const keys = field ? enumKeys.get(field) : undefined;
  if (!keys) return text;
  const r = mapStringLiterals(text, (v) => keys.get(v));
  if ('missing' in r) return new Failure(node, reason(`dmn.r.enum-${what}`, { text: text.trim(), value: r.missing }));
  return r.text;
}

export function fieldsJson(fields: Map<string, InputField>): Record<string, Json> {
  return Object.fromEntries([...fields.values()].map((f) => [f.name, f.field]));
}

/** A number literal as YAML would read it, kept as text when a double cannot hold it exactly. */
export function jsonNumber(raw: string): number | string {
  const text = raw.replace(/^(-?)\./, (_m, sign: string) => `${sign}0.`);
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text.replace(/^(-?)0+(?=\d)/, '$1') ? n : text;
}

/** Why a boxed expression other than a table, literal, invocation or context does not import. */
export function unsupportedBox(el: XNode): Reason {
  const tag = el.localName ?? '';
  const what = BOXES.has(tag) ? `dmn.box.${tag === 'every' || tag === 'some' ? 'quantifier' : tag}` : 'dmn.box.other';
  return nest('dmn.r.box', {}, reason(what, { tag: String(el.localName) }));
}
const BOXES = new Set(['context', 'relation', 'list', 'functionDefinition', 'conditional', 'filter', 'for', 'every', 'some', 'invocation']);
