/**
 * The structured semantic diff of two Models: what `diffModels` returns, what
 * `renderDiffMarkdown` prints and what `rulebook diff --format json` emits.
 * Values are already in the author's units (`70%`, `¥1,500.00`), so the JSON
 * needs no model to be read.
 */
import type { TextRun } from './text.js';

/** A changed scalar property (metadata field, hit policy, title, a cell…). */
export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
}

export interface SectionDiff {
  anchor: string;
  status: 'added' | 'removed' | 'changed';
  title: string;
  titleBefore?: string;
  /** Character-level runs of the prose, for `changed`. */
  text?: TextRun[];
  /** Metadata of the section (audience) that changed. */
  changes: FieldChange[];
}

export interface DocumentDiff {
  id: string;
  title: string;
  status: 'added' | 'removed' | 'changed';
  file: string;
  /** Same id in another file. */
  movedFrom?: string;
  /** Same content under another id. */
  renamedFrom?: string;
  metadata: FieldChange[];
  sections: SectionDiff[];
  terms: FieldChange[];
}

/** A row of a decision table that was added, removed or changed. */
export interface RowDiff {
  status: 'added' | 'removed' | 'changed';
  /** 1-based row numbers in the base and head tables. */
  baseRow?: number;
  headRow?: number;
  id?: string;
  /** Input cells and output entries of the row: for added/removed all of them, for changed only the changed ones. */
  cells: FieldChange[];
  outputs: FieldChange[];
  /** Cells whose comparison kept its shape and only moved its bound (`< 70%` → `< 75%`). */
  thresholds: string[];
}

/** One input region where the result changes, with an example computed on both sides. */
export interface ImpactRegion {
  /** Input name → region text (`[70%..75%)`, `= "leak"`); inputs held fixed are absent. */
  region: Record<string, string>;
  /** The representative input, in the author's units. */
  example: Record<string, string>;
  before: string;
  after: string;
  /** How many of the sampled points fall in this region. */
  points: number;
}

export interface DecisionDiff {
  id: string;
  title: string;
  document: string;
  /** The effective start that tells versions apart, when the decision has versions. */
  version?: string;
  status: 'added' | 'removed' | 'changed';
  /** Input and output names in declared order (head side first): the columns of the rows table. */
  inputs: string[];
  outputs: string[];
  changes: FieldChange[];
  rows: RowDiff[];
  impact: ImpactRegion[];
  /** Why impact is missing or partial: the inputs changed, or too many combinations to enumerate all. */
  impactNote?: 'inputs-changed' | 'sampled';
  /** Regions found beyond those listed. */
  impactMore?: number;
  /** True when only a decision it calls changed. */
  indirect?: boolean;
}

export interface ModelDiff {
  config: FieldChange[];
  documents: DocumentDiff[];
  decisions: DecisionDiff[];
  tests: { added: number; removed: number; changed: number };
  /** Locale of the head side: the report's language follows it unless told otherwise. */
  locale: 'zh-CN' | 'en';
}
