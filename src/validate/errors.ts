/**
 * ajv errors → diagnostics a person can act on. ajv says where in the data
 * (instancePath) and where in the schema (schemaPath); we map the first to the
 * YAML node's line and column (so no schema error is positionless) and read the
 * second to name what was expected, with a "did you mean" where one fits.
 */
import { getLang, t, word } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import { suggest } from '../lang/suggest.js';
import type { DataPath, SourceDocument } from '../load/source.js';
import type { AjvError } from './compiled-schemas.js';

type Json = Record<string, unknown>;

/** `/decisions/0/hit` → ['decisions', 0, 'hit'] */
function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function schemaAt(root: Json, schemaPath: string): Json | undefined {
  let node: unknown = root;
  for (const seg of parsePointer(schemaPath.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[String(seg)];
  }
  return node && typeof node === 'object' ? (node as Json) : undefined;
}

/**
 * A schema node's description in the run's language: `x-descriptionZh` in a
 * Chinese run (every `description` has one; test/schemas checks), else the
 * English `description`.
 */
function descriptionOf(node: Json | undefined): unknown {
  const zh = node?.['x-descriptionZh'];
  return getLang() === 'zh' && typeof zh === 'string' ? zh : node?.description;
}

/**
 * The first sentence of a schema description, as a hint (no final stop). An
 * English sentence ends at a full stop before a space ("e.g." does not end one);
 * a Chinese one at `。`, which no space follows.
 */
function firstSentence(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(.+?)(?:(?<!\b(?:e\.g|i\.e))\.(?=\s|$)|。)/.exec(s);
  return m ? m[1] : s;
}

/**
 * The schema that applies at an instance path, with `$ref`s followed, and the
 * name of the last definition it came through. Needed because ajv's
 * `schemaPath` is relative to the referenced definition, not to the root.
 */
function schemaForInstance(root: Json, path: DataPath): { schema: Json; def?: string } {
  let schema: Json = root;
  let def: string | undefined;
  const deref = (s: Json): Json => {
    for (let i = 0; i < 16 && typeof s.$ref === 'string'; i++) {
      def = (s.$ref as string).split('/').pop();
      s = schemaAt(root, s.$ref as string) ?? s;
    }
    return s;
  };
  schema = deref(schema);
  for (const seg of path) {
    let next: Json | undefined;
    const candidates = [schema, ...(((schema.anyOf ?? schema.oneOf) as Json[] | undefined) ?? []).map(deref)];
    for (const c of candidates) {
      if (typeof seg === 'number' && c.items && typeof c.items === 'object') next = c.items as Json;
      else if (typeof seg === 'string' && (c.properties as Json | undefined)?.[seg]) next = (c.properties as Json)[seg] as Json;
      else if (typeof seg === 'string' && c.additionalProperties && typeof c.additionalProperties === 'object') next = c.additionalProperties as Json;
      if (next) break;
    }
    if (!next) break;
    def = undefined;
    schema = deref(next);
  }
  return { schema, def };
}

/** The schema node an error names: its schemaPath resolved against the schema in force at its instance path. */
function errorSchema(root: Json, e: AjvError, strip: RegExp): { schema?: Json; def?: string } {
  const at = schemaForInstance(root, parsePointer(e.instancePath));
  const rel = e.schemaPath.replace(strip, '');
  if (rel === '#' || rel === '') return { schema: at.schema, def: at.def };
  if (rel.startsWith('#/definitions/')) return { schema: schemaAt(root, rel), def: at.def };
  // Relative to the definition the instance came through; outside any `$ref` the path starts at the root.
  return { schema: schemaAt(at.schema, rel) ?? schemaAt(root, rel), def: at.def };
}

function nameOf(path: DataPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'document';
}

/** How to name the object at `path` in a message: its `id` when it has one. */
function whereOf(data: unknown, path: DataPath): string {
  const v = valueAt(data, path);
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).id === 'string') {
    return String((v as Record<string, unknown>).id);
  }
  return nameOf(path);
}

function valueAt(data: unknown, path: DataPath): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (Array.isArray(v)) return word('schema.a-list');
  if (typeof v === 'object') return word('schema.a-mapping');
  return String(v);
}

/** A type's name in the run's language; a definition's name (`rounding`) stays as written. */
function typeName(type: string): string {
  const key = `schema.type-name.${type}`;
  const w = word(key);
  return w === key ? type : w;
}

function typeWord(v: unknown): string {
  if (v === null) return typeName('null');
  if (Array.isArray(v)) return typeName('list');
  if (typeof v === 'object') return typeName('mapping');
  return typeName(typeof v);
}

const VALUE_BOUNDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern']);

/** Translates the errors of one document into diagnostics, most specific first, duplicates dropped. */
export function translateErrors(errors: readonly AjvError[], doc: SourceDocument, schema: object): Diagnostic[] {
  const root = schema as Json;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();

  // Alternatives (anyOf/oneOf): the branch whose type matched explains the problem; the
  // type mismatches of the other branches are noise. Keep an alternative's own error only
  // when nothing more specific was said about the same place.
  const isAlt = (e: AjvError) => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const alts = errors.filter(isAlt);
  const altOf = (e: AjvError) => alts.find((a) => e.schemaPath.startsWith(a.schemaPath + '/'));
  // A bound broken inside the branch whose type matched (`step: 0` against `> 0`) is the answer, not noise.
  const bound = (e: AjvError) => VALUE_BOUNDS.has(e.keyword);
  const specific = errors.filter((e) => !isAlt(e) && (altOf(e)?.instancePath !== e.instancePath || bound(e)));
  const kept: AjvError[] = [...specific];
  for (const alt of alts) {
    const covered = kept.some((e) => e !== alt && (e.instancePath === alt.instancePath || e.instancePath.startsWith(alt.instancePath + '/')));
    if (!covered) kept.push(alt);
  }

  for (const e of kept) {
    // `if` only says its `then` failed, and `propertyNames` only wraps the error about the key: the inner error speaks.
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const badKey = (e as AjvError & { propertyName?: string }).propertyName;
    if (badKey !== undefined) {
      const path = [...parsePointer(e.instancePath), badKey];
      const def = schemaForInstance(root, [...parsePointer(e.instancePath)]).schema.propertyNames ? (((schemaForInstance(root, parsePointer(e.instancePath)).schema.propertyNames as Json).$ref as string | undefined)?.split('/').pop() ?? 'name') : 'name';
      let d = diag('schema', 'error', `schema.pattern.${def}`, { value: badKey, name: def }, doc.locate(path, true));
      if (d.message === `schema.pattern.${def}`) d = diag('schema', 'error', 'schema.bad-key', { value: badKey }, doc.locate(path, true));
      out.push(d);
      continue;
    }
    const path = parsePointer(e.instancePath);
    const value = valueAt(doc.data, path);
    const name = nameOf(path);
    let d: Diagnostic;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const parent = errorSchema(root, e, /\/additionalProperties$/).schema;
        const allowed = Object.keys((parent?.properties as Json) ?? {});
        const guess = suggest(key, allowed);
        d = diag('schema', 'error', 'schema.unknown-key', { key, where: whereOf(doc.data, path) }, doc.locate([...path, key], true));
        d.hint = guess
          ? diag('schema', 'error', 'schema.did-you-mean', { guess }, d).message
          : diag('schema', 'error', 'schema.allowed-keys', { keys: allowed.join(', ') }, d).message;
        break;
      }
      case 'required': {
        const key = String(e.params.missingProperty);
        const parentSchema = errorSchema(root, e, /\/required$/).schema;
        const propRaw = (parentSchema?.properties as Json | undefined)?.[key] as Json | undefined;
        const prop = propRaw && typeof propRaw.$ref === 'string' && propRaw.description === undefined ? schemaAt(root, propRaw.$ref) : propRaw;
        d = diag('schema', 'error', 'schema.missing', { key, where: whereOf(doc.data, path) }, doc.locate(path, path.length > 0));
        const desc = firstSentence(descriptionOf(prop));
        if (desc) d.hint = desc;
        break;
      }
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        const guess = typeof value === 'string' ? suggest(value, allowed) : undefined;
        const key = name === 'hit' ? 'schema.enum-hit' : 'schema.enum';
        d = diag('schema', 'error', key, { value: show(value), name, allowed: allowed.join(', ') }, doc.locate(path));
        if (guess) d.hint = diag('schema', 'error', 'schema.did-you-mean', { guess }, d).message;
        break;
      }
      case 'type': {
        const expected = String(e.params.type).split(',').map(typeName).reduce((a, b) => t('schema.either', { a, b }).message);
        d = diag('schema', 'error', 'schema.type', { name, expected, actual: typeWord(value) }, doc.locate(path));
        const desc = firstSentence(descriptionOf(errorSchema(root, e, /\/type$/).schema));
        if (desc) d.hint = desc;
        break;
      }
      case 'pattern': {
        const def = errorSchema(root, e, /\/pattern$/).def ?? 'value';
        const key = `schema.pattern.${def}`;
        d = diag('schema', 'error', key, { value: show(value), name, pattern: String(e.params.pattern) }, doc.locate(path));
        if (d.message === key) d = diag('schema', 'error', 'schema.pattern', { value: show(value), name, pattern: String(e.params.pattern) }, doc.locate(path));
        break;
      }
      case 'anyOf':
      case 'oneOf': {
        const s = errorSchema(root, e, /\/(anyOf|oneOf)$/).schema;
        const forms = ((s?.[e.keyword] as Json[]) ?? [])
          .map((b) => (typeof b.type === 'string' ? b.type : typeof b.$ref === 'string' ? (b.$ref as string).split('/').pop() : undefined))
          .filter((x): x is string => !!x);
        d = diag('schema', 'error', 'schema.any-of', { name, forms: [...new Set(forms)].map(typeName).join(word('schema.list-sep')), actual: typeWord(value) }, doc.locate(path));
        const desc = firstSentence(descriptionOf(s));
        if (desc) d.hint = desc;
        break;
      }
      case 'false schema':
        d = diag('schema', 'error', 'schema.not-allowed', { name }, doc.locate(path, true));
        break;
      default:
        d = diag('schema', 'error', 'schema.generic', { name, reason: e.message ?? e.keyword }, doc.locate(path));
        break;
    }
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
