import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLaptop, snap, type Laptop } from './browser';
import { ADMIN_PASSWORD, issue, logIn, logOut, setUp } from './helpers';
import * as XLSX from 'xlsx';
import fs from 'node:fs';

describe('level-1 admin issues codes; a collective logs in, must change its password, sees only itself', () => {
  let laptop: Laptop;
  let adminCode = '';
  const issued: Record<string, [string, string]> = {};
  beforeAll(async () => {
    laptop = await newLaptop();
    adminCode = await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('issues a level-2 admin and two collectives, each with a one-time password shown once', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '账号管理' }).click();
    issued.admin2 = await issue(page, '二级管理员', '张二级');
    issued.c1 = await issue(page, '集体', '上海市第一人民医院急诊科');
    issued.c2 = await issue(page, '集体', '上海地铁一号线徐家汇站');
    expect(issued.admin2[0]).toMatch(/^R09A2001/);
    expect(issued.c1[0]).toMatch(/^R09J00001/);
    expect(issued.c1[1]).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // the same collective cannot get a second code
    await page.getByLabel('账号类型').selectOption({ label: '集体' });
    await page.getByLabel('集体规范名称').fill('上海市第一人民医院 急诊科');
    await page.getByRole('button', { name: '生成编码和一次性密码' }).click();
    await page.getByRole('alert').filter({ hasText: '同一集体只能有一个编码' }).waitFor();
    // the distribution sheet downloads as a workbook with the passwords
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出派发单（Excel）' }).click()]);
    const file = await download.path();
    const wb = XLSX.read(fs.readFileSync(file!), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['账号派发单', '说明']);
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets['账号派发单']!);
    expect(rows.map((r) => r['用户名（编码）'])).toEqual([issued.admin2[0], issued.c1[0], issued.c2[0]]);
    expect(rows[1]!['一次性密码']).toBe(issued.c1[1]);
    await snap(page, 'accounts-issued');
    // once cleared, the passwords are gone from the screen for good
    await page.getByRole('button', { name: '已分发，清除显示' }).click();
    expect(await page.getByRole('table', { name: '一次性密码' }).count()).toBe(0);
    const list = page.getByRole('table', { name: '账号列表' });
    await expect.poll(() => list.getByRole('row').count()).toBe(5); // header + admin1 + 3 issued
  });

  it('the collective logs in with its one-time password and must set its own (123456 and 1406 refused)', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, issued.c1![0], issued.c1![1]);
    await page.getByRole('heading', { name: '首次登录：请设置新密码' }).waitFor();
    expect(await page.getByRole('button', { name: '账号管理' }).count()).toBe(0);
    for (const weak of ['123456', '1406']) {
      await page.getByLabel('新密码', { exact: true }).fill(weak);
      await page.getByLabel('确认新密码').fill(weak);
      await page.getByRole('button', { name: '保存新密码' }).click();
      await page.getByRole('alert').filter({ hasText: weak }).waitFor();
    }
    await page.getByLabel('新密码', { exact: true }).fill('Jizhenke!2017');
    await page.getByLabel('确认新密码').fill('Jizhenke!2017');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('heading', { name: '本集体' }).waitFor();
    const facts = page.getByLabel('集体信息');
    await expect.poll(() => facts.textContent()).toContain('上海市第一人民医院急诊科');
    await expect(facts.textContent()).resolves.not.toContain('徐家汇');
    expect(await page.getByRole('button', { name: '审计日志' }).count()).toBe(0);
    await snap(page, 'accounts-collective-home');
  });

  it('the audit log shows every action, with an intact chain, to the level-1 admin', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, adminCode, ADMIN_PASSWORD);
    await page.getByRole('button', { name: '审计日志' }).click();
    await page.getByRole('status').filter({ hasText: '审计链完整' }).waitFor();
    const table = page.getByRole('table', { name: '审计日志' });
    // rows arrive from a live query after the table renders
    await expect.poll(() => table.textContent()).toContain('派发集体编码');
    await expect.poll(() => table.textContent()).toContain('修改了自己的密码');
    await page.getByLabel('操作', { exact: true }).fill('account.issue');
    await expect.poll(async () => (await table.getByRole('row').count()) - 1).toBe(3);
    await snap(page, 'accounts-audit');
  });
});
