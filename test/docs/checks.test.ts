/**
 * The check pages are the checks' fixtures (remark-lint's habit): every
 * diagnostic code has `docs/checks/<code>.md`, and each page's bad example,
 * written to a temporary folder and run through the pipeline, the checker and
 * the policy tests as `rulebook check` and `rulebook test` run them, reports
 * exactly the lines its "reported" block shows; its repaired example reports
 * nothing of that code and no error at all.
 *
 * A page's fences say what they are:
 *   ```yaml bad policies/rates.yaml      a file of the bad example
 *   ```yaml good policies/rates.yaml     a file of the repaired example
 *   ```link bad policies/x.yaml          a symbolic link; the body is its target
 *   ```text reported                     the bad example's findings of this code
 * A folder without `policies/rulebook.yaml` gets a minimal one, unless a fence
 * of that example says `no-config`.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Code, Diagnostic } from '../../src/diagnostics/index.js';
import { check } from '../../src/check/index.js';
import { loadModel } from '../../src/pipeline.js';
import { runTests } from '../../src/policy-test/index.js';
import { testDiagnostics } from '../../src/policy-test/diagnostics.js';
import { line } from '../check/harness.js';
import { compileSql } from '../../src/sql/index.js';
import { setLang } from '../../src/diagnostics/catalogue.js';
import { CODES, docsUrl } from '../../src/diagnostics/index.js';

const DOCS = join(__dirname, '../../docs/checks');
const CONFIG = 'title: Example\nlocale: en\ncurrency: CNY\naudiences:\n  staff: Staff\ndefaultAudience: staff\n';

interface Example {
  files: { path: string; text: string; link?: boolean }[];
  noConfig: boolean;
}

interface Page {
  code: string;
  bad: Example;
  good: Example;
  reported: string[];
}

function parsePage(code: string, text: string): Page {
  const page: Page = { code, bad: { files: [], noConfig: false }, good: { files: [], noConfig: false }, reported: [] };
  for (const m of text.matchAll(/^(`{3,})([^\n]*)\n([\s\S]*?)^\1$/gm)) {
    const [kind, role, path, ...flags] = m[2]!.trim().split(/\s+/);
    const body = m[3]!;
    if (kind === 'text' && role === 'reported') page.reported.push(...body.split('\n').filter((l) => l.trim() !== ''));
    else if (role === 'bad' || role === 'good') {
      const ex = page[role];
      if (flags.includes('no-config')) ex.noConfig = true;
      if (path) ex.files.push({ path, text: kind === 'link' ? body.trim() : body, link: kind === 'link' });
    }
  }
  return page;
}

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** The example as files on disk, then every finding `check` and `test` would report, as harness lines. */
function run(ex: Example, code?: string): Diagnostic[] {
  const root = mkdtempSync(join(tmpdir(), 'rulebook-check-page-'));
  temps.push(root);
  mkdirSync(join(root, 'policies'), { recursive: true });
  for (const f of ex.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    if (f.link) symlinkSync(f.text, join(root, f.path));
    else writeFileSync(join(root, f.path), f.text);
  }
  if (!ex.noConfig && !ex.files.some((f) => f.path === 'policies/rulebook.yaml')) writeFileSync(join(root, 'policies/rulebook.yaml'), CONFIG);
  setLang('en');
  const r = loadModel('policies', { cwd: root });
  if (!r.model || r.fatal) return r.diagnostics;
  // `sql` is found by `build --target sql`, which compiles the model to SQL.
  const sql = code === 'sql' ? compileSql(r.model).diagnostics : [];
  return [...r.diagnostics, ...check(r.model), ...testDiagnostics(runTests(r.model)), ...sql];
}

const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'index.md');

describe('a page per check', () => {
  it('every diagnostic code has its page, and every page is a code', () => {
    expect(pages.map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...CODES].sort());
  });

  it('the index lists every page', () => {
    const index = readFileSync(join(DOCS, 'index.md'), 'utf8');
    for (const code of CODES) expect(index, code).toContain(`](${code}.md)`);
  });

  for (const file of pages) {
    const code = file.replace(/\.md$/, '') as Code;
    const page = parsePage(code, readFileSync(join(DOCS, file), 'utf8'));
    describe(code, () => {
      it('has a bad example, what it reports, and a repaired example', () => {
        expect(page.bad.files.length + (page.bad.noConfig ? 1 : 0)).toBeGreaterThan(0);
        expect(page.good.files.length).toBeGreaterThan(0);
        expect(page.reported.length).toBeGreaterThan(0);
      });
      it('the bad example reports exactly what the page shows', () => {
        const found = run(page.bad, code).filter((d) => d.code === code).map(line);
        expect(found).toEqual(page.reported);
      });
      it('the repaired example reports nothing of it, and no error', () => {
        const found = run(page.good, code);
        expect(found.filter((d) => d.code === code).map(line)).toEqual([]);
        expect(found.filter((d) => d.severity === 'error').map(line)).toEqual([]);
      });
    });
  }
});

describe('links to the check pages', () => {
  it('every link a report gives (SARIF helpUri, the pretty output) names a page that exists', () => {
    for (const code of CODES) {
      const url = docsUrl(code);
      const m = /\/blob\/main\/(docs\/checks\/[a-z-]+\.md)$/.exec(url);
      expect(m, url).not.toBeNull();
      expect(existsSync(join(__dirname, '../..', m![1]!)), url).toBe(true);
    }
  });
  it('links between the check pages and to other docs resolve', () => {
    for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(DOCS, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^https?:/.test(m[1]!)) continue;
        expect(existsSync(join(DOCS, m[1]!)), `${file} → ${m[1]}`).toBe(true);
      }
    }
  });
});
