/**
 * `rulebook eval <decision> --input '{…}' | --input-file f.jsonl|f.csv|f.json
 * [--as-of DATE] [--explain] [--format json|csv|pretty]`: one evaluation, or a
 * batch streamed row by row (constant memory), in input order, each result
 * with its `"line"`; a bad row is reported with its line and the rest go on.
 * Exit 0 when every row evaluated, 1 when any gave an error, 2 for usage.
 */
import { askedInputs } from '../../model/precedence.js';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { loadModel } from '../../pipeline.js';
import { hasErrors } from '../../diagnostics/index.js';
import { evaluate, pickVersion, type EvalResult } from '../../evaluate/index.js';
import { blocksOf, csvHeaderOf, parseShard, readJson, RESERVED_COLUMNS, rowText, type BatchRecord, type Block, type RowFormat } from '../../evaluate/batch.js';
import { closeEvalPool, rowEvaluator, runBlock, runBlocks, startEvalPool, type EvalPool } from '../../evaluate/batch-run.js';
import { getLang, t, word } from '../../diagnostics/catalogue.js';
import '../messages.js';
import type { Diagnostic } from '../../diagnostics/index.js';
import { badDate } from '../../lang/lexer.js';
import { suggest } from '../../lang/suggest.js';
import { chooseLang, loadOptions, policyDir } from '../common.js';
import type { CommandInput } from '../registry.js';
import { formatExplanation } from '../../evaluate/explain-text.js';

interface Out {
  write(s: string): Promise<void>;
}

function stdoutWriter(): Out & { flush(): Promise<void> } {
  let buf = '';
  const push = async (s: string) => {
    if (!process.stdout.write(s)) await once(process.stdout, 'drain');
  };
  return {
    async write(s: string) {
      buf += s;
      if (buf.length >= 1 << 16) {
        const b = buf;
        buf = '';
        await push(b);
      }
    },
    async flush() {
      if (buf) await push(buf);
      buf = '';
    },
  };
}

/** Below this size a batch runs on the main thread unless `--jobs` asks otherwise: starting threads would cost more than they save. */
const PARALLEL_BYTES = 2 * 1024 * 1024;

export async function run(input: CommandInput): Promise<number> {
  const id = typeof input.args[0] === 'string' ? input.args[0] : undefined;
  const dir = policyDir({ args: [], opts: input.opts });
  chooseLang(input, dir);
  const format = typeof input.opts.format === 'string' ? input.opts.format : 'json';
  const asOf = typeof input.opts.asOf === 'string' ? input.opts.asOf : undefined;
  const explain = input.opts.explain === true;
  const usage = (msg: string) => {
    process.stderr.write(`rulebook eval: ${msg}\n`);
    return 2;
  };
  if (!id) return usage(t('eval-cli.name', { example: 'rulebook eval cs.performance_bonus --input \'{"sales": 100000}\'' }).message);
  if (!['json', 'csv', 'pretty'].includes(format)) return usage(t('eval-cli.format', { format }).message);
  const badAsOf = asOf === undefined ? undefined : badDate(asOf);
  if (badAsOf) return usage(`--as-of: ${badAsOf}`);
  if (typeof input.opts.input === 'string' && typeof input.opts.inputFile === 'string') return usage(t('eval-cli.both').message);
  const jobsGiven = input.opts.jobs !== undefined;
  const jobs = jobsGiven ? Number(input.opts.jobs) : availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) return usage(`--jobs: ${t('eval-cli.jobs', { jobs: String(input.opts.jobs) }).message}`);
  let shard: { index: number; count: number } | undefined;
  if (typeof input.opts.shard === 'string') {
    const s = parseShard(input.opts.shard);
    if ('problem' in s) return usage(`--shard: ${s.problem}`);
    if (typeof input.opts.inputFile !== 'string') return usage(`--shard: ${t('eval-cli.shard-batch').message}`);
    shard = s;
  }
  // The workers of a large batch start now, loading the policies while this thread does.
  let pool: EvalPool | undefined;
  if (typeof input.opts.inputFile === 'string' && jobs > 1) {
    let size = 0;
    try {
      size = statSync(input.opts.inputFile).size;
    } catch {
      // Reported below, where the file is read.
    }
    if (jobsGiven || size >= PARALLEL_BYTES) pool = startEvalPool(jobs, dir, getLang());
  }
  try {
    return await evalWith(input, id, dir, format, asOf, explain, shard, pool);
  } finally {
    await closeEvalPool(pool);
  }
}

/** A diagnostic on stderr in one place-and-message line and its hint (stdout stays the results' alone). */
function briefly(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}\n${d.hint ? `  = ${word('report.hint')}: ${d.hint}\n` : ''}`;
}

async function evalWith(input: CommandInput, id: string, dir: string, format: string, asOf: string | undefined, explain: boolean, shard: { index: number; count: number } | undefined, pool: EvalPool | undefined): Promise<number> {
  const usage = (msg: string) => {
    process.stderr.write(`rulebook eval: ${msg}\n`);
    return 2;
  };
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (loaded.fatal || !loaded.model) {
    for (const d of loaded.diagnostics) process.stderr.write(briefly(d));
    return 2;
  }
  if (hasErrors(loaded.diagnostics)) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(briefly(d));
    return 1;
  }
  const model = loaded.model;
  const versions = model.decisions.get(id);
  if (!versions) {
    const guess = suggest(id, model.decisions.keys());
    return usage(`${t('eval-cli.no-decision', { id }).message}${guess ? t('export.did-you-mean', { guess }).message : ''}${t('eval-cli.lists-model').message}`);
  }
  const d = pickVersion(versions, asOf);
  const out = stdoutWriter();
  const outputs = d ? d.outputs.map((o) => o.name) : [];
  const explainText = (e: NonNullable<EvalResult['explain']>) => formatExplanation(model, e, '  ');

  // Columns the decision does not read pass through to the output (an employee id to join on); one that looks like a misspelt input is said once, on stderr.
  // The inputs a caller gives: the decision's own and its exceptions' further ones (`overrides`).
  const inputNames = new Set(askedInputs(model.decisions, d ?? versions[versions.length - 1]).map((f) => f.name));
  const noted = new Set<string>();
  const passOf = (keys: string[], fate = t('eval-cli.passed-through').message): string[] => {
    const pass: string[] = [];
    for (const k of keys) {
      if (inputNames.has(k) || pass.includes(k)) continue;
      if (RESERVED_COLUMNS.has(k)) {
        if (!noted.has(k)) process.stderr.write(`rulebook eval: ${t('eval-cli.reserved-column', { column: k, id }).message}\n`);
      } else {
        pass.push(k);
        const guess = noted.has(k) ? undefined : suggest(k, inputNames);
        if (guess) process.stderr.write(`rulebook eval: ${t('eval-cli.not-input', { column: k, id, fate, guess }).message}\n`);
      }
      noted.add(k);
    }
    return pass;
  };
  const fmt: RowFormat = { format: format as RowFormat['format'], explain, pass: [], outputs, explainText };

  let ok = true;
  if (typeof input.opts.inputFile === 'string') {
    const file = input.opts.inputFile;
    const kind = /\.csv$/i.test(file) ? 'csv' : /\.json$/i.test(file) ? 'json' : 'jsonl';
    try {
      statSync(file);
    } catch (e) {
      return usage(t('eval-cli.cannot-read', { file, reason: (e as Error).message }).message);
    }
    const row = rowEvaluator(model, d, id, asOf, fmt);
    let header: string | undefined;
    let started = false;
    // The pass-through columns: the CSV header's, or the first JSON record's; fixed before the first row is written.
    const begin = async (keys: string[]) => {
      if (started) return;
      started = true;
      fmt.pass = passOf(keys);
      if (format === 'csv') await out.write(csvHeaderOf(fmt));
    };
    try {
      let blocks: AsyncIterable<Block>;
      if (kind === 'json') {
        const r = readJson(readFileSync(file, 'utf8'));
        if ('problem' in r) return usage(`\`${file}\`: ${r.problem}`);
        const list = Array.isArray(r.value) ? r.value : [r.value];
        const recs: BatchRecord[] = list.map((x, i) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? { line: i + 1, input: x as Record<string, unknown> } : { line: i + 1, problem: 'not a JSON object' }));
        await begin(Object.keys(recs.find((x) => x.input)?.input ?? {}));
        blocks = (async function* () {
          for (let i = 0, seq = 0; i < recs.length; i += 5000, seq++) yield { seq, kind: 'records' as const, records: recs.slice(i, i + 5000), firstLine: i + 1, firstOrdinal: i };
        })();
      } else {
        blocks = blocksOf(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), kind, (h) => (header = h));
      }
      const firstKeys = (b: Block): string[] => {
        if (kind === 'csv') return header === undefined ? [] : (parseCsvHeader(header) ?? []);
        if (kind === 'jsonl') {
          const first = (b.text ?? '').split('\n').find((l) => l.trim() !== '');
          const r = first === undefined ? undefined : readJson(first);
          return r && 'value' in r && typeof r.value === 'object' && r.value !== null && !Array.isArray(r.value) ? Object.keys(r.value) : [];
        }
        return [];
      };
      const opened = (async function* () {
        for await (const b of blocks) {
          await begin(firstKeys(b));
          yield b;
        }
        if (kind === 'csv') await begin(firstKeys({ seq: 0, kind: 'csv', firstLine: 1, firstOrdinal: 0 }));
      })();
      ok = await runBlocks(
        opened,
        pool,
        () => ({ policies: dir, id, asOf, lang: getLang(), format: { format: fmt.format, explain, pass: fmt.pass, outputs }, header, shard }),
        (b) => runBlock(b, header, row, shard),
        (t) => out.write(t),
      );
      await begin([]);
    } catch (e) {
      // The reader of our output went away (\`| head\`): stop quietly, as Unix tools do.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return ok ? 0 : 1;
      await out.flush();
      return usage(t('eval-cli.cannot-read', { file, reason: (e as Error).message }).message);
    }
  } else {
    const text = typeof input.opts.input === 'string' ? input.opts.input : undefined;
    if (text === undefined) return usage(t('eval-cli.give-input').message);
    const r = readJson(text);
    if ('problem' in r) return usage(`--input: ${r.problem}`);
    if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) return usage(`--input: ${t('batch.not-object').message}`);
    const inp = r.value as Record<string, unknown>;
    // One input has no row to carry columns: a key the decision does not read is only said, when it looks like a misspelt input.
    passOf(Object.keys(inp), t('eval-cli.ignored').message);
    const single = evaluate(model, id, inp, { asOf, explain });
    if (format === 'csv') await out.write(csvHeaderOf(fmt));
    await out.write(rowText(model, d, single, format === 'csv' ? 1 : undefined, inp, fmt));
    ok = !single.error;
  }
  try {
    await out.flush();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
  return ok ? 0 : 1;
}

/** The column names of a CSV header line. */
function parseCsvHeader(line: string): string[] | undefined {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(field.trim());
      field = '';
    } else field += c;
  }
  cells.push(field.trim());
  return cells;
}
