// The handbook in a real browser: Debian's chromium driven by playwright-core
// (never a downloaded browser). Home page → Chinese search → clause link →
// calculator → result, with a screenshot under test-output/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/cli/commands/build.js';
import { createSiteServer } from '../../src/cli/commands/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping browser tests: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('handbook in chromium', () => {
  const out = mkdtempSync(join(tmpdir(), 'rulebook-browser-'));
  const server = createSiteServer(join(out, 'handbook'));
  let base = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let browser: any;

  beforeAll(async () => {
    const built = await buildSite({ policies: 'policies', out });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.ok).toBe(true);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server.close(done));
    rmSync(out, { recursive: true, force: true });
  });

  it('searches in Chinese, follows a clause link and runs a calculator', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    page.on('console', (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(base);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('h1')).toContain('客服员工管理制度');

    await page.fill('#search-input', '转化率');
    await page.waitForSelector('.search-results li a');
    const titles: string[] = await page.$$eval('.search-results .r-title', (els: Element[]) => els.map((e) => e.textContent ?? ''));
    expect(titles.slice(0, 5).some((t) => t.includes('业绩奖'))).toBe(true);

    await page.fill('#search-input', '罚款');
    await page.waitForFunction(() => [...document.querySelectorAll('.search-results .r-title')].some((e) => /罚款|罚/.test(e.textContent ?? '')));

    await page.fill('#search-input', '转化率');
    await page.waitForFunction(() => [...document.querySelectorAll('.search-results .r-title')].some((e) => e.textContent === '业绩奖'));
    await page.click('.search-results a:has(.r-title:text-is("业绩奖"))');
    await page.waitForURL(/cs-awards\.html#performance-award$/);
    expect(await page.isVisible('#performance-award')).toBe(true);

    const form = page.locator('#decision-cs\\.performance_bonus form.calc-form');
    await page.click('#decision-cs\\.performance_bonus details.calc summary');
    await form.locator('input[name="sales"]').fill('100000');
    await form.locator('input[name="conversion"]').fill('72');
    await form.locator('button[type="submit"]').click();
    const result = form.locator('.calc-result .ok');
    await result.waitFor();
    expect(await result.textContent()).toContain('¥1,500');

    mkdirSync('test-output', { recursive: true });
    await page.locator('#decision-cs\\.performance_bonus').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/handbook.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-output/handbook-dark.png' });
    await page.goto(base);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'test-output/handbook-home.png' });
    expect(errors).toEqual([]);
  });
});
