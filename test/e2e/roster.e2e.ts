import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { Page } from 'playwright-core';
import { newLaptop, snap, type Laptop } from './browser';
import { nav, setUp } from './helpers';

type Cell = string | number;
// "带头人" is not a known heading: the admin maps it to 负责人 in the preview
const HEADER = ['序号', '集体规范名称', '所属单位', '单位性质', '成员人数', '35岁以下', '带头人', '联系电话', '电子邮箱'];
const BAD_ROWS = [8, 18, 30]; // Excel rows: title (1), note (2), header (3), data from row 4

/** 30 collectives as a unit would send them: a merged title, a merged note row, then the header. */
function roster(): Uint8Array {
  const rows: Cell[][] = [];
  for (let i = 0; i < 30; i++) {
    const excelRow = 4 + i;
    const name = i === 0 ? '上海市第一人民医院急诊科' : i === 1 ? '第一人民医院急诊科青年文明号' : `上海青年服务站${String(i).padStart(2, '0')}`;
    // the planted likely duplicate goes to the 浦东新区 subunit through its 所属单位 cell
    const parent = i === 1 ? '浦东新区' : '上海市某集团';
    const row: Cell[] = [i + 1, name, parent, i % 3 === 0 ? '国企' : '事业单位', i % 2 ? '４０' : 40, 25, `负责人${i}`, '021-63240090', `c${i}@example.com`];
    if (excelRow === 8) row[1] = '';
    if (excelRow === 18) row[5] = 50;
    if (excelRow === 30) row[8] = 'not-an-email';
    rows.push(row);
  }
  const ws = XLSX.utils.aoa_to_sheet([['2017—2018年度上海市青年文明号创建集体名单'], ['填报单位（盖章）：团市委青年发展部'], HEADER, ...rows]);
  ws['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: HEADER.length - 1 } },
    { s: { r: 1, c: 0 }, e: { r: 1, c: HEADER.length - 1 } },
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '上海名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** 150,000 rows: long enough to read that a person can cancel it (the limit is 50,000 rows). */
function largeRoster(): Uint8Array {
  const rows: Cell[][] = [['序号', '集体名称', '所属单位']];
  for (let i = 0; i < 150_000; i++) rows.push([i + 1, `上海青年服务站${i}`, '上海市某集团']);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

async function pickRoster(page: Page, bytes: Uint8Array): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '选择名单文件' }).click()]);
  await chooser.setFiles({ name: '上海名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bytes) });
  await page.getByRole('table', { name: '逐行预览' }).waitFor();
}

async function stat(page: Page, label: string): Promise<number> {
  const text = await page.getByLabel('预览统计').textContent();
  return Number(new RegExp(`${label}(\\d+)`).exec(text ?? '')?.[1] ?? NaN);
}

describe('level-1 admin imports a roster of 30 collectives, 3 of them bad, and resolves a likely duplicate', () => {
  let laptop: Laptop;
  const bytes = roster();
  beforeAll(async () => {
    laptop = await newLaptop();
    await setUp(laptop.page, '上海');
    // a subunit that a row's 所属单位 names
    await nav(laptop.page, '账号管理');
    await laptop.page.getByLabel('下级单位名称').fill('浦东新区');
    await laptop.page.getByRole('button', { name: '设立下级单位' }).click();
    await laptop.page.getByRole('status').filter({ hasText: '已设立下级单位“浦东新区”' }).waitFor();
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('downloads the blank template', async () => {
    const { page } = laptop;
    await nav(page, '名单导入');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载导入模板' }).click()]);
    expect(download.suggestedFilename()).toBe('集体名单导入模板.xlsx');
    const wb = XLSX.read(fs.readFileSync((await download.path())!), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['集体名单', '说明']);
    const header = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['集体名单']!, { header: 1 })[1]!;
    expect(header).toContain('集体名称');
    expect(header).toContain('用户名（编码）');
  });

  it('previews every row with its errors, lets the admin fix a column, and imports only the 27 valid rows', async () => {
    const { page } = laptop;
    await pickRoster(page, bytes);
    await expect.poll(() => page.getByRole('region', { name: '表头与列对应' }).textContent()).toContain('表头在第 3 行');
    const leaderSelect = page.getByLabel('G 列“带头人”导入为');
    expect(await leaderSelect.inputValue()).toBe('');
    await leaderSelect.selectOption({ label: '负责人' });
    await expect.poll(() => page.getByLabel('G 列“带头人”导入为').inputValue()).toBe('leader');
    await page.getByRole('table', { name: '逐行预览' }).waitFor();

    expect(await stat(page, '新增')).toBe(27);
    expect(await stat(page, '有错误')).toBe(3);
    const preview = page.getByRole('table', { name: '逐行预览' });
    const errorRows = preview.getByRole('row').filter({ hasText: '有错误，不导入' });
    await expect.poll(() => errorRows.count()).toBe(3);
    const numbers = (await errorRows.locator('td.num').allTextContents()).map(Number);
    expect(numbers).toEqual(BAD_ROWS);
    await expect.poll(() => errorRows.nth(0).textContent()).toContain('B 列（集体名称）');
    await expect.poll(() => errorRows.nth(1).textContent()).toContain('不能大于成员人数');
    await expect.poll(() => errorRows.nth(2).textContent()).toContain('I 列（保密邮箱）');
    const pudongRow = preview.getByRole('row', { name: /第一人民医院急诊科青年文明号/ });
    await expect.poll(() => pudongRow.textContent()).toContain('浦东新区');
    await snap(page, 'roster-preview');

    // a file with errors needs an explicit "only the valid rows"
    const confirm = page.getByRole('button', { name: '确认导入' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('只导入无误的 27 行，有错误的 3 行不导入').check();
    await confirm.click();
    await page.getByRole('status').filter({ hasText: '导入完成：新增 27 个集体' }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '导入完成' }).textContent()).toContain('第 8、18、30 行');
    const codes = page.getByRole('table', { name: '新集体的编码和一次性密码' });
    await expect.poll(() => codes.getByRole('row').count()).toBe(28);
    await snap(page, 'roster-imported');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出编码和一次性密码（Excel）' }).click()]);
    const wb = XLSX.read(fs.readFileSync((await download.path())!), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['编码和一次性密码', '说明']);
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets['编码和一次性密码']!);
    expect(rows).toHaveLength(27);
    expect(new Set(rows.map((r) => r['用户名（编码）'])).size).toBe(27);
    expect(rows.every((r) => /^R09(01)?J\d{5}[0-9A-Z]$/.test(r['用户名（编码）']!) && /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(r['一次性密码']!))).toBe(true);
    expect(rows.find((r) => r['集体名称'] === '第一人民医院急诊科青年文明号')!['归口单位']).toBe('浦东新区');
    const notes = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets['说明']!).map((r) => r['说明']);
    expect(notes[0]).toContain('分发完毕后立即删除本文件');
    await page.getByRole('button', { name: '已分发，清除显示' }).click();
    expect(await page.getByRole('table', { name: '新集体的编码和一次性密码' }).count()).toBe(0);
  });

  it('re-importing the same file creates nothing new', async () => {
    const { page } = laptop;
    await pickRoster(page, bytes);
    await page.getByLabel('G 列“带头人”导入为').selectOption({ label: '负责人' });
    await expect.poll(() => stat(page, '无变化')).toBe(27);
    expect(await stat(page, '新增')).toBe(0);
    expect(await stat(page, '更新')).toBe(0);
    expect(await stat(page, '有错误')).toBe(3);
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: /导入预览/ }).textContent()).toContain('名单与已有记录一致');
    await snap(page, 'roster-reimport');
    await nav(page, '账号管理');
    const list = page.getByRole('table', { name: '账号列表' });
    await expect.poll(() => list.getByRole('row').count()).toBe(1 + 1 + 27); // header, the admin, 27 collectives
  });

  it('lists the planted likely duplicate, and "confirm distinct" removes it', async () => {
    const { page } = laptop;
    await nav(page, '疑似重复');
    const group = page.getByRole('region', { name: '疑似重复组：上海市第一人民医院急诊科 / 第一人民医院急诊科青年文明号' });
    await group.waitFor();
    await expect.poll(() => page.getByRole('region', { name: /^疑似重复组：/ }).count()).toBe(1);
    const text = await group.textContent();
    expect(text).toContain('名称相近');
    expect(text).toContain('浦东新区');
    expect(text).toContain('地方');
    await snap(page, 'duplicates-list');
    await group.getByLabel('处理说明（可不填，记入审计日志）').fill('急诊科与区分院急诊科是两个集体');
    await group.getByRole('button', { name: '确认不是同一集体' }).click();
    await page.getByRole('status').filter({ hasText: '没有待处理的疑似重复集体' }).waitFor();
    expect(await page.getByRole('region', { name: /^疑似重复组：/ }).count()).toBe(0);
    await snap(page, 'duplicates-resolved');
  });

  it('reads a large file in the background: the page answers, and 取消读取 stops the read, importing nothing', async () => {
    const { page } = laptop;
    await nav(page, '名单导入');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '选择名单文件' }).click()]);
    await chooser.setFiles({ name: '大名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(largeRoster()) });
    const reading = page.getByText('正在读取名单文件“大名单.xlsx”');
    await reading.waitFor();
    await snap(page, 'roster-reading');
    // a page busy reading on its own thread could not take this click before the read ended,
    // and by then the button would be gone
    await page.getByRole('button', { name: '取消读取' }).click();
    await page.getByText('已取消读取名单文件，未导入任何数据。').waitFor();
    expect(await reading.count()).toBe(0);
    expect(await page.getByRole('table', { name: '逐行预览' }).count()).toBe(0);
  });
});
