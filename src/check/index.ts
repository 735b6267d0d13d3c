/**
 * Stage 4, `check`: contradictions in a resolved Model. The engine knows no
 * check by name: it runs the ordered list in `rules/index.ts`, each rule a
 * function from the model to its findings, and sorts what they say.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Model } from '../model/index.js';
import { boundFindings } from './bound.js';
import { CheckContext } from './context.js';
import './messages.js';
import { RULES } from './rules/index.js';

export type { CheckRule } from './rules/index.js';

/** Runs every registered check over the model; findings come back sorted by position. */
export function check(model: Model): Diagnostic[] {
  const ctx = new CheckContext(model);
  const out: Diagnostic[] = [];
  // One by one: spreading a rule's findings into push() overflows the stack past ~100,000 of them.
  for (const rule of RULES) for (const d of rule.run(model, ctx)) out.push(d);
  return boundFindings(out);
}
