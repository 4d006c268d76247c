import { describe, it, expect } from 'vitest';
import { applyRename, classifyChange, transferCheck } from '../../shared/rules/changes';

describe('classifyChange (annex 2 五.4, 五.5)', () => {
  it('case 1 rename: same collective, administrator decides, 曾用名称 kept', () => {
    const d = classifyChange({ kind: 'rename' });
    expect(d).toMatchObject({ kind: 'rename', outcome: 'sameCollective', endsQualification: false, decidedBy: 'admin1' });
    expect(d.message).toContain('曾用名称');
  });

  it('case 2 function change with rename: normally as a rename, or a new collective if the admin so judges', () => {
    expect(classifyChange({ kind: 'functionRename' })).toMatchObject({ outcome: 'sameCollective', endsQualification: false, decidedBy: 'admin1' });
    const asNew = classifyChange({ kind: 'functionRename', treatAsNew: true });
    expect(asNew).toMatchObject({ outcome: 'newCollective', endsQualification: false, decidedBy: 'admin1' });
    expect(asNew.message).toContain('重新审核');
  });

  it('case 3 merge: same collective when the original body continues, else a new one reviewed afresh', () => {
    expect(classifyChange({ kind: 'merge', continuesAsOriginal: true })).toMatchObject({ outcome: 'sameCollective', decidedBy: 'admin1' });
    const d = classifyChange({ kind: 'merge', continuesAsOriginal: false });
    expect(d).toMatchObject({ outcome: 'newCollective', endsQualification: false, decidedBy: 'admin1' });
    expect(d.message).toContain('创建资格重新审核');
  });

  it('case 4: more than half the members replaced at once ends the qualification; the national office decides', () => {
    const d = classifyChange({ kind: 'memberTurnover', replaced: 11, total: 20 });
    expect(d).toMatchObject({ kind: 'memberTurnover', outcome: 'newCollective', endsQualification: true, decidedBy: 'national' });
    expect(d.message).toContain('55%');
    expect(d.message).toContain('组委会办公室');
  });

  it('case 4 is strict: exactly half is not more than 50 %', () => {
    expect(classifyChange({ kind: 'memberTurnover', replaced: 10, total: 20 })).toMatchObject({
      outcome: 'sameCollective',
      endsQualification: false,
      decidedBy: 'admin1',
    });
    expect(classifyChange({ kind: 'memberTurnover', replaced: 2, total: 3 }).outcome).toBe('newCollective');
    expect(classifyChange({ kind: 'memberTurnover', replaced: 1, total: 3 }).outcome).toBe('sameCollective');
    expect(classifyChange({ kind: 'memberTurnover', replaced: 1, total: 1 }).outcome).toBe('newCollective');
    expect(classifyChange({ kind: 'memberTurnover', replaced: 0, total: 1 }).outcome).toBe('sameCollective');
  });

  it('rejects impossible member numbers', () => {
    expect(() => classifyChange({ kind: 'memberTurnover', replaced: 5, total: 0 })).toThrow(RangeError);
    expect(() => classifyChange({ kind: 'memberTurnover', replaced: 21, total: 20 })).toThrow('不超过成员总人数');
    expect(() => classifyChange({ kind: 'memberTurnover', replaced: -1, total: 20 })).toThrow(RangeError);
    expect(() => classifyChange({ kind: 'memberTurnover', replaced: 1.5, total: 20 })).toThrow(RangeError);
  });

  it('disqualification (五.5): the national office cancels and deactivates the code', () => {
    for (const reason of ['seriousDecline', 'majorAccident', 'violation'] as const) {
      const d = classifyChange({ kind: 'disqualification', reason });
      expect(d).toMatchObject({ kind: 'disqualification', endsQualification: true, decidedBy: 'national' });
      expect(d.message).toContain('注销用户名');
    }
    expect(classifyChange({ kind: 'disqualification', reason: 'majorAccident' }).message).toContain('重大事故');
  });

  it('any case the administrator proposes to cancel goes to the national office (五.4 last paragraph)', () => {
    const d = classifyChange({ kind: 'merge', continuesAsOriginal: false, adminProposesCancellation: true });
    expect(d).toMatchObject({ endsQualification: true, decidedBy: 'national', outcome: 'newCollective' });
    expect(classifyChange({ kind: 'rename', adminProposesCancellation: true }).decidedBy).toBe('national');
  });

  it('transfer keeps the collective (records follow to the new code)', () => {
    expect(classifyChange({ kind: 'transfer' })).toMatchObject({ outcome: 'sameCollective', endsQualification: false, decidedBy: 'admin1' });
  });
});

describe('applyRename', () => {
  it('appends the old name', () => {
    expect(applyRename([], '某某医院急诊科', '某某医院急诊医学科')).toEqual(['某某医院急诊科']);
    expect(applyRename(['甲'], '乙医院', '丙医院')).toEqual(['甲', '乙医院']);
  });

  it('ignores a rename that changes nothing (or only width, spaces, brackets)', () => {
    expect(applyRename(['甲'], '某医院', '某医院')).toEqual(['甲']);
    expect(applyRename(['甲'], '某医院（急诊科）', ' 某医院(急诊科) ')).toEqual(['甲']);
  });

  it('does not list a name twice', () => {
    expect(applyRename(['旧名称A'], '旧名称A', '新名称B')).toEqual(['旧名称A']);
    expect(applyRename(['旧名称 A'], '旧名称A', '新名称B')).toEqual(['旧名称 A']);
  });

  it('does not show the current name as a former one after renaming back', () => {
    expect(applyRename(['名称一'], '名称二', '名称一')).toEqual(['名称二']);
  });

  it('refuses an empty new name and does not mutate its input', () => {
    const former = ['甲'];
    expect(() => applyRename(former, '乙', '  ')).toThrow(RangeError);
    applyRename(former, '乙', '丙');
    expect(former).toEqual(['甲']);
  });
});

describe('transferCheck (annex 2 五.3)', () => {
  it('allows the exact previous name, forgiving only surrounding whitespace', () => {
    expect(transferCheck('上海市第一人民医院急诊科', '上海市第一人民医院急诊科').ok).toBe(true);
    expect(transferCheck('上海市第一人民医院急诊科', '  上海市第一人民医院急诊科\u3000').ok).toBe(true);
  });

  it('refuses a different name and explains the two-codes warning', () => {
    const r = transferCheck('上海市第一人民医院急诊科', '上海第一人民医院急诊科');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('前次报备时使用的名称“上海市第一人民医院急诊科”');
    expect(r.message).toContain('两个用户名（编码）');
  });

  it('refuses names that differ only in width, inner spaces or brackets', () => {
    for (const variant of ['上海市第一人民医院(急诊科)', '上海市第一人民医院 （急诊科）']) {
      expect(transferCheck('上海市第一人民医院（急诊科）', variant).ok).toBe(false);
    }
    expect(transferCheck('ＡＢＣ银行上海分行', 'ABC银行上海分行').ok).toBe(false);
    expect(transferCheck('上海市第一人民医院（急诊科）', '上海市第一人民医院(急诊科)').message).toContain('全角/半角');
  });

  it('refuses without a previous name', () => {
    expect(transferCheck('  ', '某集体').ok).toBe(false);
  });
});
