/**
 * `rulebook lsp`: a language server over the same pipeline and checker as
 * `rulebook check`. It keeps a Workspace (the policy folder, open files taken
 * from the editor), re-analyses it a moment after the last edit, and publishes
 * the findings of every file of the folder, open or not. Hover, completion,
 * navigation and quick fixes read the last analysis; none of them parses or
 * checks on its own.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ResponseError,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Lang } from '../diagnostics/catalogue.js';
import { codeActions, formatting } from './actions.js';
import { completion, TRIGGERS } from './completion.js';
import { hover } from './hover.js';
import { definition, documentSymbols, prepareRename, references, rename } from './navigation.js';
import { Occurrences } from './occurrences.js';
import { toLspDiagnostic } from './positions.js';
import { findPolicyRoot, policyRootOf, Workspace } from './workspace.js';

export interface ServerOptions {
  /** Milliseconds of quiet after an edit before the folder is analysed again. */
  debounceMs?: number;
}

/** What every feature gets: the workspace, its last analysis and how to name files. */
export interface Session {
  ws: Workspace;
  occurrences(): Occurrences | undefined;
  uriOf(rel: string): string;
  relOf(uri: string): string | undefined;
  textOf(rel: string): string | undefined;
  lang: Lang;
}

/** Wires the handlers on `connection`; `connection.listen()` is the caller's. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let ws: Workspace | undefined;
  let debounce = options.debounceMs ?? 150;
  let fixedLang: Lang | undefined;
  let folders: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let occ: Occurrences | undefined;
  let occFor: unknown;
  const published = new Map<string, string>();

  const session = (): Session | undefined => {
    if (!ws) return undefined;
    const w = ws;
    return {
      ws: w,
      lang: w.lang,
      occurrences: () => {
        const a = w.last;
        if (!a.model) return undefined;
        if (occFor !== a) {
          occ = new Occurrences(a.model, w.sources());
          occFor = a;
        }
        return occ;
      },
      uriOf: (rel) => pathToFileURL(join(w.root, rel)).href,
      relOf: (uri) => (uri.startsWith('file:') ? w.relOf(fileURLToPath(uri)) : undefined),
      textOf: (rel) => w.files.get(rel)?.text,
    };
  };

  /** The workspace of `uri`'s folder, made on first sight when the client gave no folder. */
  const ensure = (uri?: string): Workspace | undefined => {
    if (ws) return ws;
    let root = folders.map(policyRootOf).find((r) => r !== undefined);
    if (!root && uri?.startsWith('file:')) root = findPolicyRoot(fileURLToPath(uri));
    if (!root) return undefined;
    ws = new Workspace(root, fixedLang);
    ws.loadFromDisk();
    for (const doc of documents.all()) {
      const rel = doc.uri.startsWith('file:') ? ws.relOf(fileURLToPath(doc.uri)) : undefined;
      if (rel) ws.setText(rel, doc.getText(), doc.version);
    }
    analyzeNow();
    return ws;
  };

  const analyzeNow = () => {
    if (!ws) return;
    const w = ws;
    let analysis;
    try {
      analysis = w.analyze();
    } catch (e) {
      // A bug of ours must not take the editor's server down: say it, keep the last findings.
      connection.console.error(`rulebook: internal error during analysis: ${(e as Error)?.stack ?? String(e)}`);
      return;
    }
    const s = session()!;
    for (const [rel, diags] of analysis.byFile) {
      const uri = s.uriOf(rel);
      const lsp = diags.map((d) => toLspDiagnostic(d, s.uriOf, s.textOf));
      const key = JSON.stringify(lsp);
      if (published.get(uri) === key) continue;
      published.set(uri, key);
      void connection.sendDiagnostics({ uri, version: w.files.get(rel)?.version, diagnostics: lsp });
    }
    // Files that went away: clear what was shown for them.
    for (const uri of [...published.keys()]) {
      const rel = s.relOf(uri);
      if (rel === undefined || !analysis.byFile.has(rel)) {
        published.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    // For the bench and the fuzzer: what the analysis cost.
    const mem = process.memoryUsage();
    void connection.sendNotification('rulebook/analyzed', {
      ms: Math.round(analysis.ms),
      files: analysis.byFile.size,
      parsed: analysis.parsed ?? 0,
      parseMs: Math.round(analysis.parseMs ?? 0),
      heapUsed: mem.heapUsed,
      rss: mem.rss,
    });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      analyzeNow();
    }, debounce);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown; lang?: unknown; policies?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounce = init.debounceMs;
    if (init.lang === 'en' || init.lang === 'zh') fixedLang = init.lang;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (typeof init.policies === 'string') folders.unshift(init.policies);
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: TRIGGERS, resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'rulebook' },
    };
  });

  let watchFiles = false;
  connection.onInitialized(() => {
    // Files changed outside the editor (git checkout, another tool): ask to be told, where the client can.
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: ['**/*.yaml', '**/*.yml', '**/*.md', '**/*.dmn'].map((globPattern) => ({ globPattern })),
      });
    }
    ensure();
  });

  documents.onDidOpen((e) => {
    const w = ensure(e.document.uri);
    const rel = w && session()!.relOf(e.document.uri);
    if (!w || !rel) return;
    const f = w.files.get(rel);
    // Opening a file unchanged from disk changes no finding: publish at once what is known.
    if (f && f.text === e.document.getText()) {
      f.version = e.document.version;
      return;
    }
    w.setText(rel, e.document.getText(), e.document.version);
    schedule();
  });
  documents.onDidChangeContent((e) => {
    const w = ensure(e.document.uri);
    const rel = w && session()!.relOf(e.document.uri);
    if (!w || !rel) return;
    const f = w.files.get(rel);
    if (f && f.version === e.document.version && f.text === e.document.getText()) return;
    w.setText(rel, e.document.getText(), e.document.version);
    schedule();
  });
  documents.onDidClose((e) => {
    const rel = ws && session()!.relOf(e.document.uri);
    if (!ws || !rel) return;
    ws.revert(rel);
    schedule();
  });
  connection.onDidChangeWatchedFiles((p) => {
    if (!ws) return;
    for (const c of p.changes) {
      const rel = session()!.relOf(c.uri);
      if (!rel) continue;
      if (c.type === FileChangeType.Deleted && ws.files.get(rel)?.version === undefined) ws.files.delete(rel);
      else ws.fromDisk(rel);
    }
    schedule();
  });

  const guard =
    <P, R>(f: (s: Session, p: P) => R, fallback: R) =>
    (p: P): R => {
      const s = session();
      if (!s) return fallback;
      try {
        return f(s, p);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`rulebook: internal error: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };

  connection.onHover(guard(hover, null));
  connection.onCompletion(guard(completion, []));
  connection.onDefinition(guard(definition, null));
  connection.onReferences(guard(references, []));
  connection.onPrepareRename(guard(prepareRename, null));
  connection.onRenameRequest(guard(rename, null));
  connection.onDocumentSymbol(guard(documentSymbols, []));
  connection.onCodeAction(guard(codeActions, []));
  connection.onDocumentFormatting(guard(formatting, []));
  // For the bench: the heap after a full collection (when node runs with --expose-gc).
  connection.onRequest('rulebook/memory', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });
  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
  });

  documents.listen(connection);
}
