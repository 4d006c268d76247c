import { describe, it, expect } from 'vitest';
import type { WorkEntryType } from '../../../shared/model/entities';
import {
  FIVE_ONES_KINDS,
  fiveOnesChecklist,
  fiveOnesComplete,
  fiveOnesSummary,
  type FiveOnesEntry,
} from '../../../shared/assessment/fiveOnes';

const TERM = '2017-2018';
let n = 0;
const entry = (type: WorkEntryType, date: string, more: Partial<FiveOnesEntry> = {}): FiveOnesEntry => ({
  id: `e${++n}`,
  unitId: 'unit-R09',
  term: TERM,
  type,
  date,
  evidenceHashes: ['abc'],
  ...more,
});

describe('五个一 checklist', () => {
  it('lists the five kinds of part 二.3 in order', () => {
    expect(FIVE_ONES_KINDS).toEqual(['专题会议', '集中培训', '检查调研', '主题创建活动', '常态化联系平台']);
  });

  it('turns complete as the entries arrive, with the ids that prove each kind', () => {
    const entries: FiveOnesEntry[] = [];
    let list = fiveOnesChecklist(entries, 'unit-R09', TERM);
    expect(list.metCount).toBe(0);
    expect(list.missing).toEqual([...FIVE_ONES_KINDS]);
    expect(fiveOnesComplete(list)).toBe(false);

    const training2 = entry('集中培训', '2017-09-01');
    const training1 = entry('集中培训', '2017-05-10', { evidenceHashes: [] });
    entries.push(entry('专题会议', '2017-04-28'), training2, training1, entry('检查调研', '2017-10-12'));
    entries.push(entry('媒体宣传', '2017-06-01'));
    list = fiveOnesChecklist(entries, 'unit-R09', TERM);
    expect(list.metCount).toBe(3);
    expect(list.missing).toEqual(['主题创建活动', '常态化联系平台']);
    expect(list.complete).toBe(false);
    expect(fiveOnesSummary(list)).toBe('五个一：已落实 3/5，尚缺：主题创建活动、常态化联系平台');
    const training = list.items.find((i) => i.kind === '集中培训')!;
    expect(training.met).toBe(true);
    expect(training.entryIds).toEqual([training1.id, training2.id]);
    expect(training.withoutEvidence).toEqual([training1.id]);
    expect(training.requirement).toContain('集中培训');

    // entries of another unit, another term or deleted do not count
    entries.push(
      entry('主题创建活动', '2017-05-04', { unitId: 'unit-R10' }),
      entry('主题创建活动', '2016-05-04', { term: '2015-2016' }),
      entry('主题创建活动', '2017-05-04', { deleted: true }),
    );
    expect(fiveOnesChecklist(entries, 'unit-R09', TERM).metCount).toBe(3);

    const theme = entry('主题创建活动', '2017-07-01');
    const platform = entry('常态化联系平台', '2017-06-15');
    entries.push(theme, platform);
    list = fiveOnesChecklist(entries, 'unit-R09', TERM);
    expect(list.complete).toBe(true);
    expect(fiveOnesComplete(list)).toBe(true);
    expect(list.missing).toEqual([]);
    expect(list.items.find((i) => i.kind === '主题创建活动')!.entryIds).toEqual([theme.id]);
    expect(fiveOnesSummary(list)).toBe('五个一：已落实 5/5，已全部落实');
  });
});
