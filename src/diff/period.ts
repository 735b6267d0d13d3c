/**
 * Time in the diff: a decision version's period (its own `effective`, else its
 * document's: the contract of DESIGN's "Dates"), the stretches of time in
 * which the versions in force stay the same on both sides, and their words.
 * Periods are half-open ISO dates; an absent end is open.
 */
import type { Decision, Model } from '../model/index.js';
import type { Words } from './words.js';

export interface Span {
  from?: string;
  until?: string;
}

/** The period of one decision version. */
export function periodOf(model: Model, d: Decision): Span {
  const e = d.effective ?? model.documents.find((doc) => doc.id === d.document)?.effective;
  return e ? { from: e.from.iso, ...(e.until && { until: e.until.iso }) } : {};
}

/** Whether a period contains a date (an undated version contains every date). */
function inPeriod(p: Span, date: string | undefined): boolean {
  if (date === undefined) return true;
  return (p.from === undefined || p.from <= date) && (p.until === undefined || date < p.until);
}

/** The version of `id` in force on `date` (the latest when the date is unknown). */
export function versionAt(model: Model, id: string, date: string | undefined): Decision | undefined {
  const vs = model.decisions.get(id) ?? [];
  if (date === undefined) return vs[vs.length - 1];
  for (let i = vs.length - 1; i >= 0; i--) if (inPeriod(periodOf(model, vs[i]), date)) return vs[i];
  return undefined;
}

function dayBefore(iso: string): string {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** One stretch of time and the date evaluations in it are made as of. */
export interface Segment extends Span {
  asOf?: string;
}

/**
 * The stretches of time between every start and end of the versions of `ids`
 * on both sides: within one, no side changes which version is in force.
 * Without any date there is one segment, evaluated without a date.
 */
export function segments(models: Model[], ids: Iterable<string>): Segment[] {
  const dates = new Set<string>();
  for (const m of models) {
    for (const id of ids) {
      for (const d of m.decisions.get(id) ?? []) {
        const p = periodOf(m, d);
        if (p.from) dates.add(p.from);
        if (p.until) dates.add(p.until);
      }
    }
  }
  const sorted = [...dates].sort();
  if (!sorted.length) return [{}];
  const out: Segment[] = [{ until: sorted[0], asOf: dayBefore(sorted[0]) }];
  sorted.forEach((from, i) => out.push({ from, ...(i + 1 < sorted.length && { until: sorted[i + 1] }), asOf: from }));
  return out;
}

/** A period as a reader says it: `自 2027-01-01 起` / `from 2027-01-01`, `2026-01-01 至 2026-12-31` (the end day included). */
export function periodWords(p: Span): Words | undefined {
  const last = p.until && dayBefore(p.until);
  if (p.from && last) return { zh: `${p.from} 至 ${last}`, en: `from ${p.from} to ${last}` };
  if (p.from) return { zh: `自 ${p.from} 起`, en: `from ${p.from}` };
  if (p.until) return { zh: `${p.until} 之前`, en: `before ${p.until}` };
  return undefined;
}
