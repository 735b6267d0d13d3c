// Benchmark of the contradiction checker (issue 3): a `unique` table over two
// numeric inputs, laid out as a grid of half-open bands (no overlap, no gap,
// so every row is examined and nothing short-circuits), analysed by `check`
// at 1k, 10k and 100k rows, against a naive pairwise overlap check at 10k,
// and end to end (load → validate → resolve → check) on the 100k table as
// one YAML file. Run: `node bench/check.mjs` (bundles src/ with esbuild),
// `--quick` skips the end-to-end run. `main()` is what bench/run.mjs calls.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function load() {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-bench-check-'));
  const outfile = join(dir, 'check.cjs');
  await build({
    stdin: {
      contents: [
        "export { check } from './src/check/index.ts';",
        "export { Decimal } from './src/runtime/decimal.ts';",
        "export { loadModel } from './src/pipeline.ts';",
        "export { buildTable } from './src/check/table.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    define: { 'import.meta.url': '__bench_url', 'import.meta.dirname': '__dirname' },
    banner: { js: `const __bench_url = ${JSON.stringify(pathToFileURL(join(root, 'src/check/index.ts')).href)};` },
  });
  const mod = createRequire(import.meta.url)(outfile);
  return { mod, dir };
}

const span = (line) => ({ file: 'bench.yaml', line, column: 1 });

/** `n` rows (rounded to a grid): amount in [100i..100(i+1)), score in [j..j+1). */
function grid(n) {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  return { cols, rows, count: cols * rows };
}

function decision(Decimal, n) {
  const { cols, rows } = grid(n);
  const num = (v) => ({ kind: 'number', value: Decimal.fromNumber(v) });
  const inputs = [
    { name: 'amount', type: { kind: 'money' }, span: span(1) },
    { name: 'score', type: { kind: 'number', domain: { kind: 'range', low: num(0), high: num(rows), lowClosed: true, highClosed: false } }, span: span(1) },
  ];
  const rules = [];
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const k = rules.length;
      const last = i === cols - 1;
      const a = last ? { kind: 'compare', op: '>=', value: num(100 * i) } : { kind: 'range', low: num(100 * i), high: num(100 * (i + 1)), lowClosed: true, highClosed: false };
      const b = { kind: 'range', low: num(j), high: num(j + 1), lowClosed: true, highClosed: false };
      rules.push({
        index: k,
        when: [
          { input: 'amount', source: '', test: a, span: span(k) },
          { input: 'score', source: '', test: b, span: span(k) },
        ],
        then: [{ output: 'y', source: String(k), expr: { kind: 'literal', value: num(k), span: span(k) }, span: span(k) }],
        span: span(k),
      });
    }
  }
  return {
    id: 'bench.grid',
    document: 'bench',
    hit: 'unique',
    inputs,
    outputs: [{ name: 'y', type: { kind: 'integer' }, span: span(1) }],
    rules,
    formulas: [],
    assertions: [],
    span: span(1),
  };
}

function model(d) {
  return {
    config: { title: 'bench', locale: 'en', currency: 'CNY', audiences: [{ id: 'staff', label: 'staff' }], defaultAudience: 'staff' },
    documents: [],
    decisions: new Map([[d.id, [d]]]),
    tests: [],
    sections: new Map(),
  };
}

function time(f, runs = 3) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, result };
}

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

function yamlOf(n) {
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
  try {
    const lines = [];
    const times = {};
    for (const n of [1000, 10000, 100000]) {
      const d = decision(mod.Decimal, n);
      const m = model(d);
      const { ms, result } = time(() => mod.check(m), n >= 100000 ? 3 : 5);
      if (result.length !== 0) throw new Error(`expected a clean table, got ${result.length} findings: ${result[0].message}`);
      times[n] = ms;
      lines.push(`check  ${String(d.rules.length).padStart(6)} rows  ${ms.toFixed(1).padStart(8)} ms  (overlaps + gaps, excluding parsing)`);
    }
    const d10 = decision(mod.Decimal, 10000);
    const t = mod.buildTable(d10);
    const naive = time(() => naivePairs(t.table.boxes), 1);
    if (naive.result !== 0) throw new Error('the grid has no overlaps');
    lines.push(`naive pairwise overlap check at 10k rows: ${naive.ms.toFixed(1)} ms; check (overlaps and gaps) is ${(naive.ms / times[10000]).toFixed(1)}x faster`);
    lines.push(`growth 10k → 100k: ${(times[100000] / times[10000]).toFixed(1)}x for 10x the rows (n log n would be ≈ 12.5x)`);
    if (opts.e2e) {
      const pdir = join(dir, 'policies');
      mkdirSync(pdir);
      writeFileSync(join(pdir, 'rulebook.yaml'), 'title: bench\nlocale: en\ncurrency: CNY\naudiences:\n  staff: Staff\ndefaultAudience: staff\n');
      const text = yamlOf(100000);
      writeFileSync(join(pdir, 'bench.yaml'), text);
      const t0 = performance.now();
      const r = mod.loadModel(pdir);
      const t1 = performance.now();
      const found = mod.check(r.model);
      const t2 = performance.now();
      const errors = [...r.diagnostics, ...found].filter((x) => x.severity === 'error');
      lines.push(
        `end to end, ${(text.length / 1e6).toFixed(1)} MB YAML, ${grid(100000).count} rows: load+validate+resolve ${(t1 - t0).toFixed(0)} ms, check ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms, ${errors.length} errors`,
      );
    }
    for (const l of lines) console.log(l);
    return { times, naive10k: naive.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
