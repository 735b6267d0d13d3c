// Language-server fuzzing (`npm run fuzz` runs it after the loader's): the built
// `rulebook lsp --stdio` on a copy of policies/, every file open, then 10,000
// random edits of the kind typing makes (characters YAML cares about, deleted
// ranges, duplicated, swapped and cut lines, lines pasted from other files),
// sent as incremental changes. Every 50 edits the server must answer a hover,
// a completion and a code-action request within 10 s; it must never log an
// internal error, never die, and once every file is put back it must report
// exactly what it reported at the start. Seeded: a failure replays.
//
//   node test/fuzz/lsp.mjs [--edits 10000] [--seed N]
import { spawn } from 'node:child_process';
import { mulberry32 } from './rng.mjs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EDITS = option('edits', 10000);
const SEED = option('seed', 19);

const rand = mulberry32(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const ALPHABET = [':', ' ', '  ', '-', '- ', '{', '}', '[', ']', '"', "'", ',', '#', '%', '\n', '|', '>', '&a', '*a', '!!', '70%', '1.5', 'when', 'then', 'id', '询单', '🙂', '\t', '::decision{#', '`', '\\'];

const dir = mkdtempSync(join(tmpdir(), 'rulebook-lsp-fuzz-'));
cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
const files = readdirSync(join(dir, 'policies')).filter((f) => /\.(ya?ml|md)$/.test(f));
const original = new Map(files.map((f) => [f, readFileSync(join(dir, 'policies', f), 'utf8')]));
const texts = new Map(original);
const uri = (f) => pathToFileURL(join(dir, 'policies', f)).href;

const child = spawn(process.execPath, [join(root, 'bin/rulebook.js'), 'lsp', '--stdio'], { cwd: dir, env: { ...process.env, RULEBOOK_CACHE: '0' } });
let dead = false;
child.on('exit', (code, signal) => {
  dead = true;
  console.error(`the server exited (code ${code}, signal ${signal})`);
});
child.stderr.on('data', (b) => process.stderr.write(b));
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const published = new Map();
const problems = [];
let analyses = 0;
conn.onNotification('textDocument/publishDiagnostics', (p) => published.set(p.uri, p.diagnostics));
const analysisMs = [];
conn.onNotification('rulebook/analyzed', (p) => {
  analyses++;
  analysisMs.push(p.ms);
});
conn.onNotification('window/logMessage', (p) => {
  if (/internal error/.test(p.message)) problems.push(`logged: ${p.message.split('\n').slice(0, 3).join(' | ')}`);
});
conn.listen();

const within = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))]);
const settle = async () => {
  // Quiet: wait until an analysis has run after the last change.
  const before = analyses;
  const start = Date.now();
  while (analyses === before && Date.now() - start < 15000) await new Promise((r) => setTimeout(r, 10));
  if (analyses === before) throw new Error('no analysis within 15 s of an edit');
};

/** One random edit of `text`: the range replaced (as LSP positions) and the new text. */
function edit(text) {
  const lines = text.split('\n');
  const offsetOf = (line, ch) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + ch;
  const posOf = (off) => {
    const before = text.slice(0, off).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  const at = Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.45) return { start: at, end: at, insert: pick(ALPHABET) };
  if (r < 0.7) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(rand() * 12)), insert: '' };
  const line = Math.floor(rand() * lines.length);
  const ls = offsetOf(line, 0);
  const le = ls + lines[line].length;
  if (r < 0.8) return { start: ls, end: ls, insert: lines[line] + '\n' };
  if (r < 0.9) {
    const other = pick([...texts.values()]).split('\n');
    return { start: ls, end: ls, insert: pick(other) + '\n' };
  }
  if (r < 0.97) return { start: ls + Math.floor(rand() * (le - ls + 1)), end: le, insert: '' };
  void posOf;
  return { start: Math.floor(text.length / 2), end: text.length, insert: '' };
}

function toRange(text, start, end) {
  const pos = (off) => {
    const before = text.slice(0, off).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(start), end: pos(end) };
}

const t0 = Date.now();
try {
  await within(conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 5, lang: 'en' } }), 30000, 'initialize');
  await conn.sendNotification('initialized', {});
  await settle();
  const versions = new Map(files.map((f) => [f, 1]));
  for (const f of files) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(f), languageId: f.endsWith('.md') ? 'markdown' : 'yaml', version: 1, text: texts.get(f) } });
  await new Promise((r) => setTimeout(r, 300));
  const initial = new Map(files.map((f) => [f, JSON.stringify(published.get(uri(f)) ?? [])]));

  for (let i = 1; i <= EDITS && !dead; i++) {
    const f = pick(files);
    const text = texts.get(f);
    const e = edit(text);
    const range = toRange(text, e.start, e.end);
    const next = text.slice(0, e.start) + e.insert + text.slice(e.end);
    texts.set(f, next);
    versions.set(f, versions.get(f) + 1);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(f), version: versions.get(f) }, contentChanges: [{ range, text: e.insert }] });
    // Now and then a file goes back to what it was (an undo), so the folder never drifts into noise.
    if (rand() < 0.01) {
      texts.set(f, original.get(f));
      versions.set(f, versions.get(f) + 1);
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(f), version: versions.get(f) }, contentChanges: [{ text: original.get(f) }] });
    }
    if (i % 10 === 0) await settle();
    if (i % 50 === 0) {
      const cur = texts.get(f);
      const p = toRange(cur, Math.floor(rand() * (cur.length + 1)), 0).start;
      const doc = { textDocument: { uri: uri(f) } };
      await within(conn.sendRequest('textDocument/hover', { ...doc, position: p }), 10000, `hover at edit ${i}`);
      await within(conn.sendRequest('textDocument/completion', { ...doc, position: p }), 10000, `completion at edit ${i}`);
      await within(conn.sendRequest('textDocument/codeAction', { ...doc, range: { start: p, end: p }, context: { diagnostics: [] } }), 10000, `codeAction at edit ${i}`);
    }
    if (i % 1000 === 0) console.log(`${i} edits, ${analyses} analyses, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  // Everything back as it was: the findings must be what they were.
  for (const f of files) {
    versions.set(f, versions.get(f) + 1);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(f), version: versions.get(f) }, contentChanges: [{ text: original.get(f) }] });
  }
  await settle();
  await new Promise((r) => setTimeout(r, 200));
  for (const f of files) {
    const now = JSON.stringify(published.get(uri(f)) ?? []);
    if (now !== initial.get(f)) problems.push(`${f}: after restoring every file the findings differ from the start: ${now.slice(0, 300)}`);
  }
  await within(conn.sendRequest('shutdown'), 10000, 'shutdown');
  await conn.sendNotification('exit');
} catch (e) {
  problems.push(String(e?.message ?? e));
} finally {
  if (dead) problems.push('the server died');
  setTimeout(() => child.kill(), 1000).unref();
  rmSync(dir, { recursive: true, force: true });
}
const sorted = [...analysisMs].sort((a, b) => a - b);
console.log(`lsp fuzz: ${EDITS} edits (seed ${SEED}), ${analyses} analyses (median ${sorted[sorted.length >> 1] ?? 0} ms, max ${sorted[sorted.length - 1] ?? 0} ms) in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${problems.length} problems`);
for (const p of problems) console.log(`  ${p}`);
conn.dispose();
process.exit(problems.length ? 1 : 0);
