/**
 * `rulebook build`: policies → checked model → `dist/handbook/` (the site),
 * `dist/handbook.md` and `dist/evaluator/`. Refuses to build on errors. Also
 * the build step that `serve` and `start` repeat on every change.
 */
import { t, type Params } from '../../diagnostics/catalogue.js';
import '../messages.js';
import { runTests } from '../../policy-test/index.js';
import { testDiagnostics } from '../../policy-test/diagnostics.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../../check/index.js';
import { compileEvaluator } from '../../compile/index.js';
import { diag, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import type { ParseCache } from '../../load/index.js';
import type { SourceDocument } from '../../load/source.js';
import type { Model } from '../../model/index.js';
import { loadModel } from '../../pipeline.js';
import {
  audienceModel,
  handbookSearchEntries,
  handbookSearchIndex,
  proseTexts,
  renderHandbook,
  TemplateError,
  type ProseCache,
  type RenderState,
} from '../../render/index.js';
import { closePool, renderParallel, startPool, type Pool, type TokenCache } from '../../render/parallel.js';
import { chooseLang, exitCode, loadOptions, outDir, policyDir, progress, report } from '../common.js';
import { findRepository, isInside, repositoryOf } from '../repository.js';
import { enforceCsp, loadUserTemplates, readTree, templateErrors } from '../template-audit.js';
import { suggest } from '../../lang/suggest.js';
import { removeStalePdf, writePdf } from '../pdf.js';
import { publish, replaceFolder, updateFolder, WriteError, writeFileAtomic } from '../write.js';
import type { CommandInput } from '../registry.js';

/** The rulebook package folder (holds `templates/` and `node_modules/`), from wherever this code was bundled to. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates', 'layout.hbs'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the rulebook templates folder');
    dir = up;
  }
}

/**
 * The templates of a build: the package's `templates/`, with the files of the
 * config's `templates` folder (relative to the policy folder) laid over them.
 * The user's folder must be inside `repoRoot` and hold no symbolic links.
 */
export function loadTemplateFiles(overrideDir?: string, repoRoot = process.cwd()): Map<string, string> {
  const files = new Map<string, string>();
  readTree(join(packageRoot(), 'templates'), files);
  if (overrideDir) {
    const root = realpathSync(repoRoot);
    if (lstatSync(overrideDir).isSymbolicLink()) throw new Error(`refusing the symbolic link \`${overrideDir}\` as the template folder`);
    const real = realpathSync(overrideDir);
    if (real !== root && !real.startsWith(root + sep)) throw new Error(`refusing the template folder \`${overrideDir}\`: it is outside the repository`);
    readTree(overrideDir, files, root);
  }
  return files;
}

/**
 * minisearch's browser build, a classic script (pages opened from disk cannot
 * import modules): the copy `scripts/build.mjs` minified, else the package's
 * UMD build as it is.
 */
function minisearchBrowserJs(): string {
  const min = join(packageRoot(), 'dist', 'cli', 'minisearch.min.js');
  if (existsSync(min)) return readFileSync(min, 'utf8');
  const cjs = createRequire(import.meta.url).resolve('minisearch');
  return readFileSync(join(dirname(dirname(cjs)), 'umd', 'index.js'), 'utf8');
}

/** Dates already read, by repository HEAD and file list: `serve` rebuilds without reading history again until a commit. */
const datesSeen = new Map<string, Map<string, string>>();

/**
 * The date of the last commit touching each of `files` (names relative to the
 * current folder, `YYYY-MM-DD`); empty outside git. One `git log` limited to
 * those files, read as it streams and stopped once every file has its date,
 * so a long history is not read to its start; remembered per HEAD.
 */
export async function lastChangedDates(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const top = findRepository(dir);
  if (!top || files.length === 0) return out;
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: top, encoding: 'utf8' });
  if (head.status !== 0) return out;
  const inRepo = new Map<string, string>();
  for (const f of files) {
    const rel = relative(top, resolve(f)).split(sep).join('/');
    if (!rel.startsWith('..')) inRepo.set(rel, f);
  }
  const key = `${top}\0${head.stdout.trim()}\0${[...inRepo.keys()].sort().join('\0')}`;
  const seen = datesSeen.get(key);
  if (seen) return new Map(seen);
  await new Promise<void>((done) => {
    const child = spawn('git', ['-c', 'core.quotePath=false', 'log', '--format=@%cs', '--name-only', '--no-renames', '--', ...inRepo.keys()], { cwd: top, stdio: ['ignore', 'pipe', 'ignore'] });
    let date = '';
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('@')) date = line.slice(1);
        else if (line) {
          const file = inRepo.get(line);
          if (file !== undefined && !out.has(file)) out.set(file, date);
        }
      }
      if (out.size === inRepo.size) child.kill();
    });
    child.on('error', () => done());
    child.on('close', () => done());
  });
  datesSeen.set(key, new Map(out));
  return out;
}

export interface BuildOptions {
  policies: string;
  out: string;
  audience?: string;
  /** Kept by `serve` between builds. */
  cache?: ProseCache;
  /** Render prose on worker threads (the full build); a rebuild with a warm cache does not need them. */
  parallel?: boolean;
  /** Kept by `serve` between builds: pages and search entries that did not change are reused. */
  state?: RenderState;
  /** Parsed policy files by content: the disk cache of every command, or `serve`'s own in memory. */
  parseCache?: ParseCache;
  /** Part of every parse-cache key (the tool version). */
  cacheSalt?: string;
  /** Write only the files that changed since the last build in place (`serve`), instead of replacing the site whole. */
  writeChanged?: Map<string, string | Uint8Array>;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  sources: SourceDocument[];
  fatal: boolean;
  model?: Model;
}

/**
 * Refuses (WriteError) an output folder inside the policy folder (the next
 * `check` would read `handbook.md` as a policy) and one whose entries would
 * replace the policy folder itself.
 */
function checkOutFolder(policies: string, out: string): void {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const pol = real(policies);
  if (!pol) return;
  const outAbs = resolve(out);
  const outReal = real(outAbs) ?? outAbs;
  if (isInside(pol, outReal) || isInside(pol, outAbs)) throw WriteError.of('write.out-inside', { out, policies });
  for (const entry of ['handbook', 'handbook.md', 'evaluator']) {
    if (isInside(join(outReal, entry), pol)) throw WriteError.of('write.out-replaces', { out, entry, policies });
  }
}

/** Loads, checks, renders and writes; nothing is written unless everything succeeded. */
export async function buildSite(opts: BuildOptions): Promise<BuildResult> {
  checkOutFolder(opts.policies, opts.out);
  const pool = opts.parallel !== false ? startPool() : undefined;
  try {
    return await buildWith(opts, pool);
  } finally {
    if (pool) await closePool(pool);
  }
}

async function buildWith(opts: BuildOptions, pool: Pool | undefined): Promise<BuildResult> {
  const result = loadModel(opts.policies, opts.parseCache ? { cache: opts.parseCache, cacheSalt: opts.cacheSalt ?? '' } : {});
  if (!result.model || result.fatal) return { ok: false, diagnostics: result.diagnostics, sources: result.sources, fatal: true };
  const model = result.model;
  const diagnostics = sortDiagnostics([...result.diagnostics, ...check(model)]);
  const fail = (d: Diagnostic[]): BuildResult => ({ ok: false, diagnostics: [...diagnostics, ...d], sources: result.sources, fatal: false, model });
  if (diagnostics.some((d) => d.severity === 'error')) return fail([]);
  // Worked examples in the handbook are the policy tests, evaluated now: a test whose expectation the evaluator
  // does not give stops the build at the test, so no staff page shows a number the evaluator would not give.
  const failedTests = testDiagnostics(runTests(model)).filter((d) => d.severity === 'error');
  if (failedTests.length) return fail(failedTests);
  const audience = opts.audience ?? model.config.defaultAudience;
  const problem = (key: string, params: Params): Diagnostic => diag('config', 'error', key, params, { file: model.config.file ?? join(opts.policies, 'rulebook.yaml'), line: 1, column: 1 });
  const known = model.config.audiences.map((a) => a.id);
  if (opts.audience !== undefined && !known.includes(opts.audience)) {
    // The flag is the user's to fix, not the policies: a usage error (exit 2).
    const guess = suggest(opts.audience, known);
    const d = problem(guess ? 'build.audience-flag-guess' : 'build.audience-flag', { audience: opts.audience, guess, audiences: known.join(', ') });
    const where = result.sources.find((x) => x.role === 'config')?.locate(['audiences'], true);
    if (where) Object.assign(d, where);
    return { ok: false, diagnostics: [...diagnostics, d], sources: result.sources, fatal: true, model };
  }
  let templates: Map<string, string>;
  try {
    const own = model.config.templates ? resolve(opts.policies, model.config.templates) : undefined;
    templates = loadTemplateFiles(own, repositoryOf(opts.policies));
    if (own) {
      const refused = templateErrors(loadUserTemplates(own, repositoryOf(opts.policies)));
      if (refused.length) return fail(refused.map((r) => problem(r.key, r.params)));
    }
  } catch (e) {
    return fail([problem('build.templates-unreadable', { reason: (e as Error).message })]);
  }
  const cache = opts.cache ?? new Map();
  let searchIndex: string | undefined;
  if (model.config.audiences.some((a) => a.id === audience)) {
    // The search entries need no rendered prose: their text is tokenized on the threads together with the prose.
    const entries = handbookSearchEntries(model, audience, cache);
    const words: TokenCache = new Map();
    if (pool) await renderParallel(pool, proseTexts(model, audience), entries.map((e) => e.text), cache, words);
    searchIndex = handbookSearchIndex(entries, audience, opts.state?.search, words);
  }
  let rendered;
  try {
    rendered = renderHandbook(model, {
      audience,
      templates,
      cache,
      searchIndex,
      state: opts.state,
      minisearchJs: minisearchBrowserJs(),
      // The site's calculators run the same generated code as dist/evaluator/, restricted to what this audience may read.
      evaluatorJs: compileEvaluator(audienceModel(model, audience)).js,
      // Only the documents this audience's site shows: their history, not the whole repository's.
      lastChanged: await lastChangedDates(opts.policies, audienceModel(model, audience).documents.map((d) => d.file)),
      repoPaths: repoPaths(result.sources.map((x) => x.file), repositoryOf(opts.policies)),
    });
  } catch (e) {
    if (e instanceof TemplateError) return fail([problem('build.template-failed', { file: e.file, reason: e.message })]);
    throw e;
  }
  if (rendered.diagnostics.some((d) => d.severity === 'error')) return fail(rendered.diagnostics);
  // The CSP is the site's, not the templates': set on every page whatever they wrote.
  for (const [file, content] of rendered.files) {
    if (!file.endsWith('.html') || typeof content !== 'string') continue;
    const safe = enforceCsp(content);
    if (safe === undefined) return fail([problem('templates.no-head', { file })]);
    (rendered.files as Map<string, string | Uint8Array>).set(file, safe);
  }
  const evaluator = compileEvaluator(model);
  const evaluatorFiles = new Map([['index.js', evaluator.js], ['index.d.ts', evaluator.dts]]);
  if (opts.writeChanged) {
    // `serve`: a preview, rewritten file by file so a reload after one edit costs a few writes.
    updateFolder(rendered.files, join(opts.out, 'handbook'), opts.writeChanged);
    writeFileAtomic(join(opts.out, 'handbook.md'), rendered.markdown);
    replaceFolder(evaluatorFiles, join(opts.out, 'evaluator'));
  } else {
    // The site, its Markdown and the evaluator are one release: swapped together, or not at all.
    await publish(new Map<string, Map<string, string | Uint8Array> | string>([['handbook', rendered.files as Map<string, string | Uint8Array>], ['handbook.md', rendered.markdown], ['evaluator', evaluatorFiles]]), opts.out);
  }
  return { ok: true, diagnostics: [...diagnostics, ...rendered.diagnostics], sources: result.sources, fatal: false, model };
}

/** Each source file's path inside the repository (`/`-separated), for the handbook's edit links. */
function repoPaths(files: string[], repo: string): Map<string, string> {
  return new Map(files.map((f) => [f, relative(repo, resolve(f)).split(sep).join('/')]));
}

/** The options every site command shares. */
export function buildOptionsOf(input: CommandInput): BuildOptions {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const policies = policyDir({ args: [], opts: input.opts });
  const { cache, cacheSalt } = loadOptions(input, policies);
  return { policies, out: outDir(input, policies), audience: str(input.opts.audience), parseCache: cache, cacheSalt };
}

/** Prints the report of a failed build (or the warnings of a good one); returns the exit code. */
export function reportBuild(r: BuildResult, input: CommandInput): number {
  if (r.ok && r.diagnostics.length === 0) return 0;
  const code = report(r.diagnostics, input, r.sources, r.fatal, policyDir({ args: [], opts: input.opts }));
  return r.ok ? exitCode(r.diagnostics.filter((d) => d.severity !== 'error'), false) : Math.max(code, 1);
}

export async function run(input: CommandInput): Promise<number> {
  if (input.opts.target === 'sql') return (await import('./build-sql.js')).run(input);
  const opts = buildOptionsOf(input);
  chooseLang(input, opts.policies);
  progress(`rulebook: ${t('build.progress', { policies: opts.policies, out: opts.out }).message}`);
  let r: BuildResult;
  try {
    r = await buildSite(opts);
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    process.stderr.write(`rulebook build: ${e.message}\n`);
    return 2;
  }
  const code = reportBuild(r, input);
  if (r.ok) process.stdout.write(`${join(opts.out, 'handbook')}${sep}index.html, ${join(opts.out, 'handbook.md')}, ${join(opts.out, 'evaluator')}${sep}\n`);
  if (r.ok && input.opts.pdf === true) {
    const problem = writePdf(opts.out);
    if (problem) {
      process.stderr.write(`rulebook: ${problem}\n`);
      return Math.max(code, 2);
    }
    process.stdout.write(`${join(opts.out, 'handbook.pdf')}\n`);
  } else if (r.ok) {
    const note = removeStalePdf(opts.out);
    if (note) process.stderr.write(`rulebook: ${note}\n`);
  }
  return code;
}
