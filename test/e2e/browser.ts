/**
 * Debian's Chromium driven by playwright-core. Each `newLaptop()` is an independent browser
 * profile (its own IndexedDB), like a separate administrator's laptop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Laptop {
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

/** `time`: start the page's clock there (it then runs on), e.g. inside a term's filing window. */
export async function newLaptop(options: { time?: string } = {}): Promise<Laptop> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const baseUrl = inject('baseUrl');
  if (options.time) await context.clock.install({ time: new Date(options.time) });
  await page.goto(baseUrl);
  return {
    context,
    page,
    baseUrl,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Save a screenshot for a person to look at (test-results/, ignored by git). */
export async function snap(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: true });
}
