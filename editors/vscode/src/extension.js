// The rulebook extension: starts `rulebook lsp --stdio` for the workspace and
// forwards the editor's documents and requests to it over JSON-RPC (the
// protocol's own library, bundled). Every answer is the server's: this file
// only translates between VS Code's types and LSP's.
const vscode = require('vscode');
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'markdown' },
];

let child;
let conn;

/** How to start the server: the setting, else the workspace's own rulebook, else `rulebook` on the PATH. */
function command(folder) {
  const configured = vscode.workspace.getConfiguration('rulebook').get('command') || [];
  if (configured.length) return configured;
  const local = folder && join(folder, 'node_modules', '.bin', process.platform === 'win32' ? 'rulebook.cmd' : 'rulebook');
  if (local && existsSync(local)) return [local, 'lsp', '--stdio'];
  const script = folder && join(folder, 'bin', 'rulebook.js');
  if (script && existsSync(script)) return [process.execPath.endsWith('node') ? process.execPath : 'node', script, 'lsp', '--stdio'];
  return ['rulebook', 'lsp', '--stdio'];
}

const pos = (p) => new vscode.Position(p.line, p.character);
const range = (r) => new vscode.Range(pos(r.start), pos(r.end));
const lspPos = (p) => ({ line: p.line, character: p.character });
const lspRange = (r) => ({ start: lspPos(r.start), end: lspPos(r.end) });
const docId = (doc) => ({ uri: doc.uri.toString() });
const SEVERITY = [undefined, vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint];

function workspaceEdit(edit) {
  const out = new vscode.WorkspaceEdit();
  for (const [uri, edits] of Object.entries((edit && edit.changes) || {})) {
    for (const e of edits) out.replace(vscode.Uri.parse(uri), range(e.range), e.newText);
  }
  return out;
}

function symbol(s) {
  const out = new vscode.DocumentSymbol(s.name, s.detail || '', s.kind - 1, range(s.range), range(s.selectionRange));
  out.children = (s.children || []).map(symbol);
  return out;
}

function activate(context) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0] && vscode.workspace.workspaceFolders[0].uri.fsPath;
  const [cmd, ...args] = command(folder);
  child = spawn(cmd, args, { cwd: folder, shell: process.platform === 'win32' });
  const output = vscode.window.createOutputChannel('rulebook');
  child.stderr.on('data', (b) => output.append(b.toString()));
  child.on('error', (e) => vscode.window.showErrorMessage(`rulebook: cannot start the language server (${cmd}): ${e.message}. Set rulebook.command.`));
  conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = vscode.languages.createDiagnosticCollection('rulebook');
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.set(
      vscode.Uri.parse(p.uri),
      p.diagnostics.map((d) => {
        const x = new vscode.Diagnostic(range(d.range), d.message, SEVERITY[d.severity || 1]);
        x.code = d.code;
        x.source = 'rulebook';
        x.relatedInformation = (d.relatedInformation || []).map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.location.uri), range(r.location.range)), r.message));
        return x;
      }),
    );
  });
  conn.onNotification('window/logMessage', (p) => output.appendLine(p.message));
  conn.listen();

  const lang = vscode.workspace.getConfiguration('rulebook').get('lang');
  const ready = conn
    .sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? vscode.Uri.file(folder).toString() : null,
      workspaceFolders: (vscode.workspace.workspaceFolders || []).map((f) => ({ uri: f.uri.toString(), name: f.name })),
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
      initializationOptions: lang ? { lang } : {},
    })
    .then(() => conn.sendNotification('initialized', {}));

  const relevant = (doc) => doc.uri.scheme === 'file' && /\.(ya?ml|md)$/i.test(doc.uri.fsPath);
  const open = (doc) => relevant(doc) && ready.then(() => conn.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri.toString(), languageId: doc.languageId, version: doc.version, text: doc.getText() } }));
  vscode.workspace.textDocuments.forEach(open);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md}');
  const changed = (type) => (uri) => ready.then(() => conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri.toString(), type }] }));
  const request = (method, params) => ready.then(() => conn.sendRequest(method, params));
  const at = (doc, p) => ({ textDocument: docId(doc), position: lspPos(p) });

  context.subscriptions.push(
    diagnostics,
    output,
    watcher,
    watcher.onDidCreate(changed(1)),
    watcher.onDidChange(changed(2)),
    watcher.onDidDelete(changed(3)),
    vscode.workspace.onDidOpenTextDocument(open),
    vscode.workspace.onDidChangeTextDocument((e) => relevant(e.document) && ready.then(() => conn.sendNotification('textDocument/didChange', { textDocument: { uri: e.document.uri.toString(), version: e.document.version }, contentChanges: [{ text: e.document.getText() }] }))),
    vscode.workspace.onDidCloseTextDocument((doc) => relevant(doc) && ready.then(() => conn.sendNotification('textDocument/didClose', { textDocument: docId(doc) }))),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover: (doc, p) => request('textDocument/hover', at(doc, p)).then((h) => h && new vscode.Hover(new vscode.MarkdownString(h.contents.value), h.range && range(h.range))),
    }),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      {
        provideCompletionItems: (doc, p) =>
          request('textDocument/completion', at(doc, p)).then((items) =>
            (items || []).map((i) => {
              const c = new vscode.CompletionItem(i.label, (i.kind || 1) - 1);
              c.detail = i.detail;
              if (i.documentation) c.documentation = new vscode.MarkdownString(typeof i.documentation === 'string' ? i.documentation : i.documentation.value);
              if (i.insertText) c.insertText = i.insertTextFormat === 2 ? new vscode.SnippetString(i.insertText) : i.insertText;
              if (i.filterText) c.filterText = i.filterText;
              return c;
            }),
          ),
      },
      '"', "'", '.', '#', ':', '{', ',', ' ',
    ),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition: (doc, p) => request('textDocument/definition', at(doc, p)).then((ls) => (ls || []).map((l) => new vscode.Location(vscode.Uri.parse(l.uri), range(l.range)))),
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences: (doc, p, ctx) => request('textDocument/references', { ...at(doc, p), context: { includeDeclaration: ctx.includeDeclaration } }).then((ls) => (ls || []).map((l) => new vscode.Location(vscode.Uri.parse(l.uri), range(l.range)))),
    }),
    vscode.languages.registerRenameProvider(SELECTOR, {
      prepareRename: (doc, p) => request('textDocument/prepareRename', at(doc, p)).then((r) => (r ? { range: range(r.range), placeholder: r.placeholder } : Promise.reject(new Error('only a decision id or a section id can be renamed')))),
      provideRenameEdits: (doc, p, newName) => request('textDocument/rename', { ...at(doc, p), newName }).then(workspaceEdit),
    }),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols: (doc) => request('textDocument/documentSymbol', { textDocument: docId(doc) }).then((ss) => (ss || []).map(symbol)),
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, {
      provideCodeActions: (doc, r) =>
        request('textDocument/codeAction', { textDocument: docId(doc), range: lspRange(r), context: { diagnostics: [] } }).then((as) =>
          (as || []).map((a) => {
            const x = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
            x.edit = workspaceEdit(a.edit);
            x.isPreferred = a.isPreferred;
            return x;
          }),
        ),
    }),
    vscode.languages.registerDocumentFormattingEditProvider(SELECTOR, {
      provideDocumentFormattingEdits: (doc, o) => request('textDocument/formatting', { textDocument: docId(doc), options: { tabSize: o.tabSize, insertSpaces: o.insertSpaces } }).then((es) => (es || []).map((e) => vscode.TextEdit.replace(range(e.range), e.newText))),
    }),
  );
}

function deactivate() {
  if (!conn) return undefined;
  return Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))])
    .then(() => conn.sendNotification('exit'))
    .catch(() => undefined)
    .finally(() => child && child.kill());
}

module.exports = { activate, deactivate };
