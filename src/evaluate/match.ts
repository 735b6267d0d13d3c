/**
 * Which rows of a prepared table accept the input: through the index (binary
 * searches on numeric columns, bitsets) where it can, cell by cell where a
 * cell needs its expression; and the errors a table's matching gives.
 */
import type { Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { matchesUnary } from '../lang/unary.js';
import { formatValue } from '../lang/format.js';
import { hasRow, rowsOf, segmentOf, type NumericColumn, type TableIndex } from './table-index.js';
import { EvalFail, evalError, evalExpr, type ExprEnv } from './expr.js';
import { type Cell, type Prepared, roundValue, type Args, valueAt } from './prepare.js';

/** Rows whose cells all accept the input, ascending. */
export function matchRows(p: Prepared, args: Args, env: () => ExprEnv): number[] {
  const { index } = p;
  const cand = index.candidates;
  if (cand) {
    const primary = index.columns[cand.column] as NumericColumn;
    const v = args.v[primary.input];
    if (v === undefined || Decimal.isDecimal(v)) {
      const list = cand.rows[segmentOf(primary, args.f[primary.input], v as Decimal | undefined)];
      const out: number[] = [];
      if (list.length === 0) return out;
      // The other columns' bitsets for this input, found once; nothing runs between filling and reading them, so one scratch array serves.
      const cols = index.columns;
      const bits = p.colBits;
      let scans = false;
      for (let c = 0; c < cols.length; c++) {
        const b = c === cand.column ? undefined : bitsOf(cols[c], args);
        bits[c] = b;
        if (b === undefined && c !== cand.column) scans = true;
      }
      for (let k = 0; k < list.length; k++) {
        const r = list[k];
        let ok = true;
        for (let c = 0; c < bits.length && ok; c++) {
          const b = bits[c];
          if (b !== undefined) ok = hasRow(b, r);
        }
        if (ok) out.push(r);
      }
      if (scans) {
        for (let c = 0; c < cols.length && out.length > 0; c++) {
          if (c !== cand.column && bits[c] === undefined) keepMatching(p, cols[c], args, env, out);
        }
      }
      return out;
    }
  }
  const wasBusy = p.busy;
  p.busy = true;
  try {
    return rowsOf(matchBits(p, args, env, wasBusy ? new Uint32Array(p.index.words) : p.scratch));
  } finally {
    p.busy = wasBusy;
  }
}

/** The rows of column `col` accepting the input, or undefined when its cells must be tested one by one. */
function bitsOf(col: TableIndex['columns'][number], args: Args): Uint32Array | undefined {
  const i = col.input;
  const v = args.v[i];
  if (col.kind === 'numeric' && (v === undefined || Decimal.isDecimal(v))) return col.segments[segmentOf(col, args.f[i], v as Decimal | undefined)];
  if (col.kind === 'exact' && (typeof v === 'string' || typeof v === 'boolean')) return col.map.get(v) ?? col.other;
  return undefined;
}

/** Keeps (in place) the rows of `rows` whose cell in `col` accepts the input, testing each cell. */
function keepMatching(p: Prepared, col: TableIndex['columns'][number], args: Args, env: () => ExprEnv, rows: number[]): void {
  const i = col.input;
  const value = valueAt(args, i);
  const rules = p.decision.rules;
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const ok = matchesUnary(rules[rows[k]].when[i].test, value, (expr, input) => evalExpr(expr, cellEnv(env(), input)));
    if (ok) rows[n++] = rows[k];
  }
  rows.length = n;
}

/** Rows whose cells all accept the input, as a bitset (tables without a selective column). */
function matchBits(p: Prepared, args: Args, env: () => ExprEnv, acc: Uint32Array): Uint32Array {
  const { index } = p;
  acc.set(index.all);
  const rules = p.decision.rules;
  for (const col of index.columns) {
    const i = col.input;
    const v = args.v[i];
    let bits: Uint32Array | undefined;
    if (col.kind === 'numeric' && (v === undefined || Decimal.isDecimal(v))) {
      bits = col.segments[segmentOf(col, args.f[i], v as Decimal | undefined)];
    } else if (col.kind === 'exact' && (typeof v === 'string' || typeof v === 'boolean')) {
      bits = col.map.get(v) ?? col.other;
    }
    if (bits) {
      for (let w = 0; w < acc.length; w++) acc[w] &= bits[w];
    } else {
      const value = valueAt(args, i);
      for (const r of rowsOf(acc)) {
        const test = rules[r].when[i].test;
        const ok = matchesUnary(test, value, (expr, input) => evalExpr(expr, cellEnv(env(), input)));
        if (!ok) acc[r >>> 5] &= ~(1 << (r & 31));
      }
    }
  }
  return acc;
}

function cellEnv(base: ExprEnv, input: Value): ExprEnv {
  return { ...base, lookup: (name) => (name === '?' ? input : base.lookup(name)) };
}

export function describeInput(p: Prepared, args: Args): string {
  let out = '';
  for (let i = 0; i < p.inputs.length; i++) {
    const pi = p.inputs[i];
    // A safe integer given as a JS number prints as its decimal (what formatValue would give) without building one.
    const f = args.f[i];
    const text = args.v[i] === undefined && pi.field.type.kind !== 'percent' && Number.isSafeInteger(f) ? String(f) : formatValue(valueAt(args, i), pi.field.type);
    out += (i > 0 ? ', ' : '') + pi.field.name + ' = ' + text;
  }
  return out;
}

export function noMatch(p: Prepared, args: Args): EvalFail {
  return new EvalFail(evalError('no-match', p.decision.id, { input: describeInput(p, args) }));
}

export function uniqueViolated(p: Prepared, args: Args, rows: number[]): EvalFail {
  const d = p.decision;
  return new EvalFail(evalError('unique-violated', d.id, { rows: rows.map((r) => `#${r + 1}`).join(', '), hit: d.hit, input: describeInput(p, args) }, { rows: rows.map((r) => r + 1), span: d.rules[rows[1]].span }));
}

const NO_ENV = (): ExprEnv => {
  throw new Error('a constant table has no cell to evaluate');
};

/** `run` for a table of constants without explanation: no scope, no closures, outputs straight from the row. */
export function runConstant(p: Prepared, args: Args): Record<string, Value> | EvalFail {
  const rows = matchRows(p, args, NO_ENV);
  let cells: Cell[];
  if (rows.length === 0) {
    if (!p.defaults) return noMatch(p, args);
    cells = p.defaults;
  } else {
    if (p.decision.hit === 'unique' && rows.length > 1) return uniqueViolated(p, args, rows);
    cells = p.cells[rows[0]];
  }
  const outputs = p.decision.outputs;
  const out: Record<string, Value> = {};
  for (let o = 0; o < outputs.length; o++) {
    const v = (cells[o] as { c: Value }).c;
    out[outputs[o].name] = p.round && p.money[o] ? roundValue(v, p.round) : v;
  }
  return out;
}
