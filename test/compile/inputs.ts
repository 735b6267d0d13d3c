import fc from 'fast-check';
import type { Decision, Field, UnaryTest } from '../../src/model/index.js';
import { Decimal } from '../../src/runtime/decimal.js';

/** Numbers a field's cells and domain mention, and their neighbours: where tables break. */
export function boundaries(d: Decision, f: Field, i: number): Decimal[] {
  const out: Decimal[] = [Decimal.ZERO, Decimal.ONE];
  const walk = (t: UnaryTest | undefined) => {
    if (!t) return;
    if (t.kind === 'compare' && t.value.kind === 'number') out.push(t.value.value);
    if (t.kind === 'range') for (const l of [t.low, t.high]) if (l.kind === 'number') out.push(l.value);
    if (t.kind === 'or' || t.kind === 'not') t.items.forEach(walk);
  };
  d.rules.forEach((r) => walk(r.when[i]?.test));
  walk(f.type.domain);
  const step = f.type.kind === 'percent' ? Decimal.parse('0.0001')! : f.type.kind === 'money' || f.type.kind === 'number' ? Decimal.parse('0.01')! : Decimal.ONE;
  return out.flatMap((p) => [p, p.add(step), p.sub(step)]);
}

/** Inputs of a decision: boundary values and random ones, as JS numbers, decimal strings and `70%`, plus bad keys and dates. */
export function arbInput(d: Decision): fc.Arbitrary<Record<string, unknown>> {
  const fields = d.inputs.map((f, i) => {
    let a: fc.Arbitrary<unknown>;
    if (f.type.kind === 'enum') a = fc.constantFrom(...f.type.values!.map((v) => v.key), 'not-a-key');
    else if (f.type.kind === 'boolean') a = fc.boolean();
    else if (f.type.kind === 'date') a = fc.constantFrom('2025-12-31', '2026-01-01', '2026-06-30', 'bad');
    else if (f.type.kind === 'string') a = fc.string();
    else {
      const whole = f.type.kind === 'integer' || f.type.kind === 'months' || f.type.kind === 'days';
      const b = boundaries(d, f, i);
      const dec = fc.oneof(fc.constantFrom(...b), whole ? fc.integer({ min: -5, max: 200000 }).map((n) => Decimal.fromBigInt(BigInt(n))) : fc.integer({ min: -100, max: 20_000_000 }).map((n) => new Decimal(BigInt(n), 2)));
      a = fc.tuple(dec, fc.constantFrom('number', 'string', 'percent')).map(([x, how]) =>
        how === 'number' ? Number(x.toString()) : how === 'percent' && f.type.kind === 'percent' ? x.mul(Decimal.fromBigInt(100n)).toString() + '%' : x.toString(),
      );
    }
    return [f.name, a] as const;
  });
  return fc.record(Object.fromEntries(fields));
}
