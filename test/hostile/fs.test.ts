/**
 * The file system as an attack surface: symbolic links out of the policy and
 * template folders, bytes fmt must not rewrite, and runs that fail or are
 * killed half-way (every user file and the previous site stay whole).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandExists, crashSigns, root, rulebook } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'rulebook-fs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = 'title: T\nlocale: en\naudiences: { staff: Staff }\n';
const DOC = `id: base
title: Base
version: 1
sections:
  - id: rate
    title: Rate
    text: The rate is 1% below 70% and 1.5% from 70%.
decisions:
  - id: base.rate
    clause: "#rate"
    inputs: { conversion: { type: percent } }
    outputs: { rate: { type: percent } }
    rules:
      - when: { conversion: "< 70%" }
        then: { rate: 1% }
      - when: { conversion: ">= 70%" }
        then: { rate: 1.5% }
`;

let n = 0;
/** A fresh repository folder with a valid policy set (plus `extra` files, relative to the repository). */
function repo(extra: Record<string, string | Buffer> = {}): string {
  const dir = join(work, `repo-${n++}`);
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies/rulebook.yaml'), CONFIG);
  writeFileSync(join(dir, 'policies/base.yaml'), DOC);
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const secret = join(work, 'secret');
mkdirSync(secret);
writeFileSync(join(secret, 'leak.yaml'), 'id: leak\ntitle: TOP-SECRET-PAYROLL\nversion: 1\n');
writeFileSync(join(secret, 'layout.hbs'), 'TOP-SECRET-PAYROLL {{{body}}}');

describe('symbolic links', () => {
  it('check refuses links out of policies/ (file, folder, absolute) and survives a loop', async () => {
    const dir = repo();
    symlinkSync(join(secret, 'leak.yaml'), join(dir, 'policies/abs.yaml'));
    symlinkSync('../../secret/leak.yaml', join(dir, 'policies/rel.yaml'));
    symlinkSync(secret, join(dir, 'policies/folder'));
    symlinkSync('loop.yaml', join(dir, 'policies/loop.yaml'));
    const r = await rulebook(['check', 'policies', '--format', 'json'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    const got = (JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.map((d) => `${d.code} ${d.file}`);
    expect(got).toEqual(expect.arrayContaining(['io policies/abs.yaml', 'io policies/folder', 'io policies/loop.yaml']));
    expect(r.stdout).not.toContain('TOP-SECRET-PAYROLL');
  });

  it('prints no byte through a refused link, in any format or command (/proc/self/environ, /etc/passwd)', async () => {
    const dir = repo();
    symlinkSync('/proc/self/environ', join(dir, 'policies/environ.yaml'));
    symlinkSync('/etc/passwd', join(dir, 'policies/passwd.md'));
    symlinkSync(join(secret, 'leak.yaml'), join(dir, 'policies/leak.test.yaml'));
    const token = `rb-secret-${process.pid}-${Date.now()}`;
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    const summary = join(dir, 'summary.md');
    const env = { RULEBOOK_TEST_SECRET: token, GITHUB_STEP_SUMMARY: summary };
    const runs = [
      ...['pretty', 'json', 'github', 'sarif'].flatMap((f) => [['check', '--format', f], ['test', '--format', f]]),
      ['build', '--out', join(dir, 'out')],
      ['eval', 'base.rate', '--input', '{"conversion": "70%"}'],
    ];
    for (const args of runs) {
      const r = await rulebook(args, dir, 60_000, env);
      const what = args.join(' ');
      expect(crashSigns(r), what).toEqual([]);
      expect([1, 2], `${what}: exit ${r.code}`).toContain(r.code);
      const text = r.stdout + r.stderr + (existsSync(summary) ? readFileSync(summary, 'utf8') : '');
      expect(text, what).toContain('environ.yaml');
      for (const leaked of [token, 'RULEBOOK_TEST_SECRET', passwd, 'TOP-SECRET-PAYROLL']) expect(text, what).not.toContain(leaked);
    }
  });

  it.skipIf(!commandExists('build'))('build refuses a template folder that is, or holds, a link out of the repository', async () => {
    for (const setup of ['folder', 'file'] as const) {
      const dir = repo();
      writeFileSync(join(dir, 'policies/rulebook.yaml'), CONFIG + 'templates: ../tpl\n');
      if (setup === 'folder') symlinkSync(secret, join(dir, 'tpl'));
      else {
        mkdirSync(join(dir, 'tpl'));
        symlinkSync(join(secret, 'layout.hbs'), join(dir, 'tpl/layout.hbs'));
      }
      const r = await rulebook(['build', '--policies', 'policies', '--out', join(dir, 'out')], dir);
      expect(crashSigns(r), setup).toEqual([]);
      expect([1, 2], `${setup}: exit ${r.code}`).toContain(r.code);
      expect(r.stdout + r.stderr).toMatch(/symbolic link|outside/);
      const written = existsSync(join(dir, 'out')) ? JSON.stringify(readdirSync(join(dir, 'out'), { recursive: true })) : '';
      expect(written, setup).not.toContain('handbook/');
    }
  });

  it.skipIf(!commandExists('build'))('build never writes through a link planted in its output folder', async () => {
    const dir = repo();
    const victim = join(work, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep.txt'), 'keep');
    mkdirSync(join(dir, 'out'));
    symlinkSync(victim, join(dir, 'out/handbook'));
    symlinkSync(join(victim, 'keep.txt'), join(dir, 'out/handbook.md'));
    const r = await rulebook(['build', '--policies', 'policies', '--out', join(dir, 'out')], dir, 60_000);
    expect(crashSigns(r)).toEqual([]);
    expect(readdirSync(victim)).toEqual(['keep.txt']);
    expect(readFileSync(join(victim, 'keep.txt'), 'utf8')).toBe('keep');
  }, 70_000);

  it.skipIf(!commandExists('fmt'))('fmt never writes through a link', async () => {
    const dir = repo();
    writeFileSync(join(secret, 'target.yaml'), 'title: T\nid: t\nversion: 1\n');
    symlinkSync(join(secret, 'target.yaml'), join(dir, 'policies/link.yaml'));
    const r = await rulebook(['fmt', '--policies', 'policies'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect(readFileSync(join(secret, 'target.yaml'), 'utf8')).toBe('title: T\nid: t\nversion: 1\n');
  });
});

describe.skipIf(!commandExists('fmt'))('fmt touches only policy files', () => {
  it('leaves a DMN model, a docker-compose.yml and a README.md byte for byte, given or walked', async () => {
    const dmn = '<?xml version="1.0"?>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d">\n  <decision id="x" name="x"/>\n</definitions>\n';
    const compose = 'services:\n  web:\n    ports:\n      - "80:80"\n    image:   nginx\n';
    const readme = '# Title\n\n* one\n* two\n';
    const messy = 'version: 1\ntitle:   "Doc"\nid: doc\n';
    // Also inside the policy folder, where the loader reads them as documents (and fails them): another tool's files.
    const dir = repo({ 'policies/model.dmn': dmn, 'docker-compose.yml': compose, 'README.md': readme, 'deploy/values.yaml': compose, 'policies/messy.yaml': messy, 'policies/docker-compose.yml': compose, 'policies/README.md': readme });
    for (const args of [['fmt', '.'], ['fmt', 'docker-compose.yml', 'README.md', 'policies/model.dmn', 'deploy', 'policies/docker-compose.yml', 'policies/README.md'], ['fmt'], ['fmt', '--check']]) {
      const r = await rulebook(args, dir);
      expect(crashSigns(r), args.join(' ')).toEqual([]);
      // Walked past, they are not the formatter's business; named, they are skipped with a word.
      if (!args.includes('policies/docker-compose.yml')) expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      else expect(r.stderr).toContain('skipped policies/docker-compose.yml: not a policy document');
      expect(readFileSync(join(dir, 'policies/docker-compose.yml'), 'utf8'), args.join(' ')).toBe(compose);
      expect(readFileSync(join(dir, 'policies/README.md'), 'utf8'), args.join(' ')).toBe(readme);
      expect(readFileSync(join(dir, 'policies/model.dmn'), 'utf8'), args.join(' ')).toBe(dmn);
      expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'), args.join(' ')).toBe(compose);
      expect(readFileSync(join(dir, 'deploy/values.yaml'), 'utf8'), args.join(' ')).toBe(compose);
      expect(readFileSync(join(dir, 'README.md'), 'utf8'), args.join(' ')).toBe(readme);
    }
    // Said in the reader's language, like every line of the CLI.
    const zh = await rulebook(['fmt', 'docker-compose.yml', 'policies/docker-compose.yml', 'nope', '--lang', 'zh'], dir);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('docker-compose.yml：不是制度文件');
    expect(zh.stderr).toContain('policies/docker-compose.yml：不是制度文件（没有 `id:`）');
    expect(zh.stderr).toContain('nope：没有这个文件或文件夹');
    expect(zh.stderr.replace(/`[^`]*`|[\w/.-]+\.(?:yml|yaml|md)|rulebook fmt|nope|\/[\w/.-]+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    // The policy file itself is formatted (fmt still does its job), also when run from inside policies/.
    expect(readFileSync(join(dir, 'policies/messy.yaml'), 'utf8')).not.toBe(messy);
    writeFileSync(join(dir, 'policies/messy.yaml'), messy);
    const inside = await rulebook(['fmt'], join(dir, 'policies'));
    expect(inside.code, inside.stderr).toBe(0);
    expect(readFileSync(join(dir, 'policies/messy.yaml'), 'utf8')).not.toBe(messy);
  });
});

describe.skipIf(!commandExists('fmt'))('fmt keeps what it cannot read', () => {
  it('leaves a GBK file byte for byte and says so', async () => {
    const gbk = Buffer.concat([Buffer.from('title: '), Buffer.from([0xb9, 0xe6, 0xd4, 0xf2]), Buffer.from('\nid: gbk\nversion: 1\n')]);
    const dir = repo({ 'policies/gbk.yaml': gbk });
    const r = await rulebook(['fmt', '--policies', 'policies'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gbk.yaml');
    expect(readFileSync(join(dir, 'policies/gbk.yaml')).equals(gbk)).toBe(true);
  });

  it('leaves a file whose aliases would move before their anchors, without an internal error', async () => {
    const text = 'title: M\nbase: &b { type: percent }\nid: m\nversion: 1\ndecisions:\n  - id: m.r\n    inputs: { x: *b }\n    outputs: { y: *b }\n    formula: { y: "x" }\n';
    const dir = repo({ 'policies/m.yaml': text });
    const r = await rulebook(['fmt', '--policies', 'policies'], dir);
    expect(crashSigns(r)).toEqual([]);
    expect(readFileSync(join(dir, 'policies/m.yaml'), 'utf8')).toBe(text);
  });
});

/** Starts `rulebook <args>` and kills it after `ms`. */
function killAfter(args: string[], cwd: string, ms: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/rulebook.js'), ...args], { cwd, stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', () => {
      clearTimeout(t);
      done();
    });
  });
}

describe('runs that fail or die half-way', () => {
  it.skipIf(!commandExists('build') || !existsSync('/proc/self'))('an --out the system refuses to create (/proc/x) is exit 2 with a message, not a hang', async () => {
    // Node 20's recursive mkdirSync loops forever there (the parent exists, the child is refused).
    const r = await rulebook(['build', '--policies', 'policies', '--out', '/proc/rulebook-out'], repo(), 30_000);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('cannot write `/proc/rulebook-out`');
  }, 60_000);

  it.skipIf(!existsSync('/proc/self'))('a cache folder the system refuses to create (XDG_CACHE_HOME=/proc/x) is no cache, not a hang', async () => {
    // Node 20's recursive mkdirSync never returns there; the parse cache makes its folder with makeDirs.
    const r = await rulebook(['check', 'policies'], repo(), 20_000, { XDG_CACHE_HOME: '/proc/rulebook-cache' });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
  }, 30_000);

  it.skipIf(!commandExists('build'))('30 builds killed at random moments: the handbook, handbook.md and evaluator always form one release, and nothing is left behind', async () => {
    const dir = repo();
    const out = join(dir, 'out');
    // Release v pays v.25% from 70%: the page, the Markdown and the evaluator each say which release they are.
    const release = (v: number) => writeFileSync(join(dir, 'policies/base.yaml'), DOC.replaceAll('1.5%', `${v}.25%`));
    const versionIn = (file: string, re: RegExp) => {
      const m = re.exec(readFileSync(join(out, file), 'utf8'));
      return m ? String(Number(m[1])) : undefined;
    };
    const pair = () => [versionIn('handbook/docs/base.html', /(\d+)\.25%/), versionIn('handbook.md', /(\d+)\.25%/), versionIn('evaluator/index.js', /"rate": "0\.(\d+)25"/)];
    release(0);
    const first = await rulebook(['build', '--policies', 'policies', '--out', out], dir, 60_000);
    expect(first.code, first.stderr).toBe(0);
    expect(pair()).toEqual(['0', '0', '0']);
    let seed = 1313;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seen = new Set<string>();
    let rolled = 0;
    for (let k = 1; k <= 30; k++) {
      release(k);
      const ms = Math.floor(random() * 700);
      await killAfter(['build', '--policies', 'policies', '--out', out], dir, ms);
      // Killed between the journal (the commit point) and its last rename: the next run completes the new release.
      if (existsSync(join(out, '.rulebook-swap.json'))) {
        rolled++;
        continue;
      }
      const got = pair();
      expect(new Set(got).size, `kill ${k} after ${ms} ms: ${got.join(', ')}`).toBe(1);
      seen.add(got[0] === String(k) ? 'new' : 'old');
    }
    // Both outcomes happened: the kills landed before and after the swap, not all on one side.
    expect([...seen].sort(), `rolled forward: ${rolled}`).toEqual(['new', 'old']);
    release(99);
    const last = await rulebook(['build', '--policies', 'policies', '--out', out], dir, 60_000);
    expect(last.code, last.stderr).toBe(0);
    expect(pair()).toEqual(['99', '99', '99']);
    // The dead runs' stages, old copies, journal and lock are gone after the next build.
    expect(readdirSync(out).sort()).toEqual(['.rulebook-build.json', 'evaluator', 'handbook', 'handbook.md']);
  }, 120_000);

  it.skipIf(!commandExists('fmt'))('fmt killed at any moment leaves each file as it was or fully formatted', async () => {
    const messy = (i: number) => `version: 1\ntitle:   "Doc ${i}"\nid: doc-${i}\n`;
    const dir = repo(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`policies/d${i}.yaml`, messy(i)])));
    const formatted = join(work, 'formatted');
    cpSync(dir, formatted, { recursive: true });
    await rulebook(['fmt', '--policies', 'policies'], formatted);
    const want = (i: number) => readFileSync(join(formatted, `policies/d${i}.yaml`), 'utf8');
    expect(want(0)).not.toBe(messy(0));
    for (const ms of [150, 250, 400]) {
      await killAfter(['fmt', '--policies', 'policies'], dir, ms);
      for (let i = 0; i < 150; i++) expect([messy(i), want(i)], `d${i}.yaml after ${ms} ms`).toContain(readFileSync(join(dir, `policies/d${i}.yaml`), 'utf8'));
      for (let i = 0; i < 150; i++) writeFileSync(join(dir, `policies/d${i}.yaml`), messy(i));
    }
  }, 60_000);

  it.skipIf(!commandExists('build'))('a failing build leaves the previous site; a killed one leaves the old or the new, whole', async () => {
    const dir = repo();
    const out = join(dir, 'out');
    const first = await rulebook(['build', '--policies', 'policies', '--out', out], dir, 60_000);
    expect(crashSigns(first)).toEqual([]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const site = () => (existsSync(join(out, 'handbook')) ? readdirSync(join(out, 'handbook'), { recursive: true }).map(String).sort() : []);
    const before = site();
    const index = readFileSync(join(out, 'handbook/index.html'), 'utf8');
    expect(before.length).toBeGreaterThan(1);

    writeFileSync(join(dir, 'policies/broken.yaml'), 'id: broken\ntitle: [\n');
    const failed = await rulebook(['build', '--policies', 'policies', '--out', out], dir, 60_000);
    expect(crashSigns(failed)).toEqual([]);
    expect(failed.code).toBe(1);
    expect(site()).toEqual(before);
    expect(readFileSync(join(out, 'handbook/index.html'), 'utf8')).toBe(index);

    rmSync(join(dir, 'policies/broken.yaml'));
    writeFileSync(join(dir, 'policies/base.yaml'), DOC.replace('title: Base', 'title: Base v2'));
    for (const ms of [300, 600, 900]) {
      await killAfter(['build', '--policies', 'policies', '--out', out], dir, ms);
      expect(site(), `after ${ms} ms`).toEqual(before);
      expect(existsSync(join(out, 'handbook/index.html'))).toBe(true);
    }
  }, 90_000);
});
