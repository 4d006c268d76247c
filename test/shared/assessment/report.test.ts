import { describe, it, expect } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { fiveOnesChecklist } from '../../../shared/assessment/fiveOnes';
import { buildReportDocx } from '../../../shared/assessment/reportDocx';
import { buildReportTemplate, findPlaceholders, type ReportTemplateFacts } from '../../../shared/assessment/reportTemplate';
import { countReportChars, REPORT_LIMIT } from '../../../shared/text/charCount';

const facts: ReportTemplateFacts = {
  unitName: '上海市青年文明号活动组委会',
  termLabel: '2017—2018年度',
  provincialCommittee: true,
  quota: { base: 21, required: 210, filed: 240, approved: 215, structure: { formerNational: 30, nonPublic: 25, socialOrg: 6 } },
  workEntries: [
    { type: '集中培训', title: '培训班', date: '2017-05-10' },
    { type: '集中培训', title: '培训班二', date: '2017-06-10' },
    { type: '检查调研', title: '督导', date: '2017-10-12' },
    { type: '主题创建活动', title: '献礼十九大', date: '2017-05-04' },
  ],
  fiveOnes: fiveOnesChecklist(
    [{ id: 'x', unitId: 'u', term: 't', type: '集中培训', date: '2017-05-10', evidenceHashes: [] }],
    'u',
    't',
  ),
  complaints: { total: 3, open: 1, overdue: 0, substantiated: 1 },
};

describe('self-inspection report template', () => {
  it('follows the five areas and carries the unit figures', () => {
    const text = buildReportTemplate(facts);
    const headings = text.split('\n').filter((l) => /^[一二三四五]、/.test(l));
    expect(headings).toEqual(['一、机制规范', '二、过程管理', '三、创建规模', '四、品牌建设', '五、其他项目']);
    expect(text).toContain('本届基数 21，应完成网络创建数 210 个；已报备集体 240 个，通过审核的创建集体 215 个，完成率 102.4%，已达到应完成数。');
    expect(text).toContain('本届组织集中培训 2 次，开展检查调研 1 次，建立常态化联系平台 0 个。');
    expect(text).toContain('“五个一”工作推进措施已落实 1 项，尚缺专题会议、检查调研、主题创建活动、常态化联系平台。');
    expect(text).toContain('本届收到社会评价投诉 3 件，已整改或办结 2 件，尚未办结 1 件。');
    expect(text).toContain('非公经济组织 25 个（11.6%）');
    expect(text).toContain('本届开展主题创建活动 1 项');
    // provincial committees get items 1 and 6
    expect(text).toContain('共同决策机制');
    expect(text).toContain('联创机制');
    expect(findPlaceholders(text).length).toBeGreaterThan(0);
    // leaves most of the 2000 characters to the unit
    expect(countReportChars(text)).toBeLessThan(REPORT_LIMIT / 2);
  });

  it('omits items 1 and 6 for other units and shows placeholders for unknown figures', () => {
    const text = buildReportTemplate({ unitName: '金融', termLabel: '2017—2018年度', provincialCommittee: false });
    expect(text).not.toContain('共同决策机制');
    expect(text).not.toContain('联创机制');
    expect(text).toContain('本届基数【请补充】');
    expect(text).toContain('本届组织集中培训 【请补充：次数】 次');
    expect(text).not.toContain('完成率');
  });

  it('states the gap when the quota is not met', () => {
    const text = buildReportTemplate({ ...facts, quota: { base: 21, required: 210, filed: 200, approved: 189 } });
    expect(text).toContain('完成率 90.0%，距应完成数尚差 21 个。');
  });
});

describe('report as .docx', () => {
  const input = {
    title: '创建工作情况报告',
    unitName: '上海市青年文明号活动组委会',
    termLabel: '2017—2018年度',
    date: '2018-05-10',
    text: '一、机制规范\n本届共召开专题会议 2 次 & <研究> 部署创建工作。\n\n二、过程管理\n组织集中培训 3 次。',
  };

  it('is a zip whose document.xml has the title, unit, East-Asian fonts and an A4 page', async () => {
    const bytes = await buildReportDocx(input);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toContain('word/document.xml');
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toContain('创建工作情况报告');
    expect(xml).toContain('上海市青年文明号活动组委会');
    expect(xml).toContain('2017—2018年度');
    expect(xml).toContain('报告日期：2018年5月10日');
    expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(xml).toMatch(/w:eastAsia="黑体"/); // section headings
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:firstLineChars="200"');
    expect(xml).toContain('w:sz w:val="32"'); // 3号 = 16 pt
    expect(xml).toContain('w:jc w:val="center"');
    // text is escaped, blank lines dropped
    expect(xml).toContain('&amp; &lt;研究&gt;');
    const fontTable = strFromU8(files['word/fontTable.xml']!);
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
  });

  it('refuses a report over 2000 characters, in Chinese', async () => {
    await expect(buildReportDocx({ ...input, text: '字'.repeat(2001) })).rejects.toThrow(
      '情况报告共 2001 字，超过 2000 字的上限，请删减 1 字后再导出',
    );
    await expect(buildReportDocx({ ...input, text: '字'.repeat(2000) })).resolves.toBeInstanceOf(Uint8Array);
  });

  it('drops characters XML cannot hold', async () => {
    const bytes = await buildReportDocx({ ...input, text: '青年\u0001文明号\u0008' });
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    expect(xml).toContain('青年文明号');
  });
});
