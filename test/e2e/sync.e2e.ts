import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLaptop, snap, type Laptop } from './browser';
import { ADMIN_PASSWORD, firstLogIn, issue, logIn, logOut, nav, setUp } from './helpers';

/**
 * Two independent browser profiles as two laptops. The level-1 laptop (上海) issues a level-2
 * admin and hands it a setup package; the level-2 laptop sets up from it, does 初审 and sends a
 * package back; the level-1 laptop imports it (dry run first). Then both edit the same
 * collective offline → a conflict, resolved field by field. A package with one flipped byte is
 * refused with the database unchanged.
 */
const TIME = '2017-05-10T10:00:00+08:00';
const PW = { l2: 'Level2#Pudong17', c1: 'Xujiahui#2017a', c2: 'Renmin#Square17' };

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync((await d.path())!) };
}

async function choose(page: Page, button: string, file: { name: string; bytes: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
}

/** A collective signs in with its one-time password and files a complete profile. */
async function file(page: Page, [code, otp]: [string, string], password: string): Promise<void> {
  await logOut(page);
  await firstLogIn(page, code, otp, password);
  await page.getByRole('heading', { name: '本集体' }).waitFor();
  await page.getByLabel('上级单位').fill('上海申通地铁集团有限公司');
  await page.getByLabel('集体类型').selectOption('国有企业');
  await page.getByLabel('所在地区').fill('上海市徐汇区');
  await page.getByLabel('成员人数', { exact: true }).fill('30');
  await page.getByLabel('35周岁及以下成员人数').fill('24');
  await page.getByLabel('负责人姓名').fill('陈青');
  await page.getByLabel('负责人联系电话').fill('021-64370000');
  await page.getByLabel('公开承诺').fill('微笑服务，准点运营，首问负责');
  await page.getByLabel('投诉渠道').fill('站务热线 021-64370001');
  await page.getByLabel('已亮明创建标识和成员身份').check();
  await page.getByLabel('已亮出形象（服务环境和服务礼仪）').check();
  await page.getByLabel(/本集体符合《青年文明号活动管理办法》/).check();
  await page.getByLabel('创建目标').fill('争创全国青年文明号');
  await page.getByLabel('创建措施').fill('岗位练兵、志愿服务、青年突击');
  await page.getByLabel('进度安排').fill('2017年5月至2018年6月');
  await page.getByRole('button', { name: '提交报备' }).click();
  await page.getByRole('status').filter({ hasText: '提交成功' }).waitFor();
}

async function openCollective(page: Page, name: string): Promise<void> {
  await nav(page, '集体管理');
  await page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: new RegExp(name) }).click();
}

/** Pick the option whose text contains `text` (option labels carry names and codes). */
async function selectByText(page: Page, label: string, text: string): Promise<void> {
  const select = page.getByLabel(label);
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

async function counts(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: '本机数据' });
  await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(5);
  return table.getByRole('row').allTextContents();
}

describe('offline sync between two laptops', () => {
  let l1: Laptop;
  let l2: Laptop;
  let admin1 = '';
  let lvl2: [string, string];
  let c1: [string, string];
  let c2: [string, string];
  let setupPkg: { name: string; bytes: Buffer };
  let l1Fingerprint = '';
  let l2Fingerprint = '';
  let fromL2: { name: string; bytes: Buffer };

  beforeAll(async () => {
    [l1, l2] = await Promise.all([newLaptop({ time: TIME }), newLaptop({ time: TIME })]);
    admin1 = await setUp(l1.page, '上海');
  });
  afterAll(async () => {
    await Promise.all([l1?.close(), l2?.close()]);
  });

  it('level 1 issues a level-2 admin and two collectives that file, then exports a setup package', async () => {
    const { page } = l1;
    await nav(page, '账号管理');
    lvl2 = await issue(page, '二级管理员', '张二级');
    c1 = await issue(page, '集体', '上海地铁徐家汇站');
    c2 = await issue(page, '集体', '上海地铁人民广场站');
    await file(page, c1, PW.c1);
    await file(page, c2, PW.c2);
    await logOut(page);
    await logIn(page, admin1, ADMIN_PASSWORD);
    await nav(page, '数据交换');
    l1Fingerprint = (await page.getByLabel('本机公钥指纹').textContent())!.trim();
    expect(l1Fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    await selectByText(page, '为哪个账号生成', lvl2[0]);
    setupPkg = await download(page, '生成安装包');
    expect(setupPkg.name).toMatch(/^安装包-.*\.ycapkg$/);
    await page.getByRole('status').filter({ hasText: '安装包已生成' }).waitFor();
    await snap(page, 'sync-l1-exchange');
  });

  it('the level-2 laptop sets up from the setup package, checks the fingerprint and sets its password', async () => {
    const { page } = l2;
    await page.getByRole('button', { name: '使用管理员提供的安装包（集体）' }).click();
    await choose(page, '选择安装包文件…', setupPkg);
    await expect.poll(() => page.getByLabel('管理员电脑的指纹').textContent()).toBe(l1Fingerprint);
    await expect.poll(() => page.getByLabel('安装包信息').textContent()).toContain('张二级');
    await page.getByLabel('用户名（编码）').fill(lvl2[0]);
    await page.getByLabel('一次性密码').fill('WRONG-PASS-WORD');
    await page.getByLabel(/指纹完全一致/).check();
    await snap(page, 'sync-l2-setup');
    await page.getByRole('button', { name: '用安装包完成设置' }).click();
    await page.getByRole('alert').filter({ hasText: '一次性密码不正确' }).waitFor();
    await page.getByLabel('一次性密码').fill(lvl2[1]);
    await page.getByRole('button', { name: '用安装包完成设置' }).click();
    await page.getByRole('heading', { name: '首次登录：请设置新密码' }).waitFor();
    await page.getByLabel('新密码', { exact: true }).fill(PW.l2);
    await page.getByLabel('确认新密码').fill(PW.l2);
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('heading', { name: '首次登录：请设置新密码' }).waitFor({ state: 'detached' });
    // the level-2 laptop sees the two filed collectives of its subtree
    await nav(page, '集体管理');
    await expect.poll(() => page.getByRole('table', { name: '集体列表' }).getByRole('row').count()).toBe(3);
  });

  it('level 2 does the preliminary review and exports a package for level 1', async () => {
    const { page } = l2;
    await openCollective(page, '上海地铁徐家汇站');
    await page.getByRole('button', { name: '初审通过' }).click();
    await page.getByRole('status').filter({ hasText: '初审通过' }).waitFor();
    await nav(page, '数据交换');
    l2Fingerprint = (await page.getByLabel('本机公钥指纹').textContent())!.trim();
    await selectByText(page, '接收方', '上海 · 一级管理员');
    fromL2 = await download(page, '生成交换包');
    expect(fromL2.name).toMatch(/\.ycapkg$/);
  });

  it('level 1 imports it: fingerprint confirmed, dry-run counts shown, then applied', async () => {
    const { page } = l1;
    await nav(page, '数据交换');
    const before = await counts(page);
    await choose(page, '选择交换包文件…', fromL2);
    const confirm = page.getByLabel('确认发送方');
    await expect.poll(() => confirm.textContent()).toContain(l2Fingerprint);
    await expect.poll(() => confirm.textContent()).toContain('二级管理员');
    expect(await counts(page)).toEqual(before); // reading and verifying wrote nothing
    await page.getByLabel('我已与对方核对，指纹完全一致').check();
    await page.getByRole('button', { name: '信任此设备并试运行' }).click();
    const dry = page.getByRole('table', { name: '试运行计数' });
    await dry.waitFor();
    // 初审 moved one collective and added its review event; the level-2 admin set its password
    await expect(page.getByRole('status').filter({ hasText: '试运行' }).textContent()).resolves.toMatch(/新增 1，更新 2，未变 \d+，冲突 0，拒收 0/);
    expect(await dry.getByRole('row', { name: /审核记录/ }).textContent()).toMatch(/^审核记录1/);
    expect(await counts(page)).toEqual(before); // the dry run wrote nothing either
    await snap(page, 'sync-l1-dry-run');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('status').filter({ hasText: '已导入' }).waitFor();
    await openCollective(page, '上海地铁徐家汇站');
    await expect.poll(() => page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: /徐家汇站/ }).textContent()).toContain('已初审');
  });

  it('both laptops edit the same collective offline: the conflict is shown and resolved field by field', async () => {
    // level 1 corrects the member count of 人民广场站 …
    const p1 = l1.page;
    await openCollective(p1, '上海地铁人民广场站');
    await p1.locator('summary', { hasText: '集体档案和创建计划' }).click();
    await p1.getByLabel('成员人数', { exact: true }).fill('32');
    await p1.getByRole('button', { name: '保存', exact: true }).click();
    await p1.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    // … while level 2, offline, passes its preliminary review
    const p2 = l2.page;
    await openCollective(p2, '上海地铁人民广场站');
    await p2.getByRole('button', { name: '初审通过' }).click();
    await p2.getByRole('status').filter({ hasText: '初审通过' }).waitFor();
    await nav(p2, '数据交换');
    await selectByText(p2, '接收方', '上海 · 一级管理员');
    const second = await download(p2, '生成交换包');

    await nav(p1, '数据交换');
    await choose(p1, '选择交换包文件…', second);
    await expect.poll(() => p1.getByRole('status').filter({ hasText: '试运行' }).textContent()).toMatch(/冲突 1/);
    await p1.getByRole('button', { name: '确认导入' }).click();
    await p1.getByRole('status').filter({ hasText: '有 1 条冲突' }).waitFor();
    await nav(p1, '冲突处理');
    const card = p1.getByRole('article', { name: /集体：上海地铁人民广场站/ });
    const diff = card.getByRole('table');
    await expect.poll(() => diff.textContent()).toContain('已初审（待终审）');
    await expect(diff.getByRole('row', { name: /成员人数/ }).textContent()).resolves.toMatch(/成员人数3230/);
    // keep our member count, take their review
    await card.getByLabel('状态：采用对方').check();
    await card.getByLabel('成员人数：保留本机').check();
    await snap(p1, 'sync-conflict');
    await card.getByRole('button', { name: '保存处理结果' }).click();
    await p1.getByRole('status').filter({ hasText: '已处理' }).waitFor();
    await snap(p1, 'sync-conflict-after');
    await p1.getByText('没有待处理的冲突。').waitFor();
    await openCollective(p1, '上海地铁人民广场站');
    await expect.poll(() => p1.getByRole('table', { name: '集体列表' }).getByRole('row', { name: /人民广场站/ }).textContent()).toContain('已初审');
    await expect.poll(() => p1.getByLabel('成员人数', { exact: true }).inputValue()).toBe('32');
  });

  it('a package with one flipped byte is refused and the database is unchanged', async () => {
    const { page } = l1;
    // level 2's first package again, with one byte flipped in transit
    const bad = Buffer.from(fromL2.bytes);
    bad[Math.floor(bad.length / 2)]! ^= 0x01;
    await nav(page, '审计日志');
    const audit = page.getByRole('table', { name: '审计日志' });
    // rows arrive from a live query after the table renders
    await expect.poll(() => audit.getByRole('row').count()).toBeGreaterThan(1);
    const auditBefore = await audit.getByRole('row').count();
    await nav(page, '数据交换');
    const before = await counts(page);
    await choose(page, '选择交换包文件…', { name: 'flipped.ycapkg', bytes: bad });
    await page.getByRole('alert').filter({ hasText: '已拒绝导入“flipped.ycapkg”' }).waitFor();
    expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    expect(await counts(page)).toEqual(before);
    await snap(page, 'sync-flipped');
    await nav(page, '审计日志');
    await expect.poll(() => page.getByRole('table', { name: '审计日志' }).getByRole('row').count()).toBe(auditBefore);
  });

  it('level 2 imports the resolution without a new conflict', async () => {
    const p1 = l1.page;
    await nav(p1, '数据交换');
    await selectByText(p1, '接收方', '张二级');
    const down = await download(p1, '生成交换包');
    const p2 = l2.page;
    await nav(p2, '数据交换');
    await choose(p2, '选择交换包文件…', down);
    await expect.poll(() => p2.getByRole('status').filter({ hasText: '试运行' }).textContent()).toMatch(/冲突 0，拒收 0/);
    await p2.getByRole('button', { name: '确认导入' }).click();
    await p2.getByRole('status').filter({ hasText: '已导入' }).waitFor();
    await openCollective(p2, '上海地铁人民广场站');
    await expect.poll(() => p2.getByLabel('成员人数', { exact: true }).inputValue()).toBe('32');
    await snap(p2, 'sync-l2-after');
  });

  it('level 1 backs up everything, encrypted with a passphrase', async () => {
    const { page } = l1;
    await nav(page, '备份与恢复');
    await page.getByLabel('备份密码', { exact: true }).fill('青年文明号备份2017!');
    await page.getByLabel('确认备份密码').fill('青年文明号备份2017!');
    const backup = await download(page, '立即备份');
    expect(backup.name).toMatch(/\.ycabak$/);
    expect(backup.bytes.subarray(0, 11).toString('latin1')).toBe('YCA-BACKUP\n');
    expect(backup.bytes.toString('latin1')).not.toContain('人民广场');
    await page.getByRole('status').filter({ hasText: '备份已生成（已加密' }).waitFor();
    await snap(page, 'sync-backup');
  });
});
