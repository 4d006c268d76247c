import { describe, it, expect } from 'vitest';
import type { ItemScore } from '../../../shared/model/entities';
import { findReferenceUnit } from '../../../shared/reference/term2017';
import {
  BONUS_KINDS,
  DEDUCTION_KINDS,
  DEFAULT_RUBRIC,
  deriveRubric,
  fullRegularMark,
  round1,
  scoreSheet,
  validateRubric,
  validateScores,
} from '../../../shared/assessment/rubric';

const score = (no: number, s: number | null): ItemScore => ({ no, score: s, comment: '', evidence: '' });

// The same raw item scores given to every unit: 1→8, 2→8, 3→7, 4→9, 5→8, 6→7, 7→16, 8→9, 9→8.
const RAW: ItemScore[] = [
  score(1, 8), score(2, 8), score(3, 7), score(4, 9), score(5, 8),
  score(6, 7), score(7, 16), score(8, 9), score(9, 8),
];

const unit = (code: string) => {
  const u = findReferenceUnit(code);
  if (!u) throw new Error(code);
  return u;
};
const shanghai = unit('R09');
const finance = unit('I17');
const centralOrgans = unit('R33');

describe('default rubric v1', () => {
  it('has the 5 areas and 11 items of annex 3 with the documented points', () => {
    expect(validateRubric(DEFAULT_RUBRIC)).toEqual([]);
    expect(DEFAULT_RUBRIC.version).toBe(1);
    expect(DEFAULT_RUBRIC.items.map((i) => [i.no, i.max])).toEqual([
      [1, 10], [2, 10], [3, 10], [4, 10], [5, 10], [6, 10], [7, 20], [8, 10], [9, 10], [10, 10], [11, 20],
    ]);
    expect(new Set(DEFAULT_RUBRIC.items.map((i) => i.area)).size).toBe(5);
    expect(DEFAULT_RUBRIC.items.filter((i) => i.provincialOnly).map((i) => i.no)).toEqual([1, 6]);
    expect(fullRegularMark(DEFAULT_RUBRIC)).toBe(100);
    expect(DEFAULT_RUBRIC.items.find((i) => i.no === 10)!.kind).toBe('bonus');
    expect(DEFAULT_RUBRIC.items.find((i) => i.no === 11)!.kind).toBe('deduction');
    expect(BONUS_KINDS).toHaveLength(3);
    expect(DEDUCTION_KINDS).toHaveLength(2);
  });

  it('reference flags: 上海 provincial, 金融 and 中直机关 not', () => {
    expect(shanghai.name).toBe('上海');
    expect(shanghai.provincialCommittee).toBe(true);
    expect(finance.name).toBe('金融');
    expect(finance.provincialCommittee).toBe(false);
    expect(centralOrgans.name).toBe('中直机关');
    expect(centralOrgans.provincialCommittee).toBe(false);
  });
});

describe('scoreSheet', () => {
  it('上海 is assessed on all 11 items: normalised = raw', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, shanghai, RAW);
    expect(sheet.applicableItems.map((i) => i.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(sheet.rawRegular).toBe(80);
    expect(sheet.maxRegular).toBe(100);
    expect(sheet.normalisedRegular).toBe(80);
    expect(sheet.bonus).toBe(0);
    expect(sheet.deduction).toBe(0);
    expect(sheet.total).toBe(80);
    expect(sheet.missingItems).toEqual([]);
    expect(sheet.complete).toBe(true);
    expect(sheet.rubricVersion).toBe(1);
    expect(sheet.warnings).toEqual([]);
  });

  it('金融 and 中直机关 are not assessed on items 1 and 6: 65 of 80 → 81.3', () => {
    for (const u of [finance, centralOrgans]) {
      const sheet = scoreSheet(DEFAULT_RUBRIC, u, RAW);
      expect(sheet.applicableItems.map((i) => i.no)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
      expect(sheet.rawRegular).toBe(65);
      expect(sheet.maxRegular).toBe(80);
      // 65 × 100 / 80 = 81.25, rounded half up to one decimal
      expect(sheet.normalisedRegular).toBe(81.3);
      expect(sheet.total).toBe(81.3);
      expect(sheet.missingItems).toEqual([]);
      expect(sheet.complete).toBe(true);
      // the scores given on items 1 and 6 are ignored, with a warning, not an error
      expect(sheet.errors).toEqual([]);
      expect(sheet.warnings.map((w) => w.no)).toEqual([1, 6]);
      expect(sheet.warnings[0]!.message).toContain('只考核省级地方团委');
    }
  });

  it('full marks give 100 for both kinds of unit', () => {
    const full = DEFAULT_RUBRIC.items.filter((i) => i.kind === 'regular').map((i) => score(i.no, i.max));
    expect(scoreSheet(DEFAULT_RUBRIC, shanghai, full).normalisedRegular).toBe(100);
    expect(scoreSheet(DEFAULT_RUBRIC, finance, full).normalisedRegular).toBe(100);
  });

  it('adds bonus and deduction without scaling them', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, finance, [...RAW, score(10, 6), score(11, -4)]);
    expect(sheet.bonus).toBe(6);
    expect(sheet.deduction).toBe(-4);
    expect(sheet.total).toBe(83.3);
    expect(sheet.errors).toEqual([]);
  });

  it('clamps bonus to +10 and deduction to −20, reporting the errors in Chinese', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, shanghai, [...RAW, score(10, 15), score(11, -35)]);
    expect(sheet.bonus).toBe(10);
    expect(sheet.deduction).toBe(-20);
    expect(sheet.total).toBe(70);
    expect(sheet.complete).toBe(false);
    expect(sheet.errors.map((e) => e.message)).toEqual([
      '第10项（加分项）最多加 10 分，当前为 15 分',
      '第11项（减分项）最多减 20 分，当前为 -35 分',
    ]);
  });

  it('refuses a positive deduction and a negative bonus, and clamps them to 0', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, shanghai, [...RAW, score(10, -3), score(11, 5)]);
    expect(sheet.bonus).toBe(0);
    expect(sheet.deduction).toBe(0);
    expect(sheet.errors.map((e) => e.message)).toEqual([
      '第10项（加分项）最多加 10 分，当前为 -3 分',
      '第11项（减分项）应填写 0 或负数（如 -5），当前为 5 分',
    ]);
  });

  it('validates regular scores within 0..max', () => {
    const issues = validateScores(DEFAULT_RUBRIC, [score(7, 25), score(2, -1), score(3, Number.NaN), score(12, 1)]);
    expect(issues.map((i) => i.message)).toEqual([
      '第7项（基层规模）的得分应在 0—20 分之间，当前为 25 分',
      '第2项（工作规范）的得分应在 0—10 分之间，当前为 -1 分',
      '第3项（培训指导）的得分不是有效数字',
      '第12项不在评分细则中',
    ]);
    const sheet = scoreSheet(DEFAULT_RUBRIC, shanghai, [score(7, 25)]);
    expect(sheet.lines.find((l) => l.no === 7)!.counted).toBe(20);
  });

  it('lists unscored regular items as missing, not bonus or deduction', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, finance, [score(2, 8), score(7, null)]);
    expect(sheet.missingItems).toEqual([3, 4, 5, 7, 8, 9]);
    expect(sheet.complete).toBe(false);
    expect(sheet.rawRegular).toBe(8);
    expect(sheet.normalisedRegular).toBe(10);
  });

  it('flags a duplicated item', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, shanghai, [...RAW, score(2, 3)]);
    expect(sheet.errors.map((e) => e.message)).toEqual(['第2项（工作规范）重复评分']);
    expect(sheet.rawRegular).toBe(80);
  });

  it('rounds half up to one decimal', () => {
    expect(round1(81.25)).toBe(81.3);
    expect(round1((73 * 100) / 80)).toBe(91.3);
    expect(round1(2 / 3)).toBe(0.7);
    expect(round1(-4.25)).toBe(-4.3);
  });
});

describe('deriveRubric', () => {
  it('keeps all 11 items, changes points and issues a new version', () => {
    const derived = deriveRubric(DEFAULT_RUBRIC, {
      ownerUnitId: 'unit-R09',
      changes: [{ no: 7, max: 30 }, { no: 3, max: 15 }],
      name: '上海市青年文明号活动管理工作考评细则',
    });
    expect(validateRubric(derived)).toEqual([]);
    expect(derived.items).toHaveLength(11);
    expect(derived.items.map((i) => i.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(derived.items.find((i) => i.no === 7)!.max).toBe(30);
    expect(derived.items.find((i) => i.no === 3)!.max).toBe(15);
    expect(derived.version).toBe(2);
    expect(derived.ownerUnitId).toBe('unit-R09');
    expect(derived.note).toContain('第1版');
    // the parent is untouched
    expect(DEFAULT_RUBRIC.items.find((i) => i.no === 7)!.max).toBe(20);
    // the sheet scales to the derived rubric's own full mark (115)
    expect(fullRegularMark(derived)).toBe(115);
    const full = derived.items.filter((i) => i.kind === 'regular').map((i) => score(i.no, i.max));
    expect(scoreSheet(derived, finance, full).normalisedRegular).toBe(115);
  });

  it('refuses to remove an item', () => {
    expect(() => deriveRubric(DEFAULT_RUBRIC, { ownerUnitId: 'unit-R09', changes: [{ no: 6, remove: true }] })).toThrow(
      /不能删除第6项（覆盖领域）/,
    );
  });

  it('refuses unknown items and invalid points', () => {
    expect(() => deriveRubric(DEFAULT_RUBRIC, { ownerUnitId: 'u', changes: [{ no: 12, max: 5 }] })).toThrow(/第12项/);
    expect(() => deriveRubric(DEFAULT_RUBRIC, { ownerUnitId: 'u', changes: [{ no: 2, max: 0 }] })).toThrow(/1—100 的整数/);
    expect(() => deriveRubric(DEFAULT_RUBRIC, { ownerUnitId: 'u', changes: [{ no: 2, max: 7.5 }] })).toThrow(/1—100 的整数/);
  });

  it('never reuses a version the owner already holds', () => {
    const d = deriveRubric(DEFAULT_RUBRIC, { ownerUnitId: 'unit-R09', changes: [], existingVersions: [2, 3] });
    expect(d.version).toBe(4);
  });

  it('validateRubric reports a missing item and a changed flag', () => {
    const broken = {
      ...DEFAULT_RUBRIC,
      items: DEFAULT_RUBRIC.items.filter((i) => i.no !== 9).map((i) => (i.no === 1 ? { ...i, provincialOnly: false } : i)),
    };
    const errors = validateRubric(broken);
    expect(errors).toContain('缺少第9项（氛围营造）：附件3的11项考评内容必须全部保留');
    expect(errors.some((e) => e.startsWith('第1项（组织机制）按附件3只考核省级地方团委'))).toBe(true);
  });
});
