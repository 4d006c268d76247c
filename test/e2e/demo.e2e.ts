import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLaptop, snap, type Laptop } from './browser';
import { nav, setUp } from './helpers';

describe('演示数据: the national office loads demo data into an unused laptop, with a warning, progress and cancel', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
    await setUp(laptop.page, '全国创建“青年文明号”活动组委会办公室');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('warns that the data goes into this laptop’s database and asks for a confirmation', async () => {
    const { page } = laptop;
    await nav(page, '演示数据');
    await page.getByRole('note').filter({ hasText: '演示数据将写入本机数据库' }).waitFor();
    await page.getByRole('button', { name: '载入演示数据' }).click();
    await page.getByRole('alert').filter({ hasText: '请先勾选确认' }).waitFor();
    await snap(page, 'demo-page');
  });

  it('cancelling a national-scale load removes what it wrote: the laptop is as before', async () => {
    const { page } = laptop;
    await page.getByLabel('规模').selectOption('national');
    await page.getByLabel('我已了解：演示数据将写入本机数据库').check();
    await page.getByRole('button', { name: '载入演示数据' }).click();
    await page.getByRole('status', { name: '载入进度' }).filter({ hasText: /正在写入：集体 [1-9]/ }).waitFor({ timeout: 60_000 });
    await snap(page, 'demo-progress');
    await page.getByRole('button', { name: '取消载入' }).click();
    await page.getByRole('alert').filter({ hasText: '已取消载入' }).waitFor({ timeout: 60_000 });
    await nav(page, '集体管理');
    await page.getByRole('status', { name: '列表计数' }).filter({ hasText: '共 0 个集体' }).waitFor();
  });

  it('loads one province (2,000 collectives) and names the showcase collective with its 50 logs', async () => {
    const { page } = laptop;
    await nav(page, '演示数据');
    await page.getByLabel('规模').selectOption('province');
    await page.getByLabel('演示单位').selectOption({ label: '上海' });
    await page.getByLabel('我已了解：演示数据将写入本机数据库').check();
    await page.getByRole('button', { name: '载入演示数据' }).click();
    const done = page.getByRole('status', { name: '演示数据情况' });
    await done.waitFor({ timeout: 110_000 });
    const text = (await done.textContent()) ?? '';
    expect(text).toContain('集体 2,000 个');
    expect(text).toContain('创建日志 40,000 条');
    const showcase = /示例集体：(.+?)（([0-9A-Z]+)，50 条创建日志）/.exec(text);
    expect(showcase).not.toBeNull();
    await snap(page, 'demo-loaded');
    // the data is there for a first look: the list holds the 2,000, the showcase is found by name
    await nav(page, '集体管理');
    await page.getByRole('status', { name: '列表计数' }).filter({ hasText: '共 2000 个集体' }).waitFor();
    await page.getByLabel('搜索（名称、曾用名称、编码、拼音首字母）').fill(showcase![2]!);
    await page.getByRole('status', { name: '列表计数' }).filter({ hasText: '共 1 个集体' }).waitFor();
    await page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: new RegExp(showcase![1]!) }).waitFor();
    // and a second load is refused
    await nav(page, '演示数据');
    await page.getByRole('status', { name: '演示数据情况' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: '载入演示数据' }).count()).toBe(0);
  }, 120_000);
});
