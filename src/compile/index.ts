/**
 * The code generator: the Model → one ESM module with no imports
 * (`index.js`) and its types (`index.d.ts`). The Decimal runtime and the
 * evaluator helpers are inlined (see `embedded.ts`); each decision version
 * becomes a registered spec (its row index serialized, formulas and cells
 * compiled to closures), and each decision one exported function. Small
 * tables with constant outputs also get a float fast path: for a JS number
 * input, a comparison with a literal whose shortest double text is its exact
 * text is exact, so the common case never builds a decimal; anything else
 * (strings, ties it cannot decide, errors) goes to the exact path.
 *
 * Conventions of the module: numeric outputs are decimal strings (money with
 * the places of its rounding step); numeric inputs are `number | string`;
 * without `asOf` the latest version is used; errors are values. With
 * `{ explain: true }` the general path also returns the interpreter's
 * explanation (see `explanation.ts` for its shape); each formula then runs a
 * second compiled variant that records its steps, so the plain paths pay
 * nothing for it.
 */
import type { Decision, Model, Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { formatUnaryTest } from '../lang/format.js';
import { buildIndex } from '../evaluate/table-index.js';
import { Code, code, comment, join as joinCode, lit, name } from './code.js';
import { RUNTIME_JS } from './embedded.js';
import { exceptionsOf } from '../model/precedence.js';
import { Consts, exprCode, testCode, bits, defaultDomain } from './emit.js';
import { indexedPath, fastGate, fastPath } from './fast-path.js';
import { dts } from './dts.js';



const RUNTIME_NAMES = ['$seg', '$today', '$noMatch', '$register', '$d', '$eq', '$cmp', '$test', '$range', '$bin', '$and', '$or', '$not', '$neg', '$if', '$field', '$get', '$bi', '$call', '$st', '$evaluate'];

const JS_RESERVED = new Set('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined evaluate'.split(' '));

/** The exported function name of each decision id (`cs.performance_rate` → `cs_performance_rate`), unique. */
export function functionNames(ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of [...ids].sort()) {
    let n = id.replace(/\./g, '_');
    if (JS_RESERVED.has(n)) n += '_';
    while (used.has(n)) n += '_';
    used.add(n);
    out.set(id, n);
  }
  return out;
}

/** What the explain path shows of a decision besides values: where it is, the clause, each row's id, note and line. */
function explainInfo(d: Decision): { file: string; title?: string; clause?: string; rows: { index: number; id?: string; note?: string; line: number; column: number }[] } {
  return {
    file: d.span.file,
    title: d.title,
    clause: d.clause ? `${d.clause.document}#${d.clause.section}` : undefined,
    // Row numbers from 1, as the interpreter's explanation, the handbook and the diagnostics give them.
    rows: d.rules.map((r) => ({ index: r.index + 1, id: r.id, note: r.note, line: r.span.line, column: r.span.column })),
  };
}

function specCode(model: Model, d: Decision, k: Consts): Code {
  const index = buildIndex(d);
  const inputs = d.inputs.map((f) => {
    const dom = defaultDomain(f);
    const parts = [code`name: ${lit(f.name)}`, code`kind: ${lit(f.type.kind)}`];
    if (f.type.values) {
      parts.push(code`keys: ${lit(f.type.values.map((v) => v.key))}`);
      parts.push(code`labels: ${lit(f.type.values.map((v) => v.label))}`);
    }
    if (dom) parts.push(code`domain: (v) => ${testCode(dom, k)}`, code`domainText: ${lit(formatUnaryTest(dom))}`);
    if (f.default !== undefined) parts.push(code`dflt: ${k.of(f.default)}`);
    return code`{ ${joinCode(parts)} }`;
  });
  const outputs = d.outputs.map((o) => {
    const ranks = o.type.values ? o.type.values.map((v) => v.key as Value) : o.type.priority?.map((l) => l.value);
    return code`{ name: ${lit(o.name)}, money: ${o.type.kind === 'money'}${ranks ? code`, ranks: [${joinCode(ranks.map((r) => k.of(r)))}]` : code``} }`;
  });
  const columns = index.columns.map((c) => {
    if (c.kind === 'numeric') {
      return code`{ k: "n", i: ${c.input}, points: [${joinCode(c.points.map((p) => k.of(p)))}], pf: [${joinCode(Array.from(c.pointsF, (x) => code`${x}`))}], rt: [], seg: [${joinCode(c.segments.map(bits))}] }`;
    }
    if (c.kind === 'exact') {
      const entries = [...c.map].map(([key, b]) => code`[${lit(key)}, ${bits(b)}]`);
      return code`{ k: "e", i: ${c.input}, map: new Map([${joinCode(entries)}]), other: ${bits(c.other)} }`;
    }
    const tests = d.rules.map((r) => code`(v, s) => ${testCode(r.when[c.input].test, k)}`);
    return code`{ k: "s", i: ${c.input}, tests: [${joinCode(tests)}] }`;
  });
  const cellsOf = (entries: Decision['rules'][number]['then']) =>
    code`[${joinCode(d.outputs.map((o) => {
      const e = entries.find((t) => t.output === o.name);
      return e ? code`(s) => ${exprCode(e.expr, k)}` : code`() => null`;
    }))}]`;
  const rounding = d.rounding ?? model.config.rounding;
  const parts: Code[] = [
    code`id: ${lit(d.id)}`,
    code`hit: ${lit(d.hit)}`,
    code`inputs: [${joinCode(inputs)}]`,
    code`outputs: [${joinCode(outputs)}]`,
    code`rows: ${d.rules.length}`,
    code`all: ${bits(index.all)}`,
    code`columns: [${joinCode(columns, ',\n')}]`,
    code`cells: [${joinCode(d.rules.map((r) => cellsOf(r.then)), ',\n')}]`,
    code`formulas: [${joinCode(
      d.formulas.map(
        (f) =>
          code`{ output: ${lit(f.output)}, fn: (s) => ${exprCode(f.expr, k)}, fx: (s) => ${exprCode(f.expr, k, true)}, source: ${lit(f.source)}, line: ${f.span.line}, column: ${f.span.column} }`,
      ),
      ',\n',
    )}]`,
    code`info: ${lit(explainInfo(d))}`,
  ];
  if (d.effective) {
    parts.push(code`from: ${lit(d.effective.from.iso)}`);
    if (d.effective.until) parts.push(code`until: ${lit(d.effective.until.iso)}`);
  }
  if (d.defaults) parts.push(code`defaults: ${cellsOf(d.defaults)}`);
  const exc = exceptionsOf(model.decisions, d.id);
  if (exc.length) parts.push(code`exc: ${lit(exc)}`);
  if (rounding) parts.push(code`round: { mode: ${lit(rounding.mode)}, step: ${k.of(rounding.step)}, places: ${rounding.step.scale} }`);
  if (d.semantics === 'feel') parts.push(code`feel: true`);
  return code`$register({ ${joinCode(parts, ',\n')} });`;
}

/** Generates the dependency-free evaluator module and its type declarations. Pure. */
export function compileEvaluator(model: Model): { js: string; dts: string } {
  const names = functionNames([...model.decisions.keys()]);
  const k = new Consts();
  const specs: Code[] = [];
  const fns: Code[] = [];
  for (const [id, versions] of model.decisions) {
    for (const d of versions) specs.push(code`${comment(`${d.id}${d.effective ? ` from ${d.effective.from.iso}` : ''}`)}\n${specCode(model, d, k)}`);
    const fn = name(names.get(id)!);
    const latest = versions[versions.length - 1];
    // Fast paths read the decision's own table; a decision with versions or exceptions takes the general path.
    const plain = versions.length === 1 && exceptionsOf(model.decisions, id).length === 0;
    const fast = plain ? (fastPath(model, latest, fn) ?? indexedPath(model, latest, k, fns.length)) : undefined;
    fns.push(code`export function ${fn}(input, opts) {\n${fast ?? code``}\nreturn $evaluate(${lit(id)}, input, opts);\n}`);
  }
  const header = code`// Generated by rulebook from the policy model. Do not edit. No imports: Decimal and the evaluator runtime are inlined.\n`;
  const runtime = new Code(`const { ${RUNTIME_NAMES.join(', ')} } = (() => {\n${RUNTIME_JS}\nreturn { ${RUNTIME_NAMES.join(', ')} };\n})();\n/** The prototype of the input a fast path is looking at (see fastGate). */\nlet $p;\n`);
  const js = joinCode(
    [
      header,
      runtime,
      joinCode(k.decls, '\n'),
      joinCode(specs, '\n'),
      joinCode(fns, '\n'),
      code`/** Evaluates any decision by id. */\nexport function evaluate(id, input, opts) {\nreturn $evaluate(id, input, opts);\n}\n`,
    ],
    '\n',
  );
  return { js: js.text, dts: dts(model, names) };
}
