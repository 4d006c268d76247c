import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReportChars } from '../../shared/text/charCount';
import { newLaptop, snap, type Laptop } from './browser';
import { setUp } from './helpers';

/** A report of exactly `n` counted characters, mixing Chinese, Latin letters, digits, punctuation and whitespace. */
function reportOf(n: number): string {
  const paragraph = '一、机制规范\n本届组织 YCA 专题会议 3 次，覆盖 16 个区（2017年）。\n  二、过程管理：培训 120 人次！\n';
  let text = '';
  while (countReportChars(text + paragraph) <= n) text += paragraph;
  while (countReportChars(text) < n) text += '创';
  expect(countReportChars(text)).toBe(n);
  return text;
}

describe('a provincial admin: 五个一, quota dashboard, self-assessment and the self-inspection report', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
    await setUp(laptop.page, '上海');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('records the five kinds of work and sees the 五个一 checklist turn complete', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '工作台账（五个一）', exact: true }).click();
    const summary = page.getByLabel('五个一汇总');
    await expect.poll(() => summary.textContent()).toContain('五个一：已落实 0/5');

    const work: [string, string, string][] = [
      ['专题会议', '2017-03-15', '全市青年文明号创建工作部署会'],
      ['集中培训', '2017-05-10', '创建集体负责人培训班'],
      ['检查调研', '2017-06-20', '浦东、闵行创建集体实地调研'],
      ['主题创建活动', '2017-07-01', '青年建功十三五·青春献礼十九大'],
      ['常态化联系平台', '2017-04-01', '上海青年文明号联络员微信群'],
    ];
    for (const [i, [type, date, title]] of work.entries()) {
      await page.getByLabel('工作类型').selectOption({ label: `${type}（五个一）` });
      await page.getByLabel('日期', { exact: true }).fill(date);
      await page.getByLabel('标题').fill(title);
      await page.getByLabel('参与人员').fill('各区团委分管书记、创建集体负责人');
      await page.getByLabel('工作内容').fill(`${type}：${title}`);
      if (i === 0) {
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '添加证明材料' }).click()]);
        await chooser.setFiles({ name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n会议纪要\n%%EOF') });
        await page.getByLabel('待保存的证明材料').getByText('会议纪要.pdf').waitFor();
      }
      await page.getByRole('button', { name: '保存工作记录' }).click();
      await page.getByRole('status').filter({ hasText: `《${title}》` }).waitFor();
      await expect.poll(() => summary.textContent()).toContain(i < 4 ? `已落实 ${i + 1}/5` : '已落实 5/5，已全部落实');
    }
    const list = page.getByLabel('五个一清单');
    for (const [type] of work) await list.getByLabel(`${type}：已落实`).waitFor();
    const table = page.getByRole('table', { name: '工作记录' });
    await expect.poll(() => table.getByRole('row').count()).toBe(6);
    // the evidence file is stored and offered for download under its name
    await table.getByRole('button', { name: '下载 会议纪要.pdf' }).waitFor();
    // bad input gets a Chinese message and is not saved
    await page.getByLabel('日期', { exact: true }).fill('2019-01-05');
    await page.getByLabel('标题').fill('下一届的会');
    await page.getByRole('button', { name: '保存工作记录' }).click();
    await page.getByRole('alert').filter({ hasText: '日期应在2017—2018年度创建期内' }).waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(6);
    await snap(page, 'assessment-work-ledger');
  });

  it('sees its quota dashboard: base 21, required 210, with a row per subunit', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '账号管理', exact: true }).click();
    await page.getByLabel('下级单位名称').fill('浦东新区');
    await page.getByRole('button', { name: '设立下级单位' }).click();
    await page.getByRole('status').filter({ hasText: '已设立下级单位“浦东新区”' }).waitFor();
    await page.getByRole('button', { name: '名额与结构', exact: true }).click();
    const stats = page.getByLabel('名额与完成情况');
    await expect.poll(() => stats.textContent()).toContain('基数21');
    await expect.poll(() => stats.textContent()).toContain('应完成网络创建数210');
    await expect.poll(() => stats.textContent()).toContain('完成率0.0%');
    await page.getByRole('img', { name: /创建集体完成率/ }).waitFor();
    await page.getByRole('img', { name: /创建集体结构/ }).waitFor();
    const row = page.getByRole('table', { name: '上海及下级单位名额与结构' }).getByRole('row', { name: /上海/ });
    await expect.poll(() => row.textContent()).toContain('210');
    const sub = page.getByRole('table', { name: '上海及下级单位名额与结构' }).getByRole('row', { name: /浦东新区/ });
    await expect(sub.textContent()).resolves.toMatch(/^浦东新区——00—/);
    await page.getByRole('img', { name: /各下级单位报备与创建集体数/ }).waitFor();
    await expect.poll(() => page.getByLabel('当前参考比例').textContent()).toContain('非公经济组织：10.0%');
    await snap(page, 'assessment-quota');
  });

  it('fills its self-assessment starting from evidence pre-filled from the records', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '考评', exact: true }).click();
    await page.getByRole('tab', { name: '本单位自评', selected: true }).waitFor();
    await expect.poll(() => page.getByLabel('使用的评分细则').textContent()).toContain('第 1 版');
    const evidence = (no: number) => page.getByLabel(`第${no}项佐证（系统记录预填，可补充）`);
    await expect.poll(() => evidence(3).inputValue()).toBe('集中培训 1 次：2017-05-10《创建集体负责人培训班》');
    await expect.poll(() => evidence(2).inputValue()).toContain('五个一：已落实 5/5，已全部落实');
    await expect.poll(() => evidence(7).inputValue()).toContain('基数 21，应完成网络创建数 210 个');
    await expect.poll(() => evidence(11).inputValue()).toBe('社会评价中无投诉记录');

    const scores: Record<number, string> = { 1: '8', 2: '9', 3: '8', 4: '7', 5: '8', 6: '7', 7: '4', 8: '9', 9: '8' };
    // an out-of-range score is shown at once and refused on saving
    await page.getByLabel('第7项得分（0—20）').fill('25');
    await page.getByText('第7项（基层规模）的得分应在 0—20 分之间，当前为 25 分').first().waitFor();
    for (const [no, v] of Object.entries(scores).slice(0, 5)) await page.getByLabel(new RegExp(`^第${no}项得分`)).fill(v);
    await page.getByLabel('第3项评语').fill('培训覆盖全部区级团委');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('alert').filter({ hasText: '当前为 25 分' }).waitFor();
    for (const [no, v] of Object.entries(scores)) await page.getByLabel(new RegExp(`^第${no}项得分`)).fill(v);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('status').filter({ hasText: '自评表已保存（草稿）' }).waitFor();
    await page.getByRole('button', { name: '提交自评表' }).click();
    await page.getByRole('status').filter({ hasText: '自评表已提交，总分 68' }).waitFor();
    await page.getByRole('note').filter({ hasText: '不能再修改' }).waitFor();
    expect(await page.getByRole('button', { name: '提交自评表' }).count()).toBe(0);
    await expect.poll(() => page.getByLabel('得分汇总').textContent()).toContain('总分68');
    await snap(page, 'assessment-self');
  });

  it('writes a 1,990-character report and exports it as .docx; a 2,001-character one is refused', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '情况报告', exact: true }).click();
    const body = page.getByLabel('情况报告正文');
    await page.getByRole('button', { name: '填入模板' }).click();
    await expect.poll(() => body.inputValue()).toContain('2017—2018年度，上海市按照全国创建“青年文明号”活动组委会的部署');
    await expect.poll(() => body.inputValue()).toContain('本届基数 21，应完成网络创建数 210 个');
    await snap(page, 'assessment-report-template');

    await body.fill(reportOf(1990));
    const count = page.getByLabel('字数统计');
    await expect.poll(() => count.textContent()).toContain('已计 1990 字 / 上限 2000 字，还可写 10 字');
    await page.getByLabel('报告日期').fill('2018-05-10');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Word（.docx）' }).click()]);
    expect(download.suggestedFilename()).toBe('上海市2017—2018年度创建工作情况报告.docx');
    const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toContain('报告单位：上海市');
    expect(xml).toContain('报告日期：2018年5月10日');
    expect(xml).toContain('本届组织 YCA 专题会议 3 次');
    await page.getByRole('status').filter({ hasText: '（1990 字）' }).waitFor();

    await body.fill(reportOf(2001));
    await expect.poll(() => count.textContent()).toContain('已计 2001 字 / 上限 2000 字，超出 1 字：可以保存，但不能导出');
    let downloaded = false;
    page.once('download', () => (downloaded = true));
    await page.getByRole('button', { name: '导出 Word（.docx）' }).click();
    await page.getByRole('alert').filter({ hasText: '情况报告共 2001 字，超过 2000 字的上限，请删减 1 字后再导出' }).waitFor();
    expect(downloaded).toBe(false);
    await snap(page, 'assessment-report-refused');
    // saving above the limit is allowed, and the text survives leaving the page
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已保存（2001 字）。超过 2000 字上限 1 字' }).waitFor();
    await page.getByRole('button', { name: '考评', exact: true }).click();
    await page.getByRole('button', { name: '情况报告', exact: true }).click();
    await expect.poll(() => body.inputValue()).toBe(reportOf(2001));
  });
});

describe('the national office: all 60 quota rows, scoring, ranking, allocation and the rubric', () => {
  let laptop: Laptop;
  beforeAll(async () => {
    laptop = await newLaptop();
    await setUp(laptop.page, '全国创建“青年文明号”活动组委会办公室', '赵国办');
  });
  afterAll(async () => {
    await laptop?.close();
  });

  it('sees all 60 published rows with the totals, the 公安 row flagged, sortable', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '名额与结构', exact: true }).click();
    const table = page.getByRole('table', { name: '各行业、各地方名额与结构' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(60);
    const foot = table.locator('tfoot');
    await expect.poll(() => foot.getByRole('row', { name: /行业合计（26 行）/ }).textContent()).toContain('109610060');
    await expect.poll(() => foot.getByRole('row', { name: /地方合计（34 行）/ }).textContent()).toContain('4834830');
    await expect.poll(() => foot.getByRole('row', { name: /全国合计（60 行）/ }).textContent()).toContain('157914890');
    await expect.poll(() => table.getByRole('row', { name: /公安/ }).textContent()).toContain('与10倍规则不符');
    await page.getByLabel('排序方式').selectOption({ label: '按应完成网络创建数' });
    await expect.poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '').toContain('中央企业');
    await page.getByRole('img', { name: /各单位完成率/ }).waitFor();
    await snap(page, 'assessment-national-quota');
  });

  it('scores units on one scale, ranks them, and the allocation worksheet keeps the totals', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: '考评', exact: true }).click();
    await page.getByRole('tab', { name: '考评评分', selected: true }).waitFor();
    const raw: Record<number, string> = { 1: '8', 2: '8', 3: '7', 4: '9', 5: '8', 6: '7', 7: '16', 8: '9', 9: '8' };
    for (const unit of ['地方 · 上海', '行业 · 金融']) {
      await page.getByLabel('被考评单位').selectOption({ label: unit });
      await page.getByLabel('使用的评分细则').waitFor();
      for (const [no, v] of Object.entries(raw)) {
        const field = page.getByLabel(new RegExp(`^第${no}项得分`));
        if (await field.count()) await field.fill(v);
      }
      await page.getByRole('button', { name: '提交考评表' }).click();
      await page.getByRole('status').filter({ hasText: unit.endsWith('上海') ? '考评表已提交，总分 80' : '考评表已提交，总分 81.3' }).waitFor();
    }
    // 金融 is an industry line: items 1 and 6 are not on its sheet
    expect(await page.getByLabel(/^第1项得分/).count()).toBe(0);
    await snap(page, 'assessment-national-sheet');

    await page.getByRole('tab', { name: '排名' }).click();
    const ranking = page.getByRole('table', { name: '考评排名' });
    await expect.poll(async () => (await ranking.locator('tbody tr').first().textContent()) ?? '').toContain('金融');
    await expect(ranking.locator('tbody tr').nth(1).textContent()).resolves.toMatch(/^2上海/);
    await snap(page, 'assessment-ranking');

    await page.getByRole('tab', { name: '名额分配测算' }).click();
    const totals = page.getByLabel('各归口基数合计');
    await expect.poll(() => totals.textContent()).toContain('行业：26 行，基数合计 1096 → 1096');
    await expect.poll(() => totals.textContent()).toContain('地方：34 行，基数合计 483 → 483');
    await expect.poll(() => totals.textContent()).toContain('全国：基数合计 1579 → 1579');
    const row = (name: string) => page.getByRole('table', { name: '名额分配测算' }).getByRole('row', { name: new RegExp(`^${name}`) });
    await page.getByLabel('调节系数 k').fill('3');
    await expect.poll(() => page.getByLabel('分配公式').textContent()).toContain('1 + 3 ×');
    await expect.poll(() => totals.textContent()).toContain('全国：基数合计 1579 → 1579');
    await expect.poll(() => row('金融').textContent()).toContain('81.3');
    await page.getByLabel('调节系数 k').fill('abc');
    await page.getByText('调节系数 k 应为 0—10 之间的数').waitFor();
    await page.getByLabel('调节系数 k').fill('0.5');
    await snap(page, 'assessment-allocation');

    await page.getByRole('tab', { name: '评分细则' }).click();
    await page.getByLabel('第7项 基层规模').fill('30');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('status').filter({ hasText: '第 2 版' }).waitFor();
    await page.getByLabel('查看版本').selectOption({ index: 1 });
    await expect.poll(() => page.getByLabel('评分细则说明').textContent()).toContain('常规项满分 110 分');
    await snap(page, 'assessment-rubric');
  });
});
