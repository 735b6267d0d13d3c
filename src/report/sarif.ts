/**
 * SARIF 2.1.0 (the OASIS static-analysis results format that GitHub code
 * scanning and editors read): one rule per diagnostic code, one result per
 * finding with its region, related locations, and the witness and hint in the
 * result's property bag.
 */
import { docsUrl, type Diagnostic, type Related } from '../diagnostics/index.js';
import type { ReportContext } from './index.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(s: { line: number; column: number; endLine?: number; endColumn?: number }): Record<string, number> {
  const r: Record<string, number> = { startLine: Math.max(1, s.line), startColumn: Math.max(1, s.column) };
  // SARIF wants the end after the start and 1-based; an empty, inverted or off-text end is dropped.
  const endLine = s.endLine ?? r.startLine;
  if (s.endColumn === undefined || s.endColumn < 1 || endLine < r.startLine || (endLine === r.startLine && s.endColumn <= r.startColumn)) return r;
  if (endLine > r.startLine) r.endLine = endLine;
  r.endColumn = s.endColumn;
  return r;
}

function location(s: Related | Diagnostic): Record<string, unknown> {
  return { physicalLocation: { artifactLocation: { uri: uri(s.file) }, region: region(s) } };
}

/** The SARIF log of one run, as pretty JSON. */
export function formatSarif(diags: readonly Diagnostic[], ctx: Pick<ReportContext, 'tool'>): string {
  const codes = [...new Set(diags.map((d) => d.code))].sort();
  const rules = codes.map((code) => ({
    id: code,
    name: code.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: `rulebook ${code}` },
    helpUri: docsUrl(code),
    defaultConfiguration: { level: LEVEL[diags.find((d) => d.code === code)?.severity ?? 'error'] },
  }));
  const results = diags.map((d) => {
    const r: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [location(d)],
    };
    if (d.related?.length) r.relatedLocations = d.related.map((x, i) => ({ id: i + 1, ...location(x), message: { text: x.message } }));
    const props: Record<string, unknown> = {};
    if (d.witness) props.witness = d.witness;
    if (d.hint) props.hint = d.hint;
    if (d.document) props.document = d.document;
    if (d.decision) props.decision = d.decision;
    if (Object.keys(props).length) r.properties = props;
    return r;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: ctx.tool?.name ?? 'rulebook', version: ctx.tool?.version ?? '0.0.0', informationUri: 'https://github.com/rulebook/rulebook', rules } },
        // Our columns count UTF-16 code units (JavaScript string offsets).
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
