/**
 * The ordered list of checks. Adding a check is one new file here and one
 * line in `RULES`; the engine (`../index.ts`) knows none of them by name.
 */
import type { Diagnostic } from '../../diagnostics/index.js';
import type { Model } from '../../model/index.js';
import type { CheckContext } from '../context.js';
import { audienceLeak } from './audience-leak.js';
import { missingEnglish } from './english.js';
import { handbookOrder } from './handbook-order.js';
import { fileNames } from './file-names.js';
import { gap } from './gap.js';
import { invariant } from './invariant.js';
import { openQuestion } from './open-question.js';
import { overlap } from './overlap.js';
import { period } from './period.js';
import { precedence } from './precedence.js';
import { proseDrift } from './prose-drift.js';
import { range } from './range.js';
import { shadowed } from './shadowed.js';
import { superiorNorm } from './superior-norm.js';

/** One check: a name (for docs and tests) and a function from the model to findings. */
export interface CheckRule {
  name: string;
  run(model: Model, ctx: CheckContext): Diagnostic[];
}

/** Tables first (their soundness decides what the later rules may trust), then time, documents, invariants, superior norms, prose, audiences, languages, the handbook's order, file names, the source's open questions. */
export const RULES: readonly CheckRule[] = [range, overlap, gap, shadowed, period, precedence, invariant, superiorNorm, proseDrift, audienceLeak, missingEnglish, handbookOrder, fileNames, openQuestion];
