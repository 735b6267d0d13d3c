/**
 * Properties of the table checks on generated tables: a reported overlap
 * witness is matched by both rows, a gap witness by none; a brute force over
 * a grid finer than every cell agrees on whether there is any overlap or gap
 * at all; a table built as a partition reports nothing. Also the bad input of
 * issue 3 that only a hand-built model can carry (expression cells).
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { check } from '../../src/check/index.js';
import type { PosSet } from '../../src/check/posset.js';
import { treeSwitch, type Boxes } from '../../src/check/sweep.js';
import { findGaps, shadowedRows } from '../../src/check/runs.js';
import { buildTable, validity, type Table } from '../../src/check/table.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { matchesUnary, parseUnaryTest } from '../../src/lang/unary.js';
import type { Cell, Decision, Field, HitPolicy, Literal, Model, Rule, Span, UnaryTest, Value } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';

setLang('en');

type Kind = 'percent' | 'integer' | 'enum';
const ENUM = ['a', 'b', 'c'];

const span = (line: number, column = 1): Span => ({ file: 'gen.yaml', line, column });

function lit(kind: Kind, n: number): Literal {
  if (kind === 'enum') return { kind: 'string', value: ENUM[n % ENUM.length] };
  if (kind === 'percent') return { kind: 'number', value: new Decimal(BigInt(n * 10), 2), unit: 'percent' };
  return { kind: 'number', value: Decimal.fromNumber(n) };
}

/** Percent literals are multiples of 10%, integers lie in -2..12, enums are a/b/c. */
const literalIndex = (kind: Kind) => (kind === 'percent' ? fc.integer({ min: 0, max: 10 }) : kind === 'integer' ? fc.integer({ min: -2, max: 12 }) : fc.integer({ min: 0, max: 2 }));

function testArb(kind: Kind): fc.Arbitrary<UnaryTest> {
  const leaf: fc.Arbitrary<UnaryTest> =
    kind === 'enum'
      ? fc.oneof(
          fc.constant<UnaryTest>({ kind: 'any' }),
          literalIndex(kind).map((n): UnaryTest => ({ kind: 'compare', op: '=', value: lit(kind, n) })),
        )
      : fc.oneof(
          fc.constant<UnaryTest>({ kind: 'any' }),
          fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '=' as const), literalIndex(kind)).map(([op, n]): UnaryTest => ({ kind: 'compare', op, value: lit(kind, n) })),
          fc.tuple(literalIndex(kind), literalIndex(kind), fc.boolean(), fc.boolean()).map(([x, y, lc, hc]): UnaryTest => {
            const [lo, hi] = x <= y ? [x, y] : [y, x];
            const closed = lo === hi;
            return { kind: 'range', low: lit(kind, lo), high: lit(kind, hi), lowClosed: closed || lc, highClosed: closed || hc };
          }),
        );
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf.filter((t) => t.kind !== 'any'), { minLength: 2, maxLength: 2 }).map((items): UnaryTest => ({ kind: 'or', items })) },
    { weight: 1, arbitrary: fc.array(leaf.filter((t) => t.kind !== 'any'), { minLength: 1, maxLength: 2 }).map((items): UnaryTest => ({ kind: 'not', items })) },
  );
}

function field(name: string, kind: Kind): Field {
  return {
    name,
    type: kind === 'enum' ? { kind, values: ENUM.map((key) => ({ key, label: key, span: span(1) })) } : { kind },
    span: span(1),
  };
}

function model(decision: Decision): Model {
  return {
    config: { title: 't', locale: 'en', currency: 'CNY', audiences: [{ id: 'staff', label: 'staff' }], defaultAudience: 'staff' },
    documents: [],
    decisions: new Map([[decision.id, [decision]]]),
    tests: [],
    sections: new Map(),
  };
}

/** Row i sits on line 10 + i, so a finding's line names its row. */
function decisionOf(kinds: Kind[], rows: { tests: UnaryTest[]; out: number }[], hit: HitPolicy = 'unique'): Decision {
  const inputs = kinds.map((k, j) => field(`x${j}`, k));
  const rules: Rule[] = rows.map((r, i) => ({
    index: i,
    when: r.tests.map((test, j): Cell => ({ input: inputs[j].name, source: 'generated', test: { ...test, span: span(10 + i, 20) }, span: span(10 + i, 20) })),
    then: [{ output: 'y', source: String(r.out), expr: { kind: 'literal', value: { kind: 'number', value: Decimal.fromNumber(r.out) }, span: span(10 + i) }, span: span(10 + i) }],
    span: span(10 + i),
  }));
  return { id: 'gen.table', document: 'gen', hit, inputs, outputs: [{ name: 'y', type: { kind: 'integer' }, span: span(2) }], rules, formulas: [], assertions: [], span: span(3) };
}

const tableArb = fc
  .array(fc.constantFrom<Kind>('percent', 'integer', 'enum'), { minLength: 1, maxLength: 3 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.record({ tests: fc.tuple(...kinds.map(testArb)), out: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 7 }),
    }),
  );

/** The value a witness text denotes, read back through the cell parser (so the text is also valid cell syntax). */
function readBack(text: string): Value {
  const r = parseUnaryTest(text, () => span(1));
  expect(r.errors).toEqual([]);
  const t = r.test!;
  if (t.kind !== 'compare' || t.op !== '=') throw new Error(`not a value: ${text}`);
  return t.value.value;
}

function pointOf(d: Diagnostic, decision: Decision): Value[] {
  return decision.inputs.map((f) => readBack(d.witness!.input[f.name]));
}

const matches = (rule: Rule, point: Value[]) => rule.when.every((c, j) => matchesUnary(c.test, point[j]));

/** Every point of a grid finer than any cell: integers -4..14, percents in steps of 5%, all enum keys. */
function grid(kind: Kind): Value[] {
  if (kind === 'enum') return ENUM;
  if (kind === 'integer') return Array.from({ length: 19 }, (_, i) => Decimal.fromNumber(i - 4));
  return Array.from({ length: 21 }, (_, i) => new Decimal(BigInt(i * 5), 2));
}

function* points(kinds: Kind[]): Generator<Value[]> {
  const axes = kinds.map(grid);
  const idx = axes.map(() => 0);
  for (;;) {
    yield idx.map((k, i) => axes[i][k]);
    let i = idx.length - 1;
    while (i >= 0 && ++idx[i] === axes[i].length) idx[i--] = 0;
    if (i < 0) return;
  }
}

describe('check properties', () => {
  it.each([
    ['run by run', 8],
    ['trees', 0],
  ])('overlap witnesses match both rows; gap witnesses match none; the brute force agrees (%s)', (_, factor) => {
    const saved = { ...treeSwitch };
    Object.assign(treeSwitch, { factor, slack: factor === 0 ? 0 : saved.slack });
    onTestFinished(() => void Object.assign(treeSwitch, saved));
    fc.assert(
      fc.property(tableArb, ({ kinds, rows }) => {
        const decision = decisionOf(kinds, rows);
        const found = check(model(decision));
        if (factor === 0) {
          // The trees must say exactly what the run-by-run sweeps say: same regions, witnesses, bordering rows.
          Object.assign(treeSwitch, saved);
          expect(found).toEqual(check(model(decision)));
          Object.assign(treeSwitch, { factor: 0, slack: 0 });
          const first = decisionOf(kinds, rows, 'first');
          const viaTrees = check(model(first));
          Object.assign(treeSwitch, saved);
          expect(viaTrees).toEqual(check(model(first)));
          Object.assign(treeSwitch, { factor: 0, slack: 0 });
        }
        const overlaps = found.filter((d) => d.code === 'overlap' && d.severity === 'error');
        const gaps = found.filter((d) => d.code === 'gap' && d.severity === 'error');
        for (const d of overlaps) {
          const b = decision.rules[d.line - 10];
          const a = decision.rules[d.related![0].line - 10];
          const p = pointOf(d, decision);
          expect(matches(a, p), `${d.message}`).toBe(true);
          expect(matches(b, p), `${d.message}`).toBe(true);
        }
        for (const d of gaps) {
          const p = pointOf(d, decision);
          expect(decision.rules.some((r) => matches(r, p)), d.message).toBe(false);
          if (kinds.includes('percent')) {
            kinds.forEach((k, j) => {
              if (k === 'percent') expect((p[j] as Decimal).gte(Decimal.ZERO) && (p[j] as Decimal).lte(Decimal.ONE)).toBe(true);
            });
          }
        }
        let anyGap = false;
        let anyOverlap = false;
        for (const p of points(kinds)) {
          if (kinds.some((k, j) => k === 'percent' && (p[j] as Decimal).gt(Decimal.ONE))) continue;
          const hit = decision.rules.filter((r) => matches(r, p));
          if (hit.length === 0) anyGap = true;
          if (new Set(hit.map((r) => r.then[0].source)).size > 1) anyOverlap = true;
        }
        // Integers outside -4..14 behave like the ends of the grid, so the grid is exhaustive.
        expect(gaps.length > 0).toBe(anyGap);
        expect(overlaps.length > 0).toBe(anyOverlap);
      }),
      { numRuns: 300 },
    );
  });

  it('a table built as a partition reports nothing', () => {
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 6 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(cuts, cuts, fc.boolean(), (pc, ic, closedLeft) => {
        // Percent axis cut at pc into half-open bands; integer axis cut at ic into closed whole-number bands.
        const pBands: UnaryTest[] = [];
        const bounds = [0, ...pc, 100];
        for (let i = 0; i + 1 < bounds.length; i++) {
          const last = i + 2 === bounds.length;
          pBands.push({
            kind: 'range',
            low: { kind: 'number', value: new Decimal(BigInt(bounds[i]), 2), unit: 'percent' },
            high: { kind: 'number', value: new Decimal(BigInt(bounds[i + 1]), 2), unit: 'percent' },
            lowClosed: closedLeft || i === 0,
            highClosed: !closedLeft || last,
          });
        }
        const iBands: UnaryTest[] = [];
        let lo = 0;
        for (const c of [...ic, 100]) {
          iBands.push({ kind: 'range', low: lit('integer', lo), high: lit('integer', c), lowClosed: true, highClosed: true });
          lo = c + 1;
        }
        iBands.push({ kind: 'compare', op: '>', value: lit('integer', 100) });
        iBands.push({ kind: 'compare', op: '<', value: lit('integer', 0) });
        const rows = pBands.flatMap((p, i) => iBands.map((q, j) => ({ tests: [p, q], out: i * 100 + j })));
        const found = check(model(decisionOf(['percent', 'integer'], rows)));
        expect(found.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('skips a table with an expression cell with one info, never a wrong finding', () => {
    const d = decisionOf(['integer'], [
      { tests: [{ kind: 'compare', op: '<', value: lit('integer', 5) }], out: 1 },
      { tests: [{ kind: 'compare', op: '<', value: lit('integer', 3) }], out: 2 },
    ]);
    d.rules[1].when[0].test = { kind: 'expr', expr: { kind: 'literal', value: { kind: 'boolean', value: true }, span: span(11) }, span: span(11, 20) };
    const found = check(model(d));
    expect(found.map((x) => `${x.code}:${x.severity}`)).toEqual(['limit:info']);
  });

  it('analyses a first table row by row: a row covered by earlier rows is shadowed', () => {
    const d = decisionOf(
      ['integer'],
      [
        { tests: [{ kind: 'compare', op: '<=', value: lit('integer', 5) }], out: 1 },
        { tests: [{ kind: 'compare', op: '>', value: lit('integer', 5) }], out: 2 },
        { tests: [{ kind: 'range', low: lit('integer', 3), high: lit('integer', 8), lowClosed: true, highClosed: true }], out: 3 },
      ],
      'first',
    );
    const found = check(model(d));
    expect(found.map((x) => `${x.code} ${x.line}`)).toEqual(['shadowed 12']);
  });

  it('a catch-all last row of a big first table is shadowed, naming a few of the rows that cover it', () => {
    const rows: { tests: UnaryTest[]; out: number }[] = [
      { tests: [{ kind: 'compare', op: '<', value: lit('integer', 0) }], out: 0 },
      ...Array.from({ length: 2000 }, (_, i) => ({ tests: [{ kind: 'compare', op: '=', value: lit('integer', i) } as UnaryTest], out: 1 })),
      { tests: [{ kind: 'compare', op: '>=', value: lit('integer', 2000) }], out: 2 },
      { tests: [{ kind: 'any' }], out: 3 },
    ];
    const found = check(model(decisionOf(['integer'], rows, 'first')));
    expect(found.map((d) => `${d.code} ${d.line}`)).toEqual([`shadowed ${10 + 2002}`]);
    expect(found[0].message).toContain('… (+1994)');
    expect(found[0].related).toHaveLength(5);
  });

  it('lists at most 50 shadowed rows per decision and counts the rest', () => {
    const rows = Array.from({ length: 61 }, (_, i) => ({ tests: [{ kind: 'compare', op: '>=', value: lit('integer', i) } as UnaryTest], out: i }));
    rows.unshift({ tests: [{ kind: 'compare', op: '<', value: lit('integer', 0) }], out: 99 });
    const found = check(model(decisionOf(['integer'], rows, 'first')));
    expect(found.filter((d) => d.code === 'shadowed' && d.severity === 'warning')).toHaveLength(50);
    const more = found.filter((d) => d.severity === 'info');
    expect(more.map((d) => d.message)).toEqual(['10 more rows of `gen.table` can never fire, not listed']);
  });

  it.each([
    ['run by run', 8],
    ['trees', 0],
  ])('the shadowed sweep agrees with the quadratic definition and with a brute force (%s)', (_, factor) => {
    const saved = { ...treeSwitch };
    Object.assign(treeSwitch, { factor, slack: factor === 0 ? 0 : saved.slack });
    onTestFinished(() => void Object.assign(treeSwitch, saved));
    const ranked = tableArb.chain((t) =>
      fc.record({ t: fc.constant(t), ranks: fc.option(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: t.rows.length, maxLength: t.rows.length }), { nil: undefined }) }),
    );
    fc.assert(
      fc.property(ranked, ({ t: { kinds, rows }, ranks }) => {
        const decision = decisionOf(kinds, rows, 'first');
        const built = buildTable(decision);
        if (!built.ok) return;
        const { table } = built;
        const rank = ranks ?? rows.map((_, i) => i);
        const swept = shadowedRows(table.boxes, table.live, rank, validity(table.axes));
        expect(swept).toEqual(quadraticShadowed(table, rank));
        // The brute force: a live row is shadowed iff every grid point it matches is matched by a row of lower rank.
        const brute = table.live.filter((i) => {
          let some = false;
          for (const p of points(kinds)) {
            if (!matches(decision.rules[i], p)) continue;
            some = true;
            if (!decision.rules.some((r, w) => rank[w] < rank[i] && matches(r, p))) return false;
          }
          return some;
        });
        expect(swept).toEqual(brute);
        if (!ranks) {
          const reported = check(model(decision)).filter((d) => d.code === 'shadowed').map((d) => d.line - 10);
          expect(reported.sort((a, b) => a - b)).toEqual(swept);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The definition the sweep replaced, kept as the reference: row by row, the
 * winning rows that meet it, and whether they leave any of its box uncovered.
 */
function quadraticShadowed(table: Table, rank: number[]): number[] {
  const { boxes, live } = table;
  const meets = (a: PosSet, b: PosSet) => a.some((_, i) => i % 2 === 0 && b.some((__, j) => j % 2 === 0 && a[i] <= b[j + 1] && b[j] <= a[i + 1]));
  const boxOf = (b: Boxes, r: number) => b.box(r);
  return live.filter((i) => {
    const box = boxOf(boxes, i);
    const rivals = live.filter((w) => w !== i && rank[w] < rank[i] && boxOf(boxes, w).every((set, a) => meets(set, box[a])));
    if (rivals.length === 0) return false;
    return findGaps(boxes, rivals, box, validity(table.axes), 1).length === 0;
  });
}
