// `npm run bench` (table shapes): the compiled module against the interpreter
// and hand-written JavaScript on the table shapes payroll meets, each measured
// as the median of interleaved rounds (contestants take turns window by
// window, so a burst of load on the shared machine hits them alike), with the
// load average printed beside every shape and every result cross-checked
// against the hand-written answer first:
//   - the 6-row commission table: conversion < 70% / ≥ 70% × three sales bands,
//     against hand-written if/else;
//   - thresholds on one input (20 rows, `first`);
//   - a 10×10×10 grid (1,000 rows, 3 inputs, `unique`), against hand-written
//     nested ifs;
//   - random boxes (300 rows over 3 inputs, `first`, a catch-all last), against
//     a hand-written loop over the boxes.
// Each is measured twice: results dropped (what a loop of calls costs) and
// results kept by the caller, as payroll keeps them.
// `main()` is what bench/run.mjs calls; `node bench/tables.mjs` runs it alone.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTs, root } from './eval-load.mjs';

const now = () => performance.now();
export const ROUNDS = 9;
export const WINDOW_MS = 60;

/** A loop of its own per contestant (monomorphic call site); `keep` stores every result, as a caller would. */
function timingLoop(label, keep) {
  return new Function(
    'fn',
    'inputs',
    'ms',
    'now',
    `// timing loop of ${label.replace(/[^\w]/g, '_')}
    let n = 0, sink = 0;
    const kept = ${keep ? 'new Array(inputs.length)' : 'null'};
    const t0 = now();
    let t = t0;
    while (t - t0 < ms) {
      for (let i = 0; i < inputs.length; i++) ${keep ? 'kept[i] = fn(inputs[i]);' : "sink ^= fn(inputs[i]) === undefined ? 1 : 0;"}
      n += inputs.length;
      t = now();
    }
    if (sink < 0 || (kept && kept.length !== inputs.length)) throw new Error('unreachable');
    return (n / (t - t0)) * 1000;`,
  );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Calls per second of each contestant: the median of ROUNDS interleaved windows. */
function contest(entries, inputs, keep) {
  const loops = Object.entries(entries).map(([label, fn]) => [label, fn, timingLoop(label, keep)]);
  const runs = Object.fromEntries(loops.map(([label]) => [label, []]));
  for (const [, fn, loop] of loops) loop(fn, inputs, 20, now); // warm-up
  for (let r = 0; r < ROUNDS; r++) for (const [label, fn, loop] of loops) runs[label].push(loop(fn, inputs, WINDOW_MS, now));
  return Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { median: median(v), min: Math.min(...v), max: Math.max(...v) }]));
}

const rate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);
const CONFIG = 'title: t\nlocale: en\ncurrency: CNY\nrounding: { mode: half-up, step: 0.01 }\naudiences: { staff: all }\ndefaultAudience: staff\n';

async function compiledModule(c, model) {
  const { js } = c.compileEvaluator(model);
  const dir = mkdtempSync(join(root, 'node_modules/.cache/rulebook-bench-'));
  writeFileSync(join(dir, 'index.js'), js);
  return import(pathToFileURL(join(dir, 'index.js')).href);
}

/** The shapes: YAML of one decision, the inputs, and the hand-written answer (`{output}` or `{error}`). */
function shapes() {
  const out = [];

  // 6-row commission table.
  {
    const bands = [['< 10000', 0, 10000], ['[10000..50000)', 10000, 50000], ['>= 50000', 50000, Infinity]];
    const rates = { low: ['0.005', '0.008', '0.01'], high: ['0.01', '0.012', '0.015'] };
    const rows = [];
    for (const [conv, key] of [['< 70%', 'low'], ['>= 70%', 'high']])
      bands.forEach(([cell], i) => rows.push(`      - { when: { conversion: "${conv}", sales: "${cell}" }, then: { rate: ${(Number(rates[key][i]) * 100).toString()}% } }`));
    const yaml = `id: s\ntitle: s\nversion: 1\ndecisions:\n  - id: s.rate\n    inputs: { conversion: { type: percent }, sales: { type: money } }\n    outputs: { rate: { type: percent } }\n    rules:\n${rows.join('\n')}\n`;
    const hand = (x) => {
      const c = x.conversion;
      const s = x.sales;
      if (typeof c !== 'number' || !(c >= 0 && c <= 1) || typeof s !== 'number' || !(s >= 0)) return { error: { code: 'bad-input' } };
      if (c < 0.7) {
        if (s < 10000) return { output: { rate: '0.005' } };
        if (s < 50000) return { output: { rate: '0.008' } };
        return { output: { rate: '0.01' } };
      }
      if (s < 10000) return { output: { rate: '0.01' } };
      if (s < 50000) return { output: { rate: '0.012' } };
      return { output: { rate: '0.015' } };
    };
    const inputs = Array.from({ length: 2048 }, (_, i) => ({ conversion: ((i * 37) % 1001) / 1000, sales: (i * 7919) % 100000 }));
    out.push({ name: 'the 6-row commission table (conversion × three sales bands)', id: 's.rate', fn: 's_rate', yaml, hand, inputs, handLabel: 'hand-written if/else' });
  }

  // Thresholds on one input.
  {
    const n = 20;
    const rows = Array.from({ length: n }, (_, i) => `      - { when: { amount: ">= ${(n - 1 - i) * 500}" }, then: { tier: ${n - i} } }`);
    const yaml = `id: t\ntitle: t\nversion: 1\ndecisions:\n  - id: t.tier\n    hit: first\n    inputs: { amount: { type: money } }\n    outputs: { tier: { type: integer } }\n    rules:\n${rows.join('\n')}\n`;
    const hand = (x) => {
      const a = x.amount;
      if (typeof a !== 'number' || !(a >= 0)) return { error: { code: 'bad-input' } };
      for (let i = n - 1; i >= 0; i--) if (a >= i * 500) return { output: { tier: String(i + 1) } };
      return { error: { code: 'no-match' } };
    };
    const inputs = Array.from({ length: 2048 }, (_, i) => ({ amount: (i * 7919) % 12000 }));
    out.push({ name: 'thresholds on one input (20 rows, first)', id: 't.tier', fn: 't_tier', yaml, hand, inputs, handLabel: 'hand-written loop' });
  }

  // 10×10×10 grid.
  {
    const rows = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) for (let c = 0; c < 10; c++) rows.push(`      - { when: { a: "${cell(a)}", b: "${cell(b)}", c: "${cell(c)}" }, then: { y: ${a * 100 + b * 10 + c} } }`);
    function cell(k) {
      return k === 0 ? '< 1' : k === 9 ? '>= 9' : `[${k}..${k + 1})`;
    }
    const yaml = `id: g\ntitle: g\nversion: 1\ndecisions:\n  - id: g.grid\n    inputs: { a: { type: number }, b: { type: number }, c: { type: number } }\n    outputs: { y: { type: integer } }\n    rules:\n${rows.join('\n')}\n`;
    // What a programmer writes by hand: nested if chains, one level per input.
    const level = (v, inner) => Array.from({ length: 10 }, (_, k) => `${k === 9 ? '' : `if (${v} < ${k + 1}) `}{ ${inner(k)} }`).join(' else ');
    const body = level('a', (i) => level('b', (j) => level('c', (k) => `return { output: { y: '${i * 100 + j * 10 + k}' } };`)));
    const hand = new Function('x', `const a = x.a, b = x.b, c = x.c; if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number' || a !== a || b !== b || c !== c) return { error: { code: 'bad-input' } }; ${body}`);
    const inputs = Array.from({ length: 4096 }, (_, i) => ({ a: ((i * 7) % 120) / 10 - 1, b: ((i * 13) % 110) / 10, c: ((i * 29) % 100) / 10 }));
    out.push({ name: 'a 10×10×10 grid (1,000 rows, 3 inputs, unique)', id: 'g.grid', fn: 'g_grid', yaml, hand, inputs, handLabel: 'hand-written nested ifs' });
  }

  // Random boxes.
  {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const boxes = Array.from({ length: 300 }, () => {
      const b = [0, 1, 2].map(() => {
        const lo = Math.floor(rnd() * 90);
        return [lo, lo + 1 + Math.floor(rnd() * 20)];
      });
      return { b, y: Math.floor(rnd() * 1000) };
    });
    const rows = boxes.map((x) => `      - { when: { a: "[${x.b[0][0]}..${x.b[0][1]})", b: "[${x.b[1][0]}..${x.b[1][1]})", c: "[${x.b[2][0]}..${x.b[2][1]})" }, then: { y: ${x.y} } }`);
    rows.push('      - { when: { a: "-", b: "-", c: "-" }, then: { y: -1 } }');
    const yaml = `id: r\ntitle: r\nversion: 1\ndecisions:\n  - id: r.box\n    hit: first\n    inputs: { a: { type: number }, b: { type: number }, c: { type: number } }\n    outputs: { y: { type: integer } }\n    rules:\n${rows.join('\n')}\n`;
    const hand = (x) => {
      const { a, b, c } = x;
      if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number') return { error: { code: 'bad-input' } };
      for (const box of boxes) {
        const [A, B, C] = box.b;
        if (a >= A[0] && a < A[1] && b >= B[0] && b < B[1] && c >= C[0] && c < C[1]) return { output: { y: String(box.y) } };
      }
      return { output: { y: '-1' } };
    };
    const inputs = Array.from({ length: 4096 }, () => ({ a: Math.floor(rnd() * 1100) / 10, b: Math.floor(rnd() * 1100) / 10, c: Math.floor(rnd() * 1100) / 10 }));
    out.push({ name: 'random boxes (300 rows over 3 inputs, first, a catch-all last)', id: 'r.box', fn: 'r_box', yaml, hand, inputs, handLabel: 'hand-written loop over the boxes' });
  }
  return out;
}

/** The value an answer gives, comparable across contestants: the first output as text, or the error's code. */
function answer(r) {
  if (r.error) return `error:${r.error.code}`;
  const v = Object.values(r.output)[0];
  return typeof v === 'string' ? String(Number(v)) : v && typeof v.toString === 'function' ? String(Number(v.toString())) : String(v);
}

export async function main() {
  const pipeline = await loadTs('src/pipeline.ts');
  const ev = await loadTs('src/evaluate/index.ts');
  const c = await loadTs('src/compile/index.ts');
  const load = await loadTs('src/load/index.ts');
  const config = load.parseSource(CONFIG, 'rulebook.yaml', 'config').document;
  const results = {};
  console.log(`calls per second, the median of ${ROUNDS} interleaved ${WINDOW_MS} ms windows (min–max in brackets)`);
  for (const s of shapes()) {
    const built = pipeline.buildModel([config, load.parseSource(s.yaml, `${s.id}.yaml`, 'document').document]);
    const errors = built.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(`${s.name}: ${errors.map((d) => d.message).join('; ')}`);
    const mod = await compiledModule(c, built.model);
    const compiled = mod[s.fn];
    const interpreter = (x) => ev.evaluate(built.model, s.id, x);
    for (const x of s.inputs) {
      const want = answer(s.hand(x));
      const got = [answer(compiled(x)), answer(interpreter(x))];
      if (got.some((g) => g !== want)) throw new Error(`${s.name}: results disagree at ${JSON.stringify(x)}: hand ${want}, compiled ${got[0]}, interpreter ${got[1]}`);
    }
    const [l1] = loadavg();
    const dropped = contest({ hand: s.hand, compiled, interpreter }, s.inputs, false);
    const kept = contest({ hand: s.hand, compiled, interpreter }, s.inputs, true);
    const [l2] = loadavg();
    results[s.id] = { dropped, kept };
    console.log(`\n${s.name}; ${s.inputs.length} inputs, all answers checked; load average ${l1.toFixed(2)} → ${l2.toFixed(2)}`);
    for (const [mode, r] of [['results dropped', dropped], ['results kept  ', kept]]) {
      const show = (k) => `${k} ${rate(r[k].median)} [${rate(r[k].min)}–${rate(r[k].max)}]`;
      console.log(
        `  ${mode}: ${show('hand')}, ${show('compiled')}, ${show('interpreter')}; compiled ${(r.compiled.median / r.hand.median).toFixed(2)}× ${s.handLabel}, ${(r.compiled.median / r.interpreter.median).toFixed(2)}× the interpreter`,
      );
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
