// Benchmark of the contradiction checker (issue 3): a `unique` table over two
// numeric inputs, laid out as a grid of half-open bands (no overlap, no gap,
// so every row is examined and nothing short-circuits), analysed by `check`
// at 1k, 10k and 100k rows, against a naive pairwise overlap check at 10k;
// the same grid as a `first` table with a few rows covered by earlier ones
// (shadowed) at 10k and 100k; a table of thresholds (every row overlapping
// the earlier ones on the first input) at 10k and 100k; and end to end
// (load → validate → resolve → check) on the 100k grid as one 9 MB YAML file,
// in process and as the `rulebook check` command, with the parse of that file by
// the plain reader against yaml's own parseDocument.
// Every figure is the median of 3 timed runs after warm-up runs (the machine
// may be shared: the spread is printed too). Run: `node bench/check.mjs`
// (bundles src/ with esbuild), `--quick` skips the end-to-end run. `main()`
// is what bench/run.mjs calls.
import { loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { yamlWithoutTokenLog } from '../scripts/esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function load() {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-bench-check-'));
  const outfile = join(dir, 'check.cjs');
  await build({
    stdin: {
      contents: [
        "export { check } from './src/check/index.ts';",
        "export { Decimal } from './src/runtime/decimal.ts';",
        "export { loadModel } from './src/pipeline.ts';",
        "export { buildTable } from './src/check/table.ts';",
        "export { CheckContext } from './src/check/context.ts';",
        "export { shadowed } from './src/check/rules/shadowed.ts';",
        "export { loadPolicies } from './src/load/index.ts';",
        "export { validate } from './src/validate/index.ts';",
        "export { resolve } from './src/resolve/index.ts';",
        "export { readPlainYaml } from './src/load/yaml-plain.ts';",
        "export { YAML_OPTIONS } from './src/load/yaml.ts';",
        "export { parseDocument } from 'yaml';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    plugins: [yamlWithoutTokenLog],
    logLevel: 'warning',
    define: { 'import.meta.url': '__bench_url', 'import.meta.dirname': '__dirname' },
    banner: { js: `const __bench_url = ${JSON.stringify(pathToFileURL(join(root, 'src/check/index.ts')).href)};` },
  });
  const mod = createRequire(import.meta.url)(outfile);
  return { mod, dir };
}

const span = (line) => ({ file: 'bench.yaml', line, column: 1 });

/** `n` rows (rounded to a grid): amount in [100i..100(i+1)), score in [j..j+1). */
export function grid(n) {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  return { cols, rows, count: cols * rows };
}

/**
 * The grid as a decision; `extra` more rows at the end, each covering a 2 × 3
 * block of earlier rows (shadowed when the table is `first`).
 */
export function decision(Decimal, n, hit = 'unique', extra = 0) {
  const { cols, rows } = grid(n);
  const num = (v) => ({ kind: 'number', value: Decimal.fromNumber(v) });
  const inputs = [
    { name: 'amount', type: { kind: 'money' }, span: span(1) },
    { name: 'score', type: { kind: 'number', domain: { kind: 'range', low: num(0), high: num(rows), lowClosed: true, highClosed: false } }, span: span(1) },
  ];
  // Row k: `amount` by test a, `score` by test b, output y = k.
  const row = (k, a, b) => ({
    index: k,
    when: [
      { input: 'amount', source: '', test: a, span: span(k) },
      { input: 'score', source: '', test: b, span: span(k) },
    ],
    then: [{ output: 'y', source: String(k), expr: { kind: 'literal', value: num(k), span: span(k) }, span: span(k) }],
    span: span(k),
  });
  const rules = [];
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const k = rules.length;
      const last = i === cols - 1;
      const a = last ? { kind: 'compare', op: '>=', value: num(100 * i) } : { kind: 'range', low: num(100 * i), high: num(100 * (i + 1)), lowClosed: true, highClosed: false };
      const b = { kind: 'range', low: num(j), high: num(j + 1), lowClosed: true, highClosed: false };
      rules.push(row(k, a, b));
    }
  }
  for (let x = 0; x < extra; x++) {
    const k = rules.length;
    const i = (x * 7) % (cols - 2);
    const j = (x * 11) % (rows - 3);
    const a = { kind: 'range', low: num(100 * i), high: num(100 * (i + 2)), lowClosed: true, highClosed: false };
    const b = { kind: 'range', low: num(j), high: num(j + 3), lowClosed: true, highClosed: false };
    rules.push(row(k, a, b));
  }
  return {
    id: 'bench.grid',
    document: 'bench',
    hit,
    inputs,
    outputs: [{ name: 'y', type: { kind: 'integer' }, span: span(1) }],
    rules,
    formulas: [],
    assertions: [],
    span: span(1),
  };
}

/**
 * A table of thresholds: row i is `amount >= 100i` and one of 100 score bands,
 * so every row overlaps all earlier ones on the first input (the case that
 * made a run-by-run sweep quadratic). Has overlaps, gaps and shadowed rows.
 */
export function thresholds(Decimal, n, hit) {
  const d = decision(Decimal, 100, hit);
  const num = (v) => ({ kind: 'number', value: Decimal.fromNumber(v) });
  d.inputs[1].type.domain = { kind: 'range', low: num(0), high: num(100), lowClosed: true, highClosed: false };
  d.rules = Array.from({ length: n }, (_, k) => ({
    index: k,
    when: [
      { input: 'amount', source: '', test: { kind: 'compare', op: '>=', value: num(100 * k) }, span: span(k) },
      { input: 'score', source: '', test: { kind: 'range', low: num(k % 100), high: num((k % 100) + 1), lowClosed: true, highClosed: false }, span: span(k) },
    ],
    then: [{ output: 'y', source: String(k), expr: { kind: 'literal', value: num(k), span: span(k) }, span: span(k) }],
    span: span(k),
  }));
  return d;
}

export function model(d) {
  return {
    config: { title: 'bench', locale: 'en', currency: 'CNY', audiences: [{ id: 'staff', label: 'staff' }], defaultAudience: 'staff' },
    documents: [],
    decisions: new Map([[d.id, [d]]]),
    tests: [],
    sections: new Map(),
  };
}

/** `warm` warm-up runs (small tables need a few before the JIT settles), then `runs` timed runs: the median, the spread and the last result. */
function time(f, runs = 3, warm = 1) {
  for (let i = 0; i < warm; i++) f();
  const all = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    all.push(performance.now() - t);
  }
  return { ms: median(all), all, result };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const spread = (all) => `[${Math.min(...all).toFixed(0)}–${Math.max(...all).toFixed(0)}]`;

/** Every pair of rows, compared on both inputs: what a checker without a sweep does. */
function naivePairs(boxes) {
  let found = 0;
  const meets = (x, y) => {
    for (let i = 0; i < x.length; i += 2) for (let j = 0; j < y.length; j += 2) if (x[i] <= y[j + 1] && y[j] <= x[i + 1]) return true;
    return false;
  };
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      if (meets(boxes[a][0], boxes[b][0]) && meets(boxes[a][1], boxes[b][1])) found++;
    }
  }
  return found;
}

export function yamlOf(n) {
  const { cols, rows } = grid(n);
  const out = [
    '# yaml-language-server: $schema=../schemas/policy.schema.json',
    'id: bench',
    'title: Bench',
    'version: 1',
    'decisions:',
    '  - id: bench.grid',
    '    inputs:',
    '      amount: { type: money }',
    `      score: { type: number, domain: "[0..${rows})" }`,
    '    outputs:',
    '      y: { type: integer }',
    '    rules:',
  ];
  let k = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const a = i === cols - 1 ? `>= ${100 * i}` : `[${100 * i}..${100 * (i + 1)})`;
      out.push(`      - when: { amount: "${a}", score: "[${j}..${j + 1})" }`, `        then: { y: ${k++} }`);
    }
  }
  return out.join('\n') + '\n';
}

export async function main(opts = { e2e: !process.argv.includes('--quick') }) {
  const { mod, dir } = await load();
  const say = (l) => console.log(l);
  say(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min) at the start`);
  try {
    say('medians of 3 runs after warm-up runs, [min–max] in brackets; the machine may be shared, so compare within one run');
    const times = {};
    for (const n of [1000, 10000, 100000]) {
      const d = decision(mod.Decimal, n);
      const m = model(d);
      const { ms, all, result } = time(() => mod.check(m), 3, n < 100000 ? 5 : 1);
      if (result.length !== 0) throw new Error(`expected a clean table, got ${result.length} findings: ${result[0].message}`);
      times[n] = ms;
      say(`check  ${String(d.rules.length).padStart(6)} rows  ${ms.toFixed(1).padStart(8)} ms ${spread(all)}  (unique: overlaps + gaps, excluding parsing)`);
    }
    const d10 = decision(mod.Decimal, 10000);
    const t10 = mod.buildTable(d10).table;
    const nested = Array.from({ length: t10.boxes.rows }, (_, r) => t10.boxes.box(r));
    const naive = time(() => naivePairs(nested));
    if (naive.result !== 0) throw new Error('the grid has no overlaps');
    say(`naive pairwise overlap check at 10k rows: ${naive.ms.toFixed(1)} ms ${spread(naive.all)}; check (overlaps and gaps) is ${(naive.ms / times[10000]).toFixed(1)}x faster`);
    say(`growth 10k → 100k: ${(times[100000] / times[10000]).toFixed(1)}x for 10x the rows (n log n would be ≈ 12.5x)`);
    for (const n of [10000, 100000]) {
      const d = decision(mod.Decimal, n, 'first', 10);
      const m = model(d);
      const whole = time(() => mod.check(m));
      const found = whole.result.filter((x) => x.code === 'shadowed').length;
      if (found !== 10 || whole.result.length !== 10) throw new Error(`expected 10 shadowed rows, got ${whole.result.map((x) => x.code).join(', ')}`);
      const table = mod.buildTable(d);
      const alone = time(() => {
        const ctx = new mod.CheckContext(m);
        ctx.table = () => table;
        return mod.shadowed.run(m, ctx);
      });
      say(
        `first  ${String(d.rules.length).padStart(6)} rows  ${whole.ms.toFixed(1).padStart(8)} ms ${spread(whole.all)}  (gaps + shadowed, 10 shadowed found; the shadowed sweep alone ${alone.ms.toFixed(1)} ms ${spread(alone.all)})`,
      );
    }
    for (const n of [10000, 100000]) {
      const row = ['unique', 'first'].map((hit) => {
        const m = model(thresholds(mod.Decimal, n, hit));
        const r = time(() => mod.check(m));
        return `${hit} ${r.ms.toFixed(1)} ms ${spread(r.all)} (${r.result.length} findings, capped per decision)`;
      });
      say(`thresholds ${String(n).padStart(6)} rows (row i: amount >= 100i, one of 100 score bands): ${row.join('; ')}`);
    }
    if (opts.e2e) {
      const pdir = join(dir, 'policies');
      mkdirSync(pdir);
      writeFileSync(join(pdir, 'rulebook.yaml'), 'title: bench\nlocale: en\ncurrency: CNY\naudiences:\n  staff: Staff\ndefaultAudience: staff\n');
      const text = yamlOf(100000);
      writeFileSync(join(pdir, 'bench.yaml'), text);
      const phases = { load: [], validate: [], resolve: [], check: [], total: [] };
      let errors = 0;
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const loaded = mod.loadPolicies(pdir);
        const t1 = performance.now();
        const v = mod.validate(loaded.documents);
        const t2 = performance.now();
        const r = mod.resolve(v.valid);
        const t3 = performance.now();
        const found = mod.check(r.model);
        const t4 = performance.now();
        phases.load.push(t1 - t0);
        phases.validate.push(t2 - t1);
        phases.resolve.push(t3 - t2);
        phases.check.push(t4 - t3);
        phases.total.push(t4 - t0);
        errors = [...loaded.diagnostics, ...v.diagnostics, ...r.diagnostics, ...found].filter((x) => x.severity === 'error').length;
      }
      const show = (k) => `${k} ${median(phases[k]).toFixed(0)} ms ${spread(phases[k])}`;
      say(`end to end, ${(text.length / 1e6).toFixed(1)} MB YAML, ${grid(100000).count} rows, no parse cache: ${['load', 'validate', 'resolve', 'check', 'total'].map(show).join(', ')}; ${errors} errors`);
      // The command itself, as a user runs it (start-up included), once the CLI is built.
      const cli = join(root, 'bin/rulebook.js');
      if (existsSync(join(root, 'dist/cli/main.cjs'))) {
        const runs = [];
        let status = 0;
        for (let run = 0; run < 3; run++) {
          const t0 = performance.now();
          const r = spawnSync(process.execPath, [cli, 'check', pdir], { env: { ...process.env, RULEBOOK_CACHE: '0' }, encoding: 'utf8' });
          runs.push(performance.now() - t0);
          status = r.status ?? -1;
        }
        say(`end to end, \`rulebook check\` on that folder: ${median(runs).toFixed(0)} ms ${spread(runs)} (target < 8000 ms), exit ${status}`);
      }
      // What the plain reader saves: yaml's own parse of the same text, against the reader's.
      const opts = mod.YAML_OPTIONS;
      const plain = time(() => mod.readPlainYaml(text, opts), 3, 1);
      const lib = time(() => mod.parseDocument(text, opts), 1, 0);
      say(`parsing that text: plain reader ${plain.ms.toFixed(0)} ms ${spread(plain.all)}, yaml's parseDocument ${lib.ms.toFixed(0)} ms (one run): ${(lib.ms / plain.ms).toFixed(1)}× faster`);
    }
    return { times, naive10k: naive.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
