import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileEvaluator } from '../../src/compile/index.js';
import type { Model } from '../../src/model/index.js';

/** A compiled evaluator module, loaded. */
export type Compiled = Record<string, (...args: unknown[]) => { output?: Record<string, unknown>; error?: { code: string; decision: string; input?: string } }>;

/** Compiles the model, writes the module to a temp dir and imports it; the dir goes once loaded (a run made 20,000 of them). */
export async function loadCompiled(model: Model): Promise<{ mod: Compiled; js: string; dts: string }> {
  const { js, dts } = compileEvaluator(model);
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-eval-'));
  writeFileSync(join(dir, 'index.js'), js);
  writeFileSync(join(dir, 'index.d.ts'), dts);
  try {
    const mod = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Compiled;
    return { mod, js, dts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
