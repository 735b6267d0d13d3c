import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpr, MAX_EXPR_DEPTH } from '../../src/lang/expr.js';
import type { Expr } from '../../src/model/index.js';
import { at, strip } from './helpers.js';

const ok = (text: string): Expr => {
  const r = parseExpr(text, at);
  expect(r.errors, text).toEqual([]);
  return r.expr!;
};
const err = (text: string) => {
  const r = parseExpr(text, at);
  expect(r.expr, text).toBeUndefined();
  expect(r.errors.length, text).toBe(1);
  return r.errors[0];
};
/** Fully parenthesised rendering, to assert precedence compactly. */
const show = (e: Expr): string => {
  switch (e.kind) {
    case 'literal':
      return e.value.kind === 'number' ? e.value.value.toString() + (e.value.unit === 'percent' ? '%' : '') : JSON.stringify(strip(e.value));
    case 'name':
      return e.name;
    case 'field':
      return `${show(e.target)}.${e.field}`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'if':
      return `(if ${show(e.cond)} ${show(e.then)} ${show(e.else)})`;
    case 'builtin':
      return `${e.name}!(${e.args.map(show).join(' ')})`;
    case 'call':
      return `${e.decision}@(${e.args.map(show).join(' ')}${e.named ? Object.entries(e.named).map(([k, v]) => ` ${k}=${show(v)}`).join('') : ''})`;
    case 'list':
      return `[${e.items.map(show).join(' ')}]`;
  }
};

describe('parseExpr', () => {
  it('follows FEEL precedence', () => {
    expect(show(ok('a or b and c = d + e * f ** g'))).toBe('(a or (b and (c = (d + (e * (f ** g))))))');
    expect(show(ok('a - b - c'))).toBe('((a - b) - c)');
    expect(show(ok('a / b * c'))).toBe('((a / b) * c)');
    expect(show(ok('-a ** 2'))).toBe('((- a) ** 2)');
    expect(show(ok('-2 ** 2'))).toBe('(-2 ** 2)');
    expect(show(ok('a - -5'))).toBe('(a - -5)');
    expect(show(ok('(a + b) * c'))).toBe('((a + b) * c)');
    expect(show(ok('not(a) and b != c'))).toBe('((not a) and (b != c))');
    expect(show(ok('1 + if a then 2 else 3 + 4'))).toBe('(1 + (if a 2 (3 + 4)))');
  });

  it('reads decision calls, fields and built-ins', () => {
    const e = ok('sales * cs.performance_rate(conversion).rate');
    expect(show(e)).toBe('(sales * cs.performance_rate@(conversion).rate)');
    expect(show(ok('cs.rate(conversion: x, sales: 1)'))).toBe('cs.rate@( conversion=x sales=1)');
    expect(show(ok('fine(x)'))).toBe('fine@(x)');
    expect(show(ok('a.b.c'))).toBe('a.b.c');
    expect(show(ok('min(a, 5) + max([1, 2]) + round(x, 0.01)'))).toBe('((min!(a 5) + max!([1 2])) + round!(x 0.01))');
    expect(show(ok('count'))).toBe('count');
    expect(strip(ok('date("2026-01-31")'))).toEqual({ kind: 'literal', value: { kind: 'date', value: { kind: 'date', iso: '2026-01-31' } } });
    expect(strip(ok('2026-01-31'))).toEqual(strip(ok('date("2026-01-31")')));
    expect(strip(ok('1.5%'))).toEqual({ kind: 'literal', value: { kind: 'number', value: 'dec:0.015', unit: 'percent' } });
    expect(strip(ok('"泄露"'))).toEqual({ kind: 'literal', value: { kind: 'string', value: '泄露' } });
    expect(strip(ok('null'))).toEqual({ kind: 'literal', value: { kind: 'null', value: null } });
    expect(show(ok('销售额 * 1%'))).toBe('(销售额 * 0.01%)');
  });

  it('reads a lone bare enum key as that key when told the keys', () => {
    const keys = new Set(['secret', 'top_secret']);
    expect(strip(parseExpr(' secret ', at, { enumKeys: keys }).expr)).toEqual({ kind: 'literal', value: { kind: 'string', value: 'secret' } });
    expect(strip(parseExpr('secret', at).expr)).toEqual({ kind: 'name', name: 'secret' });
    expect(show(parseExpr('secret and x', at, { enumKeys: keys }).expr!)).toBe('(secret and x)');
  });

  it('gives exact spans', () => {
    const e = ok('sales * cs.performance_rate(conversion).rate');
    if (e.kind !== 'binary' || e.right.kind !== 'field' || e.right.target.kind !== 'call') throw new Error('shape');
    expect(e.span).toMatchObject({ column: 1, endColumn: 45 });
    expect(e.left.span).toMatchObject({ column: 1, endColumn: 6 });
    expect(e.right.span).toMatchObject({ column: 9, endColumn: 45 });
    expect(e.right.target.span).toMatchObject({ column: 9, endColumn: 40 });
    expect(e.right.target.args[0].span).toMatchObject({ column: 29, endColumn: 39 });
    const neg = ok('x - -5');
    if (neg.kind !== 'binary') throw new Error('shape');
    expect(neg.right.span).toMatchObject({ column: 5, endColumn: 7 });
  });

  it('explains errors', () => {
    expect(err('sales +')).toMatchObject({ message: 'unexpected end of formula, expected a value', start: 7 });
    expect(err('a b').hint).toContain('operator');
    expect(err('if a then b').message).toContain('expected `else`');
    expect(err('1 < 2 < 3').hint).toContain('do not chain');
    expect(err('a == b').hint).toContain('`=`');
    expect(err('a && b').hint).toContain('`and`');
    expect(err('!a').hint).toContain('not(x)');
    expect(err('sales * 1,000').hint).toContain('1000');
    expect(err('(a + b').message).toContain('expected `)`');
    expect(err('a + b)').hint).toContain('closes nothing');
    expect(err('date("2026-13-01")').message).toContain('no month 13');
    expect(err('f(x: 1, 2)').message).toContain('positional');
    expect(err('f(x: 1, x: 2)').message).toContain('twice');
    expect(err('min(x: 1)').message).toContain('no named');
    expect(err('(a)(b)').hint).toContain('by name');
    expect(err('sales × 2').hint).toContain('`*`');
    expect(err('').message).toBe('empty formula');
    expect(err('a.if').message).toContain('output name');
    expect(err('not a').hint).toContain('not(x)');
  });

  it('refuses deep nesting with a clear error and no stack overflow', () => {
    for (const open of ['(', '[', '-', 'not(', 'f(', 'if a then ']) {
      const text = open.repeat(10000) + '1';
      const e = err(text);
      expect(e.message, open).toContain(String(MAX_EXPR_DEPTH));
    }
    ok('('.repeat(MAX_EXPR_DEPTH - 1) + '1' + ')'.repeat(MAX_EXPR_DEPTH - 1));
    // A long flat chain builds a deep (left-leaning) tree, which later recursive passes must not choke on.
    expect(err(Array(100000).fill('1').join(' + ')).message).toContain(String(MAX_EXPR_DEPTH));
    ok(Array(200).fill('x').join(' * '));
    expect(parseExpr(Array(100000).fill('1').join(', ').replace(/^/, '[') + ']', at).errors).toEqual([]);
  });

  it('never throws on any input', () => {
    const piece = fc.constantFrom(...'()[]+-*/<>=!.,: 0123456789abxy"%'.split(''), '**', '..', 'if ', ' then ', ' else ', ' and ', ' or ', 'not(', 'cs.f(', 'min(', '70%', '中文', 'date("2026-01-01")');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(piece, { maxLength: 40 }).map((a) => a.join(''))), (s) => {
        const r = parseExpr(s, at);
        return (r.expr !== undefined) !== (r.errors.length > 0);
      }),
      { numRuns: 3000 },
    );
  });
});
