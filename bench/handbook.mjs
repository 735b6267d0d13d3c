// Handbook build on a synthetic policy set: 1,000 documents of about 5 KB of
// Chinese Markdown prose each. Measures the full `rulebook build` (prose on
// worker threads) and, under `rulebook serve`, the time from one document
// changing on disk to the rebuilt site. Targets (issue 17.5): <= 8 s of CPU
// (user+sys, all threads) for the build, and < 300 ms for serve's rebuild.
// The build runs twice: cold (an empty user cache folder, as a fresh clone or
// CI) and warm (the parse cache the cold run left); each prints CPU and wall.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'rulebook.js');

const WORDS = ['询单转化率', '销售额', '提成', '罚款', '客户资料', '保密', '部门主管', '绩效考核', '工作守则', '返佣报表', '交接记录', '总经理批准'];

function prose(seed, n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const w = WORDS[(seed + i) % WORDS.length];
    lines.push(`第${i + 1}条 员工应当按照**${w}**的有关规定办理，不得延误；违反的，按[处分](https://example.com/${seed})规定处理，情节严重的给予${(seed % 9) + 1}000元${w}。`);
    if (i % 4 === 0) lines.push('', `- 要求一：${w}每月核对一次；`, `- 要求二：${w}须登记日期、用途和经手人。`, '');
  }
  return lines.join('\n');
}

export function documentYaml(i, variant = '') {
  const sections = [];
  for (let s = 0; s < 6; s++) {
    const text = prose(i * 7 + s, 4) + variant;
    sections.push(`  - id: s${s}\n    title: 第${s + 1}节 ${WORDS[(i + s) % WORDS.length]}\n    text: |\n${text.split('\n').map((l) => '      ' + l).join('\n')}\n`);
  }
  return `# yaml-language-server: $schema=../schemas/policy.schema.json\nid: doc-${i}\ntitle: 制度文件 ${i}\nversion: 1\nowner: 人事部\nsections:\n${sections.join('')}`;
}

export async function main({ documents = 1000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-bench-'));
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  copyFileSync(join(root, 'policies', 'rulebook.yaml'), join(policies, 'rulebook.yaml'));
  let bytes = 0;
  for (let i = 0; i < documents; i++) {
    const text = documentYaml(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(policies, `doc-${i}.yaml`), text);
  }
  const out = join(dir, 'dist');
  try {
    console.log(`synthetic handbook: ${documents} documents, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / documents / 1000).toFixed(1)} KB each)`);
    // The child's own CPU (every thread, user+sys), written at exit by a preload: spawnSync reports no rusage.
    const usageFile = join(dir, 'usage.json');
    const preload = join(dir, 'usage.mjs');
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify({ user: u.userCPUTime / 1e6, sys: u.systemCPUTime / 1e6 })); });\n`);
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
    for (const label of ['cold', 'warm']) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--import', preload, cli, 'build', '--policies', policies, '--out', out], { encoding: 'utf8', env });
      const full = performance.now() - t0;
      if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stdout.slice(0, 2000)}${r.stderr.slice(0, 2000)}`);
      const u = JSON.parse(readFileSync(usageFile, 'utf8'));
      console.log(`  ${label} build: CPU ${(u.user + u.sys).toFixed(2).padStart(6)} s (user ${u.user.toFixed(2)}, sys ${u.sys.toFixed(2)}; target <= 8 s)   wall ${(full / 1000).toFixed(2)} s   load ${loadavg()[0].toFixed(2)}`);
    }

    const server = spawn(process.execPath, [cli, 'serve', '--policies', policies, '--out', out, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let buffer = '';
    const waitFor = (re) =>
      new Promise((done, fail) => {
        const check = () => {
          const m = re.exec(buffer);
          if (m) {
            buffer = buffer.slice(m.index + m[0].length);
            server.stdout.off('data', onData);
            done(m);
          }
        };
        const onData = (d) => {
          buffer += d;
          check();
        };
        server.stdout.on('data', onData);
        server.once('exit', (c) => fail(new Error(`serve exited ${c}`)));
        check();
      });
    // The line is in the config's language (手册地址：… under locale zh); the URL is the same in both.
    await waitFor(/(http:\/\/\S+)/);
    const times = [];
    for (let k = 0; k < 3; k++) {
      const t1 = performance.now();
      writeFileSync(join(policies, 'doc-17.yaml'), documentYaml(17, `\n\n修订 ${k}：补充说明。`));
      // Either language (the copied config says locale: zh): a time in ms, or the failure line.
      const m = await waitFor(/(\d+) ms\n|rebuild failed|重新生成失败/);
      if (!m[1]) throw new Error('rebuild failed');
      times.push({ wall: performance.now() - t1, build: Number(m[1]) });
    }
    server.kill('SIGINT');
    const best = times.sort((a, b) => a.wall - b.wall)[Math.floor(times.length / 2)];
    console.log(`  one document changed → site updated   ${(best.wall / 1000).toFixed(2).padStart(6)} s   (rebuild itself ${best.build} ms, target < 300 ms; rest is the watcher's debounce)   load ${loadavg()[0].toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
