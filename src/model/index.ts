/**
 * The Model (IR): the one typed picture of a policy set that every back end
 * (check, compile, render, diff, test) reads. Built by `src/resolve`; no back end
 * ever reparses a file. Every node keeps the source span it came from so that
 * any finding can point at the author's line and column.
 */
import type { Decimal } from '../runtime/decimal.js';
import type { Temporal } from '../runtime/temporal.js';

/** A place in a source file. Lines and columns are 1-based; end is exclusive. */
export type { Span } from '../span/index.js';
import type { Span } from '../span/index.js';

// ---------------------------------------------------------------- values

/** A calendar date without time zone, kept as an ISO string `YYYY-MM-DD` (sorts as it compares). */
export interface DateValue {
  kind: 'date';
  iso: string;
}

/**
 * A runtime value. Numbers of every unit (number, integer, percent, money,
 * months, days) are exact decimals; a percent is kept as its fraction (70% → 0.7).
 * Enum values are their keys. Collect hit policies give lists; decision calls give
 * contexts (output name → value). FEEL's times, dates and times and
 * durations are exact temporal values (src/runtime/temporal.ts).
 */
export type Value = Decimal | boolean | string | DateValue | Temporal | null | Value[] | { [key: string]: Value };

// ---------------------------------------------------------------- types

export type TypeKind =
  | 'number'
  | 'integer'
  | 'percent'
  | 'money'
  | 'boolean'
  | 'enum'
  | 'string'
  | 'date'
  // FEEL's other temporal kinds: values of formulas (`duration("P2D")`), not yet declarable in documents.
  | 'time'
  | 'date and time'
  | 'days and time duration'
  | 'years and months duration'
  | 'months'
  | 'days';

export interface EnumValue {
  key: string;
  label: string;
  span: Span;
}

/** A declared type of an input or output, with its unit and domain. */
export interface ValueType {
  kind: TypeKind;
  /** Enum keys in declared order (the order is also the priority order of `priority` tables). */
  values?: EnumValue[];
  /** The declared domain, a unary test that narrows the type's own domain. */
  domain?: UnaryTest;
  /**
   * For non-enum outputs of `priority`/`output-order` tables: the output values
   * in priority order, highest first (DMN's output values list).
   */
  priority?: Literal[];
}

export interface Field {
  name: string;
  type: ValueType;
  label?: string;
  /** English label, when the author gives one. */
  labelEn?: string;
  /** For an output: what it is in law (`wage-deduction`); the norms of `kind: law` documents about it bind it. */
  is?: string;
  /**
   * The value an input takes when the caller gives none (`default:` on the
   * input); without it an absent input is `missing-input`. Never on outputs.
   */
  default?: Value;
  span: Span;
}

// ---------------------------------------------------------------- unary tests (cells)

/** A literal in a cell or expression, typed by how it was written. */
export type Literal =
  | { kind: 'number'; value: Decimal; unit?: 'percent' | 'money'; span?: Span }
  | { kind: 'string'; value: string; span?: Span }
  | { kind: 'boolean'; value: boolean; span?: Span }
  | { kind: 'date'; value: DateValue; span?: Span }
  /** `null`: no value (matches a missing input; a formula may give it). */
  | { kind: 'null'; value: null; span?: Span };

/**
 * One input entry of a decision-table row, in the S-FEEL style of DMN:
 * `< 70%`, `[70%..100%]`, `"a", "b"`, `not("intern")`, `-`.
 */
export type UnaryTest =
  | { kind: 'any'; span?: Span }
  | { kind: 'compare'; op: '<' | '<=' | '>' | '>=' | '=' | '!='; value: Literal; span?: Span }
  | {
      kind: 'range';
      low: Literal;
      high: Literal;
      lowClosed: boolean;
      highClosed: boolean;
      span?: Span;
    }
  /** A disjunction: the cell matches if any item matches. */
  | { kind: 'or'; items: UnaryTest[]; span?: Span }
  /** `not(a, b)`: matches if none of the items match. */
  | { kind: 'not'; items: UnaryTest[]; span?: Span }
  /** A general boolean expression over `?` (the input value) — outside what the checker reasons about exactly. */
  | { kind: 'expr'; expr: Expr; span?: Span };

// ---------------------------------------------------------------- expressions (formulas)

export type BinaryOp = '+' | '-' | '*' | '/' | '**' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** The formula language: a small typed FEEL subset. `span` is the exact source place of the node. */
export type Expr =
  | { kind: 'literal'; value: Literal; span: Span }
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'field'; target: Expr; field: string; span: Span }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr; span: Span }
  /** A built-in function (`min`, `max`, `abs`, `floor`, `ceiling`, `round`, `date`, …). */
  | { kind: 'builtin'; name: string; args: Expr[]; span: Span }
  /** A call of another decision; args map to its inputs (positional in declared order, or named). */
  | { kind: 'call'; decision: string; args: Expr[]; named?: Record<string, Expr>; span: Span }
  | { kind: 'list'; items: Expr[]; span: Span };

// ---------------------------------------------------------------- decisions

export type HitPolicy =
  | 'unique'
  | 'any'
  | 'first'
  | 'priority'
  | 'rule-order'
  | 'output-order'
  | 'collect'
  | 'collect-sum'
  | 'collect-min'
  | 'collect-max'
  | 'collect-count';

export interface Cell {
  input: string;
  /** The text the author wrote, as written (for rendering and diff). */
  source: string;
  test: UnaryTest;
  span: Span;
}

export interface OutputEntry {
  output: string;
  source: string;
  expr: Expr;
  span: Span;
}

export interface Rule {
  /** 0-based position in the table. */
  index: number;
  /** Optional author-given id (stable across edits; used by diff and coverage). */
  id?: string;
  /** One cell per declared input, in input order; omitted inputs get `{kind:'any'}`. */
  when: Cell[];
  then: OutputEntry[];
  note?: string;
  span: Span;
}

export interface Rounding {
  mode: 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor';
  /** The step to round to, e.g. 0.01. */
  step: Decimal;
}

export interface Period {
  from: DateValue;
  /** Exclusive; absent = open-ended. */
  until?: DateValue;
  span: Span;
}

export interface Assertion {
  id?: string;
  /** `that`: a boolean expression over inputs and outputs (decision level) or quantified variables (document level). */
  that?: Expr;
  /** Quantified variables of a document-level assertion (name → type). */
  forAll?: Field[];
  monotonic?: {
    output: string;
    input: string;
    direction: 'increasing' | 'non-decreasing' | 'decreasing' | 'non-increasing';
  };
  message?: string;
  span: Span;
}

/** Reference to a clause: document id and section id (`cs.awards#performance-award`). */
export interface ClauseRef {
  document: string;
  section: string;
  span: Span;
}

/** One version of a decision: a table (rules) or a formula per output. */
export interface Decision {
  id: string;
  /**
   * Resolve reported an error inside this definition (a cell, a date, a name). The
   * checker leaves it out: the error is the finding, and analysing a half-read
   * table would add findings that vanish once it is fixed.
   */
  flawed?: boolean;
  title?: string;
  titleEn?: string;
  description?: string;
  /** The document that declares it. */
  document: string;
  clause?: ClauseRef;
  hit: HitPolicy;
  inputs: Field[];
  outputs: Field[];
  rules: Rule[];
  /** Formula per output name (a decision has rules or formulas, or both for different outputs). */
  formulas: { output: string; source: string; expr: Expr; span: Span }[];
  /** Output values when no rule matches (DMN default output entry). */
  defaults?: OutputEntry[];
  /** Its own `effective`, else its document's (then `periodFromDocument`); absent = always in force. */
  effective?: Period;
  /** The period is the document's, not written on the decision. */
  periodFromDocument?: boolean;
  /** This decision is an exception to that one: where it applies, asking that one gives its outputs. */
  overrides?: { id: string; span: Span };
  /** This decision decides the same thing as that one (a declared relation, checked for conflicts). */
  decides?: { id: string; span: Span };
  rounding?: Rounding;
  assertions: Assertion[];
  audience?: string;
  /**
   * `feel` for a decision of a document with `semantics: feel` (what `import dmn`
   * writes): what cannot be computed, such as a division by zero, is null as in
   * DMN's FEEL instead of an evaluation error.
   */
  semantics?: 'feel';
  span: Span;
}

// ---------------------------------------------------------------- documents

export interface Section {
  id: string;
  /** `document#section`, the anchor used across the site and in refs. */
  anchor: string;
  title: string;
  titleEn?: string;
  /** Markdown prose. */
  text: string;
  textSpan?: Span;
  /**
   * Where each line of `text` starts in `textSpan`'s file, as `[offset in text, line,
   * column]`, so a finding can point inside the prose; absent where the text does
   * not map character for character (a folded block, escapes).
   */
  textLines?: [number, number, number][];
  audience?: string;
  sections: Section[];
  /** Decision ids placed in this section (by `clause:` or by a `::decision{#id}` directive). */
  decisions: string[];
  span: Span;
}

export interface Term {
  id: string;
  term: string;
  definition: string;
  termEn?: string;
  span: Span;
}

/** A stated correction of the source text (what was written, what we ship, and why). */
export interface Correction {
  clause?: ClauseRef;
  original: string;
  corrected: string;
  reason: string;
  span: Span;
}

/** A case the source leaves unregulated, recorded instead of filled in silently. */
export interface OpenQuestion {
  id?: string;
  clause?: ClauseRef;
  question: string;
  questionEn?: string;
  span: Span;
}

/** An invariant of a law over every output that declares `is: about` (its value named `about` with `_` for `-`). */
export interface Norm extends Assertion {
  id: string;
  about: string;
  clause?: ClauseRef;
  /** What the law presupposes of its inputs (the wage paid is at least the minimum wage); points outside it are not counterexamples. */
  assume?: Expr;
  messageEn?: string;
}

export interface PolicyDocument {
  id: string;
  /** `law`: a superior norm binding every other document (absent: a company policy). */
  kind?: 'law';
  /** The text the document encodes and where it is published. */
  source?: { title?: string; url?: string; text: string };
  title: string;
  titleEn?: string;
  version: string;
  effective?: Period;
  owner?: string;
  audience?: string;
  summary?: string;
  file: string;
  format: 'yaml' | 'md';
  sections: Section[];
  terms: Term[];
  /** Ids of decisions declared here, in order. */
  decisions: string[];
  corrections: Correction[];
  assertions: Assertion[];
  /** The source's own gaps (`openQuestions:`). */
  openQuestions?: OpenQuestion[];
  /** For `kind: law`: the norms it imposes. */
  norms?: Norm[];
  span: Span;
}

export interface PolicyTest {
  id?: string;
  name?: string;
  decision: string;
  asOf?: DateValue;
  input: Record<string, { value: Value; span: Span }>;
  expect?: Record<string, { value: Value; span: Span }>;
  /** Expected evaluation error code, instead of outputs. */
  expectError?: string;
  file: string;
  span: Span;
}

export interface Config {
  title: string;
  titleEn?: string;
  /** Document ids in the order the handbook lists them (the rest follow in file order). */
  order?: string[];
  /** Where each `order` entry is written (for findings about it). */
  orderSpans?: Span[];
  /** The handbook's languages; both `zh` and `en` also build an English site (and `check` warns of missing English). */
  languages?: ('zh' | 'en')[];
  /** Where the policies live, for the handbook's edit and feedback links. */
  repository?: { url: string; branch: string; feedback?: string };
  locale: 'zh-CN' | 'en';
  currency: string;
  rounding?: Rounding;
  audiences: { id: string; label: string }[];
  defaultAudience: string;
  /** User template folder that overrides `templates/`. */
  templates?: string;
  file?: string;
}

export interface Model {
  config: Config;
  documents: PolicyDocument[];
  /** Every decision version, keyed by id; versions sorted by `effective.from`. */
  decisions: Map<string, Decision[]>;
  tests: PolicyTest[];
  /** Every section by anchor (`doc#section`). */
  sections: Map<string, Section>;
}
