import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLaptop, snap, type Laptop } from './browser';
import { ADMIN_PASSWORD, firstLogIn, issue, logIn, logOut, nav, setUp } from './helpers';

/**
 * The whole filing lifecycle on a national-office laptop (which holds every unit), with the
 * page clock inside the 2017—2018 filing window: file → 初审 → returned with feedback → fixed and
 * resubmitted → approved → renamed (former name searchable) → disqualified by the national office.
 */
describe('collective lifecycle', () => {
  let laptop: Laptop;
  let nationalCode = '';
  const pw = { sh: 'ShAdmin#2017x', l2: 'Level2#2017xx', col: 'Xujiahui#2017' };
  let sh: [string, string];
  let l2: [string, string];
  let col: [string, string];

  beforeAll(async () => {
    laptop = await newLaptop({ time: '2017-05-10T10:00:00+08:00' });
    nationalCode = await setUp(laptop.page, '全国创建“青年文明号”活动组委会办公室', '李国强');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('the national office issues 上海’s level-1 admin, who issues a level-2 admin and a collective', async () => {
    const { page } = laptop;
    await nav(page, '账号管理');
    await page.getByLabel('所属单位').selectOption({ label: '上海' });
    sh = await issue(page, '一级管理员', '上海一级管理员');
    await logOut(page);
    await firstLogIn(page, sh[0], sh[1], pw.sh);
    await nav(page, '账号管理');
    l2 = await issue(page, '二级管理员', '张二级');
    col = await issue(page, '集体', '上海地铁徐家汇站');
    expect(col[0]).toMatch(/^R09J00001/);
  });

  it('the collective fills its profile and plan and files', async () => {
    const { page } = laptop;
    await logOut(page);
    await firstLogIn(page, col[0], col[1], pw.col);
    await page.getByRole('heading', { name: '本集体' }).waitFor();
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('alert').filter({ hasText: '请填写上级单位' }).waitFor();
    await page.getByLabel('上级单位').fill('上海申通地铁集团有限公司');
    await page.getByLabel('集体类型').selectOption('国有企业');
    await page.getByLabel('所在地区').fill('上海市徐汇区');
    await page.getByLabel('成员人数', { exact: true }).fill('30');
    await page.getByLabel('35周岁及以下成员人数').fill('24');
    await page.getByLabel('负责人姓名').fill('陈青');
    await page.getByLabel('负责人联系电话').fill('021-64370000');
    await page.getByRole('button', { name: '添加荣誉' }).click();
    await page.getByLabel('荣誉 1 年份').fill('2016');
    await page.getByLabel('荣誉 1 名称').fill('上海市青年文明号');
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
    await expect.poll(() => page.getByLabel('集体信息').textContent()).toContain('报备集体（待审核）');
    await snap(page, 'lifecycle-collective-filed');
  });

  it('the level-2 admin passes the preliminary review; the level-1 admin returns it with feedback', async () => {
    const { page } = laptop;
    await logOut(page);
    await firstLogIn(page, l2[0], l2[1], pw.l2);
    // the dashboard says what waits, and leads there
    const todo = page.getByRole('list', { name: '待办事项' }).getByRole('button', { name: /待初审的报备/ });
    await expect.poll(() => todo.textContent()).toBe('待初审的报备1');
    await todo.click();
    await page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: /上海地铁徐家汇站/ }).click();
    await page.getByRole('button', { name: '初审通过' }).click();
    await page.getByRole('status').filter({ hasText: '初审通过' }).waitFor();

    await logOut(page);
    await logIn(page, sh[0], pw.sh);
    await nav(page, '集体管理');
    await page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: /上海地铁徐家汇站/ }).click();
    await expect.poll(() => page.getByLabel('资格审核').textContent()).toContain('✓');
    await page.getByRole('button', { name: '退回并反馈' }).click();
    await page.getByRole('alert').filter({ hasText: '必须填写反馈意见' }).waitFor();
    await page.getByLabel('审核意见（退回时必填，集体可见）').fill('请补充主题创建活动的具体安排');
    await page.getByRole('button', { name: '退回并反馈' }).click();
    await page.getByRole('status').filter({ hasText: '已退回' }).waitFor();
    await snap(page, 'lifecycle-admin-returned');
  });

  it('the collective reads the feedback, fixes the plan and resubmits', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, col[0], pw.col);
    await expect.poll(() => page.getByLabel('管理员反馈意见').textContent()).toContain('请补充主题创建活动的具体安排');
    await page.getByLabel('主题创建活动').fill('“青年建功十三五·青春献礼十九大”主题创建；五四开放周岗位体验');
    await page.getByRole('button', { name: '提交报备' }).click();
    await page.getByRole('status').filter({ hasText: '提交成功' }).waitFor();
  });

  it('the level-1 admin approves it and renames it; the former name stays searchable', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, sh[0], pw.sh);
    await nav(page, '集体管理');
    const table = page.getByRole('table', { name: '集体列表' });
    await table.getByRole('row', { name: /上海地铁徐家汇站/ }).click();
    await page.getByRole('button', { name: '确定为创建集体' }).click();
    await page.getByRole('status').filter({ hasText: '已确定为创建集体' }).waitFor();
    await page.getByLabel('新名称').fill('上海地铁徐家汇枢纽站');
    await page.getByLabel('情况说明').fill('站点扩建，经批准更名');
    await page.getByRole('button', { name: '办理名称变更' }).click();
    await page.getByRole('status').filter({ hasText: '名称已变更' }).waitFor();
    await page.getByRole('button', { name: '关闭详情' }).click();
    await page.getByLabel('搜索（名称、曾用名称、编码、拼音首字母）').fill('徐家汇站');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await expect.poll(() => table.getByRole('row', { name: /上海地铁徐家汇枢纽站/ }).textContent()).toContain('曾用名：上海地铁徐家汇站');
    await page.getByLabel('搜索（名称、曾用名称、编码、拼音首字母）').fill('shdtxjh');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await snap(page, 'lifecycle-renamed');
  });

  it('the level-1 admin reports a disqualification; the national office decides; the code is closed', async () => {
    const { page } = laptop;
    await page.getByRole('table', { name: '集体列表' }).getByRole('row', { name: /上海地铁徐家汇枢纽站/ }).click();
    await page.getByLabel('变更情况').selectOption({ label: '上报取消创建资格（严重滑坡、重大事故、违法违纪）' });
    await page.getByLabel('取消资格原因').selectOption({ label: '重大事故' });
    await page.getByLabel('情况说明').fill('发生重大安全责任事故');
    await page.getByRole('button', { name: '上报全国组委会办公室' }).click();
    await page.getByRole('status').filter({ hasText: '已上报' }).waitFor();

    await logOut(page);
    await logIn(page, nationalCode, ADMIN_PASSWORD);
    await nav(page, '变更审定');
    const row = page.getByRole('table', { name: '待审定的变更' }).getByRole('row', { name: /徐家汇枢纽站/ });
    await row.getByLabel(/审定意见/).fill('经核实，取消创建资格并注销用户名');
    await row.getByRole('button', { name: '同意并实施' }).click();
    await page.getByRole('status').filter({ hasText: '已审定并实施' }).waitFor();
    await snap(page, 'lifecycle-disqualified');

    await logOut(page);
    await logIn(page, col[0], pw.col);
    await page.getByRole('alert').filter({ hasText: '已被注销' }).waitFor();
  });
});
