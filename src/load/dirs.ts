/**
 * Making folders, for every stage that writes (the parse cache here, the CLI's
 * outputs): one place, since the obvious way hangs.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that gives up. Node 20's `mkdirSync(p, { recursive: true })` loops
 * forever where a parent exists but refuses the child (`/proc/x`), so the
 * missing folders are made one by one and the first refusal is thrown.
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p); ) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
