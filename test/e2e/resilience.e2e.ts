/**
 * Reliability and security as a user meets them (issue 10), in the built web edition:
 * - persistent storage is asked for after every sign-in;
 * - hostile files picked on the import pages are refused on screen in Chinese, nothing imported;
 * - the backup page warns what a backup file holds and where it may go;
 * - when a second window upgrades the database, this one tells the user to reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newLaptop, snap, type Laptop } from './browser';
import { ADMIN_PASSWORD, logIn, logOut, nav, setUp } from './helpers';

const hostile = (rel: string): Buffer => fs.readFileSync(path.join('test', 'fixtures', 'hostile', rel));

/** Count the page's storage-persistence requests (installed before the app's scripts run). */
const COUNT_PERSIST = `(() => {
  const s = navigator.storage;
  window.__persist = { persisted: 0, persist: 0 };
  const persisted = s.persisted.bind(s);
  const persist = s.persist.bind(s);
  s.persisted = () => { window.__persist.persisted++; return persisted(); };
  s.persist = () => { window.__persist.persist++; return persist(); };
})();`;

async function persistCalls(page: Page): Promise<{ persisted: number; persist: number }> {
  return page.evaluate(() => (window as unknown as { __persist: { persisted: number; persist: number } }).__persist);
}

async function pickFile(page: Page, button: string, name: string, bytes: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

describe('a level-1 administrator meets hostile files, backups and a second window', () => {
  let laptop: Laptop;
  let code = '';
  beforeAll(async () => {
    laptop = await newLaptop();
    await laptop.context.addInitScript(COUNT_PERSIST);
    await laptop.page.reload();
    code = await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('asks the browser to keep its storage after the first sign-in and after every later one', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await expect.poll(async () => (await persistCalls(page)).persisted).toBeGreaterThanOrEqual(1);
    const first = await persistCalls(page);
    // asked to persist unless the browser already does
    expect(first.persist >= 1 || (await page.evaluate(() => navigator.storage.persisted()))).toBe(true);
    await logOut(page);
    await logIn(page, code, ADMIN_PASSWORD);
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await expect.poll(async () => (await persistCalls(page)).persisted).toBeGreaterThan(first.persisted);
  });

  it('refuses hostile rosters on screen, in Chinese, importing nothing', async () => {
    const { page } = laptop;
    await nav(page, '名单导入');
    const cases: [string, string][] = [
      ['duplicate-headers.xlsx', '表头中有重复的列：“集体名称”同时出现在 B、E 列'],
      ['encrypted.xlsx', '该工作簿设置了打开密码（已加密），无法读取'],
      ['truncated.xlsx', '文件已损坏或不完整'],
      ['zero-byte.xlsx', '文件为空（0 字节）'],
      ['proto-sheet.xlsx', '工作簿中没有可读取的工作表'],
    ];
    for (const [file, message] of cases) {
      await pickFile(page, '选择名单文件', file, hostile(`roster/${file}`));
      await page.getByRole('alert').filter({ hasText: message }).waitFor();
      if (file === 'duplicate-headers.xlsx') await snap(page, 'resilience-roster-duplicate-headers');
    }
    expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
    // nothing reached the database: no collective at all on this laptop
    const collectives = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('yca-desk');
          req.onsuccess = () => {
            const count = req.result.transaction('collectives').objectStore('collectives').count();
            count.onsuccess = () => {
              req.result.close();
              resolve(count.result);
            };
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(collectives).toBe(0);
  });

  it('the backup page says what a backup holds and where it may go; more so when it is not encrypted', async () => {
    const { page } = laptop;
    await nav(page, '备份与恢复');
    const warning = page.getByRole('note').filter({ hasText: '备份文件含本机的全部个人信息' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('不要通过电子邮件、微信、QQ 等发送');
    await page.getByLabel('用密码加密备份（推荐）').uncheck();
    await page.getByRole('note').filter({ hasText: '未加密的备份，任何拿到文件的人都能读取其中内容' }).waitFor();
    await page.getByText('这些自动备份未加密：下载后请像备份文件一样妥善保管。').waitFor();
    await snap(page, 'resilience-backup-warning');
    await page.getByLabel('用密码加密备份（推荐）').check();
  });

  it('tells the user to reload when a second window upgrades the database', async () => {
    const { page, context, baseUrl } = laptop;
    const name = await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name && !d.name.endsWith('-premigration'))!.name!);
    const second = await context.newPage();
    await second.goto(baseUrl);
    // the newer app in the other window opens the same database with a higher version
    await second.evaluate(
      (dbName) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(dbName, 1000);
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
      name,
    );
    await page.getByRole('alert').filter({ hasText: '另一个窗口已升级了数据库，请重新加载本页面。' }).waitFor();
    await snap(page, 'resilience-versionchange');
    await second.close();
    // the message offers the reload; the other window only raised the version number without
    // changing any table, which Dexie 4 opens, so the app starts again at the login screen
    await page.getByRole('button', { name: '重新加载' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
  });
});
