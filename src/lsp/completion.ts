/**
 * Completion from where the cursor stands in the YAML (a half-typed file
 * included: the place is read from the lines' indentation, not from a parse):
 * input names in `when`, enum keys in cells (quoted as a cell needs),
 * decision ids and their outputs in formulas, clause references, term ids as
 * field names, hit policies and types, and the schema's keys with their
 * descriptions. Names and ids come from the last analysis.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { getLang, word } from '../diagnostics/catalogue.js';
import { roleOf } from '../load/index.js';
import type { Decision, Model } from '../model/index.js';
import { decisionTitle, fieldLabel } from '../render/present.js';
import '../render/words.js';
import { schemas } from '../validate/compiled-schemas.js';
import { lineIndexOf } from './positions.js';
import type { Session } from './server.js';

export const TRIGGERS = ['"', "'", '.', '#', ':', '{', ',', ' '];

const HITS = ['unique', 'any', 'first', 'priority', 'rule-order', 'output-order', 'collect', 'collect-sum', 'collect-min', 'collect-max', 'collect-count'];
const TYPES = ['number', 'integer', 'percent', 'money', 'boolean', 'enum', 'string', 'date', 'months', 'days'];

/** Where the cursor is, in YAML terms. */
export interface YamlPlace {
  /** Keys from the top of the document (or block) down to the mapping the cursor is in. */
  path: string[];
  mode: 'key' | 'value';
  /** In value mode: the key whose value is being written. */
  key?: string;
  /** What is typed so far of the key or value. */
  partial: string;
  /** The 0-based line of the top of the YAML the path is relative to. */
  top: number;
}

const KEY_LINE = /^(\s*)(?:-\s+)?([A-Za-z_$][\w.$-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

/** The YAML text region holding line `line` of a file: the whole file, a Markdown front matter or a ```yaml rulebook``` block. */
function yamlRegion(lines: string[], line: number, markdown: boolean): { top: number } | undefined {
  if (!markdown) return { top: 0 };
  if (lines[0]?.trim() === '---') {
    let end = 1;
    while (end < lines.length && lines[end].trim() !== '---') end++;
    if (line > 0 && line < end) return { top: 1 };
  }
  let open = -1;
  for (let i = 0; i < line; i++) {
    const l = lines[i].trim();
    if (open < 0 && /^```+\s*ya?ml\s+rulebook\b/.test(l)) open = i + 1;
    else if (open >= 0 && /^```+\s*$/.test(l)) open = -1;
  }
  return open >= 0 ? { top: open } : undefined;
}

/** Reads the cursor's place from the text above it and before it on its line. */
function yamlPlace(text: string, line: number, character: number, markdown = false): YamlPlace | undefined {
  const lines = text.split(/\r?\n/);
  const region = yamlRegion(lines, line, markdown);
  if (!region) return undefined;
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  const indentOf = (l: string) => {
    const m = /^(\s*)(-\s+)?/.exec(l)!;
    return m[1].length + (m[2]?.length ?? 0);
  };
  let indent = before.trim() === '' ? before.length : indentOf(current);
  const path: string[] = [];
  for (let i = line - 1; i >= region.top && indent > 0; i--) {
    const l = lines[i];
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const ind = /^\s*/.exec(l)![0].length;
    if (ind >= indent) continue;
    // `- key:` opens an item whose keys sit further in: a key there is a sibling, not a parent.
    const inner = indentOf(l);
    const m = KEY_LINE.exec(l);
    if (m && inner < indent) {
      const rest = l.slice(m[0].length).trim();
      if (rest === '' || rest.startsWith('#') || /^[|>][-+]?$/.test(rest)) path.unshift(unquote(m[2]));
    }
    indent = ind;
  }
  // The line itself: a key (`  conv|`), a value (`  hit: fi|`) and flow mappings (`when: { conversion: "<|`).
  let rest = before.replace(/^\s*(-\s+)?/, '');
  for (;;) {
    const m = /^([A-Za-z_$][\w.$-]*|"[^"]*"|'[^']*')\s*:\s*(.*)$/.exec(rest);
    if (!m) break;
    const key = unquote(m[1]);
    const value = m[2];
    const flow = /^\{\s*(.*)$/.exec(value);
    if (flow) {
      path.push(key);
      // Inside `{ … }`: the part after the last top-level comma.
      rest = lastFlowPart(flow[1]);
      continue;
    }
    return { path, mode: 'value', key, partial: value, top: region.top };
  }
  return { path, mode: 'key', partial: rest.trim(), top: region.top };
}

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

/** The text after the last comma outside quotes and brackets. */
function lastFlowPart(s: string): string {
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) start = i + 1;
  }
  return s.slice(start).trimStart();
}

/** The decision whose text holds `line` (1-based): the last of `decisions` starting at or above it. */
function decisionAt(decisions: Decision[], line: number): Decision | undefined {
  let best: Decision | undefined;
  for (const d of decisions) {
    if (d.span.line > line) continue;
    if (!best || d.span.line > best.span.line) best = d;
  }
  return best;
}

type Json = { [k: string]: unknown };

/** The schema node of `path` (keys only; array items and map values followed on the way). */
function schemaAt(root: Json, path: string[]): Json | undefined {
  const defs = (root.definitions ?? {}) as Record<string, Json>;
  const deref = (n: Json | undefined): Json | undefined => {
    let x = n;
    for (let i = 0; x && typeof x.$ref === 'string' && i < 10; i++) x = defs[(x.$ref as string).replace('#/definitions/', '')];
    if (x && x.type === 'array' && x.items) return deref(x.items as Json);
    return x;
  };
  let node: Json | undefined = deref(root);
  for (const key of path) {
    if (!node) return undefined;
    const props = (node.properties ?? {}) as Record<string, Json>;
    if (props[key]) node = deref(props[key]);
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = deref(node.additionalProperties as Json);
    else return undefined;
  }
  return node;
}

function keyItems(schema: Json | undefined): CompletionItem[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  return Object.entries(props)
    .filter(([k]) => k !== '$schema')
    .map(([k, v]) => {
      // The workspace's language: a Chinese config reads the Chinese description (every one has it; test/schemas checks).
      const zh = getLang() === 'zh' && typeof v['x-descriptionZh'] === 'string' ? (v['x-descriptionZh'] as string) : undefined;
      const text = zh ?? (typeof v.description === 'string' ? v.description : undefined);
      return { label: k, kind: CompletionItemKind.Property, detail: text, documentation: text, insertText: `${k}: ` };
    });
}

/** An enum key as a cell writes it, for the quoting the cursor is in. */
function quotedKey(key: string, partial: string): string {
  const inner = partial.replace(/^\s*/, '');
  if (inner.startsWith("'")) return `"${key}"`;
  if (inner.startsWith('"')) return `\\"${key}\\"`;
  return `'"${key}"'`;
}

export function completion(s: Session, p: CompletionParams): CompletionItem[] {
  const rel = s.relOf(p.textDocument.uri);
  const text = rel && s.textOf(rel);
  if (!rel || text === undefined) return [];
  const role = roleOf(rel) ?? 'document';
  const markdown = /\.md$/i.test(rel);
  const occ = s.occurrences();
  const model = occ?.model;
  const lang = s.ws.lang;
  const line = lineIndexOf(text).lineText(p.position.line + 1).slice(0, p.position.character);

  // A `::decision{#…}` directive in Markdown prose.
  if (markdown && /^::decision\{#[\w.]*$/.test(line)) return model ? decisionItems(model, lang) : [];

  const place = yamlPlace(text, p.position.line, p.position.character, markdown);
  if (!place) return [];
  const schemaName = role === 'config' ? 'config' : role === 'tests' ? 'tests' : 'policy';
  const root = schemas[schemaName] as Json;
  const path = place.path;
  const last = path[path.length - 1];
  const decision = decisionAt(s.ws.decisionsOf(rel), p.position.line + 1);

  if (place.mode === 'key') {
    if (last === 'when' && decision) {
      return decision.inputs.map((f) => ({ label: f.name, kind: CompletionItemKind.Field, detail: `${fieldLabel(f, lang)} (${f.type.kind})`, insertText: `${f.name}: ` }));
    }
    if ((last === 'then' || last === 'formula' || last === 'default') && decision) {
      return decision.outputs.map((f) => ({ label: f.name, kind: CompletionItemKind.Field, detail: `${fieldLabel(f, lang)} (${f.type.kind})`, insertText: `${f.name}: ` }));
    }
    if ((last === 'inputs' || last === 'outputs' || last === 'forAll') && model) {
      // A field named after a glossary term reads as that term.
      return model.documents.flatMap((d) => d.terms).map((t) => ({ label: t.id, kind: CompletionItemKind.Reference, detail: t.term, documentation: t.definition, insertText: `${t.id}: { type: ` }));
    }
    if ((last === 'input' || last === 'expect') && path.includes('tests') && model) {
      const id = testDecision(text, p.position.line, place.top);
      const d = id ? model.decisions.get(id)?.at(-1) : undefined;
      const fields = last === 'input' ? (d?.inputs ?? []) : (d?.outputs ?? []);
      return fields.map((f) => ({ label: f.name, kind: CompletionItemKind.Field, detail: fieldLabel(f, lang), insertText: `${f.name}: ` }));
    }
    return keyItems(schemaAt(root, path));
  }

  const key = place.key ?? '';
  const partial = place.partial;
  if (key === 'hit') return HITS.map((h) => ({ label: h, kind: CompletionItemKind.EnumMember, detail: word(`hit.${h}`, lang) }));
  if (key === 'type') return TYPES.map((t) => ({ label: t, kind: CompletionItemKind.EnumMember }));
  if (!model) return [];
  if (key === 'clause') return clauseItems(model, rel, partial);
  if (key === 'overrides' || key === 'decides' || key === 'decision') return decisionItems(model, lang, false);
  if (last === 'when' && decision) {
    const f = decision.inputs.find((x) => x.name === key);
    if (f?.type.values) {
      return f.type.values.map((v) => ({ label: `"${v.key}"`, kind: CompletionItemKind.EnumMember, detail: v.label, insertText: quotedKey(v.key, partial), filterText: quotedKey(v.key, partial) }));
    }
    if (f?.type.kind === 'boolean') return ['true', 'false'].map((b) => ({ label: b, kind: CompletionItemKind.Value }));
    return [];
  }
  if (last === 'formula' || last === 'then' || last === 'default' || key === 'that' || last === 'that') {
    // After `id(…).`: the outputs of that decision.
    const dot = /([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\s*\([^()]*\)\s*\.\s*\w*$/.exec(partial);
    if (dot) {
      const callee = model.decisions.get(dot[1])?.at(-1);
      return (callee?.outputs ?? []).map((o) => ({ label: o.name, kind: CompletionItemKind.Field, detail: fieldLabel(o, lang) }));
    }
    const names = decision ? [...decision.inputs].map((f) => ({ label: f.name, kind: CompletionItemKind.Variable, detail: fieldLabel(f, lang) })) : [];
    return [...names, ...decisionItems(model, lang, true)];
  }
  return [];
}

/** The `decision:` of the test whose item holds line `line`. */
function testDecision(text: string, line: number, top: number): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = line; i >= top; i--) {
    const m = /^\s*(?:-\s+)?decision:\s*["']?([\w.]+)/.exec(lines[i] ?? '');
    if (m) return m[1];
    if (/^\s*-\s+\w/.test(lines[i] ?? '') && i < line && !/^\s*-\s+(name|decision|input|expect|asOf|id)\b/.test(lines[i])) break;
  }
  return undefined;
}

function decisionItems(model: Model, lang: 'en' | 'zh', call = false): CompletionItem[] {
  return [...model.decisions.values()].map((versions) => {
    const d = versions[versions.length - 1];
    const item: CompletionItem = { label: d.id, kind: CompletionItemKind.Function, detail: decisionTitle(d, lang) };
    if (call) {
      item.insertText = `${d.id}(${d.inputs.map((f, i) => `\${${i + 1}:${f.name}}`).join(', ')})`;
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.detail = `${decisionTitle(d, lang)} → ${d.outputs.map((o) => o.name).join(', ')}`;
    }
    return item;
  });
}

function clauseItems(model: Model, file: string, partial: string): CompletionItem[] {
  const here = model.documents.find((d) => d.file === file)?.id;
  const quote = /^\s*["']/.test(partial) ? '' : '"';
  const items: CompletionItem[] = [];
  for (const [anchor, s] of model.sections) {
    const [doc, section] = anchor.split('#');
    items.push({ label: anchor, kind: CompletionItemKind.Reference, detail: s.title, insertText: `${quote}${anchor}${quote}` });
    if (doc === here) items.push({ label: `#${section}`, kind: CompletionItemKind.Reference, detail: s.title, insertText: `${quote}#${section}${quote}` });
  }
  return items;
}
