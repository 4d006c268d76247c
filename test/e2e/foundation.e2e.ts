import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLaptop, snap, type Laptop } from './browser';

const PASSWORD = 'Shanghai#2017yca';

describe('first run → dashboard → reload → login', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('sets up 上海 and shows its quota', async () => {
    const { page } = laptop;
    await page.getByRole('heading', { name: '欢迎使用青年文明号创建管理系统' }).waitFor();
    await page.getByLabel('本机服务的单位').selectOption({ label: '上海' });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('管理员姓名').fill('王晓明');
    await page.getByLabel('密码', { exact: true }).fill('123456');
    await page.getByLabel('确认密码').fill('123456');
    await page.getByRole('button', { name: '完成设置' }).click();
    // the notice's default password is refused with a Chinese message
    await page.getByRole('alert').filter({ hasText: '123456' }).waitFor();
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    await page.getByRole('button', { name: '完成设置' }).click();

    await page.getByRole('heading', { name: '工作台' }).waitFor();
    const stats = page.getByLabel('名额与完成情况');
    await expect.poll(() => stats.getByText('基数').locator('..').locator('dd').textContent()).toBe('21');
    await expect.poll(() => stats.getByText('应完成网络创建数').locator('..').locator('dd').textContent()).toBe('210');
    await expect.poll(() => stats.getByText('已报备').locator('..').locator('dd').textContent()).toBe('0');
    await expect.poll(() => stats.getByText('创建集体').locator('..').locator('dd').textContent()).toBe('0');
    await expect.poll(() => page.getByLabel('当前单位').textContent()).toBe('上海');
    await snap(page, 'foundation-dashboard');
  });

  it('after a reload is set up but signed out, and logs in again', async () => {
    const { page } = laptop;
    const status = await page.getByRole('status').textContent();
    const code = /用户名（编码）是 ([0-9A-Z]+)/.exec(status ?? '')?.[1];
    expect(code).toMatch(/^R09A1/);
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getByRole('heading', { name: '欢迎使用青年文明号创建管理系统' }).count()).toBe(0);

    await page.getByLabel('用户名（编码）').fill(code!);
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '用户名（编码）或密码错误' }).waitFor();

    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByLabel('名额与完成情况').getByText('210').waitFor();
    await snap(page, 'foundation-login-dashboard');
  });
});

describe('national office first run', () => {
  it('shows all 60 published rows with totals and the 公安 deviation', async () => {
    const laptop = await newLaptop();
    try {
      const { page } = laptop;
      await page.getByLabel('本机服务的单位').selectOption({ label: '全国创建“青年文明号”活动组委会办公室' });
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('管理员姓名').fill('李国强');
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.getByLabel('确认密码').fill(PASSWORD);
      await page.getByRole('button', { name: '完成设置' }).click();
      const table = page.getByRole('table', { name: '各行业、各地方名额与结构' });
      await table.waitFor();
      await expect.poll(() => table.locator('tbody tr').count()).toBe(60);
      const total = (label: string) => table.getByRole('row', { name: new RegExp(label) }).locator('td').allTextContents();
      expect((await total('行业合计（26 行）')).slice(0, 2)).toEqual(['1096', '10060']);
      expect((await total('地方合计（34 行）')).slice(0, 2)).toEqual(['483', '4830']);
      await table.getByRole('row', { name: /公安/ }).getByText('与10倍规则不符').waitFor();
      await snap(page, 'foundation-national');
    } finally {
      await laptop.close();
    }
  });
});
