/**
 * The interpreter's preparation of a decision version, made once and cached:
 * its inputs' types and domains, the row index, the output cells (constants
 * rounded already), and the caller's values converted and checked against
 * them (the shared input contract of src/runtime/semantics.ts).
 */
import type { DateValue, Decision, Expr, Field, Model, Rule, UnaryTest, Value, ValueType } from '../model/index.js';
import { Decimal, type RoundingMode } from '../runtime/decimal.js';
import { t } from '../diagnostics/catalogue.js';
import { inputTypeOf } from '../model/convert.js';
import { matchesUnary } from '../lang/unary.js';
import { formatUnaryTest } from '../lang/format.js';
import { convertInput, isAbsent, numberIssue, NUMERIC_KINDS, ownValue, typeDomainTest, WHOLE_KINDS, type InputType } from '../runtime/semantics.js';
import { buildIndex, segmentOf, type NumericColumn, type TableIndex } from './table-index.js';
import { EvalFail, evalError } from './expr.js';

/** One input, prepared: its type and the domain test (declared or the type's own). */
interface PreparedInput {
  field: Field;
  /** What the shared conversion needs of its type. */
  itype: InputType;
  numeric: boolean;
  whole: boolean;
  domain?: UnaryTest;
  /** The domain as a one-row numeric index, for the fast path. */
  domainCol?: NumericColumn;
}

/** A row's output entry: a constant (already rounded) or an expression. */
export type Cell = { c: Value } | { e: Expr };

export interface Prepared {
  decision: Decision;
  inputs: PreparedInput[];
  index: TableIndex;
  cells: Cell[][];
  /** Output positions whose values get rounded (money). */
  round?: { mode: RoundingMode; step: Decimal };
  money: boolean[];
  /** Priority list per output (enum order or `priority:`), highest first. */
  ranks: (Value[] | undefined)[];
  defaults?: Cell[];
  /** Reused match bitset (TypedArray#slice per call costs more than the whole lookup); `busy` guards re-entry. */
  scratch: Uint32Array;
  busy: boolean;
  /** Scratch of the candidate path: each column's bitset for the current input. */
  colBits: (Uint32Array | undefined)[];
  /** Constant cells and defaults, one row's outputs taken as they stand, no formulas, no cell that needs testing one by one. */
  constant: boolean;
}

export const prepared = new WeakMap<Decision, Prepared>();

/** The domain an input is checked against: its declared one, else its type's own. */
function domainOf(type: ValueType): UnaryTest | undefined {
  return type.domain ?? (typeDomainTest(type.kind) as UnaryTest | undefined);
}

export function roundValue(v: Value, r: { mode: RoundingMode; step: Decimal }): Value {
  // Already on a step of 10^-k: rounding would give back the same number.
  if (Decimal.isDecimal(v)) return v.scale === r.step.scale && r.step.coefficient === 1n ? v : v.round(r.step, r.mode);
  if (Array.isArray(v)) return v.map((x) => roundValue(x, r));
  return v;
}

export function prepare(model: Model, d: Decision): Prepared {
  let p = prepared.get(d);
  if (p) return p;
  const inputs = d.inputs.map((field): PreparedInput => {
    const domain = domainOf(field.type);
    const pi: PreparedInput = { field, itype: inputTypeOf(field.type), numeric: NUMERIC_KINDS.has(field.type.kind), whole: WHOLE_KINDS.has(field.type.kind), domain };
    if (domain && pi.numeric) {
      const probe = buildIndex({ ...d, inputs: [field], rules: [{ index: 0, when: [{ input: field.name, source: '', test: domain, span: d.span }], then: [], span: d.span }] });
      const col = probe.columns[0];
      if (col && col.kind === 'numeric') pi.domainCol = col;
    }
    return pi;
  });
  const rounding = d.rounding ?? model.config.rounding;
  const money = d.outputs.map((o) => o.type.kind === 'money');
  const round = rounding && money.some(Boolean) ? { mode: rounding.mode, step: rounding.step } : undefined;
  // A constant money cell is rounded once here when the row's value is the output as it stands
  // (one row fires, or the defaults); the final rounding then finds it already on the step.
  const cellOf = (entries: Rule['then'], asOutput: boolean) =>
    d.outputs.map((o, k): Cell => {
      const entry = entries.find((t) => t.output === o.name);
      if (!entry) return { c: null };
      if (entry.expr.kind !== 'literal') return { e: entry.expr };
      const v = entry.expr.value.value;
      return { c: asOutput && round && money[k] && Decimal.isDecimal(v) ? v.round(round.step, round.mode) : v };
    });
  const single = d.hit === 'unique' || d.hit === 'first';
  p = {
    decision: d,
    inputs,
    index: buildIndex(d),
    cells: d.rules.map((r) => cellOf(r.then, single)),
    round,
    money,
    ranks: d.outputs.map((o) => (o.type.values ? o.type.values.map((v) => v.key) : o.type.priority?.map((l) => l.value))),
    defaults: d.defaults ? cellOf(d.defaults, true) : undefined,
    scratch: new Uint32Array(0),
    busy: false,
    colBits: [],
    constant: false,
  };
  p.colBits = p.index.columns.map(() => undefined);
  p.constant =
    single &&
    d.formulas.length === 0 &&
    p.index.columns.every((c) => c.kind !== 'scan') &&
    p.cells.every((row) => row.every((c) => 'c' in c)) &&
    (p.defaults === undefined || p.defaults.every((c) => 'c' in c));
  p.scratch = new Uint32Array(p.index.words);
  prepared.set(d, p);
  return p;
}

export interface Ctx {
  model: Model;
  asOf: string;
  explain: boolean;
  depth: number;
  via: string[];
}

/** Input values of one evaluation: `f` the double for the index, `v` the exact value (made lazily from `f`). */
export interface Args {
  f: number[];
  v: (Value | undefined)[];
  /** Inputs the caller left out that took their declared `default`. */
  defaulted?: string[];
}

export function show(raw: unknown): string {
  if (Decimal.isDecimal(raw)) return raw.toString();
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'date') return (raw as DateValue).iso;
  // Caller values are echoed in messages: a deep one must not overflow the stack, a huge one not flood the output.
  let s: string;
  try {
    s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  } catch {
    s = Array.isArray(raw) ? '[…]' : '{…}';
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function inputList(d: Decision): string {
  return d.inputs.map((f) => `\`${f.name}\``).join(', ');
}

/**
 * The caller's values of `p`'s inputs, converted and checked (the shared
 * input contract). Only own properties are read. With `lenient` (an
 * exception being tried), a value outside its input's domain gives
 * undefined: the exception does not apply there.
 */
export function convertInputs(p: Prepared, input: unknown, ctx: Ctx, lenient = false): Args | undefined {
  const d = p.decision;
  const n = p.inputs.length;
  const args: Args = { f: [], v: [] };
  for (let i = 0; i < n; i++) {
    args.f.push(0);
    args.v.push(undefined);
  }
  for (let i = 0; i < n; i++) {
    const pi = p.inputs[i];
    const name = pi.field.name;
    let raw = ownValue(input, name);
    // FEEL (a decision imported from DMN): `null` is a value every input may take; only a missing one is missing.
    if (raw === null && d.semantics === 'feel') {
      args.v[i] = null;
      args.f[i] = NaN;
      continue;
    }
    if (isAbsent(raw)) {
      if (pi.field.default === undefined) throw new EvalFail(evalError('missing-input', d.id, { input: name, inputs: inputList(d) }, { input: name }));
      raw = pi.field.default;
      (args.defaulted ??= []).push(name);
    }
    if (pi.numeric && typeof raw === 'number') {
      const issue = numberIssue(raw, pi.field.type.kind);
      if (issue) throw wrongType(d, pi, raw, issue);
      args.f[i] = raw;
    } else {
      const c = convertInput(raw, pi.itype);
      if (c.error === 'out-of-domain') {
        throw new EvalFail(evalError('out-of-domain', d.id, { input: name, value: show(raw), domain: (pi.field.type.values ?? []).map((x) => x.key).join(', ') }, { input: name, value: show(raw) }));
      }
      if (c.error) throw wrongType(d, pi, raw, c.limit !== undefined ? t('eval.too-many-digits', { max: c.limit }).message : c.reason);
      const v = c.value as Value;
      args.v[i] = v;
      args.f[i] = Decimal.isDecimal(v) ? v.toNumber() : NaN;
    }
    if (pi.domain && !inDomain(pi, args, i)) {
      if (lenient) return undefined;
      throw new EvalFail(evalError('out-of-domain', d.id, { input: name, value: show(raw), domain: formatUnaryTest(pi.domain) }, { input: name, value: show(raw) }));
    }
  }
  if (ctx.explain) for (let i = 0; i < n; i++) valueAt(args, i);
  return args;
}

function wrongType(d: Decision, pi: PreparedInput, raw: unknown, reason: string): EvalFail {
  const name = pi.field.name;
  return new EvalFail(evalError('wrong-type', d.id, { input: name, value: show(raw), reason, type: pi.field.type.kind }, { input: name, value: show(raw) }));
}

function inDomain(pi: PreparedInput, args: Args, i: number): boolean {
  const v = args.v[i];
  if (pi.domainCol && (v === undefined || Decimal.isDecimal(v))) {
    const seg = segmentOf(pi.domainCol, args.f[i], v as Decimal | undefined);
    return (pi.domainCol.segments[seg][0] & 1) === 1;
  }
  return matchesUnary(pi.domain!, valueAt(args, i));
}

export function valueAt(args: Args, i: number): Value {
  const v = args.v[i];
  if (v !== undefined) return v;
  return (args.v[i] = Decimal.fromNumber(args.f[i]));
}
