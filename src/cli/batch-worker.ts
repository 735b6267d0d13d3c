/**
 * The worker of `eval --jobs`: the entry of `dist/cli/eval-worker.cjs` (a
 * second esbuild entry, as the handbook's worker is). It loads the same
 * policies as the main thread, then evaluates each block of records it is
 * sent and posts back the block's rows (see batch-run.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../diagnostics/catalogue.js';
import { loadModel } from '../pipeline.js';
import { loadOptions } from './common.js';
import { pickVersion } from '../evaluate/index.js';
import type { Block } from '../evaluate/batch.js';
import { formatExplanation } from '../evaluate/explain-text.js';
import { rowEvaluator, runBlock, type WorkerSetup } from '../evaluate/batch-run.js';

const start = (workerData as { rulebookEval?: { policies: string; lang: 'en' | 'zh' } } | undefined)?.rulebookEval;
if (parentPort && start) {
  setLang(start.lang);
  // Loaded at once, while the main thread loads the same policies and reads the first block.
  const model = loadModel(start.policies, loadOptions({ args: [], opts: {} }, start.policies)).model!;
  const port = parentPort;
  let row: ReturnType<typeof rowEvaluator> | undefined;
  let setup: WorkerSetup | undefined;
  port.on('message', (m: Block | { setup: WorkerSetup }) => {
    if ('setup' in m) {
      setup = m.setup;
      setLang(setup.lang);
      const versions = model.decisions.get(setup.id) ?? [];
      row = rowEvaluator(model, pickVersion(versions, setup.asOf), setup.id, setup.asOf, { ...setup.format, explainText: (e) => formatExplanation(model, e, '  ') });
      return;
    }
    void runBlock(m, setup!.header, row!, setup!.shard).then((r) => port.postMessage(r));
  });
}
