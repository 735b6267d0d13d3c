/**
 * `rulebook eval <decision> --input '{…}' | --input-file f.jsonl|f.csv|f.json
 * [--as-of DATE] [--explain] [--format json|csv|pretty]`: one evaluation, or a
 * batch streamed row by row (constant memory), in input order, each result
 * with its `"line"`; a bad row is reported with its line and the rest go on.
 * Exit 0 when every row evaluated, 1 when any gave an error, 2 for usage.
 */
import { askedInputs } from '../../model/precedence.js';
import { createReadStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { loadModel } from '../../pipeline.js';
import { hasErrors } from '../../diagnostics/index.js';
import { evaluate, pickVersion, type EvalResult } from '../../evaluate/index.js';
import { outputsToJson, toJson, type Json } from '../../evaluate/serialize.js';
import { csvRecords, jsonlRecords, readJson, type BatchRecord } from '../../evaluate/batch.js';
import { badDate } from '../../lang/lexer.js';
import { suggest } from '../../lang/suggest.js';
import type { Decision, Model } from '../../model/index.js';
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

function csvCell(v: Json): string {
  const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function resultJson(model: Model, d: Decision | undefined, r: EvalResult, explain: boolean): Record<string, Json> {
  const o: Record<string, Json> = {};
  if (r.output) o.output = d ? outputsToJson(model, d, r.output) : toJson(r.output);
  if (r.error) o.error = toJson(r.error);
  if (explain && r.explain) o.explain = toJson(r.explain);
  return o;
}

function pretty(model: Model, o: Record<string, Json>, r: EvalResult, line?: number): string {
  const at = line === undefined ? '' : `line ${line}: `;
  const why = r.explain ? formatExplanation(model, r.explain, '  ') + '\n' : '';
  if (o.error) return `${at}error ${(o.error as Record<string, Json>).code}: ${(o.error as Record<string, Json>).message}\n${why}`;
  const out = o.output as Record<string, Json>;
  const body = Object.entries(out).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
  return `${at}${body}\n${why}`;
}

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
  if (!id) return usage('name the decision to evaluate, e.g. `rulebook eval cs.performance_bonus --input \'{"sales": 100000}\'`');
  if (!['json', 'csv', 'pretty'].includes(format)) return usage(`unknown format \`${format}\`; use json, csv or pretty`);
  const badAsOf = asOf === undefined ? undefined : badDate(asOf);
  if (badAsOf) return usage(`--as-of: ${badAsOf}`);
  if (typeof input.opts.input === 'string' && typeof input.opts.inputFile === 'string') return usage('give `--input` or `--input-file`, not both');
  const loaded = loadModel(dir, loadOptions(input, dir));
  if (loaded.fatal || !loaded.model) {
    for (const d of loaded.diagnostics) process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.message}\n`);
    return 2;
  }
  if (hasErrors(loaded.diagnostics)) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.message}\n`);
    return 1;
  }
  const model = loaded.model;
  const versions = model.decisions.get(id);
  if (!versions) {
    const guess = suggest(id, model.decisions.keys());
    return usage(`no decision \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''} (\`rulebook check --format json\` lists the model)`);
  }
  const d = pickVersion(versions, asOf);
  const out = stdoutWriter();
  const csvHeader = d ? ['line', ...d.outputs.map((o) => o.name), 'error'] : ['line', 'error'];

  // A field the decision does not read is most likely a typo: said once per name, on stderr, and left out.
  // The inputs a caller gives: the decision's own and its exceptions' further ones (`overrides`).
  const inputNames = new Set(askedInputs(model.decisions, d ?? versions[versions.length - 1]).map((f) => f.name));
  const noted = new Set<string>();
  const noteUnknown = (inp: Record<string, unknown>) => {
    for (const k of Object.keys(inp)) {
      if (inputNames.has(k) || noted.has(k)) continue;
      noted.add(k);
      const guess = suggest(k, inputNames);
      process.stderr.write(`rulebook eval: \`${k}\` is not an input of \`${id}\`; ignored${guess ? ` (did you mean \`${guess}\`?)` : ''}\n`);
    }
  };

  const one = async (inp: Record<string, unknown> | undefined, line: number | undefined, problem?: string): Promise<boolean> => {
    if (inp) noteUnknown(inp);
    const r: EvalResult = inp ? evaluate(model, id, inp, { asOf, explain }) : { error: { code: 'wrong-type', decision: id, message: problem ?? 'unreadable input' } };
    const o = resultJson(model, d, r, explain);
    if (format === 'json') await out.write(JSON.stringify(line === undefined ? o : { line, ...o }) + '\n');
    else if (format === 'pretty') await out.write(pretty(model, o, r, line));
    else {
      const outputs = (o.output ?? {}) as Record<string, Json>;
      const cells = [line ?? 1, ...csvHeader.slice(1, -1).map((k) => outputs[k] ?? null), o.error ? (o.error as Record<string, Json>).code : ''];
      await out.write(cells.map((c) => csvCell(c as Json)).join(',') + '\n');
    }
    return !r.error;
  };

  if (format === 'csv') await out.write(csvHeader.join(',') + '\n');
  let ok = true;
  if (typeof input.opts.inputFile === 'string') {
    const file = input.opts.inputFile;
    let records: AsyncIterable<BatchRecord>;
    try {
      if (/\.csv$/i.test(file)) records = csvRecords(createReadStream(file, { encoding: 'utf8' }));
      else if (/\.json$/i.test(file)) {
        const r = readJson(readFileSync(file, 'utf8'));
        if ('problem' in r) return usage(`\`${file}\`: ${r.problem}`);
        const list = Array.isArray(r.value) ? r.value : [r.value];
        records = (async function* () {
          for (const [i, x] of list.entries()) yield typeof x === 'object' && x !== null && !Array.isArray(x) ? { line: i + 1, input: x as Record<string, unknown> } : { line: i + 1, problem: 'not a JSON object' };
        })();
      } else records = jsonlRecords(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }));
      for await (const rec of records) ok = (await one(rec.input, rec.line, rec.problem)) && ok;
    } catch (e) {
      // The reader of our output went away (`| head`): stop quietly, as Unix tools do.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return ok ? 0 : 1;
      await out.flush();
      return usage(`cannot read \`${file}\`: ${(e as Error).message}`);
    }
  } else {
    const text = typeof input.opts.input === 'string' ? input.opts.input : undefined;
    if (text === undefined) return usage('give `--input \'{…}\'` or `--input-file f.jsonl|f.csv`');
    const r = readJson(text);
    if ('problem' in r) return usage(`--input: ${r.problem}`);
    if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) return usage('--input must be a JSON object');
    ok = await one(r.value as Record<string, unknown>, undefined);
  }
  try {
    await out.flush();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
  return ok ? 0 : 1;
}
