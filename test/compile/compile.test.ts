import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadModel } from '../../src/pipeline.js';
import { evaluate } from '../../src/evaluate/index.js';
import { outputsToJson } from '../../src/evaluate/serialize.js';
import { replaceFolder } from '../../src/cli/write.js';
import { compileEvaluator } from '../../src/compile/index.js';
import { render } from '../../src/compile/embed.mjs';
import { docOf, modelOf } from '../evaluate/helpers.js';
import { loadCompiled } from './helpers.js';
import { tempDir } from '../temp.js';

const policies = loadModel(new URL('../../policies', import.meta.url).pathname).model!;

describe('compiled module', () => {
  it('embedded runtime is current with src/runtime/decimal.ts and src/compile/runtime.ts', () => {
    expect(readFileSync(new URL('../../src/compile/embedded.ts', import.meta.url), 'utf8')).toBe(render());
  });

  it('has no imports and passes every policy test like the interpreter', async () => {
    const { mod, js } = await loadCompiled(policies);
    expect(js).not.toMatch(/^\s*import\b|\brequire\(/m);
    for (const t of policies.tests) {
      const input = Object.fromEntries(Object.entries(t.input).map(([k, v]) => [k, v.value]));
      const r = evaluate(policies, t.decision, input, { asOf: t.asOf });
      const c = mod.evaluate(t.decision, input, t.asOf ? { asOf: t.asOf.iso } : undefined);
      if (r.error) expect(c.error?.code).toBe(r.error.code);
      else {
        const d = policies.decisions.get(t.decision)!.at(-1)!;
        expect(c.output).toEqual(outputsToJson(policies, d, r.output!));
      }
    }
  });

  it('one function per decision, money as decimal strings', async () => {
    const { mod } = await loadCompiled(policies);
    expect(mod.cs_performance_bonus({ sales: 100000, conversion: '70%' })).toEqual({ output: { bonus: '1500.00' } });
    expect(mod.cs_performance_rate({ conversion: 0.7 })).toEqual({ output: { rate: '0.015' } });
    expect(mod.cs_performance_rate({ conversion: 0.6999999999999999 })).toEqual({ output: { rate: '0.01' } });
    expect(mod.cs_performance_rate({ conversion: '0.70000000000000000001' })).toEqual({ output: { rate: '0.015' } });
    expect(mod.cs_performance_rate({ conversion: 2 }).error).toMatchObject({ code: 'out-of-domain', decision: 'cs.performance_rate', input: 'conversion' });
    expect(mod.cs_performance_rate({}).error).toMatchObject({ code: 'missing-input', input: 'conversion' });
    expect(mod.evaluate('nope', {}).error).toMatchObject({ code: 'unknown-decision' });
  });

  it('labels, ids and notes cannot inject code', async () => {
    const evil = 'x"; globalThis.pwned = 1; "*/ ${globalThis.pwned=2} </script><script>';
    const m = modelOf(`id: evil
title: ${JSON.stringify(evil)}
version: 1
decisions:
  - id: a.b
    title: ${JSON.stringify(evil)}
    inputs:
      kind: { type: enum, label: ${JSON.stringify(evil)}, values: { x: ${JSON.stringify(evil)}, y: "*/ \`\${1}\`" } }
    outputs:
      out: { type: string, label: ${JSON.stringify('*/ declare const x: 1; /*')} }
    rules:
      - { when: { kind: '"x"' }, then: { out: ${JSON.stringify(JSON.stringify(evil))} } }
      - { when: { kind: '"y"' }, then: { out: '"</script>"' } }
`);
    const { mod, js, dts } = await loadCompiled(m);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(js).not.toContain('</script>');
    expect(mod.a_b({ kind: 'x' })).toEqual({ output: { out: evil } });
    expect(mod.a_b({ kind: evil }).output).toEqual({ out: evil });
    expect(dts).not.toMatch(/\*\/ declare/);
  });

  it('writes dist/evaluator atomically and the .d.ts type-checks a right and a wrong use', () => {
    const dir = tempDir('rulebook-tsc-');
    const { js, dts } = compileEvaluator(policies);
    replaceFolder(new Map([['index.js', js], ['index.d.ts', dts]]), join(dir, 'evaluator'));
    expect(readdirSync(dir)).toEqual(['evaluator']);
    expect(readdirSync(join(dir, 'evaluator')).sort()).toEqual(['index.d.ts', 'index.js']);
    writeFileSync(
      join(dir, 'use.ts'),
      `import { cs_performance_bonus, evaluate, data_classification, type Explanation } from './evaluator/index.js';
const r = cs_performance_bonus({ sales: 100000, conversion: '70%' });
const bonus: string | undefined = r.output?.bonus;
const c = evaluate('data.classification', { material: 'customer_info' });
const level: 'top_secret' | 'secret' | 'internal' | string | undefined = c.output?.level;
// @ts-expect-error: an enum input takes only its keys
data_classification({ material: 'no_such_material' });
// @ts-expect-error: a missing input
cs_performance_bonus({ sales: 1 });
// @ts-expect-error: unknown decision id
evaluate('cs.nope', {});
const e = cs_performance_bonus({ sales: 100000, conversion: '70%' }, { explain: true, asOf: '2026-03-01' });
let why: Explanation | undefined;
if (e.output) {
  // With explain: true and an output, the explanation is always there.
  why = e.explain;
  const row: number | undefined = e.explain.calls[0]?.rows[0]?.index;
  const steps: string[] = e.explain.formulas.flatMap((f) => f.steps.map((s) => s.expr));
  const clause: string | undefined = e.explain.clause;
  const amount: string = e.output.bonus;
  void [row, steps, clause, amount];
}
const g = evaluate('cs.performance_rate', { conversion: 0.7 }, { explain: true });
const line: number | undefined = g.explain?.rows[0]?.line;
// @ts-expect-error: without explain, no explanation is promised
const noWhy: Explanation = cs_performance_bonus({ sales: 1, conversion: 0.7 }).explain;
// @ts-expect-error: a row index is a number
const badIndex: string = g.explain!.rows[0].index;
// @ts-expect-error: explain is a boolean
cs_performance_bonus({ sales: 1, conversion: 0.7 }, { explain: 'yes' });
export { bonus, level, why, line, noWhy, badIndex };
`,
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false }, files: ['use.ts'] }));
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    const tsc = new URL('../../node_modules/.bin/tsc', import.meta.url).pathname;
    let out = '';
    try {
      out = execFileSync(tsc, ['-p', dir], { encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout) + String((e as { stderr?: string }).stderr);
    }
    expect(out.trim()).toBe('');
  });
});

describe('compiled hit policies', () => {
  it('collect lists per output and rounds money after aggregating', async () => {
    const m = modelOf(docOf(`
  - id: t.c
    hit: collect-sum
    inputs: { years: { type: number } }
    outputs: { amount: { type: money } }
    rules:
      - { when: { years: "> 1" }, then: { amount: 100.005 } }
      - { when: { years: "> 2" }, then: { amount: 200 } }
`));
    const { mod } = await loadCompiled(m);
    expect(mod.t_c({ years: 5 })).toEqual({ output: { amount: '300.01' } });
    expect(mod.t_c({ years: 0 })).toEqual({ output: { amount: '0.00' } });
  });
});
