/**
 * A benchmark "laptop": an independent Debian Chromium profile (its own IndexedDB on disk) driven
 * by playwright-core, with the same flags as the end-to-end tests (test/e2e/browser.ts), opened on
 * the web edition with `?bench=1` so the test hooks (renderer/bench/hooks.ts) are loaded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type {} from '../../renderer/bench/hooks';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** as test/e2e/browser.ts */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const PASSWORD = 'Bench#2017-yca!';

/**
 * Marks when the app became usable, from navigation start: the login screen's 登录 button (or, on
 * a laptop not yet set up, the setup wizard's 下一步) present and enabled.
 */
const COLD_START_PROBE = `(() => {
  const seen = () => {
    if (window.__ycaColdStart) return true;
    if (!window.__ycaBootShown && document.body && document.body.textContent.includes('正在启动')) window.__ycaBootShown = performance.now();
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent && (x.textContent.trim() === '登录' || x.textContent.trim() === '下一步') && !x.disabled);
    if (b) { window.__ycaColdStart = performance.now(); return true; }
    return false;
  };
  const start = () => { if (seen()) return; const o = new MutationObserver(() => { if (seen()) o.disconnect(); }); o.observe(document, { subtree: true, childList: true }); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();`;

export class Laptop {
  private constructor(
    readonly dir: string,
    readonly url: string,
    public context: BrowserContext,
    public page: Page,
  ) {}

  static async open(url: string, label: string): Promise<Laptop> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yca-bench-${label}-`));
    const { context, page } = await Laptop.launch(dir);
    const l = new Laptop(dir, url, context, page);
    await l.goto();
    return l;
  }

  private static async launch(dir: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 860 },
    });
    await context.addInitScript(COLD_START_PROBE);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(2 * 60_000);
    page.on('pageerror', (e) => console.error(`  [页面错误] ${e.message}`));
    return { context, page };
  }

  async goto(): Promise<number> {
    await this.page.goto(this.url);
    await this.page.waitForFunction(() => !!window.__ycaBench && !!(window as unknown as { __ycaColdStart?: number }).__ycaColdStart, undefined, { timeout: 60_000 });
    return this.page.evaluate(() => (window as unknown as { __ycaColdStart: number }).__ycaColdStart);
  }

  /**
   * Close the browser and start it again on the same profile: a cold start. Returns ms from
   * navigation start to a usable login screen, and to the app's first paint (“正在启动…”, i.e. the
   * script loaded; the rest is opening the database and reading what the login screen needs).
   */
  async coldStart(): Promise<{ ms: number; scriptMs: number }> {
    await this.context.close();
    const { context, page } = await Laptop.launch(this.dir);
    this.context = context;
    this.page = page;
    const ms = await this.goto();
    const scriptMs = await this.page.evaluate(() => (window as unknown as { __ycaBootShown?: number }).__ycaBootShown ?? NaN);
    return { ms, scriptMs };
  }

  browserVersion(): string {
    return this.context.browser()?.version() ?? '';
  }

  async setUp(unitCode: string): Promise<string> {
    const { code } = await this.page.evaluate(({ unitCode, pw }) => window.__ycaBench!.setUp(unitCode, '基准测试管理员', pw), { unitCode, pw: PASSWORD });
    await this.goto();
    return code;
  }

  /** Sign in through the login screen; resolves when the shell is shown. */
  async logIn(code: string): Promise<void> {
    await this.page.getByLabel('用户名（编码）').fill(code);
    await this.page.getByLabel('密码').fill(PASSWORD);
    await this.page.getByRole('button', { name: '登录' }).click();
    await this.page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  async nav(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: label, exact: true }).click();
  }

  async cdp(): Promise<CDPSession> {
    return this.context.newCDPSession(this.page);
  }

  /** Used JS heap of the page after a full garbage collection, in MB. */
  async heapMb(): Promise<number> {
    const cdp = await this.cdp();
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    await cdp.detach();
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
