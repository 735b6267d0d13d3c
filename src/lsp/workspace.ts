/**
 * The language server's picture of one policy folder: every policy file's
 * text (the editor's for open files, the disk's for the others), parsed once
 * per change, and the Model and findings of the whole folder, built by the
 * same pipeline and checker as `rulebook check`. An edit re-parses and
 * re-validates only the edited file (a schema verdict depends on its file
 * alone); the folder is then resolved and checked as a whole (`modelOfLoaded`
 * + `check`), since references and contradictions cross files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { check } from '../check/index.js';
import { langOf, setLang, type Lang } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { decodeSource, loadPolicies, parseSource, roleOf, type SourceDocument } from '../load/index.js';
import type { Decision, Model } from '../model/index.js';
import { modelOfLoaded } from '../pipeline.js';
import { validate, type ValidateResult } from '../validate/index.js';
import { patchScalar } from './incremental.js';

export interface FileState {
  /** Path relative to the policy folder, with forward slashes: the name diagnostics carry. */
  rel: string;
  abs: string;
  text: string;
  /** The editor's version while the file is open; undefined when the text comes from disk. */
  version?: number;
  doc?: SourceDocument;
  /** What the loader said about this file (syntax, limits). */
  loadDiagnostics: Diagnostic[];
  /** The text changed since `doc` was parsed from it. */
  dirty?: boolean;
}

export interface Analysis {
  model?: Model;
  /** Every finding, by file (relative to the policy folder). Files without findings map to []. */
  byFile: Map<string, Diagnostic[]>;
  /** How long the last analysis took, in ms (for the bench and the log). */
  ms: number;
  /** How many files it parsed (those edited since the last one), and how long that took. */
  parsed?: number;
  parseMs?: number;
}

/** The folder holding `rulebook.yaml` at or above `path` (a file or folder), if any. */
export function findPolicyRoot(path: string): string | undefined {
  let dir = resolvePath(path);
  try {
    if (statSync(dir).isFile()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, 'rulebook.yaml')) || existsSync(join(dir, 'rulebook.yml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** The policy folder of a workspace folder: itself, or its `policies/`, when it holds `rulebook.yaml`. */
export function policyRootOf(folder: string): string | undefined {
  for (const dir of [join(folder, 'policies'), folder]) {
    if (existsSync(join(dir, 'rulebook.yaml')) || existsSync(join(dir, 'rulebook.yml'))) return dir;
  }
  return undefined;
}

export class Workspace {
  readonly files = new Map<string, FileState>();
  /** Folder-level findings of the loader (no config, too many files), shown on the config file. */
  private folderDiagnostics: Diagnostic[] = [];
  private analysis: Analysis = { byFile: new Map(), ms: 0 };
  lang: Lang = 'en';
  /** The language the files were last read in (the loader's findings are in it). */
  private parsedLang?: Lang;
  /** Each file's decisions from the last analysis in which it parsed: completion goes on while a line is half typed. */
  private readonly lastDecisions = new Map<string, Decision[]>();

  constructor(
    readonly root: string,
    private readonly fixedLang?: Lang,
  ) {}

  /** Reads every policy file of the folder from disk (open files keep the editor's text). */
  loadFromDisk(lang?: Lang): void {
    // The loader writes its findings in the catalogue's language: settle it from the config first
    // (a first guess from its text; the analysis decides from its data and reads again if that differs).
    const config = ['rulebook.yaml', 'rulebook.yml'].map((f) => this.files.get(f)?.text ?? readText(join(this.root, f))).find((t) => t !== undefined);
    this.parsedLang = lang ?? this.fixedLang ?? langOf(/^locale:\s*["']?([A-Za-z_-]+)/m.exec(config ?? '')?.[1] ?? 'zh-CN');
    setLang(this.parsedLang);
    const loaded = loadPolicies(this.root, { cwd: this.root });
    const open = new Map([...this.files].filter(([, f]) => f.version !== undefined));
    this.files.clear();
    const byFile = new Map<string, Diagnostic[]>();
    this.folderDiagnostics = [];
    for (const d of loaded.diagnostics) {
      if (roleOf(d.file) === undefined) this.folderDiagnostics.push(d);
      else byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    }
    for (const doc of loaded.documents) {
      this.files.set(doc.file, { rel: doc.file, abs: join(this.root, doc.file), text: doc.text, doc, loadDiagnostics: byFile.get(doc.file) ?? [] });
    }
    // Files that did not parse have no document but do have their diagnostics.
    for (const [rel, diags] of byFile) {
      if (this.files.has(rel)) continue;
      const abs = join(this.root, rel);
      this.files.set(rel, { rel, abs, text: readText(abs) ?? '', loadDiagnostics: diags });
    }
    for (const f of open.values()) this.setText(f.rel, f.text, f.version);
  }

  /** The name of `abs` inside the folder, or undefined when it is outside or not a policy file. */
  relOf(abs: string): string | undefined {
    const r = relative(this.root, abs);
    if (r === '' || r.startsWith('..') || /^[a-zA-Z]:/.test(r)) return undefined;
    const rel = r.split(sep).join('/');
    if (rel.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) return undefined;
    return roleOf(rel) ? rel : undefined;
  }

  /**
   * Takes the editor's text of one file. Parsed at the next analysis, not now: a
   * burst of keystrokes costs one parse of this file, and no other file is parsed again.
   */
  setText(rel: string, text: string, version?: number): void {
    if (!roleOf(rel)) return;
    const f = this.files.get(rel);
    if (f && f.text === text && !f.dirty) {
      f.version = version;
      return;
    }
    this.files.set(rel, { rel, abs: join(this.root, rel), text, version, doc: f?.doc, loadDiagnostics: f?.loadDiagnostics ?? [], dirty: true });
  }

  /** Parses a file whose text changed since its last parse. */
  private parse(f: FileState): void {
    const role = roleOf(f.rel)!;
    // The bytes an editor holds are text already; the limits the loader applies to bytes still hold.
    const decoded = decodeSource(Buffer.from(f.text, 'utf8'), f.rel);
    // An edit inside one scalar of a file that parsed clean reuses that parse (see incremental.ts).
    const patched = decoded.text !== undefined && !decoded.diagnostics.length && f.doc && !f.loadDiagnostics.length ? patchScalar(f.doc, decoded.text) : undefined;
    const res = patched ? { document: patched, diagnostics: [] } : decoded.text === undefined ? { diagnostics: decoded.diagnostics } : parseSource(decoded.text, f.rel, role, f.abs);
    f.doc = res.document;
    f.loadDiagnostics = res.diagnostics;
    f.dirty = false;
  }

  /** The file is closed in the editor: from now on the disk's text counts. */
  revert(rel: string): void {
    const abs = join(this.root, rel);
    const text = readText(abs);
    if (text === undefined) this.files.delete(rel);
    else this.setText(rel, text);
  }

  /** A file was created, changed or deleted on disk (and is not open). */
  fromDisk(rel: string): void {
    const f = this.files.get(rel);
    if (f?.version !== undefined) return;
    this.revert(rel);
  }

  /** Resolves and checks the whole folder, as `rulebook check` does. */
  analyze(): Analysis {
    const t0 = performance.now();
    let parsed = 0;
    // The config first: its `locale` is the language every other file's findings are written in.
    const configState = this.files.get('rulebook.yaml') ?? this.files.get('rulebook.yml');
    if (configState?.dirty) (this.parse(configState), parsed++);
    const locale = (configState?.doc?.data as { locale?: unknown } | undefined)?.locale;
    this.lang = this.fixedLang ?? langOf(typeof locale === 'string' ? locale : 'zh-CN');
    setLang(this.lang);
    // The locale changed (or was first read here): read the folder again in it (rare; open files keep their text).
    if (this.lang !== this.parsedLang) this.loadFromDisk(this.lang);
    for (const f of this.files.values()) if (f.dirty) (this.parse(f), parsed++);
    const parseMs = performance.now() - t0;
    const files = [...this.files.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const docs = files.flatMap((f) => (f.doc ? [f.doc] : []));
    const config = docs.find((d) => d.role === 'config' && !d.file.includes('/'));
    const loadDiags = [...this.folderDiagnostics, ...files.flatMap((f) => f.loadDiagnostics)];
    const built = modelOfLoaded(docs, loadDiags, this.validated(docs));
    const diags = [...built.diagnostics, ...check(built.model)];
    const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f.rel, []]));
    const configFile = config?.file ?? 'rulebook.yaml';
    for (const d of diags) {
      const key = this.files.has(d.file) ? d.file : configFile;
      const list = byFile.get(key) ?? [];
      list.push(d);
      byFile.set(key, list);
    }
    const decisions = new Map<string, Decision[]>();
    for (const versions of built.model.decisions.values()) for (const d of versions) decisions.set(d.span.file, [...(decisions.get(d.span.file) ?? []), d]);
    for (const f of files) if (f.doc) this.lastDecisions.set(f.rel, decisions.get(f.rel) ?? []);
    this.analysis = { model: built.model, byFile, ms: performance.now() - t0, parsed, parseMs };
    return this.analysis;
  }

  get last(): Analysis {
    return this.analysis;
  }

  /** Each document's schema verdict depends on that document alone: kept until it is parsed again. */
  private readonly verdicts = new WeakMap<SourceDocument, ValidateResult>();

  /** `validate(docs)`, from the verdicts kept for the files not edited since (same order, same diagnostics). */
  private validated(docs: SourceDocument[]): ValidateResult {
    const out: ValidateResult = { valid: [], diagnostics: [] };
    for (const doc of docs) {
      let v = this.verdicts.get(doc);
      if (!v) {
        v = validate([doc]);
        this.verdicts.set(doc, v);
      }
      out.valid.push(...v.valid);
      out.diagnostics.push(...v.diagnostics);
    }
    return out;
  }

  /** The decisions of `rel`, from the last analysis in which it parsed. */
  decisionsOf(rel: string): Decision[] {
    return this.lastDecisions.get(rel) ?? [];
  }

  /** Every SourceDocument of the folder that parsed. */
  sources(): SourceDocument[] {
    return [...this.files.values()].flatMap((f) => (f.doc ? [f.doc] : []));
  }
}

function readText(abs: string): string | undefined {
  try {
    const decoded = decodeSource(readFileSync(abs), abs);
    return decoded.text;
  } catch {
    return undefined;
  }
}
