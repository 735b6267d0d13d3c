/**
 * Prose rendering on worker threads: Markdown parsing is most of a build's
 * cost, so the texts not yet in the cache go to one worker per core, in small
 * batches the workers claim as they finish (texts differ in size, a fixed
 * split leaves a core idle at the end). The main thread stays free meanwhile
 * for the work that does not need prose (the search index).
 *
 * The worker is `dist/cli/render-worker.cjs`, built next to the CLI bundle
 * by `scripts/build.mjs`. Both `src/render/` and `dist/cli/` sit two levels
 * below the package root, so one relative path finds it from either. When it
 * is missing (tests running the TypeScript sources before a build) the texts
 * are rendered on the main thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderProse, type ProseCache } from './markdown.js';
import type { ProseDone, ProseWork } from './worker.js';

/** Below this many characters a thread's start-up costs more than it saves. */
const MIN_PARALLEL_CHARS = 300_000;
/** Characters per batch: large enough to amortize a message, small enough to balance the cores. */
const BATCH_CHARS = 40_000;

/** The worker script, when the CLI has been built. */
export function proseWorkerFile(): string | undefined {
  const file = fileURLToPath(new URL('../../dist/cli/render-worker.cjs', import.meta.url));
  return existsSync(file) ? file : undefined;
}

export interface ParallelOptions {
  /** Worker threads to start; default: one per core. */
  threads?: number;
  /** Render on threads only above this many characters of uncached prose. */
  minChars?: number;
}

/** Fills `cache` with the renderings of `texts`, on up to all cores. */
export async function renderProseParallel(texts: string[], cache: ProseCache, opts: ParallelOptions = {}): Promise<void> {
  const todo = [...new Set(texts.filter((t) => !cache.has(t)))];
  const total = todo.reduce((n, t) => n + t.length, 0);
  const threads = Math.min(opts.threads ?? availableParallelism(), Math.ceil(total / BATCH_CHARS));
  const file = proseWorkerFile();
  if (!file || threads < 2 || total < (opts.minChars ?? MIN_PARALLEL_CHARS)) {
    for (const t of todo) cache.set(t, renderProse(t));
    return;
  }
  const batches: string[][] = [];
  let batch: string[] = [];
  let size = 0;
  for (const t of todo) {
    batch.push(t);
    size += t.length;
    if (size >= BATCH_CHARS) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length) batches.push(batch);
  const work: ProseWork = { batches, counter: new SharedArrayBuffer(4) };
  const workers: Worker[] = [];
  const run = (): Promise<void> =>
    new Promise<void>((done, fail) => {
      const worker = new Worker(file, { workerData: work });
      workers.push(worker);
      worker.on('message', (m: ProseDone) => batches[m.batch].forEach((t, i) => cache.set(t, m.rendered[i])));
      worker.once('error', fail);
      worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`prose worker exited with code ${code}`))));
    });
  try {
    await Promise.all(Array.from({ length: threads }, run));
  } catch (e) {
    // One failed thread fails the build; the others must not keep the process alive.
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  // Every result arrives before its thread's exit; this only guards that assumption.
  for (const t of todo) if (!cache.has(t)) cache.set(t, renderProse(t));
}
