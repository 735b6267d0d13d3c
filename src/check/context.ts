/**
 * What every check rule gets besides the model: the table view of each
 * decision (built once, shared), and helpers for labels and related locations.
 */
import type { Related } from '../diagnostics/index.js';
import { t } from '../diagnostics/catalogue.js';
import type { Decision, Model, Rule, Span } from '../model/index.js';
import { buildTable, type TableResult } from './table.js';

export class CheckContext {
  private readonly tables = new Map<Decision, TableResult>();

  constructor(readonly model: Model) {}

  /** Every decision version, in model order, but those resolve found errors in (see `Decision.flawed`). */
  get decisions(): Decision[] {
    return [...this.model.decisions.values()].flat().filter((d) => !d.flawed);
  }

  /** The table view of `decision` (cached). */
  table(decision: Decision): TableResult {
    let r = this.tables.get(decision);
    if (!r) {
      r = buildTable(decision);
      this.tables.set(decision, r);
    }
    return r;
  }

  /** A labelled secondary location. */
  related(span: Span, key: string, params: Record<string, string> = {}): Related {
    const { file, line, column, endLine, endColumn } = span;
    const r: Related = { file, line, column, message: t(key, params).message, key, params };
    if (endLine !== undefined) r.endLine = endLine;
    if (endColumn !== undefined) r.endColumn = endColumn;
    return r;
  }
}

/** How messages name a row: its id when the author gave one, else its 1-based number. */
export function rowName(rule: Rule): string {
  return rule.id !== undefined ? `\`${rule.id}\`` : String(rule.index + 1);
}

/** `a = 1, b = "x"` from a witness input record. */
export function showPoint(input: Record<string, string>): string {
  return Object.entries(input)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
}
