/**
 * Stage 4, `check`: contradictions in a resolved Model. The engine knows no
 * check by name: it runs the ordered list in `rules/index.ts`, each rule a
 * function from the model to its findings, and sorts what they say.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { sortDiagnostics } from '../diagnostics/index.js';
import type { Model } from '../model/index.js';
import { CheckContext } from './context.js';
import './messages.js';
import { RULES } from './rules/index.js';

export type { CheckRule } from './rules/index.js';

/** Runs every registered check over the model; findings come back sorted by position. */
export function check(model: Model): Diagnostic[] {
  const ctx = new CheckContext(model);
  const out: Diagnostic[] = [];
  for (const rule of RULES) out.push(...rule.run(model, ctx));
  return sortDiagnostics(out);
}
