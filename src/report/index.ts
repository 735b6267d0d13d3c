/**
 * Reporters: one diagnostic shape, many renderings, picked by the CLI at the edge.
 * Adding a format: one module and one entry in REPORTERS.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';
import { formatSarif } from './sarif.js';

export interface ReportContext {
  /** File name → text, for excerpts. */
  texts: Map<string, string>;
  color: boolean;
  /** The tool's name and version, for formats that carry them (SARIF). */
  tool?: { name: string; version: string };
  /** Findings left out by --quiet (the pretty closing line counts them). */
  hidden?: number;
}

export type Reporter = (diags: readonly Diagnostic[], ctx: ReportContext) => string;

export const REPORTERS: Record<string, Reporter> = {
  pretty: (d, ctx) => formatPretty(d, ctx),
  json: (d) => formatJson(d),
  github: (d) => formatGithub(d),
  sarif: (d, ctx) => formatSarif(d, ctx),
};

export { summary } from './pretty.js';
