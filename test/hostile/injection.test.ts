/**
 * Policy text is data everywhere it lands: in the generated evaluator (string
 * literals, comments), in the handbook's HTML and in the scripts' JSON. The
 * weird-labels case puts `*\/`, `${…}`, `</script>`, quotes, backticks and
 * U+2028 in every label, title, note and output value.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandExists, crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-inject-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!commandExists('build'))('hostile text in a build', () => {
  const dir = join(work, 'case');
  cpSync(join(root, 'test/fixtures/hostile/weird-labels'), dir, { recursive: true });
  const out = join(dir, 'out');
  const built = rulebook(['build', '--policies', 'policies', '--out', out], dir, 60_000);

  it('builds', async () => {
    const r = await built;
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 70_000);

  it('gives an evaluator that runs none of it and returns it verbatim', async () => {
    await built;
    const script = `
      const m = await import(${JSON.stringify(join(out, 'evaluator/index.js'))});
      const r = m.evaluate('weird.rate', { level: 'low', amount: 10 });
      console.log(JSON.stringify({ pwned: globalThis.pwned ?? null, r }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const got = JSON.parse(run.stdout) as { pwned: unknown; r: { output: Record<string, string> } };
    expect(got.pwned).toBe(null);
    expect(got.r.output.note).toBe('*/ globalThis.pwned = 11; /* ${globalThis.pwned = 12} </script> `');
  }, 70_000);

  it('gives pages with no inline script, no live handler, no javascript: or data: link', async () => {
    await built;
    const pages = readdirSync(join(out, 'handbook'), { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const html = readFileSync(join(out, 'handbook', page), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, page).toMatch(/\bsrc="/);
      expect(html, page).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html, page).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|data):/i);
      expect(html, page).not.toContain('<img src=x');
      expect(html, page).toMatch(/Content-Security-Policy/);
    }
  }, 70_000);
});
