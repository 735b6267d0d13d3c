/**
 * What every command shares: where the policies are, which language to speak,
 * how to print a report and which exit code it means.
 */
import './messages.js';
import { appendFileSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { langOf, setLang, t, type Lang } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { concerning, REPORTERS } from '../report/index.js';
import type { SourceDocument } from '../load/source.js';
import { folderCache, userCacheDir } from '../load/cache.js';
import { LIMITS, type LoadOptions } from '../load/index.js';
import { defaultOutDir, defaultPolicyDir, isInside, repositoryOf } from './repository.js';
import { toolBuild, toolVersion } from './version.js';
import type { CommandInput } from './registry.js';

/**
 * The policy folder: the positional argument, else `--policies`, else
 * `./policies`, found from a subfolder of the repository as git finds its own.
 */
export function policyDir(input: CommandInput, position = 0): string {
  const pos = input.args[position];
  if (typeof pos === 'string' && pos) return pos;
  const opt = input.opts.policies;
  return typeof opt === 'string' && opt ? opt : defaultPolicyDir();
}

/** The output folder: `--out`, else `dist` beside the policy folder. */
export function outDir(input: CommandInput, policies: string): string {
  const opt = input.opts.out;
  return typeof opt === 'string' && opt ? opt : defaultOutDir(policies);
}

/**
 * Sets the language of messages: `--lang`, else the `locale` of the folder's
 * rulebook.yaml (read with a cheap scan, since messages are needed before the
 * config is parsed), else English.
 */
export function chooseLang(input: CommandInput, dir: string): Lang {
  let lang: Lang = 'en';
  if (input.opts.lang === 'en' || input.opts.lang === 'zh') lang = input.opts.lang;
  else {
    try {
      const m = /^locale:\s*["']?([A-Za-z_-]+)/m.exec(readFileSync(join(dir, 'rulebook.yaml'), 'utf8'));
      lang = langOf(m?.[1]);
    } catch {
      lang = 'en';
    }
  }
  setLang(lang);
  return lang;
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (a cache folder not made yet). */
function realish(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const up = dirname(abs);
    return up === abs ? abs : join(realish(up), abs.slice(up.length + 1));
  }
}

/**
 * The parse cache's folder for the policies in `policies`: in the user's cache
 * folder (see userCacheDir), never in a working tree. A cache folder inside the
 * policies' repository (an `XDG_CACHE_HOME` set to the checkout, as CI setups
 * do) is not used: a pull request could add entries there, and an entry decides
 * what a file means. Undefined means no cache.
 */
export function parseCacheDir(policies: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RULEBOOK_CACHE === '0') return undefined;
  const base = userCacheDir(env);
  if (!base) return undefined;
  const dir = realish(join(base, 'parse'));
  for (const tree of [realish(policies), realish(repositoryOf(policies))]) if (isInside(tree, dir)) return undefined;
  return dir;
}

/**
 * How commands load the policies in `policies`: with the parse cache of the
 * user's cache folder (unchanged files are not parsed again), unless
 * RULEBOOK_CACHE=0. An entry is keyed by the file's name, role and text, the
 * tool's build and the loader's limits, so no change of any is ever answered
 * from an old entry.
 */
export function loadOptions(input: CommandInput, policies: string = policyDir({ args: [], opts: input.opts })): LoadOptions {
  const dir = parseCacheDir(policies);
  return dir ? { cache: folderCache(dir), cacheSalt: `${toolBuild()}\0${JSON.stringify(LIMITS)}` } : {};
}

/** Whether to color output: a terminal, and NO_COLOR unset (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

/** A progress or status line: on stderr, and only when it is a terminal (CI logs and pipes stay clean). */
export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(line + '\n');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file's text as the loader saw it (BOM dropped), or undefined when it is not
 * a readable UTF-8 file of sane size inside `root` (the real policy folder).
 * The real path decides, not the name: a diagnostic about a link that leads
 * out of the policy folder (`/proc/self/environ`, `/etc/passwd`) must not
 * print a byte of its target.
 */
function readForExcerpt(file: string, root: string | undefined): string | undefined {
  try {
    if (root === undefined || !isInside(root, realpathSync(file))) return undefined;
    const st = statSync(file);
    if (!st.isFile() || st.size > LIMITS.fileBytes) return undefined;
    const text = strictUtf8.decode(readFileSync(file));
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** The real path of the policy folder (or file) of a report, the only place excerpts are read from disk. */
function excerptRoot(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * Prints diagnostics in the chosen format; returns the exit code they mean.
 * Excerpts come from `sources`, else from files inside `dir` (the policy folder).
 */
export function report(diags: Diagnostic[], input: CommandInput, sources: readonly SourceDocument[], fatal = false, dir?: string): number {
  const format = typeof input.opts.format === 'string' ? input.opts.format : 'pretty';
  const quiet = input.opts.quiet === true;
  const shown = concerning(quiet ? diags.filter((d) => d.severity === 'error') : diags, sources);
  const reporter = REPORTERS[format] ?? REPORTERS.pretty;
  const texts = new Map(sources.map((s) => [s.file, s.text]));
  // A file that did not parse has no SourceDocument, yet its error wants an excerpt most of all.
  const unreadable = new Set<string>();
  const root = excerptRoot(dir ?? policyDir(input));
  for (const d of shown) {
    if (texts.has(d.file) || unreadable.has(d.file)) continue;
    const text = readForExcerpt(d.file, root);
    if (text === undefined) unreadable.add(d.file);
    else texts.set(d.file, text);
  }
  process.stdout.write(reporter(shown, { texts, color: useColor(), tool: { name: 'rulebook', version: toolVersion() }, hidden: diags.length - shown.length }));
  // In Actions the annotations stop at 10 per kind: the job summary gets the whole report.
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (format === 'github' && stepSummary) {
    const full = REPORTERS.pretty(shown, { texts, color: false });
    try {
      appendFileSync(stepSummary, `### rulebook\n\n\`\`\`text\n${full.replace(/\`\`\`/g, '`\u200b``')}\`\`\`\n`);
    } catch {
      process.stderr.write(`rulebook: ${t('cli.step-summary').message}\n`);
    }
  }
  return exitCode(diags, fatal, input.opts.maxWarnings);
}

/** 2 for a usage or configuration failure, 1 for errors (or too many warnings), else 0. */
export function exitCode(diags: readonly Diagnostic[], fatal: boolean, maxWarnings?: unknown): number {
  if (fatal) return 2;
  if (diags.some((d) => d.severity === 'error')) return 1;
  const max = maxWarnings === undefined ? undefined : Number(maxWarnings);
  if (max !== undefined && Number.isFinite(max) && diags.filter((d) => d.severity === 'warning').length > max) return 1;
  return 0;
}
