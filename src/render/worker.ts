/**
 * The prose worker: the entry of `dist/cli/render-worker.cjs` (a second
 * esbuild entry, since the CLI is one bundle and a thread cannot load a
 * TypeScript module). It claims batches of prose from a counter shared with
 * the other workers, renders them with the same renderer as the main thread,
 * posts each result, and ends when no batch is left. Claiming through the
 * counter needs nothing from the main thread, which may be busy meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderProse, type RenderedProse } from './markdown.js';

/** What the main thread hands every worker. */
export interface ProseWork {
  batches: string[][];
  /** One Int32: the next batch to claim. */
  counter: SharedArrayBuffer;
}

/** One rendered batch, by its index in `ProseWork.batches`. */
export interface ProseDone {
  batch: number;
  rendered: RenderedProse[];
}

/** Renders batches until none is left. */
export function runProseWorker(work: ProseWork, post: (done: ProseDone) => void): void {
  const next = new Int32Array(work.counter);
  for (let i = Atomics.add(next, 0, 1); i < work.batches.length; i = Atomics.add(next, 0, 1)) {
    post({ batch: i, rendered: work.batches[i].map((t) => renderProse(t)) });
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  runProseWorker(workerData as ProseWork, (done) => port.postMessage(done));
}
