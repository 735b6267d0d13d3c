/**
 * DMN types (FEEL built-in type names and `itemDefinition`s) resolved into what
 * a rulebook field needs: a kind, allowed values, structure for paths.
 */
import { attr, child, children, textContent, type XNode } from './xml.js';

/** A resolved DMN type. `other` is a FEEL type rulebook has no field type for. */
export interface DmnType {
  kind: 'number' | 'string' | 'boolean' | 'date' | 'struct' | 'other';
  /** The FEEL name the chain ends in (`number`, `date and time`, `tBureauData`…). */
  base: string;
  collection: boolean;
  /** The `allowedValues` text and its element, nearest definition wins. */
  allowed?: { text: string; node: XNode };
  components?: Map<string, DmnType>;
  /** A rulebook unit (`percent`, `money`, …) for numbers typed by an item definition of that name (what `exportDmn` writes). */
  unit?: 'percent' | 'money' | 'integer' | 'months' | 'days';
}

const UNITS = new Set(['percent', 'money', 'integer', 'months', 'days']);

const BUILTINS: Record<string, DmnType['kind']> = {
  number: 'number',
  integer: 'number',
  decimal: 'number',
  double: 'number',
  int: 'number',
  long: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
};

/** Resolves `typeRef`s against the model's item definitions (with a cycle guard). */
export class TypeResolver {
  private readonly items = new Map<string, XNode>();
  private readonly cache = new Map<string, DmnType | undefined>();

  constructor(definitions: XNode, private readonly ns: string | null) {
    for (const item of children(definitions, 'itemDefinition', ns)) {
      const name = attr(item, 'name');
      if (name !== undefined) this.items.set(name, item);
    }
  }

  /** The type a `typeRef` names, or undefined when there is none or it is unknown. */
  resolve(typeRef: string | undefined): DmnType | undefined {
    if (typeRef === undefined || typeRef.trim() === '') return undefined;
    const ref = typeRef.trim();
    if (this.cache.has(ref)) return this.cache.get(ref);
    this.cache.set(ref, undefined);
    const t = this.compute(ref);
    this.cache.set(ref, t);
    return t;
  }

  private compute(ref: string): DmnType | undefined {
    const item = this.items.get(ref);
    if (item) {
      const t = this.fromItem(item);
      if (UNITS.has(ref) && t.kind === 'number' && !t.collection) return { ...t, unit: ref as DmnType['unit'] };
      return t;
    }
    // `feel:number`, `xsd:string`, DMN 1.1's QNames: the local part is what matters.
    const local = ref.includes(':') ? ref.slice(ref.lastIndexOf(':') + 1) : ref;
    const kind = BUILTINS[local];
    if (kind) return { kind, base: local, collection: false };
    if (this.items.has(local)) return this.resolve(local);
    return { kind: 'other', base: ref, collection: false };
  }

  private fromItem(item: XNode): DmnType {
    const collection = attr(item, 'isCollection') === 'true';
    const allowedNode = child(item, 'allowedValues', this.ns);
    const allowedText = allowedNode ? child(allowedNode, 'text', this.ns) : undefined;
    const allowed = allowedText ? { text: textContent(allowedText), node: allowedText } : undefined;
    const comps = children(item, 'itemComponent', this.ns);
    if (comps.length > 0) {
      const components = new Map<string, DmnType>();
      for (const c of comps) {
        const name = attr(c, 'name');
        if (name !== undefined) components.set(name, this.fromItem(c));
      }
      return { kind: 'struct', base: attr(item, 'name') ?? 'structure', collection, components };
    }
    const refNode = child(item, 'typeRef', this.ns);
    const inner = this.resolve(refNode ? textContent(refNode).trim() : attr(item, 'typeRef'));
    if (!inner) return { kind: 'other', base: attr(item, 'name') ?? 'unknown', collection, allowed };
    return { ...inner, collection: collection || inner.collection, allowed: allowed ?? inner.allowed };
  }
}
