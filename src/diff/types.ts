/**
 * The structured semantic diff of two Models: what `diffModels` returns, what
 * `renderDiffMarkdown` prints and what `rulebook diff --format json` emits.
 * Values are already in the author's units (`70%`, `¥1,500.00`), so the JSON
 * needs no model to be read.
 */
import type { TextRun } from './text.js';
import type { Words } from './words.js';

export type { Words } from './words.js';

/** A changed scalar property (metadata field, hit policy, title, a cell…). */
export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
  /** The field's label in the reader's words (a decision's input or output, a metadata field). */
  label?: Words;
  /** Both sides in the reader's words, where they differ from the raw text. */
  beforeWords?: Words;
  afterWords?: Words;
}

export interface SectionDiff {
  anchor: string;
  status: 'added' | 'removed' | 'changed';
  title: string;
  titleEn?: string;
  titleBefore?: string;
  titleEnBefore?: string;
  /** Character-level runs of the prose, for `changed`. */
  text?: TextRun[];
  /** Metadata of the section (audience) that changed. */
  changes: FieldChange[];
}

export interface DocumentDiff {
  id: string;
  title: string;
  /**
   * `unparsed`: the head's file does not parse, or has errors that keep its
   * document out of the head (`invalid`: a schema error such as `hit: uniq`);
   * what it holds is not compared, and is not removed.
   */
  status: 'added' | 'removed' | 'changed' | 'unparsed';
  /** The file parses but its errors keep the document out (said as "has errors", not "does not parse"). */
  invalid?: boolean;
  titleEn?: string;
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
  /** `moved`: the same row at another place, in a table where order decides (`first`, `rule-order`). */
  status: 'added' | 'removed' | 'changed' | 'moved';
  /** 1-based row numbers in the base and head tables. */
  baseRow?: number;
  headRow?: number;
  id?: string;
  /** Input cells and output entries of the row: for added/removed all of them, for changed only the changed ones. */
  cells: FieldChange[];
  outputs: FieldChange[];
  /** For a changed row: its conditions that did not change (not `any`), shown beside the change so the row can be told. */
  context?: FieldChange[];
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
  /** How many of the compared points fall in this region. */
  points: number;
  /** The same in the reader's words: where (labels, thresholds in words), the example, both outcomes. */
  words: { where: Words; example: Words; changes: { label?: Words; before: Words; after: Words }[] };
  /** Whether `region` describes the whole region (every input that varies has an axis); else only the example is known. */
  bounded: boolean;
  /** How consequential the example is (the size of a money change), to pick the report's headline. */
  weight: number;
}

/** What a change does in one stretch of time, for one decision. */
export interface PeriodImpact {
  from?: string;
  until?: string;
  /** The period in words (absent when undated: always). */
  period?: Words;
  /** `compared`: both sides have a version in force; `added`: only the head (a new version); `removed`: only the base. */
  kind: 'compared' | 'added' | 'removed';
  /** `exact`: every input region compared (tables with literal outputs); `sampled`: `inputs` points tried. */
  proof: 'exact' | 'sampled';
  /** How many inputs were evaluated on each side. */
  inputs: number;
  regions: ImpactRegion[];
  /** Regions found beyond those listed. */
  more: number;
  inputsAdded?: Words[];
  inputsRemoved?: Words[];
  outputsAdded?: Words[];
  outputsRemoved?: Words[];
}

export interface DecisionDiff {
  id: string;
  title: string;
  titleEn?: string;
  document: string;
  /** The period of the version this entry is about, when the decision is dated. */
  version?: string;
  period?: { from?: string; until?: string };
  /**
   * `version-added`: a new version from `period.from` (its rows compared with the
   * version it succeeds); `version-removed`: a version dropped.
   */
  status: 'added' | 'removed' | 'changed' | 'version-added' | 'version-removed';
  /** Input and output names in declared order (head side first): the columns of the rows table. */
  inputs: string[];
  outputs: string[];
  /** Labels of those columns in both languages. */
  labels: Record<string, Words>;
  changes: FieldChange[];
  rows: RowDiff[];
  /** Per period: where results change, with examples (empty when impact was not computed). */
  impact: PeriodImpact[];
  /** True when only a decision it calls changed. */
  indirect?: boolean;
  /** The head's file of this decision does not parse (or, `invalid`, its errors keep the document out): not compared. */
  unparsed?: boolean;
  invalid?: boolean;
}

export interface ModelDiff {
  config: FieldChange[];
  documents: DocumentDiff[];
  decisions: DecisionDiff[];
  tests: { added: number; removed: number; changed: number };
  /** Errors of the head (the proposed change), first in the report. */
  headErrors: { file: string; line: number; column: number; code: string; message: string }[];
  /** Check findings the change introduces and those it fixes. */
  findings: { introduced: Finding[]; fixed: Finding[] };
  /** Audience id → label (the head's config), for audience changes in words. */
  audienceLabels: Record<string, string>;
  /** What each audience gains or loses. */
  audiences: AudienceChange[];
  /**
   * Over every decision that may differ: whether any result changes, whether that
   * was proved over every input region (`exact`) or sampled, and how many inputs
   * were evaluated.
   */
  verdict: { changed: boolean; proof: 'exact' | 'sampled'; inputs: number };
  /** Locale of the head side: the report's language follows it unless told otherwise. */
  locale: 'zh-CN' | 'en';
}

/** One check finding, for the comment. */
export interface Finding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  line: number;
  column: number;
  /** In the run's language (check findings are made in it). */
  message: string;
}

/** What one audience gains or loses on the handbook. */
export interface AudienceChange {
  audience: string;
  label: string;
  gains: { pages: Words[]; decisions: Words[]; search: number; calculators: Words[] };
  loses: { pages: Words[]; decisions: Words[]; search: number; calculators: Words[] };
}
