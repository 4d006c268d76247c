import { describe, expect, it } from 'vitest';
import type { CollectiveRow } from '../../renderer/db/repos/collectives';
import { applyFilter, EMPTY_FILTER } from '../../renderer/features/collectives/filter';
import { matchesSearch, prepareSearchTarget, searchMatcher } from '../../shared/text/names';

function row(id: string, name: string, code: string, formerNames: string[] = [], initials = ''): CollectiveRow {
  return {
    id,
    code,
    name,
    formerNames,
    initials,
    status: 'approved',
    unitId: 'unit-R09',
    channel: 'region',
    type: '事业单位',
    nationalHonour: false,
    provincialHonour: false,
    filedAt: null,
    term: '2017-2018',
    search: prepareSearchTarget({ name, formerNames, code, initials }),
  } as CollectiveRow;
}

const rows = [
  row('a', '上海市第一人民医院急诊科', 'R09J00001G', ['上海市第一人民医院 急救中心'], 'shsdyrmyyjzk'),
  row('b', '南京地铁新街口站', 'R10J000027', [], 'njdtxjkz'),
];
const find = (query: string) => applyFilter(rows, { ...EMPTY_FILTER, query }, () => '/unit-N00/unit-R09/', new Set()).map((r) => r.id);

describe('the collective list search (normalised once per row and once per keystroke)', () => {
  it('finds by name, former name, code prefix and pinyin initials, ignoring width, spaces and brackets', () => {
    expect(find('')).toEqual(['a', 'b']);
    expect(find('第一人民医院（急诊科）')).toEqual(['a']);
    expect(find('急救中心')).toEqual(['a']);
    expect(find('ｒ１０ｊ')).toEqual(['b']);
    expect(find('njdt')).toEqual(['b']);
    expect(find('新街口 站')).toEqual(['b']);
    expect(find('不存在')).toEqual([]);
  });

  it('agrees with matchesSearch on every query', () => {
    for (const q of ['', '医院', 'R09', 'r09j0', 'shsd', '急救', '地铁', 'zz', '（', ' ']) {
      const m = searchMatcher(q);
      for (const r of rows) {
        const target = { name: r.name, formerNames: r.formerNames, code: r.code, initials: r.initials };
        expect(m === null || m(prepareSearchTarget(target)), `${q} / ${r.name}`).toBe(matchesSearch(q, target));
      }
    }
  });
});
