import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ANNEX1_TABLE_TITLES,
  INDUSTRY_TABLE_HEADER_TYPO_NOTE,
  NATIONAL_OFFICE,
  REFERENCE_UNITS,
  TERM_2017_2018,
  findReferenceUnit,
  type ReferenceUnit,
} from '../../shared/reference/term2017';
import {
  channelTotals,
  completionRate,
  deviatesFromRule,
  quotaDeviationMessage,
  requiredByRule,
  unitTotal,
  type QuotaRow,
} from '../../shared/reference/quota';

// The fixture is a verbatim copy of annex 1 of the notice; the built-in data is checked against
// it independently (own parser here), so a typo in term2017.ts cannot go unnoticed.
const fixturePath = fileURLToPath(new URL('../fixtures/notice-annex1.txt', import.meta.url));
// The seed notice lives beside the checkout: <repo>/../shared/seed.
const seedPath = fileURLToPath(
  new URL('../../../shared/seed/000_dab46a38af5a2d3b.txt', import.meta.url),
);
const fixtureText = readFileSync(fixturePath, 'utf8');

interface ParsedRow {
  channel: 'industry' | 'region';
  /** null for a sub-row (no number printed) */
  no: number | null;
  name: string;
  base: number;
  required: number;
  /** index of the row above, for a sub-row */
  parentIndex: number | null;
}

function parseAnnex1(text: string): { rows: ParsedRow[]; headers: Record<string, string[]> } {
  const rows: ParsedRow[] = [];
  const headers: Record<string, string[]> = {};
  let channel: 'industry' | 'region' | null = null;
  let lastNumbered: number | null = null;
  for (const line of text.split('\n')) {
    if (line === ANNEX1_TABLE_TITLES.industry) {
      channel = 'industry';
      continue;
    }
    if (line === ANNEX1_TABLE_TITLES.region) {
      channel = 'region';
      lastNumbered = null;
      continue;
    }
    if (line.trim() === '') continue;
    if (channel === null) throw new Error(`row before any table title: ${line}`);
    const cells = line.split('\t');
    if (cells.length !== 4) throw new Error(`expected 4 tab-separated cells: ${JSON.stringify(line)}`);
    const [noCell, nameCell, baseCell, requiredCell] = cells as [string, string, string, string];
    if (noCell === '序号') {
      headers[channel] = cells;
      continue;
    }
    const base = Number(baseCell);
    const required = Number(requiredCell);
    if (!Number.isInteger(base) || !Number.isInteger(required)) throw new Error(`bad numbers: ${line}`);
    if (noCell === '' && nameCell === '') {
      // A row without number and name belongs to the numbered row above it.
      if (lastNumbered === null) throw new Error(`sub-row without a parent: ${line}`);
      rows.push({ channel, no: null, name: '', base, required, parentIndex: lastNumbered });
    } else {
      const no = Number(noCell);
      if (!Number.isInteger(no) || nameCell === '') throw new Error(`bad row: ${line}`);
      lastNumbered = rows.length;
      rows.push({ channel, no, name: nameCell, base, required, parentIndex: null });
    }
  }
  return { rows, headers };
}

const parsed = parseAnnex1(fixtureText);

describe('annex 1 fixture', () => {
  it('holds 26 industry rows and 34 regional rows', () => {
    expect(parsed.rows.filter((r) => r.channel === 'industry')).toHaveLength(26);
    expect(parsed.rows.filter((r) => r.channel === 'region')).toHaveLength(34);
    expect(parsed.rows.filter((r) => r.no === null)).toHaveLength(3);
  });

  it('numbers each table 1..n without gaps', () => {
    for (const channel of ['industry', 'region'] as const) {
      const numbers = parsed.rows.filter((r) => r.channel === channel && r.no !== null).map((r) => r.no);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
    expect(parsed.rows.filter((r) => r.channel === 'industry' && r.no !== null)).toHaveLength(23);
  });

  it('keeps the header typo the note documents (省份 in the industry table)', () => {
    expect(parsed.headers.industry).toEqual(['序号', '省份', '基数', '应完成网络创建数']);
    expect(parsed.headers.region).toEqual(['序号', '省份', '基数', '应完成网络创建数']);
    expect(INDUSTRY_TABLE_HEADER_TYPO_NOTE).toContain('省份');
    expect(INDUSTRY_TABLE_HEADER_TYPO_NOTE).toContain('行业（系统）');
  });

  const seedExists = existsSync(seedPath);
  if (!seedExists) {
    console.warn(`跳过：找不到通知原文 ${seedPath}，无法核对夹具是否逐字摘自原文。`);
  }
  it.skipIf(!seedExists)('is contained verbatim in the seed notice', () => {
    const seed = readFileSync(seedPath, 'utf8');
    expect(fixtureText.startsWith('各行业（系统）网络创建数量要求一览表\n')).toBe(true);
    expect(fixtureText.endsWith('34\t国家机关\t15\t150\n')).toBe(true);
    expect(seed.includes(fixtureText)).toBe(true);
  });
});

describe('REFERENCE_UNITS against the published tables', () => {
  it('has exactly the 60 published rows in the published order', () => {
    expect(REFERENCE_UNITS).toHaveLength(parsed.rows.length);
    expect(REFERENCE_UNITS).toHaveLength(60);
    expect(REFERENCE_UNITS.map((u) => u.sortOrder)).toEqual(REFERENCE_UNITS.map((_, i) => i + 1));
  });

  // One test per published row, so a failure names the row.
  parsed.rows.forEach((row, i) => {
    const label = row.no === null ? `${row.channel} sub-row of ${parsed.rows[row.parentIndex!]!.name}` : `${row.channel} ${row.no} ${row.name}`;
    it(`row ${i + 1}: ${label}`, () => {
      const unit = REFERENCE_UNITS[i] as ReferenceUnit;
      expect(unit.channel).toBe(row.channel);
      expect(unit.base).toBe(row.base);
      expect(unit.required).toBe(row.required);
      expect(unit.sortOrder).toBe(i + 1);
      const prefix = row.channel === 'industry' ? 'I' : 'R';
      if (row.no !== null) {
        expect(unit.publishedNo).toBe(row.no);
        expect(unit.code).toBe(`${prefix}${String(row.no).padStart(2, '0')}`);
        expect(unit.parentCode).toBeNull();
        expect(unit.publishedName).toBe(row.name);
        // A parent row is named without its bracket: 发改委（含物储） → 发改委.
        expect(unit.name).toBe(row.name.replace(/（含.+）$/, ''));
      } else {
        const parentRow = parsed.rows[row.parentIndex!]!;
        const parentUnit = REFERENCE_UNITS[row.parentIndex!]!;
        expect(unit.parentCode).toBe(parentUnit.code);
        expect(unit.code).toBe(`${parentUnit.code}-1`);
        expect(unit.publishedNo).toBe(parentRow.no);
        expect(unit.publishedName).toBe('');
        // A sub-row is named after the part in the parent's bracket: 含快递 → 快递.
        const included = /（含(.+)）$/.exec(parentRow.name)?.[1];
        expect(included).toBeDefined();
        expect(unit.name).toBe(included);
      }
      expect(unit.fullName).toContain(unit.name);
    });
  });

  it('names the three sub-rows 物储, 快递, 个私协 under 发改委, 交通运输, 工商', () => {
    const subs = REFERENCE_UNITS.filter((u) => u.parentCode !== null).map((u) => [u.code, u.name, findReferenceUnit(u.parentCode!)?.name]);
    expect(subs).toEqual([
      ['I02-1', '物储', '发改委'],
      ['I06-1', '快递', '交通运输'],
      ['I13-1', '个私协', '工商'],
    ]);
  });

  it('has unique codes, names and full names', () => {
    for (const key of ['code', 'name', 'fullName'] as const) {
      expect(new Set(REFERENCE_UNITS.map((u) => u[key])).size).toBe(60);
    }
  });

  it('gives sensible full names to regional units', () => {
    const fullName = (code: string) => findReferenceUnit(code)?.fullName;
    expect(fullName('R09')).toBe('上海市');
    expect(fullName('R20')).toBe('广西壮族自治区');
    expect(fullName('R32')).toBe('新疆生产建设兵团');
    expect(fullName('R33')).toBe('中直机关团工委');
    expect(fullName('R34')).toBe('中央国家机关团工委');
  });

  it('totals industries 1096/10060 over 26 rows and regions 483/4830 over 34 rows', () => {
    expect(channelTotals(REFERENCE_UNITS, 'industry')).toEqual({ base: 1096, required: 10060, rows: 26 });
    expect(channelTotals(REFERENCE_UNITS, 'region')).toEqual({ base: 483, required: 4830, rows: 34 });
    expect(channelTotals(REFERENCE_UNITS, 'national')).toEqual({ base: 0, required: 0, rows: 0 });
  });

  it('flags exactly one row, 公安 100/100, as deviating from the 10× rule', () => {
    const deviating = REFERENCE_UNITS.filter(deviatesFromRule);
    expect(deviating.map((u) => [u.code, u.name, u.base, u.required])).toEqual([['I03', '公安', 100, 100]]);
  });

  it('totals 交通运输 with its 快递 sub-row: 106/1060', () => {
    expect(unitTotal(REFERENCE_UNITS, 'I06')).toEqual({ base: 106, required: 1060, rows: 2 });
    expect(unitTotal(REFERENCE_UNITS, 'I02')).toEqual({ base: 20, required: 200, rows: 2 });
    expect(unitTotal(REFERENCE_UNITS, 'I13')).toEqual({ base: 34, required: 340, rows: 2 });
  });

  it('marks the 31 provinces and 兵团 as provincial committees, nothing else', () => {
    const provincial = REFERENCE_UNITS.filter((u) => u.provincialCommittee);
    expect(provincial).toHaveLength(32);
    expect(provincial.every((u) => u.channel === 'region')).toBe(true);
    expect(provincial.map((u) => u.code)).toEqual(Array.from({ length: 32 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
    expect(findReferenceUnit('R33')?.provincialCommittee).toBe(false);
    expect(findReferenceUnit('R34')?.provincialCommittee).toBe(false);
  });

  it('is frozen so no caller can "fix" the published data in memory', () => {
    expect(Object.isFrozen(REFERENCE_UNITS)).toBe(true);
    expect(Object.isFrozen(REFERENCE_UNITS[2])).toBe(true);
  });
});

describe('term 2017—2018 and the national office', () => {
  it('has the term dates of the notice', () => {
    expect(TERM_2017_2018).toEqual({
      code: '2017-2018',
      label: '2017—2018年度',
      filingOpens: '2015-10-01',
      filingDeadline: '2017-09-30',
      honourCutoff: '2017-09-30',
    });
  });

  it('names the national office as the notice signs it', () => {
    expect(NATIONAL_OFFICE).toEqual({ code: 'N00', name: '全国创建“青年文明号”活动组委会办公室' });
    expect(fixtureText).not.toContain(NATIONAL_OFFICE.name); // signature is outside annex 1
    expect(REFERENCE_UNITS.some((u) => u.code === NATIONAL_OFFICE.code)).toBe(false);
  });
});

describe('quota rules', () => {
  const rows: QuotaRow[] = [
    { code: 'A', channel: 'industry', parentCode: null, base: 3, required: 30 },
    { code: 'A-1', channel: 'industry', parentCode: 'A', base: 2, required: 20 },
    { code: 'A-1-1', channel: 'industry', parentCode: 'A-1', base: 1, required: 10 },
    { code: 'B', channel: 'industry', parentCode: null, base: 4, required: 7 },
    { code: 'C', channel: 'region', parentCode: null, base: 5, required: 50 },
  ];

  it('requires 10 × base and rejects a base that is not a whole non-negative number', () => {
    expect(requiredByRule(15)).toBe(150);
    expect(requiredByRule(0)).toBe(0);
    expect(() => requiredByRule(-1)).toThrow(RangeError);
    expect(() => requiredByRule(1.5)).toThrow(RangeError);
    expect(() => requiredByRule(Number.NaN)).toThrow(RangeError);
  });

  it('detects a deviation in either direction', () => {
    expect(deviatesFromRule({ base: 15, required: 150 })).toBe(false);
    expect(deviatesFromRule({ base: 100, required: 100 })).toBe(true);
    expect(deviatesFromRule({ base: 1, required: 11 })).toBe(true);
    expect(deviatesFromRule({ base: 0, required: 0 })).toBe(false);
  });

  it('totals a channel, counting sub-rows as rows', () => {
    expect(channelTotals(rows, 'industry')).toEqual({ base: 10, required: 67, rows: 4 });
    expect(channelTotals(rows, 'region')).toEqual({ base: 5, required: 50, rows: 1 });
  });

  it('totals a unit with all its sub-rows, and only those', () => {
    expect(unitTotal(rows, 'A')).toEqual({ base: 6, required: 60, rows: 3 });
    expect(unitTotal(rows, 'A-1')).toEqual({ base: 3, required: 30, rows: 2 });
    expect(unitTotal(rows, 'B')).toEqual({ base: 4, required: 7, rows: 1 });
    expect(unitTotal(rows, 'nope')).toBeNull();
    expect(unitTotal(REFERENCE_UNITS, 'I03')).toEqual({ base: 100, required: 100, rows: 1 });
    expect(unitTotal(REFERENCE_UNITS, 'I06-1')).toEqual({ base: 10, required: 100, rows: 1 });
  });

  it('does not loop on a parent cycle in edited data', () => {
    const cyclic: QuotaRow[] = [
      { code: 'X', channel: 'region', parentCode: 'Y', base: 1, required: 10 },
      { code: 'Y', channel: 'region', parentCode: 'X', base: 2, required: 20 },
    ];
    expect(unitTotal(cyclic, 'X')).toEqual({ base: 3, required: 30, rows: 2 });
  });

  it('sums top-level unit totals to the channel totals (each sub-row counted once)', () => {
    for (const channel of ['industry', 'region'] as const) {
      const tops = REFERENCE_UNITS.filter((u) => u.channel === channel && u.parentCode === null);
      const summed = tops.map((u) => unitTotal(REFERENCE_UNITS, u.code)!).reduce(
        (a, t) => ({ base: a.base + t.base, required: a.required + t.required, rows: a.rows + t.rows }),
        { base: 0, required: 0, rows: 0 },
      );
      expect(summed).toEqual(channelTotals(REFERENCE_UNITS, channel));
    }
  });

  it('computes the completion rate, above 1 when exceeded, 1 when nothing is required', () => {
    expect(completionRate(0, 150)).toBe(0);
    expect(completionRate(75, 150)).toBe(0.5);
    expect(completionRate(150, 150)).toBe(1);
    expect(completionRate(180, 150)).toBeCloseTo(1.2);
    expect(completionRate(0, 0)).toBe(1);
    expect(completionRate(3, 0)).toBe(1);
    expect(() => completionRate(-1, 10)).toThrow(RangeError);
    expect(() => completionRate(1, Number.NaN)).toThrow(RangeError);
  });

  it('explains the 公安 deviation in Chinese and says nothing for a row that follows the rule', () => {
    const police = findReferenceUnit('I03')!;
    expect(quotaDeviationMessage(police)).toBe('公布的应完成数 100 与“基数 × 10 = 1000”的规则不一致（按公布数执行）');
    expect(quotaDeviationMessage(findReferenceUnit('R09')!)).toBeNull();
    expect(quotaDeviationMessage({ base: 2, required: 25, source: 'edited' })).toBe(
      '设定的应完成数 25 与“基数 × 10 = 20”的规则不一致（按设定数执行）',
    );
  });
});
