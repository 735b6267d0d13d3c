/**
 * DMN types as rulebook fields: a typeRef (resolved by `TypeResolver`) and an
 * allowed-values list become a field's type, enum values, domain or output
 * priority; a type rulebook fields cannot hold stops the decision, a list that
 * does not fit is a warning and the field keeps its type's default domain.
 */
import { literalKind, percentSpelling, splitTopLevel, stringLiteral, translateUnaryTests } from './feel.js';
import { nest, reason } from './messages.js';
import type { Importer } from './import.js';
import { enumKeys, enumSpelling, Failure, jsonNumber, type Json } from './import-helpers.js';
import { identifier, NameTable } from './names.js';
import type { DmnType } from './types.js';
import type { XNode } from './xml.js';
import { NUMERIC_KINDS } from '../runtime/semantics.js';


/** A field object for a DMN type, narrowed by an allowed-values list; problems become warnings. */
export function fieldOf(
  imp: Importer,
  type: DmnType | undefined,
  values: { text: string; node: XNode } | undefined,
  where: XNode,
  cells?: string[],
  entries?: string[],
  isOutput = false,
  textual = false,
): Record<string, Json> {
  let kind: string;
  if (!type) {
    kind = inferKind(isOutput ? (entries ?? []) : (cells ?? []).flatMap((c) => splitTopLevel(c.replace(/^\s*not\s*\((.*)\)\s*$/s, '$1')).map((p) => p.replace(/^(<=|>=|<|>)|[[\]()]/g, '').split('..')[0])));
  } else if (type.collection) {
    throw new Failure(where, reason('dmn.r.collection', { type: type.base }));
  } else if (type.kind === 'struct') {
    throw new Failure(where, reason('dmn.r.struct', { type: type.base, example: `${type.base}.${[...(type.components?.keys() ?? [])][0] ?? 'x'}` }));
  } else if (type.kind === 'other') {
    throw new Failure(where, reason('dmn.r.other-type', { type: type.base }));
  } else kind = type.unit ?? type.kind;
  const field: Record<string, Json> = { type: kind };
  const asEnum = (text: string): boolean => {
    if (textual) return false;
    const strings = splitTopLevel(text.trim()).map((p) => stringLiteral(p));
    if (kind !== 'string' || !strings.every((s) => s !== undefined)) return false;
    // Enum keys are snake_case identifiers; the DMN value stays as the label.
    const table = new NameTable();
    const keys = new Map<string, string>();
    for (const value of strings) if (!keys.has(value!)) keys.set(value!, table.claim(identifier(value!, 'value')));
    field.type = 'enum';
    field.values = Object.fromEntries([...keys].map(([value, key]) => [key, value]));
    enumKeys.set(field, keys);
    return true;
  };
  // A column's own list under an enum type narrows that enum: the values come from the type, the list is a domain.
  if (!isOutput && values && type?.allowed && asEnum(type.allowed.text)) {
    const own = splitTopLevel(values.text.trim()).map((p) => stringLiteral(p));
    const all = Object.values(field.values as Record<string, string>);
    if (own.length === all.length && own.every((v) => v !== undefined && all.includes(v))) return field;
    const t = translateUnaryTests(values.text);
    const spelled = 'reason' in t ? undefined : enumSpelling(t.text, field, values.node, 'values');
    if (typeof spelled === 'string') field.domain = spelled;
    else imp.warn(values.node, nest('dmn.allowed-enum', { values: values.text.trim() }, 'reason' in t ? t.reason : spelled instanceof Failure ? spelled.reason : reason('dmn.r.not-type-values')));
    return field;
  }
  const allowed = values ?? type?.allowed;
  if (!allowed) return field;
  const parts = splitTopLevel(allowed.text.trim());
  if (asEnum(allowed.text)) return field;
  if (isOutput && NUMERIC_KINDS.has(kind) && parts.every((p) => literalKind(p) === 'number')) {
    field.priority = parts.map((p) => jsonNumber(p.trim()));
    return field;
  }
  if (NUMERIC_KINDS.has(kind) || kind === 'date' || kind === 'boolean' || (textual && kind === 'string')) {
    const t = translateUnaryTests(allowed.text);
    if (!('reason' in t) && t.text !== '-') {
      field.domain = kind === 'percent' ? percentSpelling(t.text) : t.text;
      return field;
    }
    imp.warn(allowed.node, nest('dmn.allowed-domain', { values: allowed.text.trim() }, 'reason' in t ? t.reason : reason('dmn.r.no-restriction')));
    return field;
  }
  imp.warn(allowed.node, reason('dmn.allowed-kind', { values: allowed.text.trim(), kind }));
  return field;
}

/** The kind the literals of a column's cells (or an output's entries) share, `string` when they differ. */
function inferKind(texts: string[]): string {
  const kinds = new Set(texts.map((t) => t.trim()).filter((t) => t !== '' && t !== '-').map((t) => literalKind(t) ?? 'string'));
  return kinds.size === 1 ? [...kinds][0] : 'string';
}
