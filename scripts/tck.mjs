// `npm run tck [-- --summary] [-- --json]`: every case folder of the DMN TCK's
// compliance levels 2 and 3 (`../shared/dmn-tck/` from the repository root)
// through the importer, the interpreter and the compiled module. Prints one
// line per result check: pass, fail (expected and actual) or unsupported (the
// missing feature, as the importer names it), then the totals per level, for
// the level-3 models built only of decision tables, literal expressions and
// BKMs, and for the whole suite.
// Exit 0 when no check fails and both executions agree, 1 otherwise, 2 when
// the suite is missing (`RULEBOOK_TCK` names another place for it).
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadTs, root } from '../bench/eval-load.mjs';

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const asJson = args.includes('--json');
const h = await loadTs('test/dmn/tck-harness.ts');
const tck = process.env.RULEBOOK_TCK ?? h.tckRoot(root);
const cases = h.tckCases(tck);
if (!existsSync(tck) || cases.length === 0) {
  console.error(`error: the DMN TCK is missing: no case folders under ${tck}`);
  console.error('hint: put the TCK (compliance-level-2 and compliance-level-3) at ../shared/dmn-tck beside the repository');
  process.exit(2);
}
const c = await loadTs('src/compile/index.ts');
const tmp = mkdtempSync(join(tmpdir(), 'rulebook-tck-'));

const rows = [];
let disagreements = 0;
for (const [k, dir] of cases.entries()) {
  const result = h.runCase(dir);
  let compiled;
  if (result.model) {
    const file = join(tmp, `case-${k}.js`);
    writeFileSync(file, c.compileEvaluator(result.model).js);
    const mod = await import(pathToFileURL(file).href);
    compiled = h.runCase(dir, (_m, id, input) => {
      const r = mod.evaluate(id, input);
      return r.error ? { error: r.error } : { output: Object.fromEntries(Object.entries(r.output).map(([n, v]) => [n, h.back(v)])) };
    });
  }
  result.checks.forEach((check, i) => {
    const other = compiled?.checks[i];
    const agree = !other || other.status === check.status;
    if (!agree) disagreements++;
    rows.push({ level: result.level, case: result.name, plain: result.plain, ...check, ...(agree ? {} : { compiled: other.status, compiledDetail: other.detail }) });
  });
}
rmSync(tmp, { recursive: true, force: true });

const count = (list) => h.tally(list);
const pct = (t) => {
  const n = t.pass + t.fail + t.unsupported;
  return n ? ((100 * t.pass) / n).toFixed(1) : '0.0';
};
const groups = [
  ['level 2', rows.filter((r) => r.level === 2)],
  ['level 3', rows.filter((r) => r.level === 3)],
  ['level 3, tables/literals/BKMs only', rows.filter((r) => r.level === 3 && r.plain)],
  ['levels 2 and 3', rows],
];
if (asJson) {
  console.log(JSON.stringify({ checks: summaryOnly ? undefined : rows, totals: Object.fromEntries(groups.map(([n, l]) => [n, count(l)])), disagreements }, null, 1));
} else {
  if (!summaryOnly) {
    for (const r of rows) {
      const head = `L${r.level} ${r.case} ${r.testCase} ${r.decision}`;
      const tail = r.status === 'pass' ? '' : `  ${r.detail ?? ''}`;
      const dis = r.compiled ? `  [compiled: ${r.compiled}${r.compiledDetail ? ` ${r.compiledDetail}` : ''}]` : '';
      console.log(`${r.status.padEnd(11)} ${head}${tail}${dis}`);
    }
    console.log('');
  }
  for (const [name, list] of groups) {
    const t = count(list);
    console.log(`${name.padEnd(36)} ${String(t.pass).padStart(5)} pass  ${String(t.fail).padStart(5)} fail  ${String(t.unsupported).padStart(5)} unsupported  (${pct(t)}% of ${list.length})`);
  }
  console.log(`interpreter and compiled module disagree on ${disagreements} check(s)`);
}
process.exitCode = rows.some((r) => r.status === 'fail') || disagreements ? 1 : 0;
