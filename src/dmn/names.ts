/**
 * How DMN names (FEEL names: spaces, camelCase, `-`, `/`, dots) become rulebook
 * names: snake_case input and output names, dotted snake_case decision ids, slug
 * document ids. Every conversion is total: a name with no ASCII letters falls
 * back to a stable generated name.
 */

/** `Risk Category` → `risk_category`, `isAffordable` → `is_affordable`, `Pre-bureauRisk` → `pre_bureau_risk`. */
function snakeCase(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s;
}

/** A snake_case name that is a valid identifier: starts with a letter; `fallback` when nothing is left. */
export function identifier(name: string, fallback: string): string {
  const s = snakeCase(name);
  if (s === '') return fallback;
  return /^[a-z]/.test(s) ? s : `n_${s}`;
}

/** `0004-simpletable-U` → `0004-simpletable-u`: a document id slug. */
export function slug(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return s === '' ? fallback : s;
}

/** Hands out names unique within one scope, suffixing `_2`, `_3`, … on collision. */
export class NameTable {
  private readonly used = new Set<string>();

  /** Reserve `base`, or the first free suffixed variant of it. */
  claim(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}
