// Loader fuzzing: mutates the hostile corpus, the foundation fixtures and the real
// policies (byte flips, truncation, splicing, hostile insertions, repetition) and
// feeds each result through load → validate → resolve → check in a child process.
// A quarter of the inputs are policy sets of several files instead: mutated corpus
// files side by side, or generated cross-decision shapes (hundreds of decisions
// sharing inputs and outputs, call chains and cycles thousands long, long and
// reserved ids), where the report must also stay bounded per diagnostic code.
// A throw, a wrong position, a hang past the per-input limit or a dead child is a
// finding; its input is saved under test-output/fuzz/. Not part of `npm test`.
//
//   node test/fuzz/run.mjs [--seconds 60] [--per-input-ms 5000] [--seed N]
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './rng.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/fuzz');

// ---------------------------------------------------------------- parent

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

/** The pipeline entry points, bundled from src/ (the CLI bundle does not export them). */
async function buildHarness() {
  const { build } = await import('esbuild');
  const entry = join(outDir, 'harness-entry.ts');
  const out = join(outDir, 'harness.mjs');
  mkdirSync(outDir, { recursive: true });
  const src = (p) => JSON.stringify(join(root, p));
  writeFileSync(
    entry,
    `import { decodeSource, parseSource, roleOf } from ${src('src/load/index.ts')};
import { buildModel } from ${src('src/pipeline.ts')};
import { check } from ${src('src/check/index.ts')};
import { setLang } from ${src('src/diagnostics/catalogue.ts')};
setLang('en');
const CONFIG = parseSource('title: T\\nlocale: en\\naudiences: { staff: Staff }\\n', 'policies/rulebook.yaml', 'config').document;
export const harness = {
  run(bytes, file) {
    const problems = [];
    const decoded = decodeSource(bytes, file);
    const diags = [...decoded.diagnostics];
    // For bytes that are not UTF-8, positions count the characters a lenient decoder sees.
    const text = decoded.text ?? new TextDecoder('utf-8').decode(bytes);
    if (decoded.text !== undefined) {
      const res = parseSource(decoded.text, file, roleOf(file) ?? 'document');
      diags.push(...res.diagnostics);
      const docs = res.document ? [res.document] : [];
      if (res.document?.role !== 'config') docs.push(CONFIG);
      const built = buildModel(docs);
      diags.push(...built.diagnostics, ...check(built.model));
    }
    const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\\r?\\n/);
    for (const d of diags) {
      if (d.file !== file) continue;
      const bad = !(d.line >= 1 && d.column >= 1 && d.line <= lines.length && d.column <= lines[d.line - 1].length + 1);
      if (bad) problems.push('position outside the file: ' + JSON.stringify(d));
      if (/\\n/.test(d.message)) problems.push('message on several lines: ' + JSON.stringify(d.message));
    }
    return problems;
  },
  /** Several files as one policy set: every file's positions checked, the report bounded per code. */
  runMany(files) {
    const problems = [];
    const docs = [];
    const diags = [];
    const texts = new Map();
    for (const { bytes, file } of files) {
      const decoded = decodeSource(bytes, file);
      diags.push(...decoded.diagnostics);
      texts.set(file, decoded.text ?? new TextDecoder('utf-8').decode(bytes));
      if (decoded.text === undefined) continue;
      const res = parseSource(decoded.text, file, roleOf(file) ?? 'document');
      diags.push(...res.diagnostics);
      if (res.document) docs.push(res.document);
    }
    if (!docs.some((d) => d.role === 'config')) docs.push(CONFIG);
    const built = buildModel(docs);
    const found = check(built.model);
    diags.push(...built.diagnostics, ...found);
    const perCode = new Map();
    for (const d of found) perCode.set(d.code, (perCode.get(d.code) ?? 0) + 1);
    for (const [code, n] of perCode) if (n > 201) problems.push('unbounded report: ' + n + ' ' + code + ' findings');
    const size = JSON.stringify(diags).length;
    if (size > 20_000_000) problems.push('report of ' + size + ' bytes');
    for (const d of diags) {
      const text = texts.get(d.file);
      if (text === undefined) continue;
      const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\\r?\\n/);
      const bad = !(d.line >= 1 && d.column >= 1 && d.line <= lines.length && d.column <= lines[d.line - 1].length + 1);
      if (bad) problems.push('position outside the file: ' + JSON.stringify(d).slice(0, 400));
      if (/\\n/.test(d.message)) problems.push('message on several lines: ' + JSON.stringify(d.message).slice(0, 400));
    }
    return problems;
  },
};
`,
  );
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: out, packages: 'external', logLevel: 'warning' });
  return out;
}

function corpus() {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st || name === 'dist') continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && /\.(ya?ml|md)$/.test(name) && st.size < 1_000_000) files.push({ file: relative(root, p), bytes: readFileSync(p) });
    }
  };
  for (const d of ['policies', 'test/fixtures/hostile', 'test/fixtures/foundation', 'test/fixtures/seed-literal']) if (existsSync(join(root, d))) walk(join(root, d));
  return files;
}

const rng = mulberry32;

const HOSTILE = [
  '[', ']', '{', '}', '&a ', '*a', '<<: ', '!!js/function ', '!x ', '__proto__: ', 'constructor: ', '\u0000', '\ufeff', '\r', '\t',
  ': ', '- ', '? ', '|', '>', '"', "'", '#', '---\n', '...\n', '```yaml rulebook\n', '```\n', '{#', '## ', '1e400', '.nan', '-.inf',
  'not(', '..', '%', '(((((((((((', '${', '*/', '</script>', '中文', '\\', '\u2028', '::error::',
].map((s) => Buffer.from(s));

function mutate(input, all, random) {
  let b = Buffer.from(input);
  const at = (n = b.length) => Math.floor(random() * (n + 1));
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const kind = Math.floor(random() * 7);
    if (kind === 0 && b.length) {
      const i = at(b.length - 1);
      b[i] ^= 1 << Math.floor(random() * 8);
    } else if (kind === 1) b = b.subarray(0, at());
    else if (kind === 2) {
      const other = all[Math.floor(random() * all.length)].bytes;
      const from = at(other.length);
      const piece = other.subarray(from, from + Math.floor(random() * 400));
      const i = at();
      b = Buffer.concat([b.subarray(0, i), piece, b.subarray(i + Math.floor(random() * 100))]);
    } else if (kind === 3) {
      const i = at();
      b = Buffer.concat([b.subarray(0, i), HOSTILE[Math.floor(random() * HOSTILE.length)], b.subarray(i)]);
    } else if (kind === 4 && b.length) {
      const i = at(b.length - 1);
      const piece = b.subarray(i, i + 1 + Math.floor(random() * 40));
      b = Buffer.concat([b.subarray(0, i), ...Array(2 + Math.floor(random() * 200)).fill(piece), b.subarray(i)]);
    } else if (kind === 5) {
      const i = at();
      b = Buffer.concat([b.subarray(0, i), b.subarray(i + Math.floor(random() * 200))]);
    } else if (b.length) b[at(b.length - 1)] = Math.floor(random() * 256);
  }
  return b;
}

/** A generated cross-decision shape: the sizes and the tricks drawn from `random`. */
function shape(random) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const n = pick([2, 10, 50, 200, 520, 800]);
  const kind = pick(['shared', 'chain', 'cycle', 'long-ids', 'reserved', 'split']);
  const id = (i) => (kind === 'long-ids' ? `m.${'d'.repeat(1 + Math.floor(random() * 300))}${i}` : `m.d${i}`);
  const docId = kind === 'reserved' ? pick(['con', 'nul', 'aux.x', 'com1', 'lpt9.rules', 'a.']) : kind === 'long-ids' ? 'x'.repeat(1 + Math.floor(random() * 400)) : 'many';
  const decision = (i) => {
    const lines = [`  - id: ${id(i)}`, '    inputs: { x: { type: number } }', '    outputs: { y: { type: number } }'];
    if (kind === 'chain' || kind === 'cycle') {
      const next = i + 1 < n ? `${id(i + 1)}(x).y + 1` : kind === 'cycle' ? `${id(0)}(x).y` : 'x';
      lines.push(`    formula: { y: "${next}" }`);
    } else lines.push('    rules:', `      - when: { x: "< ${i}" }`, `        then: { y: ${i} }`, `      - when: { x: ">= ${i}" }`, `        then: { y: ${i + 1} }`);
    return lines.join('\n');
  };
  const docs = [];
  const per = kind === 'split' ? Math.max(1, Math.ceil(n / 8)) : n;
  for (let start = 0, k = 0; start < n; start += per, k++) {
    const body = [];
    for (let i = start; i < Math.min(n, start + per); i++) body.push(decision(i));
    docs.push({ file: `policies/gen${k}.yaml`, bytes: Buffer.from(`id: ${kind === 'split' ? `${docId}-${k}` : docId}\ntitle: G\nversion: 1\ndecisions:\n${body.join('\n')}\n`) });
  }
  return { files: docs, from: `generated ${kind} × ${n}` };
}

/** Several mutated corpus files side by side (their ids may collide, their calls cross). */
function multi(all, random) {
  const count = 2 + Math.floor(random() * 4);
  const files = [];
  for (let k = 0; k < count; k++) {
    const base = all[Math.floor(random() * all.length)];
    const bytes = random() < 0.5 ? base.bytes : mutate(base.bytes, all, random);
    const file = base.file.endsWith('rulebook.yaml') ? 'policies/rulebook.yaml' : `policies/f${k}${base.file.endsWith('.test.yaml') ? '.test.yaml' : extname(base.file)}`;
    if (!files.some((f) => f.file === file)) files.push({ file, bytes });
  }
  return { files, from: 'several corpus files' };
}

class Runner {
  constructor(harnessPath, perInputMs) {
    this.harnessPath = harnessPath;
    this.perInputMs = perInputMs;
  }
  async start() {
    this.child = fork(fileURLToPath(import.meta.url), ['--child', this.harnessPath], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    await new Promise((r) => this.child.once('message', r));
  }
  run(bytes, file) {
    return new Promise((resolve) => {
      const child = this.child;
      const done = (result) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (m) => done(m);
      const onExit = (code, signal) => done({ ok: false, dead: true, problems: [`child died (${signal ?? code}): ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ ok: false, dead: true, problems: [`no answer within ${this.perInputMs} ms`] });
      }, this.perInputMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (Array.isArray(bytes)) child.send({ many: bytes.map((f) => ({ file: f.file, bytes: f.bytes.toString('base64') })) });
      else child.send({ bytes: bytes.toString('base64'), file });
    });
  }
  stop() {
    this.child?.kill();
  }
}

async function main() {
  const seconds = option('seconds', 60);
  const perInputMs = option('per-input-ms', 5000);
  const seed = option('seed', Number(process.env.FUZZ_SEED ?? Date.now() % 1e9));
  const random = rng(seed);
  const all = corpus();
  const runner = new Runner(await buildHarness(), perInputMs);
  await runner.start();
  const started = Date.now();
  let tried = 0;
  const findings = [];
  while (Date.now() - started < seconds * 1000) {
    if (random() < 0.25) {
      const set = random() < 0.5 ? shape(random) : multi(all, random);
      const result = await runner.run(set.files, '');
      tried++;
      if (!result.ok) {
        const hash = createHash('sha256').update(set.files.map((f) => f.file + '\0' + f.bytes.toString('base64')).join('\0')).digest('hex').slice(0, 12);
        const saved = join(outDir, hash);
        mkdirSync(join(saved, 'policies'), { recursive: true });
        for (const f of set.files) writeFileSync(join(saved, f.file), f.bytes);
        writeFileSync(join(saved, 'problems.txt'), `${set.from} (seed ${seed})\n${result.problems.join('\n')}\n`);
        findings.push({ saved: relative(root, saved), from: set.from, problem: result.problems[0].split('\n')[0].slice(0, 200) });
        if (result.dead) await runner.start();
      }
      continue;
    }
    const base = all[Math.floor(random() * all.length)];
    const bytes = mutate(base.bytes, all, random);
    const name = `policies/fuzz${extname(base.file)}`;
    const file = base.file.endsWith('rulebook.yaml') ? 'policies/rulebook.yaml' : base.file.endsWith('.test.yaml') ? 'policies/fuzz.test.yaml' : name;
    const result = await runner.run(bytes, file);
    tried++;
    if (!result.ok) {
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
      const saved = join(outDir, `${hash}${extname(file) || '.yaml'}`);
      writeFileSync(saved, bytes);
      writeFileSync(`${saved}.txt`, `from ${base.file} (seed ${seed})\nas ${file}\n${result.problems.join('\n')}\n`);
      findings.push({ saved: relative(root, saved), from: base.file, problem: result.problems[0].split('\n')[0].slice(0, 200) });
      if (result.dead) await runner.start();
    }
  }
  runner.stop();
  const secs = (Date.now() - started) / 1000;
  process.stdout.write(`fuzz: ${tried} inputs in ${secs.toFixed(0)} s (${(tried / secs).toFixed(0)}/s) from ${all.length} corpus files, seed ${seed}\n`);
  for (const f of findings.slice(0, 20)) process.stdout.write(`  ✗ ${f.saved} (from ${f.from}): ${f.problem}\n`);
  if (findings.length > 20) process.stdout.write(`  … and ${findings.length - 20} more under test-output/fuzz/\n`);
  process.stdout.write(findings.length ? `${findings.length} finding(s); replay with --seed ${seed}\n` : 'no findings\n');
  process.exitCode = findings.length ? 1 : 0;
}

// ---------------------------------------------------------------- child: run one input

if (process.argv[2] === '--child') {
  const { harness } = await import(process.argv[3]);
  process.on('message', (msg) => {
    let result;
    try {
      const problems = msg.many ? harness.runMany(msg.many.map((f) => ({ file: f.file, bytes: Buffer.from(f.bytes, 'base64') }))) : harness.run(Buffer.from(msg.bytes, 'base64'), msg.file);
      result = { ok: problems.length === 0, problems };
    } catch (e) {
      result = { ok: false, problems: [`threw: ${e?.stack ?? e}`] };
    }
    process.send(result);
  });
  process.send({ ready: true });
} else {
  await main();
}
