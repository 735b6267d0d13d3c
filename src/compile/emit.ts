/**
 * The pieces of generated code every path shares: constants hoisted once per
 * module (Consts), values, formulas and cell tests as calls into the embedded
 * runtime, and bitsets.
 */
import type { Expr, Field, HitPolicy, UnaryTest, Value } from '../model/index.js';
import { Decimal } from '../runtime/decimal.js';
import { formatExpr } from '../lang/format.js';
import { Code, code, join as joinCode, lit, name } from './code.js';
import { LIST_HITS, NUMERIC_KINDS, typeDomainTest, WHOLE_KINDS } from '../runtime/semantics.js';

export const NUMERIC = NUMERIC_KINDS;

export const WHOLE = WHOLE_KINDS;

export const LISTS = LIST_HITS;

/** Every hit policy, for the `.d.ts` (a record, so a new policy in the model fails type-checking here). */
export const HITS = Object.keys({
  unique: 1,
  any: 1,
  first: 1,
  priority: 1,
  'rule-order': 1,
  'output-order': 1,
  collect: 1,
  'collect-sum': 1,
  'collect-min': 1,
  'collect-max': 1,
  'collect-count': 1,
} satisfies Record<HitPolicy, 1>);

export class Consts {
  readonly decls: Code[] = [];
  private readonly seen = new Map<string, Code>();
  of(v: Value): Code {
    const key = Decimal.isDecimal(v) ? 'd:' + v.toString() : JSON.stringify(v);
    let c = this.seen.get(key);
    if (!c) {
      c = name(`$K${this.seen.size}`);
      this.seen.set(key, c);
      this.decls.push(code`const ${c} = ${valueCode(v)};`);
    }
    return c;
  }
}

function valueCode(v: Value): Code {
  if (Decimal.isDecimal(v)) return code`$d(${lit(v.toString())})`;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return lit(v);
  if (Array.isArray(v)) return code`[${joinCode(v.map(valueCode))}]`;
  if ((v as { kind?: unknown }).kind === 'date') return code`{ kind: "date", iso: ${lit((v as { iso: string }).iso)} }`;
  const entries = Object.entries(v as Record<string, Value>).map(([k, x]) => code`${lit(k)}: ${valueCode(x)}`);
  return code`{ ${joinCode(entries)} }`;
}

/**
 * A formula as a JS expression over scope `s` (and `v`, the cell input, for `?`).
 * With `steps` (the explain variant), every sub-expression the interpreter
 * records as a step is wrapped in `$st`, which records it after computing it
 * (innermost first, as the interpreter does).
 */
export function exprCode(e: Expr, k: Consts, steps = false): Code {
  const inner = exprNode(e, k, steps);
  if (!steps || e.kind === 'literal' || e.kind === 'name') return inner;
  return code`$st(s, ${lit(formatExpr(e))}, ${e.span.line}, ${e.span.column}, ${inner})`;
}

function exprNode(e: Expr, k: Consts, x: boolean): Code {
  const text = () => lit(formatExpr(e));
  switch (e.kind) {
    case 'literal':
      return k.of(e.value.value);
    case 'name':
      return e.name === '?' ? code`v` : code`$get(s, ${lit(e.name)})`;
    case 'field':
      return code`$field(s, ${exprCode(e.target, k, x)}, ${lit(e.field)}, ${text()})`;
    case 'unary':
      return e.op === 'not' ? code`$not(${exprCode(e.operand, k, x)})` : code`$neg(s, ${exprCode(e.operand, k, x)}, ${text()})`;
    case 'binary':
      if (e.op === 'and') return code`$and(${exprCode(e.left, k, x)}, () => ${exprCode(e.right, k, x)})`;
      if (e.op === 'or') return code`$or(${exprCode(e.left, k, x)}, () => ${exprCode(e.right, k, x)})`;
      return code`$bin(s, ${lit(e.op)}, ${exprCode(e.left, k, x)}, ${exprCode(e.right, k, x)}, ${text()})`;
    case 'if':
      return code`($if(${exprCode(e.cond, k, x)}) ? ${exprCode(e.then, k, x)} : ${exprCode(e.else, k, x)})`;
    case 'builtin':
      return code`$bi(s, ${lit(e.name)}, [${joinCode(e.args.map((a) => exprCode(a, k, x)))}], ${text()})`;
    case 'call': {
      // The language takes positional or named arguments, never both, so they are computed in the order written.
      const named = e.named ? code`{ ${joinCode(Object.entries(e.named).map(([n, a]) => code`${lit(n)}: ${exprCode(a, k, x)}`))} }` : code`undefined`;
      return code`$call(s, ${lit(e.decision)}, [${joinCode(e.args.map((a) => exprCode(a, k, x)))}], ${named})`;
    }
    case 'list':
      return code`[${joinCode(e.items.map((i) => exprCode(i, k, x)))}]`;
  }
}

/** A cell as a JS boolean expression over the input value `v`. */
export function testCode(t: UnaryTest, k: Consts): Code {
  switch (t.kind) {
    case 'any':
      return code`true`;
    case 'compare':
      return code`$test(${lit(t.op)}, v, ${k.of(t.value.value)})`;
    case 'range':
      return code`$range(v, ${k.of(t.low.value)}, ${k.of(t.high.value)}, ${t.lowClosed}, ${t.highClosed})`;
    case 'or':
      return code`(${joinCode(t.items.map((i) => testCode(i, k)), ' || ')})`;
    case 'not':
      return code`!(${joinCode(t.items.map((i) => testCode(i, k)), ' || ')})`;
    case 'expr':
      return code`$if(${exprCode(t.expr, k)})`;
  }
}

export function bits(b: Uint32Array): Code {
  return code`[${joinCode(Array.from(b, (x) => code`${x | 0}`))}]`;
}

/** The domain an input is checked against: its declared one, else its type's own (the shared definition). */
export function defaultDomain(f: Field): UnaryTest | undefined {
  return f.type.domain ?? (typeDomainTest(f.type.kind) as UnaryTest | undefined);
}
