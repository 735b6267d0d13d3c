/**
 * The handbook's worker: the entry of `dist/cli/render-worker.cjs` (a second
 * esbuild entry, since the CLI is one bundle and a thread cannot load a
 * TypeScript module). It claims batches from a counter shared with the other
 * threads (the main thread takes part too), renders prose with the same
 * renderer as the main thread or tokenizes search text with the same
 * tokenizer, posts each result, and ends when no batch is left. Claiming
 * through the counter needs nothing from the main thread, which may be busy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tokenize } from '../../templates/assets/tokenize.js';
import { renderProse, type RenderedProse } from './markdown.js';

/** A batch of work: prose to render, or search text to tokenize. */
export interface Batch {
  kind: 'prose' | 'tokens';
  texts: string[];
}

/** What every thread is handed. */
export interface Work {
  batches: Batch[];
  /** One Int32: the next batch to claim. */
  counter: SharedArrayBuffer;
}

/** One finished batch, by its index in `Work.batches`. Tokens come joined by NUL (null when a token holds one). */
export interface Done {
  batch: number;
  prose?: RenderedProse[];
  tokens?: (string | null)[];
}

/** Runs one batch. */
function runBatch(b: Batch, index: number): Done {
  if (b.kind === 'prose') return { batch: index, prose: b.texts.map((t) => renderProse(t)) };
  return {
    batch: index,
    tokens: b.texts.map((t) => {
      const words = tokenize(t);
      // One string per text is far cheaper to pass between threads than an array of words.
      return words.some((x) => x.includes('\0')) ? null : words.join('\0');
    }),
  };
}

/** Claims and runs batches until none is left. */
export function runWorker(work: Work, post: (done: Done) => void): void {
  const next = new Int32Array(work.counter);
  for (let i = Atomics.add(next, 0, 1); i < work.batches.length; i = Atomics.add(next, 0, 1)) post(runBatch(work.batches[i], i));
}

if (parentPort && workerData === 'rulebook-render') {
  const port = parentPort;
  // Started before the work is known (while the policies load); the work arrives as the one message.
  port.once('message', (work: Work) => {
    runWorker(work, (done) => port.postMessage(done));
    port.close();
  });
}
