/**
 * The CLI prints sentences only from the message catalogue (src/cli/messages.ts
 * and the modules' own entries), so `--lang zh` reads in Chinese end to end. A
 * `process.stdout/stderr.write` whose literal text holds English words is a
 * message built outside the catalogue, and fails here; the command prefix
 * (`rulebook fmt:`), file names and GitHub workflow commands are not words.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'src/cli');

/** The literal text of each write call's first argument, with its `${…}` parts (which may hold templates) blanked. */
function writes(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/process\.std(?:out|err)\.write\(([`'])/g)) {
    const quote = m[1];
    let i = m.index + m[0].length;
    let text = '';
    // Walks the literal: a `${` opens an expression that ends at its matching `}`, whatever it holds.
    while (i < source.length && source[i] !== quote) {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (quote === '`' && source.startsWith('${', i)) {
        let depth = 0;
        i++; // the `$`
        do {
          if (source[i] === '{') depth++;
          else if (source[i] === '}') depth--;
          i++;
        } while (depth > 0 && i < source.length);
        text += ' ';
      } else text += source[i++];
    }
    out.push(text);
  }
  return out;
}

describe('CLI messages', () => {
  it('are all taken from the catalogue', () => {
    const problems: string[] = [];
    for (const f of readdirSync(cli, { recursive: true }).map(String)) {
      if (!f.endsWith('.ts')) continue;
      for (const text of writes(readFileSync(join(cli, f), 'utf8'))) {
        const words = text
          .replace(/^rulebook(?: [a-z-]+)?: ?/, '')
          .replace(/::(?:notice|error|warning) title=rulebook [a-z]+::/, '')
          .replace(/\\n|\\t/g, ' ')
          .replace(/[\w-]+\.(?:html|md|pdf|yaml)\b/g, ' ');
        if (/[A-Za-z]{3,}/.test(words)) problems.push(`${f}: ${text.trim()}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('follow --lang: init and fmt speak Chinese when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-msg-'));
    try {
      const bin = join(root, 'bin/rulebook.js');
      const made = spawnSync(process.execPath, [bin, 'init', dir, '--lang', 'zh'], { encoding: 'utf8' });
      expect(made.status).toBe(0);
      expect(made.stdout).toContain('个文件');
      expect(made.stdout).toContain('下一步：rulebook check && rulebook test');
      const again = spawnSync(process.execPath, [bin, 'init', dir, '--lang', 'zh'], { encoding: 'utf8' });
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('不会覆盖已有的文件');
      const en = spawnSync(process.execPath, [bin, 'init', dir, '--lang', 'en'], { encoding: 'utf8' });
      expect(en.stderr).toContain('refusing to overwrite existing files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follow --lang: eval and import dmn speak Chinese when asked', () => {
    const bin = join(root, 'bin/rulebook.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
    const unknown = run('eval', 'cs.performance_bonu', '--input', '{}', '--lang', 'zh');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('没有决策 `cs.performance_bonu`；是不是指 `cs.performance_bonus`？');
    const both = run('eval', 'cs.performance_bonus', '--input', '{}', '--input-file', 'x.csv', '--lang', 'zh');
    expect(both.stderr).toContain('不要同时给出');
    const dup = run('eval', 'cs.performance_bonus', '--input', '{"sales": 1, "sales": 2}', '--lang', 'zh');
    expect(dup.stderr).toContain('出现了不止一次');
    const format = run('import', 'xml', 'a.dmn', '--lang', 'zh');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('未知的导入格式 `xml`');
    const en = run('eval', 'cs.performance_bonus', '--input', '{}', '--input-file', 'x.csv', '--lang', 'en');
    expect(en.stderr).toContain('not both');
  });
});
