/**
 * The explanation as the compiled module gives it: the interpreter's
 * `Explanation` with values printed as the module prints outputs (decimal
 * strings, money with its rounding places, dates as `YYYY-MM-DD`) and source
 * places as lines and columns in the decision's file. `explanationToJson`
 * turns an interpreter explanation into this shape, so the CLI and tests can
 * compare or print both alike.
 */
import type { Decision, Model, Span } from '../model/index.js';
import type { Explanation } from '../evaluate/types.js';
import { outputsToJson, valueToJson, type Json } from '../evaluate/serialize.js';

/** A fired row: 0-based position, author id and note, where it is. */
export interface RowJson {
  index: number;
  id?: string;
  note?: string;
  line: number;
  column: number;
}

/** One computed sub-expression of a formula, innermost first. */
export interface StepJson {
  expr: string;
  value: Json;
  line: number;
  column: number;
}

/** How one output's formula came to its value (before the output's rounding). */
export interface FormulaJson {
  output: string;
  source: string;
  value: Json;
  line: number;
  column: number;
  steps: StepJson[];
}

/** Why a decision gave what it gave, as the compiled module reports it. */
export interface ExplanationJson {
  decision: string;
  title?: string;
  hit: string;
  clause?: string;
  version?: { from: string; until?: string };
  /** The policy file that declares the decision (lines below are in it). */
  file: string;
  input: Record<string, Json>;
  rows: RowJson[];
  defaulted?: boolean;
  formulas: FormulaJson[];
  /** Inputs the caller left out that took their declared `default`. */
  defaultedInputs?: string[];
  /** The exception whose answer this is (a decision that `overrides` this one). */
  exception?: ExplanationJson;
  calls: ExplanationJson[];
  output?: Record<string, Json>;
}

function versionOf(model: Model, e: Explanation): Decision {
  const versions = model.decisions.get(e.decision);
  if (!versions || versions.length === 0) throw new Error(`no decision ${JSON.stringify(e.decision)} in the model`);
  const from = e.version?.from;
  return versions.find((d) => (d.effective?.from.iso ?? undefined) === from) ?? versions[versions.length - 1];
}

function at(span: Span): { line: number; column: number } {
  return { line: span.line, column: span.column };
}

/** An interpreter explanation in the compiled module's shape (values printed, spans as lines). */
export function explanationToJson(model: Model, e: Explanation): ExplanationJson {
  const d = versionOf(model, e);
  const out: ExplanationJson = { decision: e.decision, hit: e.hit, file: d.span.file, input: {}, rows: [], formulas: [], calls: [] };
  if (e.title !== undefined) out.title = e.title;
  if (e.clause !== undefined) out.clause = e.clause;
  if (e.version) out.version = e.version.until !== undefined ? { from: e.version.from, until: e.version.until } : { from: e.version.from };
  for (const [k, v] of Object.entries(e.input)) out.input[k] = valueToJson(v);
  for (const r of e.rows) {
    const row: RowJson = { index: r.index, ...at(r.span) };
    if (r.id !== undefined) row.id = r.id;
    if (r.note !== undefined) row.note = r.note;
    out.rows.push(row);
  }
  if (e.defaulted) out.defaulted = true;
  for (const f of e.formulas) {
    out.formulas.push({
      output: f.output,
      source: f.source,
      value: valueToJson(f.value),
      ...at(f.span),
      steps: f.steps.map((s) => ({ expr: s.expr, value: valueToJson(s.value), ...at(s.span) })),
    });
  }
  if (e.defaultedInputs) out.defaultedInputs = [...e.defaultedInputs];
  if (e.exception) out.exception = explanationToJson(model, e.exception);
  out.calls = e.calls.map((c) => explanationToJson(model, c));
  if (e.output) out.output = outputsToJson(model, d, e.output);
  return out;
}
