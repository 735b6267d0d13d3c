/**
 * The heavy part of a build on all cores: Markdown parsing (most of the
 * cost) and tokenizing the search text (Intl.Segmenter). The work is cut into
 * batches that the threads claim through a shared counter as they finish
 * (texts differ in size: a fixed split leaves a core idle at the end); the
 * main thread claims batches too, and one worker runs per further core.
 *
 * The worker is `dist/cli/render-worker.cjs`, built next to the CLI bundle by
 * `scripts/build.mjs`. Both `src/render/` and `dist/cli/` sit two levels below
 * the package root, so one relative path finds it from either. When it is
 * missing (tests running the TypeScript sources before a build) everything
 * runs on the main thread, through the same code.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderProse, type ProseCache } from './markdown.js';
import { runWorker, type Batch, type Done, type Work } from './worker.js';

/** Below this many characters a thread's start-up costs more than it saves. */
const MIN_PARALLEL_CHARS = 300_000;
/** Characters per batch: large enough to amortize a message, small enough to balance the cores. */
const BATCH_CHARS = 40_000;

/** The worker script, when the CLI has been built. */
export function workerFile(): string | undefined {
  const file = fileURLToPath(new URL('../../dist/cli/render-worker.cjs', import.meta.url));
  return existsSync(file) ? file : undefined;
}

export interface ParallelOptions {
  /** Use the workers only above this many characters of work. */
  minChars?: number;
}

/** Search text → its words, computed ahead for the search index. */
export type TokenCache = Map<string, string[]>;

function batchesOf(kind: Batch['kind'], texts: string[]): Batch[] {
  const out: Batch[] = [];
  let batch: string[] = [];
  let size = 0;
  for (const t of texts) {
    batch.push(t);
    size += t.length;
    if (size >= BATCH_CHARS) {
      out.push({ kind, texts: batch });
      batch = [];
      size = 0;
    }
  }
  if (batch.length) out.push({ kind, texts: batch });
  return out;
}

/** Worker threads started ahead of the work, so their start-up overlaps loading the policies. */
export interface Pool {
  workers: Worker[];
}

/** Starts one worker per core beyond the main thread (none when the worker script is missing). */
export function startPool(threads = availableParallelism()): Pool {
  const file = workerFile();
  const workers: Worker[] = [];
  // A larger young generation: rendering makes many short-lived trees, and scavenges were a tenth of a worker's time.
  if (file) for (let i = 1; i < threads; i++) workers.push(new Worker(file, { workerData: 'rulebook-render', resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  for (const w of workers) w.unref();
  return { workers };
}

/** Stops the workers of a pool that will get no work. */
export async function closePool(pool: Pool): Promise<void> {
  await Promise.all(pool.workers.map((w) => w.terminate()));
  pool.workers = [];
}

/**
 * Fills `cache` with the renderings of `prose` and `tokens` with the words of
 * `searchTexts`, on the main thread and the workers of `pool` (which this ends).
 */
export async function renderParallel(pool: Pool | undefined, prose: string[], searchTexts: string[], cache: ProseCache, tokens: TokenCache, opts: ParallelOptions = {}): Promise<void> {
  const todo = [...new Set(prose.filter((t) => !cache.has(t)))];
  const words = [...new Set(searchTexts.filter((t) => !tokens.has(t)))];
  const batches = [...batchesOf('prose', todo), ...batchesOf('tokens', words)];
  const total = [...todo, ...words].reduce((n, t) => n + t.length, 0);
  const work: Work = { batches, counter: new SharedArrayBuffer(4) };
  const take = (d: Done): void => {
    const texts = batches[d.batch].texts;
    if (d.prose) texts.forEach((t, i) => cache.set(t, d.prose![i]));
    if (d.tokens) texts.forEach((t, i) => d.tokens![i] !== null && tokens.set(t, d.tokens![i] === '' ? [] : d.tokens![i]!.split('\0')));
  };
  const workers = pool?.workers ?? [];
  if (pool) pool.workers = [];
  if (batches.length < 2 || total < (opts.minChars ?? MIN_PARALLEL_CHARS)) {
    await Promise.all(workers.map((w) => w.terminate()));
    runWorker(work, take);
    return;
  }
  const exits = workers.map(
    (worker) =>
      new Promise<void>((done, fail) => {
        worker.on('message', take);
        worker.once('error', fail);
        worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`render worker exited with code ${code}`))));
        worker.ref();
        worker.postMessage(work);
      }),
  );
  // The main thread claims batches alongside the workers.
  runWorker(work, take);
  try {
    await Promise.all(exits);
  } catch (e) {
    // One failed thread fails the build; the others must not keep the process alive.
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  // Every result arrives before its thread's exit; this only guards that assumption.
  for (const t of todo) if (!cache.has(t)) cache.set(t, renderProse(t));
}
