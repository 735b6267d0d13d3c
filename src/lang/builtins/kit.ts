/**
 * What a built-in function is made of (one module per built-in, listed in
 * `index.ts`) and the two kits it works with: the type checker's, to type a
 * call, and the evaluators', to run it.
 *
 * `run` is the one implementation of a built-in: the interpreter calls it,
 * and src/compile/embed.mjs embeds the same source into every generated
 * evaluator (as it embeds the decimal runtime), so the two executions cannot
 * drift. A built-in module therefore uses only `Decimal`, the helpers at the
 * end of this file and its kit: its imports are stripped when embedded.
 */
import type { Params } from '../../diagnostics/catalogue.js';
import type { Field, Value, ValueType } from '../../model/index.js';
import { Decimal, type RoundingMode } from '../../runtime/decimal.js';
import { isTemporal, showTemporal } from '../../runtime/temporal.js';

/** The type of an expression while checking. `flex` marks unsuffixed literals, which adapt to any numeric unit. */
export type TypeT =
  | { t: 'value'; type: ValueType; flex?: boolean }
  | { t: 'null' }
  | { t: 'list'; item?: TypeT }
  | { t: 'context'; decision: string; outputs: Field[] }
  | { t: 'error' };

/** The checker's help for typing one call; messages are catalogue keys (lang/messages.ts). */
export interface TypeKit {
  /** Records `key` at the call, or at argument `at`; `name` is filled in. Returns the error type. */
  err(key: string, params?: Params, at?: number): TypeT;
  /** The common type of arguments `i` and `j` (values `a`, `b`), or undefined. */
  unify(a: TypeT, b: TypeT, i: number, j: number): TypeT | undefined;
  isNumeric(x: TypeT): boolean;
  /** The value kind of `x` (`number`, `string`, …), or `''` for lists, null and contexts. */
  kind(x: TypeT): string;
  /** How `x` reads in a message. */
  show(x: TypeT): string;
  /** A plain value type of `kind`. */
  value(kind: ValueType['kind']): TypeT;
}

/** What a built-in may ask of the evaluator running it. */
export interface RunKit {
  /**
   * Stops the evaluation: "`<call>` cannot be computed: <reason>" (a `bad-value`
   * error), or the evaluator's own message `key` (`bad-date`) when it has one.
   */
  fail(reason: string, detail?: { key: string; params: Record<string, string> }): never;
  /** Order of two values (numbers, strings, dates), undefined when they do not compare. */
  cmp(a: Value, b: Value): -1 | 0 | 1 | undefined;
  /** Value equality (0.70 = 0.7, lists element-wise). */
  eq(a: Value, b: Value): boolean;
  /** `YYYY-MM-DD` as a date value, or undefined. */
  date(text: string): Value | undefined;
  /** The rounding mode of the decision (for `round`). */
  roundMode: RoundingMode;
}

/** One built-in function. */
export interface Builtin {
  /** The name formulas call it by (an identifier). */
  name: string;
  /** Its FEEL name (`string length`), which `import dmn` reads and `export dmn` writes. */
  feel: string;
  /** Least and most arguments (`Infinity` for no bound). */
  arity: readonly [number, number];
  /** How docs/format.md lists it: the call as written and one line on what it gives. */
  doc: { call: string; en: string };
  /** The type of a call whose argument types are `args` (already checked against `arity`). */
  type(args: TypeT[], k: TypeKit): TypeT;
  /** The value of a call; arguments are values (a single-output call already stands for its output). */
  run(args: Value[], k: RunKit): Value;
}

// ---------------------------------------------------------------- helpers for run (embedded too)

/** The items of `min(a, b)` or `min([a, b])`: one list argument is the list. */
export function itemsOf(args: Value[]): Value[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}

/** A number, null for null, else the evaluation stops. */
export function numberArg(v: Value, k: RunKit): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v;
  return k.fail(`\`${showValue(v)}\` is not a number`);
}

/** Text, null for null, else the evaluation stops. */
export function textArg(v: Value, k: RunKit): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  return k.fail(`\`${showValue(v)}\` is not text`);
}

/** A value as it reads in a message. */
export function showValue(v: Value): string {
  if (Decimal.isDecimal(v)) return v.toString();
  if (isTemporal(v)) return showTemporal(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// ---------------------------------------------------------------- helpers for type

/** `min(a, b)` or `min([a, b])`: the common item type, or the error already reported. */
export function itemType(args: TypeT[], k: TypeKit): TypeT {
  const list = args.length === 1 && args[0].t === 'list';
  if (list) {
    const item = (args[0] as { item?: TypeT }).item;
    return item ?? k.err('lang.type.empty-list');
  }
  let acc = args[0];
  for (let i = 1; i < args.length; i++) {
    const u = k.unify(acc, args[i], 0, i);
    if (!u) return k.err('lang.type.arguments-disagree', { a: k.show(acc), b: k.show(args[i]) }, i);
    acc = u;
  }
  return acc;
}

/** Argument `i` must be text (or null). */
export function needText(args: TypeT[], i: number, k: TypeKit): boolean {
  const x = args[i];
  if (x.t === 'null' || k.kind(x) === 'string') return true;
  k.err('lang.type.needs-text', { got: k.show(x) }, i);
  return false;
}

/** Argument `i` must be a number (or null). */
export function needNumber(args: TypeT[], i: number, k: TypeKit): boolean {
  const x = args[i];
  if (x.t === 'null' || k.isNumeric(x)) return true;
  k.err('lang.type.needs-number', { got: k.show(x) }, i);
  return false;
}
