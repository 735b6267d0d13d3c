/**
 * The worker of `eval --jobs`: the entry of `dist/cli/eval-worker.cjs` (a
 * second esbuild entry, as the handbook's worker is). It loads the same
 * policies as the main thread, then evaluates each block of records it is
 * sent and posts back the block's rows (see batch-run.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../diagnostics/catalogue.js';
import { loadModel } from '../pipeline.js';
import { loadOptions } from '../cli/common.js';
import { pickVersion } from './index.js';
import type { Block } from './batch.js';
import { formatExplanation } from './explain-text.js';
import { rowEvaluator, runBlock, type WorkerSetup } from './batch-run.js';

const setup = (workerData as { rulebookEval?: WorkerSetup } | undefined)?.rulebookEval;
if (parentPort && setup) {
  setLang(setup.lang);
  const loaded = loadModel(setup.policies, loadOptions({ args: [], opts: {} }, setup.policies));
  const model = loaded.model!;
  const versions = model.decisions.get(setup.id) ?? [];
  const row = rowEvaluator(model, pickVersion(versions, setup.asOf), setup.id, setup.asOf, { ...setup.format, explainText: (e) => formatExplanation(model, e, '  ') });
  const port = parentPort;
  port.on('message', (b: Block) => {
    void runBlock(b, setup.header, row, setup.shard).then((r) => port.postMessage(r));
  });
}
