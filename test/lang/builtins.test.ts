/**
 * The built-ins' index is the one list: docs/format.md shows exactly its
 * table, the parser knows exactly its names, and each built-in types and runs
 * (the interpreter and the compiled module run the same implementation).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LIST, BUILTIN_BY_FEEL } from '../../src/lang/builtins/index.js';
import { builtinsTable, withBuiltinsTable } from '../../src/lang/builtins/docs.js';
import { BUILTINS } from '../../src/lang/expr.js';
import { docOf, modelOf } from '../evaluate/helpers.js';
import { evaluate } from '../../src/evaluate/index.js';
import { loadCompiled } from '../compile/helpers.js';
import { Decimal } from '../../src/runtime/decimal.js';

/** Formula → expected printed result (decimals as strings), each run by both executions. */
const CASES: [string, string, unknown][] = [
  ['sum', 'sum([1.1, 2.2, a])', '6.3'],
  ['sum_args', 'sum(1, 2)', '3'],
  ['mean', 'mean([1, 2, a])', '2'],
  ['mean_third', 'mean([1, 0, 0])', '0.3333333333333333333333333333333333'],
  ['min', 'min([3, a, 5])', '3'],
  ['max_text', 'max(["pear", "apple"])', 'pear'],
  ['count', 'count([1, 2, 3])', '3'],
  ['len', 'string_length(s)', '6'],
  ['len_astral', 'string_length("a😀b")', '3'],
  ['sub', 'substring(s, 3)', 'obar'],
  ['sub_len', 'substring(s, 3, 2)', 'ob'],
  ['sub_neg', 'substring(s, -2, 1)', 'a'],
  ['sub_out', 'substring(s, 9)', null],
  ['upper', 'upper_case(s)', 'FOOBAR'],
  ['low', 'lower_case("ABC")', 'abc'],
  ['has', 'contains(s, "oba")', true],
  ['starts', 'starts_with(s, "foo")', true],
  ['ends', 'ends_with(s, "foo")', false],
  ['in_list', 'list_contains([1, 2, a], 3.0)', true],
  ['joined', '"Hello " + s', 'Hello foobar'],
  ['null_plus', 'a + null', null],
  ['mod_neg', 'modulo(-10, 4)', '2'],
  ['mod_negdiv', 'modulo(10, -4)', '-2'],
  ['mod_frac', 'modulo(10.5, 3)', '1.5'],
  ['odd', 'odd(a)', true],
  ['even', 'even(a)', false],
  ['product', 'product([2, 3, a])', '18'],
  ['median', 'median([4, 1, 3, 2])', '2.5'],
  ['dec', 'decimal(1.255, 2)', '1.26'],
  ['dec_even', 'decimal(1.245, 2)', '1.24'],
  ['up', 'round_up(-1.121, 2)', '-1.13'],
  ['down', 'round_down(1.129, 2)', '1.12'],
  ['half_up', 'round_half_up(-5.5, 0)', '-6'],
  ['half_down', 'round_half_down(5.5, 0)', '5'],
  ['floor_scale', 'floor(-1.56, 1)', '-1.6'],
  ['ceiling_scale', 'ceiling(1.51, 1)', '1.6'],
  ['all', 'all([true, a > 1])', true],
  ['any', 'any([false, a < 1])', false],
  ['before', 'substring_before(s, "bar")', 'foo'],
  ['after', 'substring_after(s, "ob")', 'ar'],
  ['join', 'string_join(["a", "b"], "-")', 'a-b'],
  ['matches', 'matches(s, "^fo+b")', true],
  ['matches_i', 'matches("ABC", "abc", "i")', true],
  ['matches_bad_flag', 'matches("abc", "abc", "p")', null],
  ['replace', 'replace("banana", "[aeiouy]", "[$0]")', 'b[a]n[a]n[a]'],
  ['replace_group', 'replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', '[1=ab][2=]cd'],
  ['string', '"v" + string(1.50)', 'v1.5'],
  ['number', 'number("1.000.000,01", ".", ",")', '1000000.01'],
  ['sqrt', 'sqrt(16)', '4'],
  ['sqrt2', 'sqrt(2)', '1.414213562373095048801688724209698'],
  ['exp1', 'exp(1)', '2.718281828459045235360287471352662'],
  ['exp_neg', 'exp(-1)', '0.3678794411714423215955237701614609'],
  ['exp0', 'exp(0)', '1'],
  ['log10', 'log(10)', '2.302585092994045684017991454684364'],
  ['log_small', 'log(0.001)', '-6.907755278982137052053974364053093'],
  ['log0', 'log(0)', null],
  ['stddev', 'stddev([2, 4, 7, 5])', '2.081665999466132735282297706979931'],
  ['stddev_one', 'stddev([47])', null],
  ['day_of_year', 'day_of_year(date("2020-12-31"))', '366'],
  ['day_of_week', 'day_of_week(date("2019-09-17"))', 'Tuesday'],
  ['month_of_year', 'month_of_year(date("2019-09-17"))', 'September'],
  ['week_of_year', 'week_of_year(date("2003-12-29"))', '1'],
  ['week_of_year_53', 'week_of_year(date("2005-01-01"))', '53'],
  ['week_of_year_mid', 'week_of_year(date("2019-09-17"))', '38'],
];

/** The output type a case's result needs; of the null results, `sub_out` is text and `matches_bad_flag` a boolean. */
function typeOfResult(id: string, v: unknown): string {
  if (v === null) return id === 'sub_out' ? 'string' : id === 'matches_bad_flag' ? 'boolean' : 'number';
  return typeof v === 'boolean' ? 'boolean' : typeof v === 'string' && !/^-?\d/.test(v) ? 'string' : 'number';
}

describe('built-ins', () => {
  it('docs/format.md lists exactly the index (node scripts/builtins-doc.mjs rewrites it)', () => {
    const page = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
    expect(withBuiltinsTable(page)).toBe(page);
    expect(page).toContain(builtinsTable());
  });

  it('the parser, the index and the DMN names agree', () => {
    expect([...BUILTINS].sort()).toEqual(BUILTIN_LIST.map((b) => b.name).sort());
    expect(BUILTIN_BY_FEEL.size).toBe(BUILTIN_LIST.length);
    for (const b of BUILTIN_LIST) expect(b.name).toMatch(/^[a-z][a-z_]*$/);
  });
});

describe('each built-in, in the interpreter and the compiled module', () => {
  const decisions = CASES.map(([id, formula, expected]) => {
    const out = typeOfResult(id, expected);
    return `  - id: ${id}\n    inputs: { a: { type: number }, s: { type: string } }\n    outputs: { r: { type: ${out} } }\n    formula: { r: '${formula}' }\n`;
  }).join('');
  const model = modelOf(docOf(decisions));
  const input = { a: 3, s: 'foobar' };
  const print = (v: unknown) => (Decimal.isDecimal(v) ? v.toString() : v);

  it.each(CASES)('%s: %s', async (id, _formula, expected) => {
    const r = evaluate(model, id, input);
    expect(r.error).toBeUndefined();
    expect(print(r.output!.r)).toEqual(expected);
    const { mod } = await loadCompiled(model);
    expect(mod.evaluate(id, input).output!.r).toEqual(expected);
  });
});

describe('FEEL semantics for documents that ask for it', () => {
  const decision = `  - id: q\n    inputs: { a: { type: number } }\n    outputs: { r: { type: number } }\n    formula: { r: "10 / a" }\n`;
  it('a division by zero is an error in a rulebook document and null under `semantics: feel`, in both executions', async () => {
    const strict = modelOf(docOf(decision));
    const feel = modelOf(docOf(decision).replace('version: 1\n', 'version: 1\nsemantics: feel\n'));
    expect(evaluate(strict, 'q', { a: 0 }).error?.code).toBe('division-by-zero');
    expect(evaluate(feel, 'q', { a: 0 }).output).toEqual({ r: null });
    expect((await loadCompiled(strict)).mod.evaluate('q', { a: 0 }).error?.code).toBe('division-by-zero');
    expect((await loadCompiled(feel)).mod.evaluate('q', { a: 0 }).output).toEqual({ r: null });
  });

  it('operands of the wrong types are a check error in a rulebook document and null under `semantics: feel`, in both executions', async () => {
    const mixed = `  - id: m\n    inputs: { b: { type: boolean }, s: { type: string } }\n    outputs: { r: { type: number }, o: { type: boolean }, n: { type: number } }\n    formula: { r: "b * 2 + 1", o: "s < 1", n: "-s" }\n`;
    expect(() => modelOf(docOf(mixed))).toThrow(/needs numbers|cannot/);
    const feel = modelOf(docOf(mixed).replace('version: 1\n', 'version: 1\nsemantics: feel\n'));
    const input = { b: true, s: 'x' };
    expect(evaluate(feel, 'm', input).output).toEqual({ r: null, o: null, n: null });
    expect((await loadCompiled(feel)).mod.evaluate('m', input).output).toEqual({ r: null, o: null, n: null });
  });
});
