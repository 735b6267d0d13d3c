/**
 * Prose rendering on worker threads: Markdown parsing is most of a build's
 * cost, so the texts not yet in the cache are split across the machine's
 * cores. Each worker imports the same packages and builds the renderer from
 * the source text of `makeProseRenderer`, so both paths render alike.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeProseRenderer, PROSE_PACKAGES, renderProse, type ProseCache, type RenderedProse } from './markdown.js';

/** Below this many characters a thread's start-up costs more than it saves. */
const MIN_PARALLEL_CHARS = 300_000;

function workerSource(): string {
  return `(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const [u, rp, gfm, r2r, san, str] = await Promise.all(workerData.urls.map((url) => import(url)));
  const make = (${makeProseRenderer.toString()});
  const render = make({ unified: u.unified, remarkParse: rp.default, remarkGfm: gfm.default, remarkRehype: r2r.default, rehypeSanitize: san.default, rehypeStringify: str.default, defaultSchema: san.defaultSchema });
  parentPort.postMessage(workerData.texts.map((t) => render(t)));
})();`;
}

/** Fills `cache` with the renderings of `texts`, on up to all cores. */
export async function renderProseParallel(texts: string[], cache: ProseCache, threads = availableParallelism()): Promise<void> {
  const todo = [...new Set(texts.filter((t) => !cache.has(t)))];
  const total = todo.reduce((n, t) => n + t.length, 0);
  if (threads < 2 || total < MIN_PARALLEL_CHARS) {
    for (const t of todo) cache.set(t, renderProse(t));
    return;
  }
  const req = createRequire(import.meta.url);
  const urls = PROSE_PACKAGES.map((p) => pathToFileURL(req.resolve(p)).href);
  const source = workerSource();
  // Interleaved split: neighbouring texts are often alike in size.
  const parts: string[][] = Array.from({ length: threads }, () => []);
  todo.forEach((t, i) => parts[i % threads].push(t));
  const pending = parts.slice(1).map(
    (part) =>
      new Promise<RenderedProse[]>((done, fail) => {
        const worker = new Worker(source, { eval: true, workerData: { urls, texts: part } });
        worker.once('message', (m: RenderedProse[]) => {
          done(m);
          void worker.terminate();
        });
        worker.once('error', fail);
      }),
  );
  // The main thread takes the first share itself rather than idling.
  for (const t of parts[0]) cache.set(t, renderProse(t));
  const results = await Promise.all(pending);
  results.forEach((rendered, i) => parts[i + 1].forEach((t, j) => cache.set(t, rendered[j])));
}
