/**
 * A language client for the tests: starts the built `rulebook lsp --stdio` as
 * an editor does and speaks LSP to it over the pipes (vscode-jsonrpc and the
 * protocol's types, nothing of the server's code).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol';

export const root = join(import.meta.dirname, '../..');
export const bin = join(root, 'bin/rulebook.js');

export interface Client {
  conn: MessageConnection;
  child: ChildProcessWithoutNullStreams;
  dir: string;
  uri(rel: string): string;
  /** The latest diagnostics published for `rel`. */
  diagnostics(rel: string): Diagnostic[] | undefined;
  /** Resolves once diagnostics for `rel` arrive that satisfy `until` (checked on what is already there too). */
  waitFor(rel: string, until?: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  open(rel: string, text?: string): void;
  change(rel: string, changes: TextDocumentContentChangeEvent[]): void;
  stop(): Promise<void>;
  /** Milliseconds of each analysis the server reported. */
  analyses: number[];
  stderr: () => string;
  /** The text of a file of the copied folder, as on disk. */
  read(rel: string): string;
}

/** A config for test folders. */
export const CONFIG = 'title: T\nlocale: en\ncurrency: CNY\naudiences:\n  staff: Staff\ndefaultAudience: staff\n';

/**
 * Copies `fixture` (a policy folder, or a map of file name → text) to a temporary
 * folder's `policies/` and starts the server on that folder.
 */
export async function startClient(fixture: string | Record<string, string>, opts: { debounceMs?: number; lang?: 'en' | 'zh' } = {}): Promise<Client> {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-lsp-'));
  if (typeof fixture === 'string') cpSync(fixture, join(dir, 'policies'), { recursive: true });
  else {
    for (const [rel, text] of Object.entries(fixture)) {
      mkdirSync(dirname(join(dir, 'policies', rel)), { recursive: true });
      writeFileSync(join(dir, 'policies', rel), text);
    }
  }
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: dir, env: { ...process.env, RULEBOOK_CACHE: '0' } });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map<string, Diagnostic[]>();
  const waiters: (() => void)[] = [];
  const analyses: number[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('rulebook/analyzed', (p: { ms: number }) => {
    analyses.push(p.ms);
  });
  conn.onNotification('window/logMessage', () => {});
  conn.listen();
  const uri = (rel: string) => pathToFileURL(join(dir, 'policies', rel)).href;
  const versions = new Map<string, number>();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
    capabilities: {},
    initializationOptions: { debounceMs: opts.debounceMs ?? 20, ...(opts.lang ? { lang: opts.lang } : {}) },
  });
  await conn.sendNotification('initialized', {});
  const client: Client = {
    conn,
    child,
    dir,
    uri,
    analyses,
    stderr: () => err,
    read: (rel) => readFileSync(join(dir, 'policies', rel), 'utf8'),
    diagnostics: (rel) => published.get(uri(rel)),
    waitFor(rel, until = () => true, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${rel} in ${ms} ms; have ${JSON.stringify(published.get(uri(rel)))}; stderr ${err}`)), ms);
        const check = () => {
          const d = published.get(uri(rel));
          if (d && until(d)) {
            clearTimeout(timer);
            resolve(d);
          } else waiters.push(check);
        };
        check();
      });
    },
    open(rel, text) {
      versions.set(rel, 1);
      void conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(rel), languageId: rel.endsWith('.md') ? 'markdown' : 'yaml', version: 1, text: text ?? readFileSync(join(dir, 'policies', rel), 'utf8') },
      });
    },
    change(rel, changes) {
      const v = (versions.get(rel) ?? 1) + 1;
      versions.set(rel, v);
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: v }, contentChanges: changes });
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise((r) => {
        if (child.exitCode !== null) return r(undefined);
        const t = setTimeout(() => child.kill(), 3000);
        child.on('exit', () => (clearTimeout(t), r(undefined)));
      });
      conn.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return client;
}

/** Applies LSP text edits to a text (edits do not overlap; applied from the end). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The 0-based position of the `n`th occurrence of `needle` (plus `delta` characters) in `text`. */
export function find(text: string, needle: string, delta = 0, n = 0): Position {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown there; this server sends text). */
export function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
