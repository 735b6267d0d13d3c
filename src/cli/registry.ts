/**
 * Every command, its options and the module that runs it. A command's module is
 * loaded only when it runs. Adding a command: one entry here, one file in
 * `commands/` exporting `run(input): Promise<number>` (the exit code).
 */

export interface CommandInput {
  /** Positional arguments in declared order. */
  args: (string | string[] | undefined)[];
  /** Parsed options, camelCased by commander (`--as-of` → `asOf`). */
  opts: Record<string, unknown>;
}

export interface CommandModule {
  run(input: CommandInput): Promise<number>;
}

export interface CommandSpec {
  usage: string;
  description: string;
  /** `count`: the value must be a whole number from 0 up (commander refuses anything else, exit 2). */
  options?: { flags: string; description: string; choices?: string[]; default?: unknown; count?: boolean }[];
  load(): Promise<CommandModule>;
}

const policies = { flags: '--policies <dir>', description: 'policy folder (default ./policies)' };
const lang = { flags: '--lang <lang>', description: 'language of messages (en, zh); default: locale in rulebook.yaml', choices: ['en', 'zh'] };
const out = { flags: '--out <dir>', description: 'output folder (default: dist beside the policy folder)' };
const reportFormat = {
  flags: '--format <format>',
  description: 'report format',
  choices: ['pretty', 'json', 'github', 'sarif'],
  default: 'pretty',
};
const reportOptions = [
  policies,
  reportFormat,
  lang,
  { flags: '--max-warnings <n>', description: 'exit 1 when there are more warnings than this', count: true },
  { flags: '--quiet', description: 'report errors only' },
];

export const COMMANDS: CommandSpec[] = [
  {
    usage: 'import <format> <file>',
    description: 'import a model from another format (dmn: DMN 1.1–1.5 XML) as a policy document; reports what did not translate',
    options: [{ flags: '--out <dir>', description: 'folder to write the document to', default: 'policies' }, { flags: '--force', description: 'replace an existing document' }, lang],
    load: () => import('./commands/import.js'),
  },
  {
    usage: 'export <format> <target>',
    description: 'export a decision (with what it calls) or a document to another format (dmn: DMN 1.4 XML)',
    options: [policies, { flags: '--out <file>', description: 'file to write (default: stdout)' }, lang],
    load: () => import('./commands/export.js'),
  },
  {
    usage: 'check [dir]',
    description: 'validate the policies and report contradictions (overlaps, gaps, broken invariants)',
    options: reportOptions,
    load: () => import('./commands/check.js'),
  },
  {
    usage: 'test [dir]',
    description: 'run the policies\' tests (worked examples) and report which rows and formulas no test reached',
    options: [
      ...reportOptions,
      { flags: '--mutate', description: 'mutation testing: edit each decision once at a time and report the edits no test detects, each with a test that would' },
      { flags: '--min-coverage <percent>', description: 'exit 1 when the tests reach less than this percent (0-100) of rules and formulas', count: true },
    ],
    load: () => import('./commands/test.js'),
  },
  {
    usage: 'eval <decision>',
    description: 'evaluate a decision on one input (--input) or a batch file (--input-file .jsonl/.csv/.json), exactly',
    options: [
      policies,
      { flags: '--input <json>', description: "the input as JSON, e.g. '{\"sales\": 100000, \"conversion\": \"72%\"}'" },
      { flags: '--input-file <file>', description: 'a batch: JSON lines, CSV with a header row, or a JSON array' },
      { flags: '--as-of <date>', description: 'which version applies (YYYY-MM-DD); default: today (the local date)' },
      { flags: '--explain', description: 'show the rows that fired, the clause and every formula step' },
      { flags: '--format <format>', description: 'output format', choices: ['json', 'csv', 'pretty'], default: 'json' },
      { flags: '--jobs <n>', description: 'worker threads for a batch (default: the number of cores); rows stay in input order', count: true },
      { flags: '--shard <i/n>', description: 'evaluate only the i-th of every n records of the batch (for a job runner; 1/4, 2/4, …)' },
      lang,
    ],
    load: () => import('./commands/eval.js'),
  },
  {
    usage: 'diff <base> [head]',
    description: 'what a change means: documents, decisions and the inputs whose results change (git revisions or two folders)',
    options: [policies, { flags: '--format <format>', description: 'report format', choices: ['markdown', 'json'], default: 'markdown' }, lang],
    load: () => import('./commands/diff.js'),
  },
  {
    usage: 'fmt [paths...]',
    description: 'rewrite policy files in canonical form (key order, quoting, indentation, Markdown), proving each keeps its meaning',
    options: [policies, { flags: '--check', description: 'write nothing; list the files that would change and exit 1 if any' }, lang],
    load: () => import('./commands/fmt.js'),
  },
  {
    usage: 'init [dir]',
    description: 'create a new policy repository: config, an example document with a decision and tests, schemas, editor settings, CI workflow',
    options: [lang],
    load: () => import('./commands/init.js'),
  },
  {
    usage: 'build',
    description: 'check the policies, then write the handbook site (dist/handbook/), dist/handbook.md and the evaluator (dist/evaluator/)',
    options: [
      policies,
      out,
      { flags: '--audience <audience>', description: 'whose handbook (default: defaultAudience in rulebook.yaml)' },
      { flags: '--pdf', description: 'also print the whole handbook to dist/handbook.pdf (needs Chromium)' },
      { flags: '--target <target>', description: 'sql: only dist/sql/ (DuckDB, PostgreSQL and Spark SQL functions and manifest.json)', choices: ['sql'] },
      lang,
    ],
    load: () => import('./commands/build.js'),
  },
  {
    usage: 'serve',
    description: 'build the handbook and preview it on localhost, rebuilding when a policy changes',
    options: [policies, out, { flags: '--audience <audience>', description: 'whose handbook (default: defaultAudience in rulebook.yaml)' }, { flags: '--port <port>', description: 'port', default: '4000' }, { flags: '--host <host>', description: 'host to listen on', default: '127.0.0.1' }, lang],
    load: () => import('./commands/serve.js'),
  },
  {
    usage: 'lsp',
    description: 'the language server for editors: diagnostics, hover, completion, navigation and quick fixes over the policy folder',
    options: [{ flags: '--stdio', description: 'talk LSP over standard input and output' }],
    load: () => import('./commands/lsp.js'),
  },
  {
    usage: 'start',
    description: 'check, build and serve the handbook of the policies (what `npm start` runs)',
    options: [policies, out, { flags: '--audience <audience>', description: 'whose handbook (default: defaultAudience in rulebook.yaml)' }, { flags: '--port <port>', description: 'port', default: '4000' }, { flags: '--host <host>', description: 'host to listen on', default: '127.0.0.1' }, lang],
    load: () => import('./commands/start.js'),
  },
];
