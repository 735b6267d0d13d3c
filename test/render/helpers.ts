// Shared by the render tests: a temp copy of the shipped policies to plant things in, and reading a built site back.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
