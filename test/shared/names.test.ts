import { describe, it, expect } from 'vitest';
import {
  findLikelyDuplicates,
  matchesSearch,
  nameKey,
  normaliseName,
  pinyinInitials,
  type DuplicateCandidate,
} from '../../shared/text/names';

describe('normaliseName', () => {
  it('folds full-width letters and digits to half-width and lower-cases Latin', () => {
    expect(normaliseName('ＡＢＣ银行１２３号')).toBe('abc银行123号');
    expect(normaliseName('China Mobile 10086')).toBe('chinamobile10086');
  });

  it('removes every kind of whitespace, including the ideographic space U+3000 and NBSP', () => {
    expect(normaliseName('上海市\u3000第一 人民\u00a0医院\t急诊科\n')).toBe('上海市第一人民医院急诊科');
    expect(normaliseName('\u200b上海\ufeff')).toBe('上海');
  });

  it('treats every bracket style alike by removing the brackets (but keeps their content)', () => {
    const forms = ['中国银行（北京）分行', '中国银行(北京)分行', '中国银行【北京】分行', '中国银行[北京]分行', '中国银行〔北京〕分行', '中国银行［北京］分行'];
    const normalised = new Set(forms.map(normaliseName));
    expect(normalised).toEqual(new Set(['中国银行北京分行']));
  });

  it('unifies dashes and middle dots', () => {
    expect(normaliseName('A—B–C－D')).toBe('a-b-c-d');
    expect(normaliseName('青年建功十三五・青春献礼十九大')).toBe(normaliseName('青年建功十三五·青春献礼十九大'));
    expect(normaliseName('青年建功十三五•青春献礼十九大')).toContain('·');
  });

  it('keeps the Chinese numeral 一 (it is not a dash)', () => {
    expect(normaliseName('第一人民医院')).toBe('第一人民医院');
  });

  it('is idempotent', () => {
    const s = '  ＸＸ（集团）有限公司—营业部　';
    expect(normaliseName(normaliseName(s))).toBe(normaliseName(s));
  });
});

describe('nameKey', () => {
  it('strips trailing honour words that do not distinguish collectives', () => {
    const base = nameKey('上海市第一人民医院急诊科');
    expect(nameKey('上海市第一人民医院急诊科青年文明号')).toBe(base);
    expect(nameKey('上海市第一人民医院急诊科全国青年文明号')).toBe(base);
    expect(nameKey('上海市第一人民医院急诊科青年文明号集体')).toBe(base);
    expect(nameKey('“上海市第一人民医院急诊科”青年文明号创建集体')).toBe(base);
    expect(nameKey('上海市第一人民医院急诊科团队')).toBe(base);
    expect(nameKey('上海市第一人民医院急诊科青年团队')).toBe(base);
  });

  it('drops punctuation that normaliseName keeps', () => {
    expect(nameKey('国网·上海-电力')).toBe(nameKey('国网上海电力'));
  });

  it('never strips words that change identity', () => {
    expect(nameKey('中国银行北京分行')).not.toBe(nameKey('中国银行北京分行营业部'));
    expect(nameKey('中国银行北京分行')).not.toBe(nameKey('中国银行北京支行'));
    expect(nameKey('某某公司')).not.toBe(nameKey('某某分公司'));
    expect(nameKey('某某有限公司')).not.toBe(nameKey('某某股份有限公司'));
    expect(nameKey('中国工商银行上海分行')).not.toBe(nameKey('工商银行上海分行'));
    expect(nameKey('某村集体')).not.toBe(nameKey('某村'));
    expect(nameKey('某公司青年突击队')).not.toBe(nameKey('某公司'));
  });

  it('does not strip a noise word that is the whole name or leaves too little', () => {
    expect(nameKey('青年文明号')).toBe('青年文明号');
    expect(nameKey('急诊团队')).toBe('急诊团队');
  });
});

describe('pinyinInitials', () => {
  it('gives the initials of each character', () => {
    expect(pinyinInitials('上海市第一人民医院')).toBe('shsdyrmyy');
  });

  it('reads polyphones by word and keeps Latin letters and digits', () => {
    expect(pinyinInitials('中国银行')).toBe('zgyh');
    expect(pinyinInitials('重庆')).toBe('cq');
    expect(pinyinInitials('ＡＢＣ（１号）线')).toBe('abc1hx');
    expect(pinyinInitials('')).toBe('');
  });
});

describe('matchesSearch', () => {
  const target = {
    name: '上海市第一人民医院（急诊科）',
    formerNames: ['上海第一医院急诊部'],
    code: 'R09J00017K',
    initials: pinyinInitials('上海市第一人民医院（急诊科）'),
  };

  it('matches a name substring regardless of width, spaces and brackets', () => {
    expect(matchesSearch('第一人民医院', target)).toBe(true);
    expect(matchesSearch('医院 急诊科', target)).toBe(true);
    expect(matchesSearch('医院(急诊科)', target)).toBe(true);
    expect(matchesSearch('第二人民医院', target)).toBe(false);
  });

  it('matches a former name (曾用名称)', () => {
    expect(matchesSearch('急诊部', target)).toBe(true);
  });

  it('matches a code prefix, case-insensitively, but not a code infix', () => {
    expect(matchesSearch('r09j', target)).toBe(true);
    expect(matchesSearch('Ｒ０９Ｊ０００', target)).toBe(true);
    expect(matchesSearch('00017', target)).toBe(false);
  });

  it('matches a pinyin-initials prefix', () => {
    expect(matchesSearch('shsd', target)).toBe(true);
    expect(matchesSearch('SHSDYRMYY', target)).toBe(true);
    expect(matchesSearch('rmyy', target)).toBe(false);
  });

  it('computes initials when the caller did not', () => {
    expect(matchesSearch('zgyh', { name: '中国银行' })).toBe(true);
  });

  it('a blank query matches everything', () => {
    expect(matchesSearch('  ', target)).toBe(true);
  });
});

describe('findLikelyDuplicates', () => {
  const c = (id: string, name: string, unitId: string, channel: DuplicateCandidate['channel']): DuplicateCandidate => ({ id, name, unitId, channel });

  it('groups names with equal keys and marks a group spanning industry and region', () => {
    const groups = findLikelyDuplicates([
      c('a', '上海市第一人民医院急诊科', 'unit-R09', 'region'),
      c('b', '上海市第一人民医院（急诊科）青年文明号', 'unit-I10', 'industry'),
      c('x', '北京协和医院儿科', 'unit-R01', 'region'),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ ids: ['a', 'b'], match: 'exact', crossChannel: true, sameUnit: false });
  });

  it('marks a group filed twice in the same unit', () => {
    const groups = findLikelyDuplicates([
      c('a', '某银行营业部', 'unit-R09', 'region'),
      c('b', '某银行 营业部', 'unit-R09', 'region'),
    ]);
    expect(groups).toEqual([{ ids: ['a', 'b'], key: nameKey('某银行营业部'), match: 'exact', crossChannel: false, sameUnit: true }]);
  });

  it('marks a group in two units of the same channel as neither', () => {
    const [g] = findLikelyDuplicates([
      c('a', '某银行营业部', 'unit-R09', 'region'),
      c('b', '某银行营业部', 'unit-R10', 'region'),
    ]);
    expect(g).toMatchObject({ crossChannel: false, sameUnit: false });
  });

  it('finds a name that differs only by a leading qualifier (similar), not a parent and its sub-unit', () => {
    const groups = findLikelyDuplicates([
      c('long', '上海市第一人民医院急诊科', 'unit-R09', 'region'),
      c('short', '第一人民医院急诊科', 'unit-I10', 'industry'),
      c('parent', '中国银行北京分行', 'unit-R01', 'region'),
      c('child', '中国银行北京分行营业部', 'unit-R01', 'region'),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ ids: ['long', 'short'], match: 'similar', key: '第一人民医院急诊科', crossChannel: true });
  });

  it('does not use a tail shorter than six characters', () => {
    const groups = findLikelyDuplicates([c('a', '某某医院急诊科', 'u1', 'region'), c('b', '医院急诊科', 'u2', 'region')]);
    expect(groups).toEqual([]);
    expect(findLikelyDuplicates([c('a', '某某医院急诊科', 'u1', 'region'), c('b', '医院急诊科', 'u2', 'region')], { minSimilarLength: 5 })).toHaveLength(1);
  });

  it('can be limited to exact groups', () => {
    const groups = findLikelyDuplicates(
      [c('long', '上海市第一人民医院急诊科', 'u1', 'region'), c('short', '第一人民医院急诊科', 'u2', 'industry')],
      { similar: false },
    );
    expect(groups).toEqual([]);
  });

  it('handles 20,000 names quickly by bucketing (timing printed, not asserted)', () => {
    const cities = ['上海', '北京', '广州', '深圳', '杭州', '南京', '成都', '武汉', '西安', '重庆'];
    const depts = ['急诊科', '儿科', '营业部', '客服中心', '收费站', '派出所', '团委', '研发部'];
    const list: DuplicateCandidate[] = [];
    for (let i = 0; i < 20_000; i++) {
      const city = cities[i % cities.length]!;
      const dept = depts[Math.floor(i / cities.length) % depts.length]!;
      list.push(c(`id${i}`, `${city}市第${i}单位${dept}`, `u${i % 60}`, i % 2 === 0 ? 'region' : 'industry'));
    }
    // five planted duplicates across channels
    for (let k = 0; k < 5; k++) list.push(c(`dup${k}`, `${list[k * 3001]!.name}（青年文明号）`, 'u99', 'industry'));
    const t0 = performance.now();
    const groups = findLikelyDuplicates(list);
    const ms = performance.now() - t0;
    console.log(`findLikelyDuplicates: ${list.length} names in ${ms.toFixed(1)} ms, ${groups.length} groups`);
    const exact = groups.filter((g) => g.match === 'exact');
    expect(exact.map((g) => g.ids.find((id) => id.startsWith('dup'))).sort()).toEqual(['dup0', 'dup1', 'dup2', 'dup3', 'dup4']);
  });
});
