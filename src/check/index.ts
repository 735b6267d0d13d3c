/**
 * Stage 4, `check`: contradictions in a resolved Model (overlaps, gaps,
 * shadowed rows, periods, invariants, prose drift). Being built; see issue 3.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Model } from '../model/index.js';

/** Runs every registered check over the model. */
export function check(model: Model): Diagnostic[] {
  void model;
  return [];
}
