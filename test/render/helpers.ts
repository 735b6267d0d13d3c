// Shared by the render tests: a temp copy of the shipped policies to plant things in, and reading a built site back.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { tokenize } from '../../templates/assets/tokenize.js';

/** A temp folder holding `policies/` (a copy of the shipped policies) plus the given extra files. */
export function policyCopy(extra: Record<string, string> = {}): { root: string; policies: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'rulebook-render-'));
  const policies = join(root, 'policies');
  cpSync('policies', policies, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) writeFileSync(join(root, rel), text);
  return { root, policies, out: join(root, 'dist') };
}

/** Every file under `dir`, relative path → text. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else out.set(rel, readFileSync(join(dir, rel), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** The script tag every page may carry: a classic script from the site's own assets (no inline code, no module). */
export const SCRIPT_TAG = /^<script src="(?:\.\.\/)*assets\/[a-z-]+\.js"(?: defer)?>$/;

/** The JSON inside an `assets/*.js` data script (`self.X=<json>;`). */
export function scriptJson(script: string): string {
  const m = /^self\.[A-Za-z]+=([\s\S]*);\n$/.exec(script);
  if (!m) throw new Error('not a data script');
  return m[1];
}

/** The search index of a built site's `assets/search-index.<lang>.js`, loaded as the browser loads it. */
export function searchIndexOf(script: string): MiniSearch {
  return MiniSearch.loadJSON(scriptJson(script), { fields: ['title', 'text', 'doc', 'en'], storeFields: ['kind', 'title', 'doc', 'href', 'snip'], tokenize, processTerm: (t) => t });
}
