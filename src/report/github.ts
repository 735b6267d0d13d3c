/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): each
 * finding becomes an annotation on the pull request's diff. GitHub shows at
 * most 10 annotations of each kind per step, so only the first 10 errors,
 * warnings and notices are emitted, with a count of the rest.
 *
 * Policy text reaches these lines (messages quote it), so every value is
 * escaped as the runner's parser expects: a policy can never end a command
 * early or start a new one on its own line.
 */
import type { Diagnostic } from '../diagnostics/index.js';
import { summary } from './pretty.js';

/** GitHub shows no more annotations than this per kind and step. */
export const MAX_PER_KIND = 10;

const KIND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes the message part of a workflow command (`%`, CR, LF); other controls (terminal escapes the log viewer would obey) become U+FFFD. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Escapes a property value of a workflow command (also `:` and `,`, which delimit properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function messageOf(d: Diagnostic): string {
  const lines = [d.message];
  if (d.witness) {
    lines.push(`witness: ${Object.entries(d.witness.input).map(([k, v]) => `${k} = ${v}`).join(', ')}${d.witness.asOf ? `, asOf = ${d.witness.asOf}` : ''}`);
  }
  for (const r of d.related ?? []) lines.push(`see ${r.file}:${r.line}:${r.column}: ${r.message}`);
  if (d.hint) lines.push(`hint: ${d.hint}`);
  return lines.join('\n');
}

/** One annotation line for a diagnostic. */
export function annotation(d: Diagnostic): string {
  const props: [string, string | number | undefined][] = [
    ['file', d.file],
    ['line', d.line],
    ['col', d.column],
    ['endLine', d.endLine],
    ['endColumn', d.endColumn],
    ['title', `rulebook ${d.code}`],
  ];
  const p = props.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${KIND[d.severity]} ${p}::${escapeData(messageOf(d))}`;
}

/** The annotations (at most 10 per kind, errors first) and a closing count line. */
export function formatGithub(diags: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (const sev of ['error', 'warning', 'info'] as const) {
    const all = diags.filter((d) => d.severity === sev);
    for (const d of all.slice(0, MAX_PER_KIND)) out.push(annotation(d));
    if (all.length > MAX_PER_KIND) {
      out.push(`::notice title=rulebook::${escapeData(`${all.length - MAX_PER_KIND} more ${KIND[sev]}(s) not annotated; the job summary lists all`)}`);
    }
  }
  out.push(escapeData(summary(diags)).replace(/^::/, ': :'));
  return out.join('\n') + '\n';
}
