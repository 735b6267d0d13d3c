// A stand-in for the `vscode` module (VS Code is not on this machine): just
// the API the extension calls, recording what it registers and shows, so the
// test can drive the real extension bundle against the real server.
const state = (globalThis.__vscode = { providers: {}, diagnostics: new Map(), handlers: {}, errors: [], config: {}, folder: undefined, documents: [] });
const disposable = { dispose() {} };
class Position { constructor(line, character) { this.line = line; this.character = character; } }
class Range { constructor(start, end) { this.start = start; this.end = end; } }
class Uri {
  constructor(fsPath) { this.fsPath = fsPath; this.scheme = 'file'; }
  static file(p) { return new Uri(p); }
  static parse(s) { return new Uri(decodeURIComponent(new URL(s).pathname)); }
  toString() { return require('node:url').pathToFileURL(this.fsPath).href; }
}
class WorkspaceEdit { constructor() { this.edits = []; } replace(uri, range, newText) { this.edits.push({ uri, range, newText }); } }
const event = (name) => (f) => ((state.handlers[name] = f), disposable);
const register = (name) => (selector, provider) => ((state.providers[name] = provider), disposable);
module.exports = {
  Position, Range, Uri, WorkspaceEdit,
  Location: class { constructor(uri, range) { this.uri = uri; this.range = range; } },
  Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
  DiagnosticRelatedInformation: class { constructor(location, message) { Object.assign(this, { location, message }); } },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Hover: class { constructor(contents, range) { Object.assign(this, { contents, range }); } },
  MarkdownString: class { constructor(value) { this.value = value; } },
  CompletionItem: class { constructor(label, kind) { Object.assign(this, { label, kind }); } },
  SnippetString: class { constructor(value) { this.value = value; } },
  DocumentSymbol: class { constructor(name, detail, kind, range, selectionRange) { Object.assign(this, { name, detail, kind, range, selectionRange }); } },
  CodeAction: class { constructor(title, kind) { Object.assign(this, { title, kind }); } },
  CodeActionKind: { QuickFix: 'quickfix' },
  TextEdit: { replace: (range, newText) => ({ range, newText }) },
  window: {
    createOutputChannel: () => ({ append() {}, appendLine() {}, dispose() {} }),
    showErrorMessage: (m) => state.errors.push(m),
  },
  workspace: {
    get workspaceFolders() { return state.folder ? [{ uri: Uri.file(state.folder), name: 'w' }] : undefined; },
    get textDocuments() { return state.documents; },
    getConfiguration: () => ({ get: (k) => state.config[k] }),
    createFileSystemWatcher: () => ({ onDidCreate: event('create'), onDidChange: event('change'), onDidDelete: event('delete'), dispose() {} }),
    onDidOpenTextDocument: event('open'),
    onDidChangeTextDocument: event('changeText'),
    onDidCloseTextDocument: event('close'),
  },
  languages: {
    createDiagnosticCollection: () => ({ set: (uri, ds) => state.diagnostics.set(uri.fsPath, ds), dispose() {} }),
    registerHoverProvider: register('hover'),
    registerCompletionItemProvider: register('completion'),
    registerDefinitionProvider: register('definition'),
    registerReferenceProvider: register('references'),
    registerRenameProvider: register('rename'),
    registerDocumentSymbolProvider: register('symbols'),
    registerCodeActionsProvider: register('codeActions'),
    registerDocumentFormattingEditProvider: register('formatting'),
  },
};
