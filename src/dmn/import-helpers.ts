/**
 * The shared vocabulary of the DMN importer's parts (src/dmn/import*.ts): the
 * JSON a decision is built as, one decision before it is placed, the names an
 * expression can see, the failure that stops one decision, and the small pure
 * helpers more than one part uses.
 */
import type { DataPath } from '../load/source.js';
import { mapStringLiterals } from './feel.js';
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
    readonly reason: string,
  ) {}
}

/** Enum fields → (DMN string value → enum key); cells and entries are rewritten through it. */
export const enumKeys = new WeakMap<object, Map<string, string>>();

/** Spell the string literals of a cell or entry as the enum keys of `field`, if it is an enum. */
export function enumSpelling(text: string, field: Record<string, Json> | undefined, node: XNode, what: string): string | Failure {
  const keys = field ? enumKeys.get(field) : undefined;
  if (!keys) return text;
  const r = mapStringLiterals(text, (v) => keys.get(v));
  if ('missing' in r) return new Failure(node, `the ${what} \`${text.trim()}\` uses \`"${r.missing}"\`, which is not among the allowed values`);
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

export function unsupportedBox(el: XNode): string {
  const what: Record<string, string> = {
    context: 'a boxed context',
    relation: 'a relation',
    list: 'a boxed list',
    functionDefinition: 'a function definition',
    conditional: 'a boxed conditional',
    filter: 'a boxed filter',
    for: 'a boxed iterator',
    every: 'a boxed quantifier',
    some: 'a boxed quantifier',
    invocation: 'an invocation',
  };
  return `its logic is ${what[el.localName ?? ''] ?? `a \`${el.localName}\``}, which rulebook cannot express`;
}
