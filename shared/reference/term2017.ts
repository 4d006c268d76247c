/**
 * Built-in reference data of term 2017—2018: the two tables of annex 1 of the notice
 * (各行业（系统）网络创建数量要求一览表, 各地方网络创建数量要求一览表).
 *
 * Policy: the published numbers are kept EXACTLY as printed, including the 公安 row whose
 * required count (100) does not follow required = 10 × base. The deviation is flagged by
 * `deviatesFromRule` in quota.ts wherever quotas are shown; it is never silently "fixed".
 * Later terms are edited by the national office in the database; this file only seeds term
 * 2017—2018 and is checked row by row against a verbatim copy of the notice
 * (test/fixtures/notice-annex1.txt).
 */

/** The term the built-in data belongs to; dates are yyyy-mm-dd, inclusive. */
export const TERM_2017_2018 = {
  code: '2017-2018',
  label: '2017—2018年度',
  // The previous term's deadline was 2015-09-30, so a filing counts from the day after.
  filingOpens: '2015-10-01',
  filingDeadline: '2017-09-30',
  honourCutoff: '2017-09-30',
} as const;

/** One published row of annex 1 (or the unnamed second sub-row of an industry line). */
export interface ReferenceUnit {
  /** stable code: I01..I23 / R01..R34 by published number; sub-rows `<parent>-1` */
  code: string;
  /** name used in the product: a parent row without its bracket, a sub-row after the bracket */
  name: string;
  /** the text printed in the notice's name column; '' for the unnamed sub-rows */
  publishedName: string;
  /** full Chinese name for letters, exports and headings */
  fullName: string;
  channel: 'industry' | 'region';
  /** 序号 as printed; a sub-row (printed without number) carries its parent's number */
  publishedNo: number;
  /** the parent row's code for a sub-row, otherwise null */
  parentCode: string | null;
  /** 基数 */
  base: number;
  /** 应完成网络创建数 */
  required: number;
  /** provincial-level local league committee (31 provinces + 兵团): assessed on items 1 and 6 */
  provincialCommittee: boolean;
  /** position in the notice, 1..60 across both tables (industries first) */
  sortOrder: number;
}

/** The unit above all published rows. 'N00' sorts before every I/R code. */
export const NATIONAL_OFFICE = {
  code: 'N00',
  name: '全国创建“青年文明号”活动组委会办公室',
} as const;

/**
 * The industry table's header repeats the regional table's "省份" in its second column; the
 * column lists industries (行业/系统). The fixture keeps the typo verbatim; the UI says 行业（系统）.
 */
export const INDUSTRY_TABLE_HEADER_TYPO_NOTE =
  '通知附件1《各行业（系统）网络创建数量要求一览表》表头第二列印作“省份”，实为“行业（系统）”，系原文笔误；本系统显示为“行业（系统）”，数据按原文录入。';

/** Column headings the product shows for the two tables (the industry one corrected). */
export const ANNEX1_COLUMN_HEADINGS = {
  industry: ['序号', '行业（系统）', '基数', '应完成网络创建数'],
  region: ['序号', '省份', '基数', '应完成网络创建数'],
} as const;

/** Titles of the two tables exactly as published. */
export const ANNEX1_TABLE_TITLES = {
  industry: '各行业（系统）网络创建数量要求一览表',
  region: '各地方网络创建数量要求一览表',
} as const;

// ---------------------------------------------------------------------------------------------
// Source rows. Kept as compact tuples so they can be read side by side with the notice; the
// exported objects are derived below, so codes, numbering and order cannot drift apart.

/** [publishedName, base, required, sub-row [base, required] if the line has one] */
type IndustrySource = readonly [string, number, number, (readonly [number, number])?];

const INDUSTRY_SOURCE: readonly IndustrySource[] = [
  ['法院', 16, 160],
  ['发改委（含物储）', 15, 150, [5, 50]],
  // Published as 100/100, not 100/1000: kept as printed and flagged as deviating.
  ['公安', 100, 100],
  ['司法行政', 12, 120],
  ['住房城乡建设', 108, 1080],
  ['交通运输（含快递）', 96, 960, [10, 100]],
  ['水利', 14, 140],
  ['商贸', 26, 260],
  ['卫生计生', 100, 1000],
  ['中央企业', 149, 1490],
  ['海关', 26, 260],
  ['税务', 108, 1080],
  ['工商（含个私协）', 16, 160, [18, 180]],
  ['质检', 30, 300],
  ['新闻出版广电', 26, 260],
  ['旅游', 43, 430],
  ['金融', 107, 1070],
  ['海洋', 10, 100],
  ['供销', 12, 120],
  ['铁道', 26, 260],
  ['民航', 18, 180],
  ['中国注册会计师行业团委', 4, 40],
  ['全国餐饮行业团指委', 1, 10],
];

/** [publishedName, fullName, base, required, provincialCommittee] */
type RegionSource = readonly [string, string, number, number, boolean];

const REGION_SOURCE: readonly RegionSource[] = [
  ['北京', '北京市', 15, 150, true],
  ['天津', '天津市', 15, 150, true],
  ['河北', '河北省', 18, 180, true],
  ['山西', '山西省', 15, 150, true],
  ['内蒙古', '内蒙古自治区', 12, 120, true],
  ['辽宁', '辽宁省', 18, 180, true],
  ['吉林', '吉林省', 15, 150, true],
  ['黑龙江', '黑龙江省', 15, 150, true],
  ['上海', '上海市', 21, 210, true],
  ['江苏', '江苏省', 21, 210, true],
  ['浙江', '浙江省', 21, 210, true],
  ['安徽', '安徽省', 15, 150, true],
  ['福建', '福建省', 15, 150, true],
  ['江西', '江西省', 15, 150, true],
  ['山东', '山东省', 21, 210, true],
  ['河南', '河南省', 18, 180, true],
  ['湖北', '湖北省', 15, 150, true],
  ['湖南', '湖南省', 12, 120, true],
  ['广东', '广东省', 21, 210, true],
  ['广西', '广西壮族自治区', 12, 120, true],
  ['海南', '海南省', 9, 90, true],
  ['重庆', '重庆市', 15, 150, true],
  ['四川', '四川省', 18, 180, true],
  ['贵州', '贵州省', 9, 90, true],
  ['云南', '云南省', 9, 90, true],
  ['西藏', '西藏自治区', 6, 60, true],
  ['陕西', '陕西省', 15, 150, true],
  ['甘肃', '甘肃省', 9, 90, true],
  ['青海', '青海省', 9, 90, true],
  ['宁夏', '宁夏回族自治区', 6, 60, true],
  ['新疆', '新疆维吾尔自治区', 12, 120, true],
  // 兵团 has its own provincial-level league committee, so it is assessed like a province.
  ['兵团', '新疆生产建设兵团', 6, 60, true],
  // Open default (DOMAIN.md): the two central working committees are addressed in the notice
  // beside the provinces, but they are not provincial local committees, so items 1 and 6 of
  // annex 3 do not apply. The national office may change this flag.
  ['中直机关', '中直机关团工委', 15, 150, false],
  ['国家机关', '中央国家机关团工委', 15, 150, false],
];

/** "发改委（含物储）" → ["发改委", "物储"]; a name without the bracket → [name, null]. */
function splitIncludedPart(publishedName: string): readonly [string, string | null] {
  const m = /^(.+)（含(.+)）$/.exec(publishedName);
  return m && m[1] && m[2] ? [m[1], m[2]] : [publishedName, null];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function buildReferenceUnits(): ReferenceUnit[] {
  const units: ReferenceUnit[] = [];
  let sortOrder = 0;

  INDUSTRY_SOURCE.forEach(([publishedName, base, required, subRow], index) => {
    const publishedNo = index + 1;
    const code = `I${pad2(publishedNo)}`;
    const [name, includedPart] = splitIncludedPart(publishedName);
    units.push({
      code,
      name,
      publishedName,
      fullName: name,
      channel: 'industry',
      publishedNo,
      parentCode: null,
      base,
      required,
      provincialCommittee: false,
      sortOrder: ++sortOrder,
    });
    if (subRow) {
      // The notice prints the sub-row without number or name; the bracket of the line above
      // says what it is (含物储 / 含快递 / 含个私协). A bracket-less line with a sub-row would be
      // a data error, so fail loudly at module load rather than invent a name.
      if (!includedPart) throw new Error(`附件1数据错误：${publishedName} 有子行但名称中无“（含…）”`);
      units.push({
        code: `${code}-1`,
        name: includedPart,
        publishedName: '',
        // The short name alone (快递) is ambiguous out of context, so the full name says whose.
        fullName: `${name}（${includedPart}）`,
        channel: 'industry',
        publishedNo,
        parentCode: code,
        base: subRow[0],
        required: subRow[1],
        provincialCommittee: false,
        sortOrder: ++sortOrder,
      });
    }
  });

  REGION_SOURCE.forEach(([publishedName, fullName, base, required, provincialCommittee], index) => {
    const publishedNo = index + 1;
    units.push({
      code: `R${pad2(publishedNo)}`,
      name: publishedName,
      publishedName,
      fullName,
      channel: 'region',
      publishedNo,
      parentCode: null,
      base,
      required,
      provincialCommittee,
      sortOrder: ++sortOrder,
    });
  });

  return units;
}

/** All 60 published rows in the notice's order: 26 industry rows, then 34 regional rows. */
export const REFERENCE_UNITS: readonly ReferenceUnit[] = Object.freeze(
  buildReferenceUnits().map((u) => Object.freeze(u)),
);

/** Look up a row by its code (I06, I06-1, R09 …). */
export function findReferenceUnit(code: string): ReferenceUnit | undefined {
  return REFERENCE_UNITS.find((u) => u.code === code);
}
