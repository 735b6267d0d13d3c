/**
 * `build --pdf`: the handbook's print page (`print.html`: a contents page,
 * then each document on a new page) printed to `dist/handbook.pdf` by
 * Chromium. Debian's chromium (or `RULEBOOK_CHROMIUM`) is used when present;
 * rulebook never downloads a browser. The PDF is printed to a temporary file
 * and renamed, so a failed run leaves the previous PDF whole.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register, word } from '../diagnostics/catalogue.js';
import { writeFileAtomic } from './write.js';

register({
  'pdf.no-chromium': {
    en: 'build --pdf needs Chromium, and none was found (looked for {looked}); install it (`apt-get install chromium` on Debian) or name it in RULEBOOK_CHROMIUM; the site itself was built',
    zh: 'build --pdf 需要 Chromium，但没有找到（查找了 {looked}）；请安装（Debian 上 `apt-get install chromium`）或在 RULEBOOK_CHROMIUM 中指定路径；网站本身已生成',
  },
  'pdf.failed': { en: 'Chromium could not print the handbook to PDF: {reason}', zh: 'Chromium 未能把手册打印为 PDF：{reason}' },
  'pdf.stale-removed': {
    en: 'removed {file}: it was printed from an earlier handbook; run `build --pdf` to print this one',
    zh: '已删除 {file}：它是按之前的手册打印的；运行 `build --pdf` 以打印本次的手册',
  },
});

/**
 * A build without `--pdf` removes a PDF an earlier `--pdf` build left in the
 * output folder: beside a new handbook it would show staff the old numbers.
 * Returns the note to print, or undefined when there was none.
 */
export function removeStalePdf(out: string): string | undefined {
  const file = join(out, 'handbook.pdf');
  if (!existsSync(file)) return undefined;
  rmSync(file, { force: true });
  return word('pdf.stale-removed').replace('{file}', file);
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to print with: `RULEBOOK_CHROMIUM`, else the first of Debian's usual paths that exists. */
function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RULEBOOK_CHROMIUM) return existsSync(env.RULEBOOK_CHROMIUM) ? env.RULEBOOK_CHROMIUM : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Prints `<out>/handbook/print.html` to `<out>/handbook.pdf`; returns an error message, or undefined on success. */
export function writePdf(out: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chromium = findChromium(env);
  if (!chromium) return word('pdf.no-chromium').replace('{looked}', env.RULEBOOK_CHROMIUM ? env.RULEBOOK_CHROMIUM : CANDIDATES.join(', '));
  const work = mkdtempSync(join(tmpdir(), 'rulebook-pdf-'));
  try {
    const pdf = join(work, 'handbook.pdf');
    const page = pathToFileURL(resolve(out, 'handbook', 'print.html')).href;
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(work, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        page,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.error || !existsSync(pdf)) {
      const reason = r.error?.message ?? (r.stderr.trim().split('\n').pop() || `exit code ${r.status}`);
      return word('pdf.failed').replace('{reason}', reason);
    }
    writeFileAtomic(join(out, 'handbook.pdf'), readFileSync(pdf));
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
