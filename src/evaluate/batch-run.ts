/**
 * A batch run's moving parts: one row evaluator (the same for the main thread
 * and the worker threads), and the pool that spreads blocks of records over
 * worker threads and writes their rows back in input order.
 *
 * The main thread only cuts the file into blocks of whole records (a scan for
 * line breaks outside quotes) and writes the rows it gets back; parsing,
 * evaluation and formatting happen on the workers, so `--jobs N` runs N
 * threads of real work. At most a few blocks per worker are in flight, so
 * memory stays flat however long the file is.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Decision, Model } from '../model/index.js';
import { evaluate, type EvalResult } from './index.js';
import { t } from '../diagnostics/catalogue.js';
import './messages.js';
import { rowText, runBlock, type BatchRecord, type Block, type BlockResult, type RowFormat } from './batch.js';

/** Evaluates one record and gives its output row. */
export function rowEvaluator(model: Model, d: Decision | undefined, id: string, asOf: string | undefined, fmt: RowFormat): (rec: BatchRecord) => { text: string; ok: boolean } {
  return (rec) => {
    const r: EvalResult = rec.input ? evaluate(model, id, rec.input, { asOf, explain: fmt.explain }) : { error: { code: 'wrong-type', decision: id, message: rec.problem ?? t('batch.unreadable').message } };
    return { text: rowText(model, d, r, rec.line, rec.input, fmt), ok: !r.error };
  };
}

/** What each worker is told: at start, the policies to load (so that loading overlaps the main thread's); with the first block, the rest. */
export interface WorkerSetup {
  policies: string;
  id: string;
  asOf?: string;
  lang: 'en' | 'zh';
  format: Omit<RowFormat, 'explainText'>;
  header?: string;
  shard?: { index: number; count: number };
}

/** The worker script, when the CLI has been built (src/evaluate/ and dist/cli/ are both two levels below the package root). */
function evalWorkerFile(): string | undefined {
  const file = fileURLToPath(new URL('../../dist/cli/eval-worker.cjs', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** Worker threads started ahead of the work: each loads the policies while the main thread does the same. */
export interface EvalPool {
  workers: Worker[];
}

/** Starts `jobs` workers loading `policies` (none when the worker script is missing). */
export function startEvalPool(jobs: number, policies: string, lang: 'en' | 'zh'): EvalPool | undefined {
  const file = evalWorkerFile();
  if (!file || jobs <= 1) return undefined;
  const workers: Worker[] = [];
  for (let i = 0; i < jobs; i++) workers.push(new Worker(file, { workerData: { rulebookEval: { policies, lang } } }));
  return { workers };
}

/** Ends the workers of a pool that will get no work. */
export async function closeEvalPool(pool: EvalPool | undefined): Promise<void> {
  if (pool) await Promise.all(pool.workers.map((w) => w.terminate()));
}

/**
 * Runs the blocks on the pool's workers and hands their rows to `write` in
 * input order (the pool is ended after). Gives whether every row evaluated.
 * Without a pool (one job, or no built worker script: the TypeScript sources
 * under test) the blocks run here, in order.
 */
export async function runBlocks(
  blocks: AsyncIterable<Block>,
  pool: EvalPool | undefined,
  setup: () => WorkerSetup,
  local: (b: Block) => Promise<BlockResult>,
  write: (text: string) => Promise<void>,
): Promise<boolean> {
  let ok = true;
  if (!pool) {
    for await (const b of blocks) {
      const r = await local(b);
      ok = r.ok && ok;
      await write(r.text);
    }
    return ok;
  }
  let workers: Worker[] | undefined;
  const load: number[] = [];
  const done = new Map<number, BlockResult>();
  let next = 0;
  let sent = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const start = () => {
    const data = setup();
    workers = pool.workers;
    workers.forEach((w, i) => {
      w.on('message', (m: BlockResult) => {
        load[i]--;
        done.set(m.seq, m);
        signal();
      });
      w.on('error', (e) => {
        failure ??= e;
        signal();
      });
      w.postMessage({ setup: data });
      load.push(0);
    });
  };
  const flush = async () => {
    while (done.has(next)) {
      const r = done.get(next)!;
      done.delete(next);
      next++;
      ok = r.ok && ok;
      await write(r.text);
    }
  };
  const waitSome = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    for await (const b of blocks) {
      if (!workers) start();
      // Keep at most three blocks per worker in flight: constant memory, and no worker waits for work.
      while (sent - next >= workers!.length * 3 && !failure) {
        await flush();
        if (sent - next >= workers!.length * 3) await waitSome();
      }
      if (failure) throw failure;
      let k = 0;
      for (let i = 1; i < load.length; i++) if (load[i] < load[k]) k = i;
      load[k]++;
      workers![k].postMessage(b);
      sent++;
    }
    while (next < sent) {
      if (failure) throw failure;
      await flush();
      if (next < sent) await waitSome();
    }
    return ok;
  } finally {
    await closeEvalPool(pool);
  }
}

export { runBlock };
