/**
 * `--format github` prints workflow commands; policy text (keys, values, file
 * names) quoted in messages must never start a command of its own
 * (`::add-mask::`, `::stop-commands::`, a forged `::error`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandHelp, crashSigns, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-ci-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAYLOAD = '\\n::add-mask::hunter2\\n::stop-commands::tok\\n::error file=forged.yaml,line=1::forged\\r\\n::warning::x%0A::error::y';

describe.skipIf(!/github/.test(commandHelp('check')))('github annotations', () => {
  const dir = join(work, 'repo');
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies/rulebook.yaml'), 'title: T\nlocale: en\naudiences: { staff: Staff }\n');
  writeFileSync(
    join(dir, 'policies/doc.yaml'),
    `id: "doc${PAYLOAD}"\ntitle: T\nversion: 1\n"key${PAYLOAD}": 1\ndecisions:\n  - id: d.r\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    rules:\n      - when: { x: "< 1${PAYLOAD}" }\n        then: { y: "z${PAYLOAD}" }\n`,
  );
  // File names may hold newlines too.
  writeFileSync(join(dir, 'policies', 'evil\n::add-mask::hunter2\n::error file=f,line=1::x.yaml'), 'id: [\n');

  it('keeps every payload inside its own annotation line', async () => {
    const r = await rulebook(['check', 'policies', '--format', 'github'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split(/\r?\n|\r/);
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands.length).toBeGreaterThan(2);
    for (const l of commands) expect(l).toMatch(/^::(error|warning|notice) [^:]*::/);
    expect(lines.filter((l) => /^\s*::(add-mask|stop-commands|set-output|set-env|add-path|save-state)/.test(l))).toEqual([]);
    expect(lines.filter((l) => /forged/.test(l) && !/^::(error|warning|notice) file=policies/.test(l))).toEqual([]);
    // The real payload text survives, escaped, so a reviewer still sees what the policy says.
    expect(r.stdout).toContain('%0A::add-mask::hunter2');
  });
});

describe('names on one line in every format and command', () => {
  const dir = join(work, 'names');
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies/rulebook.yaml'), 'title: T\nlocale: en\naudiences: { staff: Staff }\n');
  const ESC = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';
  writeFileSync(
    join(dir, 'policies/doc.yaml'),
    `id: doc\ntitle: T\nversion: 1\ndecisions:\n  - id: d.r\n    inputs: { x: { type: number } }\n    outputs: { y: { type: number } }\n    rules:\n      - when: { x: "< 1" }\n        then: { y: 1 }\n      - when: { x: ">= 1" }\n        then: { y: 2 }\ntests:\n  - name: ${JSON.stringify(`t${ESC}\n::error::forged-by-name`)}\n    decision: d.r\n    input: { x: 0 }\n    expect: { y: 5 }\n`,
  );
  const evil = `messy\n::error file=f,line=1::forged-by-file${ESC}%0A.yaml`;
  writeFileSync(join(dir, 'policies', evil), 'version: 1\ntitle:   "M"\nid: messy\n');

  it('no terminal escape and no line of a name’s own, in check, test and fmt', async () => {
    const runs = [
      await rulebook(['check', '--format', 'pretty'], dir),
      await rulebook(['check', '--format', 'github'], dir),
      await rulebook(['test', '--format', 'pretty'], dir),
      await rulebook(['test', '--format', 'github'], dir),
      await rulebook(['fmt', '--check'], dir),
      await rulebook(['fmt'], dir),
    ];
    for (const r of runs) {
      expect(crashSigns(r)).toEqual([]);
      const text = r.stdout + r.stderr;
      expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
      for (const line of text.split(/\r?\n|\r/)) expect(line).not.toMatch(/^\s*::error::forged|^::error file=f,line=1::forged/);
    }
    expect(runs[2].stdout).toContain('forged-by-name');
    expect(runs[5].stdout).toContain('forged-by-file');
  });
});
