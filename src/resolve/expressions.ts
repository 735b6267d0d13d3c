/**
 * What formulas refer to: names in scope, decisions called (and the output
 * read from them), and no call cycles. Runs once every decision is known.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { diag } from '../diagnostics/index.js';
import { didYouMean } from './context.js';
import { typeOf, type TypeEnv } from '../lang/types.js';
import { walkExpr } from '../lang/walk.js';
import type { Decision, Expr, Field, Model, Span, ValueType } from '../model/index.js';
import { askedInputs } from '../model/precedence.js';

/** Every call node in an expression, with the output read from it (`f(x).rate`), if any. */
export function callsIn(expr: Expr) {
  const out: { call: Extract<Expr, { kind: 'call' }>; field?: { name: string; span: Span } }[] = [];
  // A literal (most outputs of a big table) has nothing inside it.
  if (expr.kind === 'literal') return out;
  walkExpr(expr, (e, parent) => {
    if (e.kind !== 'call') return;
    out.push({ call: e, field: parent?.kind === 'field' ? { name: parent.field, span: parent.span } : undefined });
  });
  return out;
}

function namesIn(expr: Expr) {
  const out: Extract<Expr, { kind: 'name' }>[] = [];
  if (expr.kind === 'literal') return out;
  walkExpr(expr, (e) => {
    if (e.kind === 'name') out.push(e);
  });
  return out;
}

const BOOLEAN: ValueType = { kind: 'boolean' };

/** The expressions of a decision with the names each may use and the type each must have. */
function exprsOf(dec: Decision): { expr: Expr; scope: Field[]; expected?: ValueType }[] {
  const out: { expr: Expr; scope: Field[]; expected?: ValueType }[] = [];
  const typeOfOutput = (name: string) => dec.outputs.find((o) => o.name === name)?.type;
  for (const f of dec.formulas) out.push({ expr: f.expr, scope: dec.inputs, expected: typeOfOutput(f.output) });
  for (const r of dec.rules) for (const t of r.then) out.push({ expr: t.expr, scope: dec.inputs, expected: typeOfOutput(t.output) });
  for (const t of dec.defaults ?? []) out.push({ expr: t.expr, scope: dec.inputs, expected: typeOfOutput(t.output) });
  for (const a of dec.assertions) if (a.that) out.push({ expr: a.that, scope: [...dec.inputs, ...dec.outputs], expected: BOOLEAN });
  return out;
}

/** Checks names, calls and cycles across the model; pushes findings to `diagnostics`. */
export function checkExpressions(model: Model, diagnostics: Diagnostic[]): void {
  // A call asks the decision as its callers see it: its inputs, then its exceptions' further ones.
  const asked = new Map<string, Decision | undefined>();
  const latest = (id: string) => {
    if (asked.has(id)) return asked.get(id);
    const v = model.decisions.get(id);
    const d = v?.[v.length - 1];
    const seen = d ? { ...d, inputs: askedInputs(model.decisions, d) } : undefined;
    asked.set(id, seen);
    return seen;
  };

  const decisionIds = [...model.decisions.keys()];
  // Every row of a table shares its decision's scope: build its name set and type env once.
  const scopes = new WeakMap<Field[], { names: Set<string>; env: TypeEnv }>();
  const scopeOf = (scope: Field[]) => {
    let s = scopes.get(scope);
    if (!s) {
      s = {
        names: new Set(scope.map((f) => f.name)),
        env: { names: new Map(scope.map((f) => [f.name, f.type])), decision: (id) => latest(id), decisionIds },
      };
      scopes.set(scope, s);
    }
    return s;
  };
  const checkOne = (expr: Expr, scope: Field[], expected?: ValueType, feel = false) => {
    const before = diagnostics.length;
    checkRefs(expr, scope);
    // Types only once every name resolves: an unknown name is one finding, not two.
    if (diagnostics.length !== before) return;
    const { env } = scopeOf(scope);
    for (const p of typeOf(expr, feel ? { ...env, feel } : env, expected).errors) {
      const d = diag('type', 'error', 'resolve.type', { reason: p.message }, p.span);
      if (p.hint) d.hint = p.hint;
      diagnostics.push(d);
    }
  };

  const checkRefs = (expr: Expr, scope: Field[]) => {
    const { names } = scopeOf(scope);
    for (const n of namesIn(expr)) {
      if (!names.has(n.name)) diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-name', { name: n.name }, n.span), n.name, names));
    }
    for (const { call, field } of callsIn(expr)) {
      const callee = latest(call.decision);
      if (!callee) {
        diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-decision', { id: call.decision }, call.span), call.decision, model.decisions.keys()));
        continue;
      }
      if (call.args.length > callee.inputs.length) {
        diagnostics.push(diag('type', 'error', 'resolve.too-many-args', { id: call.decision, count: call.args.length, max: callee.inputs.length }, call.span));
      }
      for (const name of Object.keys(call.named ?? {})) {
        if (!callee.inputs.some((f) => f.name === name)) {
          diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-input', { name, what: call.decision }, call.span), name, callee.inputs.map((f) => f.name)));
        }
      }
      if (field && !callee.outputs.some((o) => o.name === field.name)) {
        diagnostics.push(didYouMean(diag('dangling-ref', 'error', 'resolve.unknown-output', { name: field.name, what: call.decision }, field.span), field.name, callee.outputs.map((o) => o.name)));
      }
    }
  };

  for (const versions of model.decisions.values()) for (const dec of versions) for (const { expr, scope, expected } of exprsOf(dec)) checkOne(expr, scope, expected, dec.semantics === 'feel');
  for (const doc of model.documents) for (const a of doc.assertions) if (a.that) checkOne(a.that, a.forAll ?? [], BOOLEAN);
  // A norm of a law speaks of its `about` output (`_` for `-`) and its `forAll` inputs: a misspelt name would otherwise
  // make the norm answer nothing anywhere, and so bind no output, in silence.
  const outputs = [...model.decisions.values()].flat().flatMap((d) => d.outputs);
  for (const doc of model.documents) {
    for (const n of doc.norms ?? []) {
      const bound = outputs.find((o) => o.is === n.about);
      const scope: Field[] = [...(n.forAll ?? []), { name: n.about.replace(/-/g, '_'), type: bound?.type ?? { kind: 'money' }, span: n.span }];
      for (const e of [n.that, n.assume]) if (e) checkOne(e, scope, BOOLEAN);
    }
  }
  // An output saying it is what no law of the set speaks of (`is: wage-deducton`) escapes every law: most likely a misspelling.
  const abouts = new Set(model.documents.filter((d) => d.kind === 'law').flatMap((d) => (d.norms ?? []).map((n) => n.about)));
  if (abouts.size) {
    for (const o of outputs) {
      if (o.is !== undefined && !abouts.has(o.is)) diagnostics.push(didYouMean(diag('dangling-ref', 'warning', 'resolve.unknown-is', { name: o.is, known: [...abouts].join(', ') }, o.span), o.is, abouts));
    }
  }

  // Call cycles: a decision may not depend on itself, directly or through others.
  const edges = new Map<string, { to: string; span: Span }[]>();
  for (const [id, versions] of model.decisions) {
    const list: { to: string; span: Span }[] = [];
    for (const dec of versions) for (const { expr } of exprsOf(dec)) for (const { call } of callsIn(expr)) if (model.decisions.has(call.decision)) list.push({ to: call.decision, span: call.span });
    edges.set(id, list);
  }
  const state = new Map<string, 1 | 2>();
  const stack: { id: string; span?: Span }[] = [];
  const reported = new Set<string>();
  // An explicit stack, not recursion: a chain of thousands of calls is legal and must not overflow.
  const visit = (root: string) => {
    state.set(root, 1);
    const frames: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (frames.length) {
      const f = frames[frames.length - 1];
      const list = edges.get(f.id) ?? [];
      if (f.next >= list.length) {
        state.set(f.id, 2);
        frames.pop();
        if (frames.length) stack.pop();
        continue;
      }
      const e = list[f.next++];
      const s = state.get(e.to);
      if (s === 1) {
        const start = stack.findIndex((x) => x.id === e.to);
        const cycle = stack.slice(start).map((x) => x.id);
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const rel = stack.slice(start + 1, start + 1 + MAX_CYCLE_RELATED).flatMap((x) => (x.span ? [{ ...x.span, message: `\`${x.id}\` is called here` }] : []));
          diagnostics.push(diag('cycle', 'error', 'resolve.cycle', { path: cyclePath([...cycle, e.to]) }, e.span, { related: rel }));
        }
      } else if (s === undefined) {
        state.set(e.to, 1);
        stack.push({ id: e.to, span: e.span });
        frames.push({ id: e.to, next: 0 });
      }
    }
  };
  for (const id of model.decisions.keys()) {
    if (state.has(id)) continue;
    stack.push({ id });
    visit(id);
    stack.pop();
  }
}

/** Places listed with a cycle, and ids named in its path: a cycle through thousands of decisions stays a readable finding. */
const MAX_CYCLE_RELATED = 50;
const MAX_CYCLE_NAMES = 12;

function cyclePath(ids: string[]): string {
  if (ids.length <= MAX_CYCLE_NAMES) return ids.join(' → ');
  return [...ids.slice(0, 6), `… (${ids.length - 11})`, ...ids.slice(-5)].join(' → ');
}
