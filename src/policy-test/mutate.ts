/**
 * `rulebook test --mutate`: how much of what the decisions say do the tests
 * pin? Every decision is edited once at a time (a bound moved past its
 * neighbour, an end opened or closed, an output value changed, an enum key
 * swapped, a row deleted, the hit policy changed, a formula operator changed)
 * and the tests that reach it run against the edited model, in process. A
 * mutant no test tells from the original survives; for each survivor an input
 * that tells them apart is searched the way the checker finds witnesses (the
 * sampled positions of every input axis, original and mutant cells together),
 * and given back as a ready-to-paste test. Where that search is exhaustive (a
 * table with literal outputs) and finds no difference, the mutant is proven
 * equivalent and counted apart: no test could kill it.
 */
import type { Cell, Decision, Expr, Field, Literal, Model, OutputEntry, PolicyTest, Rule, Span, UnaryTest, Value, ValueType } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { evaluateVersion } from '../evaluate/index.js';
import { valuesEqual } from '../lang/values.js';
import { formatExpr, formatPercent, formatUnaryTest, isPlainName } from '../lang/format.js';
import { walkExpr } from '../lang/walk.js';
import { callsIn } from '../resolve/expressions.js';
import { combos, sample, type Sampled } from '../check/rules/invariant.js';
import { testNumbers } from '../check/domain.js';
import { register, t } from '../diagnostics/catalogue.js';
import { toJson, type Json } from '../evaluate/serialize.js';
import { runTest } from './index.js';

register({
  'mutate.kind.bound-moved': { en: 'bound moved', zh: '边界移动' },
  'mutate.kind.end-flipped': { en: 'end opened/closed', zh: '端点开闭互换' },
  'mutate.kind.output-changed': { en: 'output changed', zh: '输出值改变' },
  'mutate.kind.enum-swapped': { en: 'enum key swapped', zh: '枚举值替换' },
  'mutate.kind.row-deleted': { en: 'row deleted', zh: '删除一行' },
  'mutate.kind.hit-changed': { en: 'hit policy changed', zh: '命中策略改变' },
  'mutate.kind.operator-changed': { en: 'operator changed', zh: '运算符改变' },
  'mutate.summary': { en: 'mutation: {killed} of {total} mutants killed ({percent}); {equivalent} equivalent (no input tells them apart)', zh: '变异测试：{total} 个变异体中 {killed} 个被测试发现（{percent}）；{equivalent} 个与原规则等价（没有输入能区分）' },
  'mutate.skipped': { en: '{skipped} more mutants not run: at most {max} per decision, spread evenly over it', zh: '另有 {skipped} 个变异体未运行：每个决策最多运行 {max} 个，均匀分布' },
  'mutate.survivor': { en: 'survives: {kind} in `{decision}`: {edit}', zh: '未被发现：`{decision}` 中的{kind}：{edit}' },
  'mutate.suggest': { en: 'a test that kills it:', zh: '能发现它的测试：' },
  'mutate.no-suggestion': { en: 'no input among {count} sampled tells it from the original (a formula: not a proof)', zh: '在抽样的 {count} 个输入中没有找到能区分它与原规则的输入（含公式，不是证明）' },
});

export type MutantKind = 'bound-moved' | 'end-flipped' | 'output-changed' | 'enum-swapped' | 'row-deleted' | 'hit-changed' | 'operator-changed';

/** One single-edit variant of one decision version. */
export interface Mutant {
  decision: string;
  kind: MutantKind;
  /** What changed, in the author's syntax: `< 70%` → `<= 70%`. */
  edit: string;
  span: Span;
  mutated: Decision;
  original: Decision;
}

/** A mutant no test killed, with the test that would. */
export interface Survivor {
  decision: string;
  kind: MutantKind;
  edit: string;
  file: string;
  line: number;
  column: number;
  /** A test (as it would be written under `tests:`) whose expectation the original meets and the mutant breaks. */
  suggestion?: { decision: string; input: Record<string, string>; expect?: Record<string, string>; expectError?: string; yaml: string };
  /** Inputs tried when no suggestion was found. */
  sampled?: number;
}

export interface MutationReport {
  total: number;
  killed: number;
  /** Proven equivalent (excluded from `total`). */
  equivalent: number;
  survivors: Survivor[];
  /** Mutants not run because a decision had more than `MAX_MUTANTS` (evenly thinned, so a huge table stays bounded). */
  skipped?: number;
}

/** Mutants run per decision version; a generated 100,000-row table would otherwise take hours. */
export const MAX_MUTANTS = 400;

/** `max` items spread evenly over `xs` (deterministic). */
function thin<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  return Array.from({ length: max }, (_, i) => xs[Math.floor((i * xs.length) / max)]);
}

// ---------------------------------------------------------------- edits

/** One unit in the last written digit, in the value's own scale (1.5% → 0.1% as 0.001; 10000 → 1). */
function stepOf(lit: Extract<Literal, { kind: 'number' }>): Decimal {
  if (lit.unit === 'percent') return new Decimal(1n, lit.value.mul(new Decimal(100n, 0)).normalize().scale + 2);
  return new Decimal(1n, lit.value.normalize().scale);
}

function moved(lit: Literal, dir: 1 | -1): Literal | undefined {
  if (lit.kind !== 'number') return undefined;
  const s = stepOf(lit);
  return { ...lit, value: dir > 0 ? lit.value.add(s) : lit.value.sub(s) };
}

function showLit(lit: Literal): string {
  if (lit.kind === 'number') return lit.unit === 'percent' ? formatPercent(lit.value) : lit.value.toString();
  return formatUnaryTest({ kind: 'compare', op: '=', value: lit });
}

const FLIP: Record<string, '<' | '<=' | '>' | '>='> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };

/** Every single-edit variant of a cell's test, with its kind. */
function testVariants(test: UnaryTest, field: Field): { test: UnaryTest; kind: MutantKind; span?: Span }[] {
  const out: { test: UnaryTest; kind: MutantKind; span?: Span }[] = [];
  switch (test.kind) {
    case 'compare': {
      const v = test.value;
      if (v.kind === 'number') {
        for (const dir of [1, -1] as const) out.push({ test: { ...test, value: moved(v, dir)! }, kind: 'bound-moved' });
        if (FLIP[test.op]) out.push({ test: { ...test, op: FLIP[test.op] }, kind: 'end-flipped' });
      } else if (v.kind === 'boolean' && test.op === '=') {
        out.push({ test: { ...test, value: { ...v, value: !v.value } }, kind: 'output-changed' });
      } else if (v.kind === 'string' && field.type.kind === 'enum') {
        const other = field.type.values?.find((e) => e.key !== v.value);
        if (other) out.push({ test: { ...test, value: { ...v, value: other.key } }, kind: 'enum-swapped' });
      }
      break;
    }
    case 'range':
      for (const [end, dir] of [['low', 1], ['low', -1], ['high', 1], ['high', -1]] as const) {
        const m = moved(test[end], dir);
        if (m) out.push({ test: { ...test, [end]: m }, kind: 'bound-moved' });
      }
      out.push({ test: { ...test, lowClosed: !test.lowClosed }, kind: 'end-flipped' });
      out.push({ test: { ...test, highClosed: !test.highClosed }, kind: 'end-flipped' });
      break;
    case 'or':
    case 'not': {
      const named = new Set(test.items.flatMap((i) => (i.kind === 'compare' && i.value.kind === 'string' ? [i.value.value] : [])));
      test.items.forEach((item, k) => {
        // In a list of enum keys, swap one key for the first key the list does not name (moving it to another row's answer).
        if (item.kind === 'compare' && item.value.kind === 'string' && field.type.kind === 'enum') {
          const other = field.type.values?.find((e) => !named.has(e.key));
          if (other) out.push({ test: { ...test, items: test.items.map((x, j) => (j === k ? { ...item, value: { ...item.value, value: other.key } } : x)) } as UnaryTest, kind: 'enum-swapped', span: item.span });
          return;
        }
        for (const v of testVariants(item, field)) out.push({ test: { ...test, items: test.items.map((x, j) => (j === k ? v.test : x)) } as UnaryTest, kind: v.kind, span: v.span ?? item.span });
      });
      break;
    }
  }
  return out;
}

/** A changed literal output value: a number one step up, a boolean negated, an enum key the next one. */
function changedLiteral(e: Expr, type: ValueType | undefined): Expr | undefined {
  if (e.kind !== 'literal') return undefined;
  const v = e.value;
  if (v.kind === 'number') return { ...e, value: moved(v, 1)! };
  if (v.kind === 'boolean') return { ...e, value: { ...v, value: !v.value } };
  if (v.kind === 'string' && type?.kind === 'enum' && type.values && type.values.length > 1) {
    const i = type.values.findIndex((x) => x.key === v.value);
    return { ...e, value: { ...v, value: type.values[(i + 1) % type.values.length].key } };
  }
  return undefined;
}

const SWAP_OP: Record<string, Extract<Expr, { kind: 'binary' }>['op']> = { '+': '-', '-': '+', '*': '/', '/': '*', '<': '<=', '<=': '<', '>': '>=', '>=': '>', '=': '!=', '!=': '=', and: 'or', or: 'and' };

/** `root` with node `target` replaced (by identity). */
function replaceExpr(root: Expr, target: Expr, by: Expr): Expr {
  if (root === target) return by;
  const r = (x: Expr) => replaceExpr(x, target, by);
  switch (root.kind) {
    case 'field':
      return { ...root, target: r(root.target) };
    case 'unary':
      return { ...root, operand: r(root.operand) };
    case 'binary':
      return { ...root, left: r(root.left), right: r(root.right) };
    case 'if':
      return { ...root, cond: r(root.cond), then: r(root.then), else: r(root.else) };
    case 'builtin':
      return { ...root, args: root.args.map(r) };
    case 'call':
      return { ...root, args: root.args.map(r), ...(root.named ? { named: Object.fromEntries(Object.entries(root.named).map(([k, v]) => [k, r(v)])) } : {}) };
    case 'list':
      return { ...root, items: root.items.map(r) };
    default:
      return root;
  }
}

/** Every operator swap inside an expression. */
function operatorVariants(e: Expr): { expr: Expr; edit: string; span: Span }[] {
  const out: { expr: Expr; edit: string; span: Span }[] = [];
  walkExpr(e, (node) => {
    if (node.kind !== 'binary' || !SWAP_OP[node.op]) return;
    const swapped: Expr = { ...node, op: SWAP_OP[node.op] };
    out.push({ expr: replaceExpr(e, node, swapped), edit: `\`${formatExpr(node)}\` → \`${formatExpr(swapped)}\``, span: node.span });
  });
  return out;
}

/** A new hit policy that changes behaviour where rows meet: order stops mattering, or starts to, or one answer becomes a list. */
const HIT_SWAP: Record<string, Decision['hit']> = { unique: 'rule-order', any: 'rule-order', first: 'any', priority: 'first', 'rule-order': 'collect', 'output-order': 'rule-order', collect: 'first', 'collect-sum': 'collect-max', 'collect-min': 'collect-max', 'collect-max': 'collect-min', 'collect-count': 'collect' };

function withRules(d: Decision, rules: Rule[]): Decision {
  return { ...d, rules: rules.map((r, i) => (r.index === i ? r : { ...r, index: i })) };
}

/** Every single-edit mutant of one decision version. */
export function mutantsOf(d: Decision): Mutant[] {
  const out: Mutant[] = [];
  const add = (kind: MutantKind, edit: string, span: Span, mutated: Decision) => out.push({ decision: d.id, kind, edit, span, mutated, original: d });
  const outType = (name: string) => d.outputs.find((o) => o.name === name)?.type;
  d.rules.forEach((rule, r) => {
    rule.when.forEach((cell, j) => {
      const field = d.inputs[j];
      if (!field || cell.test.kind === 'any') return;
      for (const v of testVariants(cell.test, field)) {
        const newCell: Cell = { ...cell, test: v.test, source: formatUnaryTest(v.test) };
        const when = rule.when.map((c, k) => (k === j ? newCell : c));
        add(v.kind, `${cell.input}: \`${formatUnaryTest(cell.test)}\` → \`${newCell.source}\``, v.span ?? cell.span, withRules(d, d.rules.map((x, k) => (k === r ? { ...x, when } : x))));
      }
    });
    rule.then.forEach((entry, k) => {
      const entryVariants: { expr: Expr; kind: MutantKind; edit: string; span: Span }[] = [];
      const c = changedLiteral(entry.expr, outType(entry.output));
      if (c) entryVariants.push({ expr: c, kind: 'output-changed', edit: `${entry.output}: \`${formatExpr(entry.expr)}\` → \`${formatExpr(c)}\``, span: entry.span });
      for (const o of operatorVariants(entry.expr)) entryVariants.push({ ...o, kind: 'operator-changed', edit: `${entry.output}: ${o.edit}` });
      for (const v of entryVariants) {
        const then: OutputEntry[] = rule.then.map((x, i) => (i === k ? { ...x, expr: v.expr, source: formatExpr(v.expr) } : x));
        add(v.kind, v.edit, v.span, withRules(d, d.rules.map((x, i) => (i === r ? { ...x, then } : x))));
      }
    });
    if (d.rules.length > 1) add('row-deleted', `${rule.id ?? `#${r + 1}`}`, rule.span, withRules(d, d.rules.filter((_, i) => i !== r)));
  });
  if (d.rules.length > 1 && HIT_SWAP[d.hit]) add('hit-changed', `\`${d.hit}\` → \`${HIT_SWAP[d.hit]}\``, d.span, { ...d, hit: HIT_SWAP[d.hit] });
  d.formulas.forEach((f, k) => {
    const variants: { expr: Expr; kind: MutantKind; edit: string; span: Span }[] = [];
    const c = changedLiteral(f.expr, outType(f.output));
    if (c) variants.push({ expr: c, kind: 'output-changed', edit: `${f.output}: \`${formatExpr(f.expr)}\` → \`${formatExpr(c)}\``, span: f.span });
    for (const o of operatorVariants(f.expr)) variants.push({ ...o, kind: 'operator-changed', edit: `${f.output}: ${o.edit}` });
    for (const v of variants) add(v.kind, v.edit, v.span, { ...d, formulas: d.formulas.map((x, i) => (i === k ? { ...x, expr: v.expr, source: formatExpr(v.expr) } : x)) });
  });
  return out;
}

// ---------------------------------------------------------------- telling them apart

/** Numbers written in an expression, and the cells and literal outputs of the decisions it calls (the thresholds a formula meets). */
function exprNumbers(model: Model, e: Expr, out: Decimal[]): void {
  walkExpr(e, (node) => {
    if (node.kind === 'literal' && node.value.kind === 'number') out.push(node.value.value);
  });
  for (const { call } of callsIn(e)) {
    for (const callee of model.decisions.get(call.decision) ?? []) {
      for (const r of callee.rules) {
        for (const c of r.when) out.push(...testNumbers(c.test));
        for (const th of r.then) if (th.expr.kind === 'literal' && th.expr.value.kind === 'number') out.push(th.expr.value.value);
      }
    }
  }
}

/** The sampled values of every input of `a` and `b` (the same inputs), their cells together; undefined when an input cannot be sampled. */
function samples(model: Model, a: Decision, b: Decision): { vars: Sampled[]; exact: boolean } | undefined {
  const numbers: Decimal[] = [];
  let exact = true;
  for (const d of [a, b]) {
    for (const f of d.formulas) {
      exact = false;
      exprNumbers(model, f.expr, numbers);
    }
    for (const r of d.rules)
      for (const th of r.then) {
        if (th.expr.kind !== 'literal') exact = false;
        exprNumbers(model, th.expr, numbers);
      }
  }
  // Around each written number: the number and its whole neighbours, so `<` against `<=` of a formula is met.
  const extra = numbers.flatMap((n) => [n, n.add(Decimal.ONE), n.sub(Decimal.ONE)]);
  const vars: Sampled[] = [];
  for (const [j, field] of a.inputs.entries()) {
    const tests = [a, b].flatMap((d) => d.rules.map((r) => r.when[j]?.test)).filter((x): x is UnaryTest => x !== undefined && x.kind !== 'any');
    const s = sample(field, tests, extra);
    if (!s) return undefined;
    vars.push(s);
  }
  return { vars, exact };
}

const COMBOS = 5000;

type Outcome = { output: Record<string, Value> } | { error: string };

function outcome(model: Model, d: Decision, env: Record<string, Value>): Outcome {
  const r = evaluateVersion(model, d, env);
  return r.error ? { error: r.error.code } : { output: r.output ?? {} };
}

function sameOutcome(x: Outcome, y: Outcome): boolean {
  if ('error' in x || 'error' in y) return 'error' in x && 'error' in y && x.error === y.error;
  const keys = new Set([...Object.keys(x.output), ...Object.keys(y.output)]);
  for (const k of keys) {
    const a = x.output[k];
    const b = y.output[k];
    if (a === undefined || b === undefined || !valuesEqual(a, b)) return false;
  }
  return true;
}

/** A value as a test writes it: `70%`, `1000`, `leak`, `true`, `2026-01-31`. */
function testValue(v: Value, type: ValueType): string {
  if (v === null) return 'null';
  if (Decimal.isDecimal(v)) return type.kind === 'percent' ? formatPercent(v) : v.toString();
  if (typeof v === 'string') return isPlainName(v) ? v : JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => testValue(x, type)).join(', ')}]`;
  if ((v as { kind?: string }).kind === 'date') return (v as { iso: string }).iso;
  return JSON.stringify(toJson(v));
}

function flow(rec: Record<string, string>): string {
  return `{ ${Object.entries(rec).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

/**
 * An input on which mutant and original answer differently, as a test the
 * original passes; `equivalent` when the search covered every region of a
 * table with literal outputs and found none.
 */
function distinguish(model: Model, mutantModel: Model, m: Mutant): { suggestion?: Survivor['suggestion']; equivalent: boolean; sampled: number } {
  const s = samples(model, m.original, m.mutated);
  if (!s) return { equivalent: false, sampled: 0 };
  const names = m.original.inputs.map((f) => f.name);
  const full = s.vars.reduce((n, v) => n * v.values.length, 1) <= COMBOS;
  let sampled = 0;
  for (const combo of combos(s.vars.map((v) => v.values), COMBOS)) {
    sampled++;
    const env: Record<string, Value> = {};
    names.forEach((n, i) => {
      env[n] = combo[i];
    });
    const a = outcome(model, m.original, env);
    const b = outcome(mutantModel, m.mutated, env);
    if (sameOutcome(a, b)) continue;
    const input: Record<string, string> = {};
    m.original.inputs.forEach((f, i) => {
      input[f.name] = testValue(combo[i], f.type);
    });
    const head = `- { decision: ${m.decision}, input: ${flow(input)}, `;
    if ('error' in a) return { equivalent: false, sampled, suggestion: { decision: m.decision, input, expectError: a.error, yaml: `${head}expectError: ${a.error} }` } };
    const expect: Record<string, string> = {};
    for (const o of m.original.outputs) if (a.output[o.name] !== undefined) expect[o.name] = testValue(a.output[o.name], o.type);
    return { equivalent: false, sampled, suggestion: { decision: m.decision, input, expect, yaml: `${head}expect: ${flow(expect)} }` } };
  }
  return { equivalent: full && s.exact, sampled };
}

// ---------------------------------------------------------------- running

/** Decision id → the decisions whose evaluation may consult it (callers, and the general decision an exception overrides), itself included. */
function dependents(model: Model): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    let s = uses.get(to);
    if (!s) uses.set(to, (s = new Set()));
    s.add(from);
  };
  for (const versions of model.decisions.values()) {
    for (const d of versions) {
      const exprs = [...d.formulas.map((f) => f.expr), ...d.rules.flatMap((r) => r.then.map((x) => x.expr)), ...(d.defaults ?? []).map((x) => x.expr)];
      for (const e of exprs) for (const { call } of callsIn(e)) edge(d.id, call.decision);
      if (d.overrides) edge(d.overrides.id, d.id);
    }
  }
  const out = new Map<string, Set<string>>();
  for (const id of model.decisions.keys()) {
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length) for (const u of uses.get(stack.pop()!) ?? []) if (!seen.has(u)) stack.push(u), seen.add(u);
    out.set(id, seen);
  }
  return out;
}

/** The model with one decision version replaced. */
function withDecision(model: Model, m: Mutant): Model {
  const decisions = new Map(model.decisions);
  decisions.set(m.decision, model.decisions.get(m.decision)!.map((v) => (v === m.original ? m.mutated : v)));
  return { ...model, decisions };
}

/** Whether `test` passes on the mutated model; an edit that makes evaluation fail outright is detected too. */
function passes(model: Model, test: PolicyTest, i: number): boolean {
  try {
    return runTest(model, test, i).result.passed;
  } catch {
    return false;
  }
}

/** Mutates every decision of the model and runs the tests against each mutant. Pure. */
export function runMutation(model: Model): MutationReport {
  const deps = dependents(model);
  const byDecision = new Map<string, { test: PolicyTest; i: number }[]>();
  model.tests.forEach((test, i) => {
    for (const [id, users] of deps) {
      if (!users.has(test.decision)) continue;
      let l = byDecision.get(id);
      if (!l) byDecision.set(id, (l = []));
      l.push({ test, i });
    }
  });
  const report: MutationReport = { total: 0, killed: 0, equivalent: 0, survivors: [] };
  for (const versions of model.decisions.values()) {
    for (const d of versions) {
      if (d.flawed) continue;
      const all = mutantsOf(d);
      const run = thin(all, MAX_MUTANTS);
      if (run.length < all.length) report.skipped = (report.skipped ?? 0) + all.length - run.length;
      for (const m of run) {
        const mm = withDecision(model, m);
        const tests = byDecision.get(d.id) ?? [];
        if (tests.some(({ test, i }) => !passes(mm, test, i))) {
          report.total++;
          report.killed++;
          continue;
        }
        const why = distinguish(model, mm, m);
        if (why.equivalent) {
          report.equivalent++;
          continue;
        }
        report.total++;
        const s: Survivor = { decision: m.decision, kind: m.kind, edit: m.edit, file: m.span.file, line: m.span.line, column: m.span.column };
        if (why.suggestion) s.suggestion = why.suggestion;
        else s.sampled = why.sampled;
        report.survivors.push(s);
      }
    }
  }
  return report;
}

/** `{"mutation": {"total", "killed", "equivalent", "survivors"}}`. */
export function mutationJson(r: MutationReport): Json {
  return toJson({ mutation: r });
}

function percent(r: MutationReport): string {
  return r.total === 0 ? '100%' : `${Math.floor((r.killed * 1000) / r.total) / 10}%`;
}

/** The report for people: each survivor at its place with the test that would kill it, then the score. */
export function mutationPretty(r: MutationReport, opts: { color?: boolean } = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const s of r.survivors) {
    lines.push(`${c('33', '!')} ${t('mutate.survivor', { kind: t(`mutate.kind.${s.kind}`).message, decision: s.decision, edit: s.edit }).message}  ${c('2', `${s.file}:${s.line}:${s.column}`)}`);
    if (s.suggestion) lines.push(`    ${t('mutate.suggest').message}`, `    ${s.suggestion.yaml}`);
    else lines.push(`    ${t('mutate.no-suggestion', { count: s.sampled ?? 0 }).message}`);
  }
  if (lines.length) lines.push('');
  lines.push(t('mutate.summary', { killed: r.killed, total: r.total, percent: percent(r), equivalent: r.equivalent }).message);
  if (r.skipped) lines.push(t('mutate.skipped', { skipped: r.skipped, max: MAX_MUTANTS }).message);
  return lines.join('\n') + '\n';
}
