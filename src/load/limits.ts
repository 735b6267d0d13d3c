/**
 * Hard limits on what rulebook reads, so hostile input costs bounded time and
 * memory. Documented in README ("Limits"); each has its own diagnostic.
 */
export const LIMITS = {
  /** Bytes per file. The 100,000-row table bench file is ~9 MB. */
  fileBytes: 16 * 1024 * 1024,
  /** Files per policy set. */
  files: 10_000,
  /** Estimated nesting depth of a YAML text (flow brackets + block levels). */
  nestingDepth: 200,
  /** Alias expansions per YAML document (alias bombs). */
  aliases: 1_000,
  /** Data nodes built per YAML document, aliases expanded. */
  yamlNodes: 5_000_000,
  /** Rows per decision table. */
  rows: 200_000,
  /** Nesting depth of a formula or a cell. */
  exprDepth: 256,
} as const;
