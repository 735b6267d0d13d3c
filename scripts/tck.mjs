// `npm run tck`: the DMN TCK cases through the interpreter and the compiled
// module; prints `N passed, N failed, N skipped` per case and in total.
// Exit 1 when any check failed.
import { loadTs } from '../bench/eval-load.mjs';

const h = await loadTs('test/evaluate/tck-harness.ts');
const c = await loadTs('src/compile/index.ts');
const { mkdtempSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { pathToFileURL } = await import('node:url');
const { root } = await import('../bench/eval-load.mjs');

const total = { passed: 0, failed: 0, skipped: 0 };
for (const dir of h.tckCases()) {
  const result = h.runCase(dir);
  const rows = [['interpreter', result]];
  if (result.model) {
    const { js } = c.compileEvaluator(result.model);
    const tmp = mkdtempSync(join(root, 'node_modules/.cache/rulebook-tck-'));
    writeFileSync(join(tmp, 'index.js'), js);
    const mod = await import(pathToFileURL(join(tmp, 'index.js')).href);
    const back = (v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? h.Decimal.parse(v) : Array.isArray(v) ? v.map(back) : v);
    rows.push(['compiled', h.runCase(dir, (_m, id, input) => {
      const r = mod.evaluate(id, input);
      return r.error ? { error: r.error } : { output: Object.fromEntries(Object.entries(r.output).map(([k, v]) => [k, back(v)])) };
    })]);
  }
  for (const [how, r] of rows) {
    const passed = r.checks.filter((x) => x.passed).length;
    const skipped = r.checks.filter((x) => x.skipped).length + (r.skipped ? 1 : 0);
    const failed = r.checks.length - passed - r.checks.filter((x) => x.skipped).length;
    total.passed += passed;
    total.failed += failed;
    total.skipped += skipped;
    console.log(`${r.name.padEnd(44)} ${how.padEnd(12)} ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    for (const x of r.checks.filter((x) => !x.passed && !x.skipped)) console.log(`    ${x.testCase} ${x.decision}: ${x.detail}`);
  }
}
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed ? 1 : 0;
