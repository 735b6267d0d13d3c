// Benchmark of the language server (issue 19), through the built
// `rulebook lsp --stdio` as an editor talks to it:
//  1. on a copy of policies/: from an edit of awards.md (one cell, which opens
//     or closes a gap, so the findings change) to its diagnostics, median of
//     interleaved rounds, beside `rulebook check` of the same folder;
//  2. what an edit re-parses: the edited file only (the server reports files
//     parsed and their time), against the whole folder's analysis;
//  3. the 9 MB, 100k-row file of bench/check.mjs in that folder: the first
//     analysis, then an edit of one row of it (target ≤ 3 s), and an edit of a
//     small file beside it;
//  4. memory over 1,000 edits: the server's heap after each analysis, first
//     hundred against last hundred.
// Speed is measured here, never asserted in tests. `node bench/lsp.mjs`
// (`--quick` skips 3, `--big-only` runs only 3); `main()` is what bench/run.mjs calls.
import { loadavg } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { yamlOf } from './check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/rulebook.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs) => `[${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;

/** A server on `dir/policies`, with helpers to edit a file and wait for what follows. */
export async function server(dir) {
  const child = spawn(process.execPath, ['--expose-gc', bin, 'lsp', '--stdio'], { cwd: dir, env: { ...process.env, RULEBOOK_CACHE: '0' } });
  child.stderr.on('data', (b) => process.stderr.write(b));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  const analyses = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of waiters.splice(0)) w(p);
  });
  conn.onNotification('rulebook/analyzed', (p) => analyses.push(p));
  conn.onNotification("window/logMessage", (p) => process.stderr.write(`server: ${p.message}\n`));
  conn.listen();
  const uri = (rel) => pathToFileURL(join(dir, 'policies', rel)).href;
  const versions = new Map();
  const until = (pred, ms = 900000) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`nothing in ${ms} ms`)), ms);
      const poll = () => {
        if (pred()) {
          clearTimeout(t);
          resolve();
        } else setTimeout(poll, 1);
      };
      poll();
    });
  const t0 = performance.now();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  await conn.sendNotification('initialized', {});
  await until(() => analyses.length > 0, 600000);
  const firstMs = performance.now() - t0;
  return {
    firstMs,
    analyses,
    memory: () => conn.sendRequest('rulebook/memory'),
    open(rel, text) {
      versions.set(rel, 1);
      return conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text } });
    },
    /** Replaces the whole text of `rel`; resolves with the ms until the analysis after it was published. */
    async edit(rel, text) {
      const n = analyses.length;
      versions.set(rel, (versions.get(rel) ?? 1) + 1);
      const t = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: versions.get(rel) }, contentChanges: [{ text }] });
      await until(() => analyses.length > n);
      return { ms: performance.now() - t, analysis: analyses[analyses.length - 1] };
    },
    async stop() {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
      await conn.sendNotification('exit').catch(() => {});
      setTimeout(() => child.kill(), 2000).unref();
      conn.dispose();
    },
  };
}

/** 1, 2 and 4: policies/. */
async function small(dir, awards, gapped, say) {
  // 1 + 2: policies/.
  const s = await server(dir);
  await s.open('awards.md', awards);
  const edits = [];
  const parsed = [];
  const cli = [];
  for (let i = 0; i < 5; i++) await s.edit('awards.md', i % 2 ? awards : gapped);
  // Interleaved: every tenth round also times `rulebook check` of the folder, so both see the same machine.
  for (let i = 0; i < 31; i++) {
    const r = await s.edit('awards.md', i % 2 ? awards : gapped);
    edits.push(r.ms);
    parsed.push(r.analysis);
    if (i % 10 === 0) {
      const t = performance.now();
      spawnSync(process.execPath, [bin, 'check', join(dir, 'policies'), '--format', 'json'], { env: { ...process.env, RULEBOOK_CACHE: '0' } });
      cli.push(performance.now() - t);
    }
  }
  say(`policies/: edit of awards.md → its diagnostics ${median(edits).toFixed(0)} ms ${spread(edits)} (median of ${edits.length}, target ≤ 300 ms); \`rulebook check\` of the folder ${median(cli).toFixed(0)} ms ${spread(cli)} (start-up included)`);
  const p = parsed[parsed.length - 1];
  say(`  each edit parsed ${p.parsed} of ${p.files} files (${median(parsed.map((x) => x.parseMs))} ms); the analysis of the folder (validate, resolve, check) took ${median(parsed.map((x) => x.ms))} ms in all`);

  // What an edit parses follows the edited file: the smallest policy file against awards.md.
  const sizes = readdirSync(join(dir, 'policies'))
    .filter((f) => /\.(ya?ml|md)$/.test(f) && f !== 'rulebook.yaml')
    .map((f) => ({ f, text: readFileSync(join(dir, 'policies', f), 'utf8') }))
    .sort((a, b) => a.text.length - b.text.length);
  const tiny = sizes[0];
  await s.open(tiny.f, tiny.text);
  const tinyParse = [];
  for (let i = 0; i < 11; i++) tinyParse.push((await s.edit(tiny.f, i % 2 ? tiny.text : `${tiny.text}# edit ${i}\n`)).analysis.parseMs);
  say(`  parse per edit: ${tiny.f} (${(tiny.text.length / 1024).toFixed(1)} KiB) ${median(tinyParse)} ms, awards.md (${(awards.length / 1024).toFixed(1)} KiB) ${median(parsed.map((x) => x.parseMs))} ms; the rest of the folder is not parsed again`);

  // 4: memory over 1,000 edits, after a full collection every 100.
  const heap = [(await s.memory()).heapUsed / 1e6];
  for (let i = 0; i < 1000; i++) {
    await s.edit('awards.md', i % 2 ? awards : gapped);
    if (i % 100 === 99) heap.push((await s.memory()).heapUsed / 1e6);
  }
  say(`memory over 1,000 edits (heap after a full GC, every 100 edits): ${heap.map((h) => h.toFixed(1)).join(' → ')} MB; last/first ${(heap[heap.length - 1] / heap[1]).toFixed(2)}×`);
  await s.stop();
}

export async function main(opts = { big: !process.argv.includes('--quick'), small: !process.argv.includes('--big-only') }) {
  if (!existsSync(join(root, 'dist/cli/main.cjs'))) throw new Error('build the CLI first (npm run build)');
  const say = (l) => console.log(l);
  say(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min) at the start`);
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-bench-lsp-'));
  try {
    cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
    const awards = readFileSync(join(dir, 'policies/awards.md'), 'utf8');
    const gapped = awards.replace('when: { conversion: ">= 70%" }', 'when: { conversion: "> 70%" }');
    if (gapped === awards) throw new Error('awards.md no longer has the `>= 70%` row this bench edits');

    if (opts.small !== false) await small(dir, awards, gapped, say);

    // 3: the 100k-row file.
    if (opts.big) {
      const text = yamlOf(100000);
      writeFileSync(join(dir, 'policies/bench.yaml'), text);
      const b = await server(dir);
      say(`9 MB folder (${(text.length / 1e6).toFixed(1)} MB bench.yaml, 100k rows, plus policies/): first analysis ${b.firstMs.toFixed(0)} ms (start-up and reading every file included)`);
      await b.open('bench.yaml', text);
      await b.open('awards.md', awards);
      const big = [];
      const beside = [];
      for (let i = 0; i < 3; i++) {
        big.push((await b.edit('bench.yaml', text.replace('then: { y: 5 }', `then: { y: ${i % 2 ? 5 : 6} }`))).ms);
        beside.push((await b.edit('awards.md', i % 2 ? awards : gapped)).ms);
      }
      await b.stop();
      // The same folder through `rulebook check`, on the same machine at the same time: the ratio holds when the machine is busy.
      const t = performance.now();
      spawnSync(process.execPath, [bin, 'check', join(dir, 'policies'), '--format', 'json'], { env: { ...process.env, RULEBOOK_CACHE: '0' } });
      const checkMs = performance.now() - t;
      say(`  edit of a row of bench.yaml → diagnostics ${median(big).toFixed(0)} ms ${spread(big)} (target ≤ 3000 ms); edit of awards.md beside it ${median(beside).toFixed(0)} ms ${spread(beside)} (the folder is resolved and checked as a whole); \`rulebook check\` of that folder ${checkMs.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
