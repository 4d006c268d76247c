/**
 * 自动备份到文件夹 as the administrator meets it in the desktop edition: the built renderer with the
 * preload bridge (`window.yca`) stood in for by an in-page fake that plays the main process (the
 * main side itself is tested in test/electron/backupFolder.test.ts). The page's clock is
 * installed, so the scheduler's timers can be run forward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newLaptop, snap, type Laptop } from './browser';
import { nav, setUp } from './helpers';

/** The desktop bridge, faked in the page: a folder in memory, a reversible "keychain". */
const FAKE_BRIDGE = `(() => {
  const state = { folder: null, written: [], fail: null };
  window.__desk = state;
  const seal = (s) => 'sealed:' + btoa(unescape(encodeURIComponent(s)));
  const unseal = (s) => (s.startsWith('sealed:') ? decodeURIComponent(escape(atob(s.slice(7)))) : null);
  window.yca = {
    saveFile: async () => ({ saved: true, path: '/tmp/x' }),
    openFiles: async () => ({ files: [] }),
    appInfo: async () => ({ version: '0.1.0', platform: 'win32', dataPath: 'C:\\\\Users\\\\u\\\\AppData\\\\Roaming\\\\YCA Desk' }),
    openExternal: async () => false,
    protectSecret: async (p) => seal(p),
    unprotectSecret: async (s) => unseal(s),
    backupFolder: async () => ({ folder: state.folder, available: state.folder !== null }),
    pickBackupFolder: async () => { state.folder = 'D:\\\\单位备份'; return { folder: state.folder, available: true, cancelled: false }; },
    writeBackup: async (req) => {
      if (state.fail) return { ok: false, error: state.fail };
      const head = new TextDecoder().decode(req.data.slice(0, 11));
      const fileName = 'YCA自动备份-' + req.label + '-' + (state.written.length + 1) + '.ycabak';
      state.written.push({ fileName, head, size: req.data.length, keep: req.keep, header: new TextDecoder().decode(req.data.slice(15, 15 + new DataView(req.data.buffer, req.data.byteOffset + 11, 4).getUint32(0))) });
      return { ok: true, folder: state.folder, fileName, bytes: req.data.length, pruned: [] };
    },
  };
})();`;

interface Desk {
  folder: string | null;
  written: { fileName: string; head: string; size: number; keep: number; header: string }[];
  fail: string | null;
}
const desk = (page: Page) => page.evaluate(() => (window as unknown as { __desk: Desk }).__desk);

describe('automatic backup into a folder (desktop edition, bridge faked)', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    // late in the evening, so "the next day" is minutes away (the idle lock signs out after 15)
    laptop = await newLaptop({ time: '2026-03-10T23:45:00+08:00' });
    await laptop.context.addInitScript(FAKE_BRIDGE);
    await laptop.page.reload();
    await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('picks a folder, saves an encrypted daily schedule and backs up into the folder at once', async () => {
    const { page } = laptop;
    await nav(page, '备份与恢复');
    const panel = page.locator('.panel', { has: page.getByRole('heading', { name: '自动备份到文件夹' }) });
    await panel.getByLabel('备份文件夹').filter({ hasText: '尚未选择' }).waitFor();
    expect(await panel.getByRole('button', { name: '立即备份到文件夹' }).isDisabled()).toBe(true);
    await panel.getByRole('button', { name: '选择备份文件夹…' }).click();
    await panel.getByLabel('备份文件夹').filter({ hasText: 'D:\\单位备份' }).waitFor();
    await panel.getByLabel('自动备份', { exact: true }).selectOption({ label: '每天' });
    await panel.getByLabel('保留最近几份自动备份').fill('3');
    await panel.getByLabel('自动备份密码', { exact: true }).fill('青年文明号自动备份2026');
    await panel.getByLabel('确认自动备份密码').fill('青年文明号自动备份2026');
    await panel.getByRole('button', { name: '保存自动备份设置' }).click();
    await panel.getByRole('status').filter({ hasText: '已保存：每天自动备份到“D:\\单位备份”' }).waitFor();
    // never backed up into the folder: the scheduler's next check (15 s after sign-in, then every minute) writes one
    await page.clock.fastForward('01:10');
    await expect.poll(async () => (await desk(page)).written.length).toBe(1);
    await panel.getByLabel('上次自动备份').filter({ hasText: '成功，YCA自动备份-上海' }).waitFor();
    // and the administrator can back up into the folder at once
    await panel.getByRole('button', { name: '立即备份到文件夹' }).click();
    await panel.getByRole('status').filter({ hasText: '已备份到文件夹（已加密' }).waitFor();
    const d = await desk(page);
    expect(d.written).toHaveLength(2);
    for (const w of d.written) {
      expect(w.head).toBe('YCA-BACKUP\n');
      expect(w.keep).toBe(3);
      expect(JSON.parse(w.header)).toMatchObject({ format: 'YCA-BACKUP', encrypted: true });
    }
    await snap(page, 'autobackup-panel');
  });

  it('backs up by itself the next day, and shows a notice in Chinese when a backup fails', async () => {
    const { page } = laptop;
    // the same day: the scheduler checks but does not back up again
    await page.clock.fastForward('01:05');
    await page.clock.fastForward('01:05');
    await page.mouse.move(10, 10);
    expect((await desk(page)).written).toHaveLength(2);
    // past midnight in Beijing: written by the scheduler
    await page.clock.fastForward('12:00');
    await expect.poll(async () => (await desk(page)).written.length).toBe(3);
    // a failing folder: the message on the page and a non-blocking notice
    await page.evaluate(() => {
      (window as unknown as { __desk: Desk }).__desk.fail = '备份文件夹“D:\\单位备份”所在的磁盘空间不足，备份未写入。请清理空间或换一个文件夹。';
    });
    await page.getByRole('button', { name: '立即备份到文件夹' }).click();
    await page.getByRole('alert').filter({ hasText: '磁盘空间不足' }).waitFor();
    const notice = page.getByRole('note', { name: '自动备份失败' });
    await notice.filter({ hasText: '磁盘空间不足' }).waitFor();
    await page.getByLabel('上次自动备份').filter({ hasText: '失败：备份文件夹“D:\\单位备份”所在的磁盘空间不足' }).waitFor();
    await snap(page, 'autobackup-failed');
    await notice.getByRole('button', { name: '知道了' }).click();
    await notice.waitFor({ state: 'detached' });
    expect((await desk(page)).written).toHaveLength(3);
  });
});

describe('the web edition', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
    await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('has no folder panel and keeps the reminder with the download', async () => {
    const { page } = laptop;
    await nav(page, '备份与恢复');
    await page.getByRole('heading', { name: '定期备份提醒' }).waitFor();
    await page.getByRole('button', { name: '立即备份', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: '自动备份到文件夹' }).count()).toBe(0);
    await page.getByRole('note', { name: '备份提醒' }).waitFor();
  });
});
