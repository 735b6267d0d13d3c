import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { report } from '../../src/cli/common.js';
import type { Diagnostic } from '../../src/diagnostics/index.js';
import { annotation, escapeData, escapeProperty, formatGithub, MAX_PER_KIND } from '../../src/report/github.js';
import { loadModel } from '../../src/pipeline.js';

const at = (over: Partial<Diagnostic> = {}): Diagnostic => ({ code: 'overlap', severity: 'error', message: 'rows 1 and 2 overlap', file: 'policies/a.yaml', line: 3, column: 5, ...over });

/** How the Actions runner splits a line: `::name props::data`, props split at `,`, key at the first `=`. */
function parse(line: string): { name: string; props: Record<string, string>; data: string } | undefined {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return undefined;
  const unesc = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const p of (m[2] ?? '').split(',').filter(Boolean)) {
    const i = p.indexOf('=');
    props[p.slice(0, i)] = unesc(p.slice(i + 1));
  }
  return { name: m[1], props, data: unesc(m[3]) };
}

describe('github reporter', () => {
  it('writes one annotation per finding with its place', () => {
    expect(annotation(at({ endLine: 3, endColumn: 9 }))).toBe('::error file=policies/a.yaml,line=3,col=5,endLine=3,endColumn=9,title=rulebook overlap::rows 1 and 2 overlap');
    expect(annotation(at({ severity: 'info' }))).toMatch(/^::notice /);
  });

  it('policy text can never start a workflow command', () => {
    const payload = 'x\n::error::owned\r\n::add-mask::secret%0A,y:z';
    const line = annotation(at({ message: payload, file: `evil,file=x::y\n::add-mask::z.yaml`, hint: payload }));
    expect(line.split(/\r|\n/)).toHaveLength(1);
    const parsed = parse(line);
    expect(parsed?.name).toBe('error');
    expect(parsed?.props.file).toBe('evil,file=x::y\n::add-mask::z.yaml');
    expect(parsed?.data.startsWith(payload)).toBe(true);
  });

  it('escaping round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '\r', '\n', ':', ',', '=', 'a', '业', '2', 'A', '0', 'D') }), (s) => {
        const p = parse(`::warning file=${escapeProperty(s)}::${escapeData(s)}`);
        expect(p?.props.file).toBe(s);
        expect(p?.data).toBe(s);
      }),
      { seed: 6 },
    );
  });

  it('keeps at most 10 annotations per kind, errors first, and counts the rest', () => {
    const diags = [
      ...Array.from({ length: 12 }, (_, i) => at({ severity: 'warning', line: i + 1 })),
      ...Array.from({ length: 15 }, (_, i) => at({ line: i + 1 })),
      at({ severity: 'info' }),
    ];
    const lines = formatGithub(diags).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(MAX_PER_KIND);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(MAX_PER_KIND);
    expect(lines[0].startsWith('::error ')).toBe(true);
    expect(lines.some((l) => l.includes('5 more error'))).toBe(true);
    expect(lines.some((l) => l.includes('2 more warning'))).toBe(true);
  });
});

describe('report() in GitHub Actions', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    delete process.env.GITHUB_STEP_SUMMARY;
  });

  it('appends the full report to $GITHUB_STEP_SUMMARY', () => {
    dir = mkdtempSync(join(tmpdir(), 'rulebook-summary-'));
    const file = join(dir, 'summary.md');
    process.env.GITHUB_STEP_SUMMARY = file;
    const r = loadModel(join(import.meta.dirname, '../fixtures/foundation/yaml-syntax/policies'));
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = report(r.diagnostics, { args: [], opts: { format: 'github' } }, r.sources);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(1);
    expect(out).toMatch(/^::error file=/);
    const summary = readFileSync(file, 'utf8');
    expect(summary).toContain('yaml-syntax');
    expect(summary).toContain('```text');
  });
});
