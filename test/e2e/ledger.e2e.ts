import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { FORMAT_V1 } from '../../shared/ledger/format';
import { importLedger } from '../../shared/ledger/import';
import { newLaptop, snap, type Laptop } from './browser';
import type { Page } from 'playwright-core';
import { setUp } from './helpers';

const FIX = path.resolve('test/fixtures/ledger');
const EVIL = '=HYPERLINK("http://evil","点我")';
const NAMES = ['上海市第一人民医院急诊科', EVIL, '上海地铁一号线徐家汇站'];

/** Issue a collective's code on the accounts page (the shared helper builds a RegExp from the name, which "(" breaks). */
async function issueCollective(page: Page, name: string): Promise<void> {
  await page.getByLabel('账号类型').selectOption({ label: '集体' });
  await page.getByLabel('集体规范名称').fill(name);
  await page.getByRole('button', { name: '生成编码和一次性密码' }).click();
  await page.getByRole('table', { name: '一次性密码' }).getByRole('row').filter({ hasText: name }).waitFor();
}

describe('工作台账: a level-1 admin exports the ledger; the national office validates and aggregates', () => {
  let sh: Laptop;
  let national: Laptop;
  let exported = '';
  beforeAll(async () => {
    sh = await newLaptop();
    await setUp(sh.page, '上海');
  });
  afterAll(async () => {
    await sh?.close();
    await national?.close();
  });

  it('exports a ledger from the UI: sheets, headers, counts, frozen header, and the injected name as plain text', async () => {
    const { page } = sh;
    await page.getByRole('button', { name: '账号管理' }).click();
    for (const name of NAMES) await issueCollective(page, name);

    await page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: '工作台账导出' }).click();
    await page.getByRole('heading', { name: '工作台账', exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('导出范围').inputValue()).toBe('unit-R09');
    // no 情况报告 yet: the option cannot be chosen, and the page says why
    await expect(page.getByLabel('附上情况报告（作为“情况报告”工作表）').isDisabled()).resolves.toBe(true);
    await page.getByText('该单位尚未填写本届次的情况报告，不能附上。').waitFor();
    await snap(page, 'ledger-export-form');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出工作台账（Excel）' }).click()]);
    expect(download.suggestedFilename()).toBe('工作台账_上海_2017-2018.xlsx');
    exported = (await download.path())!;
    await page.getByRole('status').filter({ hasText: '已导出工作台账“工作台账_上海_2017-2018.xlsx”：创建集体名单 3 行' }).waitFor();
    await snap(page, 'ledger-export-done');

    const bytes = new Uint8Array(fs.readFileSync(exported));
    const wb = XLSX.read(bytes, { type: 'array', cellFormula: true, cellNF: true });
    expect(wb.SheetNames).toEqual(['说明', '创建集体名单', '网络创建完成情况', '五个一工作台账', '考评自评表', '变更与退出记录', '社会评价与投诉', '元数据']);
    for (const def of FORMAT_V1.filter((d) => d.id !== 'report')) {
      const header = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[def.name]!, { header: 1 })[0];
      expect(header).toEqual(def.columns.map((c) => c.header));
    }
    const list = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['创建集体名单']!);
    expect(list.length).toBe(3);
    expect(list.map((r) => r['状态'])).toEqual(['已派发编码', '已派发编码', '已派发编码']);
    const units = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['网络创建完成情况']!);
    expect(units[0]).toMatchObject({ 单位编码: 'R09', 单位名称: '上海', 基数: 21, 应完成网络创建数: 210, 已报备: 0, 创建集体: 0, 完成率: 0 });
    const meta = Object.fromEntries(XLSX.utils.sheet_to_json<[string, unknown]>(wb.Sheets['元数据']!, { header: 1 }).slice(1));
    expect(meta).toMatchObject({ 格式: 'YCA-LEDGER', 格式版本: 1, 单位编码: 'R09', 届次: '2017-2018', '行数：创建集体名单': 3, 软件版本: '0.1.0' });
    expect(meta['导出人']).toMatch(/^王晓明（R09A1001.）$/);

    // the injected name: a text cell, no formula, never executable
    const ws = wb.Sheets['创建集体名单']!;
    const row = list.findIndex((r) => String(r['集体名称']).includes('HYPERLINK')) + 2;
    const cell = ws[`C${row}`] as XLSX.CellObject;
    expect(cell.t).toBe('s');
    expect(cell.f).toBeUndefined();
    expect(cell.v).toBe(`'${EVIL}`);
    const zip = unzipSync(bytes);
    const sheets = Object.keys(zip).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k));
    expect(sheets.length).toBe(8);
    for (const s of sheets) {
      const xml = strFromU8(zip[s]!);
      expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
      expect(xml).not.toContain('<f>');
    }
    // and it reads back as exactly the name that was typed
    const back = await importLedger(bytes);
    expect(back.ok).toBe(true);
    expect(back.data!.collectives.map((c) => c.name).sort()).toEqual([...NAMES].sort());
  });

  it('validates files on the 导入校验 tab, listing errors by sheet, row and column', async () => {
    const { page } = sh;
    await page.getByRole('tab', { name: '导入校验' }).click();
    expect(await page.getByRole('tab', { name: '台账汇总' }).count()).toBe(0);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '选择台账文件并校验…' }).click()]);
    const mine = path.join(path.dirname(exported), '工作台账_上海_2017-2018.xlsx');
    fs.copyFileSync(exported, mine);
    await chooser.setFiles([mine, path.join(FIX, 'invalid-cells.xlsx')]);
    const ok = page.getByRole('article', { name: '校验结果：工作台账_上海_2017-2018.xlsx' });
    await ok.getByText('有效', { exact: true }).waitFor();
    const bad = page.getByRole('article', { name: '校验结果：invalid-cells.xlsx' });
    await bad.getByText('无效：9 处错误').waitFor();
    const table = bad.getByRole('table', { name: '问题列表：invalid-cells.xlsx' });
    await expect.poll(() => table.getByRole('row').count()).toBe(1 + 9 + 1);
    const first = table.getByRole('row', { name: /集体名称/ });
    await expect.poll(() => first.textContent()).toBe('错误创建集体名单10C（集体名称）不能为空');
    await snap(page, 'ledger-validate');
  });

  it('the national office aggregates many units’ ledgers into the national summary', async () => {
    national = await newLaptop();
    const { page } = national;
    await setUp(page, '全国创建“青年文明号”活动组委会办公室', '赵国办');
    await page.getByRole('navigation', { name: '功能导航' }).getByRole('button', { name: '工作台账导出与汇总' }).click();
    await page.getByRole('tab', { name: '台账汇总' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '添加台账文件…' }).click()]);
    await chooser.setFiles([path.join(FIX, 'valid-jiangsu.xlsx'), path.join(FIX, 'valid.xlsx'), path.join(FIX, 'valid-resent.xlsx'), path.join(FIX, 'invalid-counts.xlsx')]);
    await expect.poll(() => page.getByRole('table', { name: '待汇总的台账' }).getByRole('row').count()).toBe(5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成全国汇总（Excel）' }).click()]);
    expect(download.suggestedFilename()).toBe('全国工作台账汇总_2017-2018.xlsx');
    await page.getByRole('status').filter({ hasText: '已生成全国汇总' }).waitFor();
    const summary = page.getByRole('table', { name: '全国汇总' });
    await expect.poll(() => summary.getByRole('row', { name: /上海（R09）/ }).count()).toBe(1);
    await expect.poll(() => summary.getByRole('row', { name: /江苏（R10）/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: '出现在多个单位台账中的集体（2 组）' }).count()).toBe(1);
    const files = page.getByRole('table', { name: '台账清单' });
    await expect.poll(() => files.getByRole('row', { name: /valid\.xlsx.*已被取代/ }).count()).toBe(1);
    await expect.poll(() => files.getByRole('row', { name: /invalid-counts\.xlsx.*未纳入/ }).count()).toBe(1);
    await snap(page, 'ledger-aggregate');

    const wb = XLSX.read(fs.readFileSync((await download.path())!), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['全国汇总', '重复集体', '台账清单', '说明']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['全国汇总']!);
    expect(rows.map((r) => r['单位编码'] ?? r['单位名称'])).toEqual(['R09', 'R10', '行业合计', '地方合计', '总计']);
    expect(rows[0]!['来源文件']).toBe('valid-resent.xlsx');
  });

  it('long work shows its progress and can be cancelled: nothing is saved', async () => {
    const { page } = national;
    // many re-sent copies make a job long enough to cancel by hand
    const dir = fs.mkdtempSync(path.join(path.dirname(exported), 'many-'));
    const copies = Array.from({ length: 120 }, (_, i) => {
      const p = path.join(dir, `上海-第${i + 1}次报送.xlsx`);
      fs.copyFileSync(path.join(FIX, 'valid.xlsx'), p);
      return p;
    });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '添加台账文件…' }).click()]);
    await chooser.setFiles(copies);
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: '生成全国汇总（Excel）' }).click();
    const bar = page.getByRole('progressbar', { name: '处理进度' });
    await bar.waitFor();
    await snap(page, 'ledger-progress');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('status').filter({ hasText: '已取消汇总，未生成文件。' }).waitFor();
    expect(await bar.count()).toBe(0);
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
    // the picks stay: the office can run it again
    await expect.poll(() => page.getByRole('table', { name: '待汇总的台账' }).getByRole('row').count()).toBe(1 + 4 + 120);
  });
});
