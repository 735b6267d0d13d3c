/**
 * `overrides` read as the definition it is: an exception answers its general
 * decision's question (the same outputs, of the same types), shares a type
 * with it for every input both ask (callers give one value per name), and no
 * chain of exceptions comes back to where it started.
 */
import { diag, type Diagnostic } from '../diagnostics/index.js';
import type { Decision } from '../model/index.js';

function outputsText(d: Decision): string {
  return d.outputs.map((o) => `\`${o.name}\` (${o.type.kind})`).join(', ') || '—';
}

/** Diagnostics for each `overrides` that cannot be evaluated as precedence. */
export function checkOverrides(decisions: Map<string, Decision[]>, diagnostics: Diagnostic[]): void {
  for (const versions of decisions.values()) {
    for (const e of versions) {
      const ref = e.overrides;
      if (!ref) continue;
      if (ref.id === e.id) {
        diagnostics.push(diag('cycle', 'error', 'resolve.overrides-self', { id: e.id }, ref.span));
        continue;
      }
      for (const g of decisions.get(ref.id) ?? []) {
        const same =
          e.outputs.length === g.outputs.length &&
          e.outputs.every((o) => g.outputs.some((p) => p.name === o.name && p.type.kind === o.type.kind));
        if (!same) {
          diagnostics.push(diag('type', 'error', 'resolve.overrides-outputs', { id: e.id, target: g.id, mine: outputsText(e), theirs: outputsText(g) }, ref.span));
          break;
        }
        const clash = e.inputs.find((f) => g.inputs.some((h) => h.name === f.name && h.type.kind !== f.type.kind));
        if (clash) {
          const theirs = g.inputs.find((h) => h.name === clash.name)!.type.kind;
          diagnostics.push(diag('type', 'error', 'resolve.overrides-input-type', { id: e.id, target: g.id, name: clash.name, mine: clash.type.kind, theirs }, clash.span));
          break;
        }
      }
    }
  }
  // `decides: <id>` compares outputs by name: the two must give the same ones, or there is nothing to compare.
  for (const versions of decisions.values()) {
    for (const e of versions) {
      const ref = e.decides;
      if (!ref || ref.id === e.id) continue;
      const g = decisions.get(ref.id)?.[0];
      if (!g) continue;
      const same = e.outputs.length === g.outputs.length && e.outputs.every((o) => g.outputs.some((p) => p.name === o.name && p.type.kind === o.type.kind));
      if (!same) diagnostics.push(diag('type', 'error', 'resolve.decides-outputs', { id: e.id, target: g.id, mine: outputsText(e), theirs: outputsText(g) }, ref.span));
    }
  }
  // Cycles: follow each chain of `overrides` (one target per id, versions agreeing or not).
  const target = new Map<string, { id: string; span: Decision['span'] }>();
  for (const [id, versions] of decisions) {
    const v = versions.find((x) => x.overrides && x.overrides.id !== id);
    if (v?.overrides) target.set(id, v.overrides);
  }
  const reported = new Set<string>();
  for (const start of target.keys()) {
    const path: string[] = [];
    const on = new Set<string>();
    let at: string | undefined = start;
    while (at !== undefined && !on.has(at) && !reported.has(at)) {
      on.add(at);
      path.push(at);
      at = target.get(at)?.id;
    }
    if (at !== undefined && on.has(at)) {
      const loop = path.slice(path.indexOf(at));
      for (const id of loop) reported.add(id);
      diagnostics.push(diag('cycle', 'error', 'resolve.overrides-cycle', { path: [...loop, at].map((x) => `\`${x}\``).join(' → ') }, target.get(loop[0])!.span));
    }
  }
}
