import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import type { Page } from 'playwright-core';
import { newLaptop, snap, type Laptop } from './browser';
import { ADMIN_PASSWORD, issue, logIn, logOut, setUp } from './helpers';

/** A real w × h PNG (a red/blue checkerboard), built here so the test needs no fixture file. */
function png(w: number, h: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 255]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    return Buffer.concat([u32(data.length), td, u32(crc(td))]);
  };
  const raw = Buffer.alloc(h * (1 + w * 3));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set((x + y) % 2 ? [0, 80, 200] : [200, 16, 46], y * (1 + w * 3) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.concat([u32(w), u32(h), Buffer.from([8, 2, 0, 0, 0])])),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const COLLECTIVE = '上海市第一人民医院急诊科';
const TITLE = '开放周岗位体验活动';
const PHOTO = '开放周合影.png';

async function nav(page: Page, label: string) {
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

/** The dashboard figures a person reads, by their labels. */
async function expectDashboard(page: Page, expected: Record<string, string>) {
  await nav(page, '监督看板');
  for (const [label, value] of Object.entries(expected)) {
    const group = ['已受理', '已核实', '整改中', '已整改', '已办结'].includes(label) ? '投诉办理状态' : '监督概况';
    const cell = page.getByLabel(group, { exact: true }).getByLabel(label, { exact: true });
    await expect.poll(() => cell.textContent(), { message: `${group} · ${label}` }).toBe(value);
  }
}

describe('a collective submits a creation log with a picture; its admin reads it; a complaint is handled to the end', () => {
  let laptop: Laptop;
  let adminCode = '';
  let code = '';
  let otp = '';

  beforeAll(async () => {
    laptop = await newLaptop();
    adminCode = await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('the collective writes a work update with a picture (type checked by content) and submits it to its log', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '账号管理' }).click();
    [code, otp] = await issue(page, '集体', COLLECTIVE);
    await logOut(page);
    await logIn(page, code, otp);
    await page.getByLabel('新密码', { exact: true }).fill('Jizhenke!2017');
    await page.getByLabel('确认新密码').fill('Jizhenke!2017');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('heading', { name: '本集体' }).waitFor();
    expect(await page.getByRole('button', { name: '监督看板' }).count()).toBe(0);

    await nav(page, '创建日志');
    const editor = page.getByRole('form', { name: '新建创建工作动态' });
    await expect.poll(() => editor.textContent()).toContain('每个不超过 10 MB');
    await editor.getByLabel('标题').fill(TITLE);
    await editor.getByLabel('正文').fill('“五四”青年节组织市民走进急诊科，体验预检分诊岗位。');
    // a web page renamed .png is refused by its content
    await editor.getByLabel('添加图片、视频或 PDF').setInputFiles({ name: '伪装.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    await page.getByRole('alert').filter({ hasText: '“伪装.png”不能添加' }).waitFor();
    await editor.getByLabel('添加图片、视频或 PDF').setInputFiles({ name: PHOTO, mimeType: 'image/png', buffer: png(2, 2) });
    await editor.getByRole('img', { name: `${PHOTO}（缩略图）` }).waitFor();
    await snap(page, 'logs-collective-editor');
    await editor.getByRole('button', { name: '提交到创建日志' }).click();
    await page.getByRole('status').filter({ hasText: `“${TITLE}”已提交到创建日志` }).waitFor();
    const card = page.getByRole('article', { name: `${TITLE}（${COLLECTIVE}）` });
    await expect.poll(() => card.textContent()).toContain('管理员尚未阅读');
    await card.getByRole('img', { name: `${PHOTO}（缩略图）` }).waitFor();
    await snap(page, 'logs-collective-submitted');
  });

  it('the level-1 admin sees the log with its thumbnail in the timeline and marks it read; the dashboard follows', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, adminCode, ADMIN_PASSWORD);
    await expectDashboard(page, { 本届集体: '1', 本届创建日志: '1', 本月创建日志: '1', 我未阅的日志: '1', 已阅日志: '0' });
    await expect(page.getByRole('img', { name: /近 12 个月每月提交的创建日志/ }).getAttribute('aria-label')).resolves.toMatch(/1 篇$/);

    await nav(page, '创建日志');
    const newest = page.getByRole('article', { name: `${TITLE}（${COLLECTIVE}）` });
    await expect.poll(() => newest.textContent()).toContain('未阅');
    await newest.getByRole('button', { name: '查看该集体的创建日志' }).click();
    const timeline = page.getByRole('list', { name: '创建日志时间线' });
    const card = timeline.getByRole('article', { name: `${TITLE}（${COLLECTIVE}）` });
    const thumb = card.getByRole('img', { name: `${PHOTO}（缩略图）` });
    await thumb.waitFor();
    // the thumbnail is a real decoded picture, drawn from the stored blob
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
    await expect(thumb.getAttribute('src')).resolves.toMatch(/^blob:/);
    await card.getByRole('button', { name: `查看 ${PHOTO}` }).click();
    await card.getByRole('img', { name: PHOTO, exact: true }).waitFor();
    await card.getByRole('button', { name: '标记为已阅' }).click();
    await card.getByRole('button', { name: '标记为未阅' }).waitFor();
    await card.getByLabel('点评意见').fill('活动形式新颖，请继续做好开放周。');
    await card.getByRole('button', { name: '发表点评' }).click();
    await expect.poll(() => card.textContent()).toContain('活动形式新颖');
    await snap(page, 'logs-admin-timeline');
    await expectDashboard(page, { 我未阅的日志: '0', 已阅日志: '1', 已点评日志: '1', 投诉总数: '0' });
  });

  it('a complaint is recorded, verified, sent for rectification with a deadline, rectified and closed — the dashboard reflects each step', async () => {
    const { page } = laptop;
    await nav(page, '社会评价');
    const form = page.getByRole('form', { name: '录入社会评价' });
    await form.getByLabel('被评价集体').selectOption({ label: `${COLLECTIVE}（${code}）` });
    await form.getByLabel('评价来源').selectOption({ label: '社会公众' });
    await form.getByLabel('评分').selectOption({ label: '1 分（差）' });
    await form.getByLabel('评价内容').fill('夜间候诊时间过长，无人告知等候情况。');
    await form.getByLabel('属于投诉（进入核实、整改、办结流程）').check();
    await form.getByRole('button', { name: '保存评价' }).click();
    await page.getByRole('status').filter({ hasText: '已受理' }).waitFor();
    await expectDashboard(page, { 社会评价: '1', 平均评分: '1', 投诉总数: '1', 未办结投诉: '1', 已受理: '1', 已核实: '0' });

    const deadline = localDay(new Date(Date.now() + 7 * 86_400_000));
    const steps: { action: string; note: [RegExp, string]; deadline?: string; after: Record<string, string> }[] = [
      { action: '完成核实', note: [/^核实情况/, '调取监控核实，情况属实。'], after: { 已受理: '0', 已核实: '1', 未办结投诉: '1' } },
      { action: '要求整改', note: [/^整改要求$/, '增设候诊信息屏，每小时告知一次。'], deadline, after: { 已核实: '0', 整改中: '1', 未办结投诉: '1', 逾期未整改: '0' } },
      { action: '确认已整改', note: [/^整改情况$/, '已安装候诊信息屏。'], after: { 整改中: '0', 已整改: '1', 未办结投诉: '0' } },
      { action: '办结', note: [/^办结意见/, ''], after: { 已整改: '0', 已办结: '1', 未办结投诉: '0', 投诉总数: '1' } },
    ];
    for (const s of steps) {
      await nav(page, '社会评价');
      const card = page.getByRole('article', { name: new RegExp(`^投诉：${COLLECTIVE}`) });
      await card.getByLabel('办理步骤').selectOption({ label: s.action });
      if (s.deadline) await card.getByLabel('整改期限').fill(s.deadline);
      if (s.note[1]) await card.getByLabel(s.note[0]).fill(s.note[1]);
      await card.getByRole('button', { name: '提交办理' }).click();
      await page.getByRole('status').filter({ hasText: `${s.action}，已记录` }).waitFor();
      if (s.action === '要求整改') {
        await expect.poll(() => card.textContent()).toContain(`整改期限：${deadline}`);
        await snap(page, 'logs-complaint-rectification');
      }
      await expectDashboard(page, s.after);
    }
    await snap(page, 'logs-supervision-dashboard');
    await expect(page.getByRole('img', { name: /^投诉办理状态/ }).getAttribute('aria-label')).resolves.toContain('已办结 1 件');

    await nav(page, '社会评价');
    const history = page.getByRole('article', { name: new RegExp(`^投诉：${COLLECTIVE}`) }).getByRole('list', { name: '办理记录' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(5);
    await expect.poll(() => history.textContent()).toContain(`要求整改（王晓明）：增设候诊信息屏，每小时告知一次。（整改期限 ${deadline}）`);
    await expect.poll(() => history.textContent()).toContain('已安装候诊信息屏');
    await snap(page, 'logs-evaluations');

    // the collective reads the complaint and its handling, but cannot handle it
    await logOut(page);
    await logIn(page, code, 'Jizhenke!2017');
    await nav(page, '社会评价');
    const own = page.getByRole('article', { name: new RegExp(`^投诉：${COLLECTIVE}`) });
    await expect.poll(() => own.textContent()).toContain('已办结');
    expect(await own.getByRole('button', { name: '提交办理' }).count()).toBe(0);
    await nav(page, '创建日志');
    await expect.poll(() => page.getByRole('article', { name: `${TITLE}（${COLLECTIVE}）` }).textContent()).toContain('活动形式新颖');
  });

  it('imports evaluations from a spreadsheet: preview with row errors, all or nothing, re-import changes nothing', async () => {
    const { page } = laptop;
    await logOut(page);
    await logIn(page, adminCode, ADMIN_PASSWORD);
    const workbook = (rows: (string | number)[][]) => {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['社会评价登记表'], ['集体名称', '评价来源', '评分', '评价内容', '评价日期', '是否投诉'], ...rows]), '社会评价');
      return Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    };
    const good: (string | number)[][] = [
      [COLLECTIVE, '群众', 5, '医生耐心', '2017-05-04', '否'],
      [COLLECTIVE, '监督员', '４分', '', '2017/6/1', ''],
    ];
    await nav(page, '社会评价');
    const panel = page.getByRole('region', { name: '从表格导入社会评价' });
    const picker = () => panel.getByLabel('选择评价表格（.xlsx / .xls）');
    await picker().setInputFiles({ name: '有错.xlsx', mimeType: 'application/octet-stream', buffer: workbook([...good, ['不存在的集体', '领导', 9, '', '2017-05-04', '']]) });
    const preview = panel.getByRole('table', { name: '导入预览' });
    const bad = preview.getByRole('row', { name: /^5 / });
    await expect.poll(() => bad.textContent()).toContain('找不到集体“不存在的集体”');
    await expect.poll(() => bad.textContent()).toContain('B列：评价来源“领导”无法识别');
    await expect(panel.getByRole('button', { name: /确认导入/ }).isDisabled()).resolves.toBe(true);
    await snap(page, 'logs-evaluation-import-errors');
    await panel.getByRole('button', { name: '放弃本次导入' }).click();

    await picker().setInputFiles({ name: '评价.xlsx', mimeType: 'application/octet-stream', buffer: workbook(good) });
    await panel.getByRole('button', { name: '确认导入 2 条' }).click();
    await page.getByRole('status').filter({ hasText: '已从“评价.xlsx”导入社会评价 2 条' }).waitFor();
    await expectDashboard(page, { 社会评价: '3', 投诉总数: '1' });

    await nav(page, '社会评价');
    await picker().setInputFiles({ name: '评价.xlsx', mimeType: 'application/octet-stream', buffer: workbook(good) });
    await panel.getByRole('status').filter({ hasText: '2 条已导入过（跳过）' }).waitFor();
    await expect(panel.getByRole('button', { name: '确认导入 0 条' }).isDisabled()).resolves.toBe(true);
  });
});
