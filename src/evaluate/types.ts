/**
 * What evaluation gives back: outputs, or an error as a value, and on request
 * an explanation (rows that fired, clause, formula steps, version used).
 */
import type { DateValue, HitPolicy, Span, Value } from '../model/index.js';

/** Stable codes of evaluation errors (also the `expectError` of policy tests). */
export type EvalErrorCode =
  | 'unknown-decision'
  | 'no-version'
  | 'bad-as-of'
  | 'missing-input'
  | 'wrong-type'
  | 'out-of-domain'
  | 'no-match'
  | 'unique-violated'
  | 'division-by-zero'
  | 'bad-value';

/** A structured evaluation error naming the decision (and the input, where one is at fault). */
export interface EvalError {
  code: EvalErrorCode;
  decision: string;
  input?: string;
  /** The offending value as given. */
  value?: string;
  /** For unique/any violations: the rows that matched, numbered from 1 as in the handbook and the explanation. */
  rows?: number[];
  message: string;
  hint?: string;
  /** Where in the policy sources the problem sits (a formula, a rule), when it is there. */
  span?: Span;
  /** Calling decisions, outermost first, when the error arose in a called decision. */
  via?: string[];
  /** For `no-version`: the date no version covers. */
  asOf?: string;
}

/** A row of a table that fired. */
export interface FiredRow {
  /** The row's number in the table, from 1, as the handbook and the diagnostics number rows. */
  index: number;
  id?: string;
  note?: string;
  span: Span;
}

/** One computed sub-expression of a formula, innermost first. */
export interface Step {
  expr: string;
  value: Value;
  span: Span;
}

/** How one output's formula came to its value. */
export interface FormulaTrace {
  output: string;
  source: string;
  value: Value;
  span: Span;
  steps: Step[];
}

/** Why a decision gave what it gave. */
export interface Explanation {
  decision: string;
  title?: string;
  hit: HitPolicy;
  /** Clause anchor the decision implements (`cs-awards#performance-award`). */
  clause?: string;
  /** The version used: its effective period, when it has one. */
  version?: { from: string; until?: string };
  input: Record<string, Value>;
  rows: FiredRow[];
  /** True when no row matched and the declared `default` gave the outputs. */
  defaulted?: boolean;
  formulas: FormulaTrace[];
  /** Inputs the caller left out that took their declared `default`. */
  defaultedInputs?: string[];
  /** The exception (a decision that `overrides` this one) whose answer this is, with its own explanation. */
  exception?: Explanation;
  /** Explanations of the decisions called by formulas, in call order. */
  calls: Explanation[];
  output?: Record<string, Value>;
}

/** Result of `evaluate`: exactly one of `output` and `error`. */
export interface EvalResult {
  output?: Record<string, Value>;
  error?: EvalError;
  explain?: Explanation;
}

/** Options of `evaluate`. */
export interface EvalOptions {
  /** The date of the evaluation (`YYYY-MM-DD`): the version in force then is used. Default: today, the local date. */
  asOf?: string | DateValue;
  explain?: boolean;
}
