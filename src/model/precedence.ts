/**
 * Precedence as the model states it: the exceptions of a decision (those
 * that declare `overrides: <id>`) and the inputs a caller gives when asking
 * it. Asking a general decision means asking its exceptions too, so its
 * callers (formulas, tests, `eval`, the compiled module, the calculators)
 * supply every fact an exception needs: the general decision's own inputs,
 * then each exception's further inputs, by name.
 */
import type { Decision, Field } from './index.js';

type Decisions = ReadonlyMap<string, readonly Decision[]>;

const cache = new WeakMap<Decisions, Map<string, string[]>>();

/** Ids of the decisions that declare `overrides: id`, in model order. */
export function exceptionsOf(decisions: Decisions, id: string): string[] {
  let byTarget = cache.get(decisions);
  if (!byTarget) {
    byTarget = new Map();
    for (const [eid, versions] of decisions) {
      const targets = new Set(versions.map((v) => v.overrides?.id).filter((t): t is string => t !== undefined && t !== eid));
      for (const t of targets) byTarget.set(t, [...(byTarget.get(t) ?? []), eid]);
    }
    cache.set(decisions, byTarget);
  }
  return byTarget.get(id) ?? [];
}

/**
 * The inputs a caller gives when asking `d`: its own, then those of its
 * exceptions (and theirs, transitively) that it lacks, by name, first
 * declaration winning. A cycle of `overrides` (an error of its own) stops.
 */
export function askedInputs(decisions: Decisions, d: Decision): Field[] {
  const out = [...d.inputs];
  const seen = new Set<string>([d.id]);
  const walk = (id: string) => {
    for (const eid of exceptionsOf(decisions, id)) {
      if (seen.has(eid)) continue;
      seen.add(eid);
      for (const v of decisions.get(eid) ?? []) for (const f of v.inputs) if (!out.some((g) => g.name === f.name)) out.push(f);
      walk(eid);
    }
  };
  walk(d.id);
  return out;
}
