/**
 * Reporters: one diagnostic shape, many renderings, picked by the CLI at the edge.
 * Adding a format: one module and one entry in REPORTERS.
 */
import { inLanguage, type Diagnostic } from '../diagnostics/index.js';
import { getLang, type Lang } from '../diagnostics/catalogue.js';
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
  /** The reader's language (default: the run's). Diagnostics are data; their text is made here, in it. */
  lang?: Lang;
}

export type Reporter = (diags: readonly Diagnostic[], ctx: ReportContext) => string;

const said = (d: readonly Diagnostic[], ctx: ReportContext) => inLanguage(d, ctx.lang ?? getLang());

export const REPORTERS: Record<string, Reporter> = {
  pretty: (d, ctx) => formatPretty(said(d, ctx), ctx),
  json: (d, ctx) => formatJson(said(d, ctx)),
  github: (d, ctx) => formatGithub(said(d, ctx)),
  sarif: (d, ctx) => formatSarif(said(d, ctx), ctx),
};

export { concerning } from './concern.js';

export { summary } from './pretty.js';
