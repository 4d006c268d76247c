import { describe, it, expect } from 'vitest';
import {
  calendarDate,
  canOverride,
  checkEligibility,
  provincialHonourYears,
  type EligibilityInput,
  type EligibilityRule,
} from '../../shared/rules/eligibility';
import { TERM_2017_2018 } from '../../shared/reference/term2017';
import type { Role } from '../../shared/model/entities';

const term = TERM_2017_2018;

function input(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    collectiveId: 'c1',
    profile: {
      basicConditionsAttested: true,
      honours: [{ level: 'provincial', kind: 'named', year: 2016, title: '2016年上海市青年文明号' }],
    },
    filedAt: '2016-03-01T02:00:00.000Z',
    reviewedAt: '2016-04-01',
    otherFilings: [],
    ...overrides,
  };
}

function reason(result: ReturnType<typeof checkEligibility>, rule: EligibilityRule) {
  const r = result.reasons.find((x) => x.rule === rule);
  if (!r) throw new Error(`no reason for ${rule}`);
  return r;
}

describe('checkEligibility', () => {
  it('accepts a complete, timely filing and reports every rule as passed', () => {
    const result = checkEligibility(input(), term);
    expect(result.eligible).toBe(true);
    expect(result.reasons.map((r) => r.rule)).toEqual(['basicConditions', 'honour', 'filingWindow', 'reviewWindow', 'oneFilingPerTerm']);
    expect(result.reasons.every((r) => r.ok)).toBe(true);
    for (const r of result.reasons) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  describe('basic conditions (part 一.1)', () => {
    it('fails without the attestation', () => {
      const result = checkEligibility(input({ profile: { ...input().profile, basicConditionsAttested: false } }), term);
      expect(result.eligible).toBe(false);
      expect(reason(result, 'basicConditions')).toMatchObject({ ok: false });
      expect(reason(result, 'basicConditions').message).toContain('青年文明号管理办法');
    });
  });

  describe('honours (part 一.1)', () => {
    const withHonours = (honours: EligibilityInput['profile']['honours']) =>
      checkEligibility(input({ profile: { basicConditionsAttested: true, honours } }), term);

    it('accepts a national naming in or before the cutoff year', () => {
      expect(reason(withHonours([{ level: 'national', kind: 'named', year: 2009, title: '全国青年文明号' }]), 'honour').ok).toBe(true);
      expect(reason(withHonours([{ level: 'national', kind: 'named', year: 2017, title: '全国青年文明号' }]), 'honour').ok).toBe(true);
    });

    it('refuses a national naming after the cutoff year', () => {
      const r = reason(withHonours([{ level: 'national', kind: 'named', year: 2018, title: '全国青年文明号' }]), 'honour');
      expect(r.ok).toBe(false);
      expect(r.message).toContain('晚于2017年9月30日');
    });

    it('refuses a national naming dated after the cutoff date within the cutoff year', () => {
      expect(reason(withHonours([{ level: 'national', kind: 'named', year: 2017, title: '全国青年文明号', date: '2017-10-15' }]), 'honour').ok).toBe(false);
      expect(reason(withHonours([{ level: 'national', kind: 'named', year: 2017, title: '全国青年文明号', date: '2017-09-30' }]), 'honour').ok).toBe(true);
    });

    it('accepts a provincial naming or re-certification within the window 2015–2017', () => {
      for (const year of [2015, 2016, 2017]) {
        for (const kind of ['named', 'recertified'] as const) {
          expect(reason(withHonours([{ level: 'provincial', kind, year, title: '省级青年文明号' }]), 'honour').ok).toBe(true);
        }
      }
    });

    it('refuses a provincial honour older than the latest round', () => {
      const r = reason(withHonours([{ level: 'provincial', kind: 'named', year: 2014, title: '省级青年文明号' }]), 'honour');
      expect(r.ok).toBe(false);
      expect(r.message).toContain('2015—2017');
      expect(r.message).toContain('2014年');
    });

    it('refuses a provincial honour after the filing deadline year', () => {
      expect(reason(withHonours([{ level: 'provincial', kind: 'named', year: 2018, title: '省级青年文明号' }]), 'honour').ok).toBe(false);
    });

    it('refuses a collective without any honour', () => {
      const result = withHonours([]);
      expect(result.eligible).toBe(false);
      expect(reason(result, 'honour').message).toContain('未获全国青年文明号命名');
    });

    it('makes the provincial window a parameter', () => {
      const honours = [{ level: 'provincial' as const, kind: 'named' as const, year: 2014, title: '省级青年文明号' }];
      const result = checkEligibility(input({ profile: { basicConditionsAttested: true, honours } }), term, { provincialWindowYears: 3 });
      expect(reason(result, 'honour').ok).toBe(true);
      expect(provincialHonourYears(term)).toEqual({ from: 2015, to: 2017 });
      expect(provincialHonourYears(term, 1)).toEqual({ from: 2016, to: 2017 });
    });
  });

  describe('filing window (part 一.3)', () => {
    it('accepts the first and last day of the window', () => {
      expect(reason(checkEligibility(input({ filedAt: '2015-10-01', reviewedAt: '2015-10-01' }), term), 'filingWindow').ok).toBe(true);
      expect(reason(checkEligibility(input({ filedAt: '2017-09-30', reviewedAt: '2017-09-30' }), term), 'filingWindow').ok).toBe(true);
    });

    it('refuses a filing before the window opens (previous term)', () => {
      const r = reason(checkEligibility(input({ filedAt: '2015-09-30' }), term), 'filingWindow');
      expect(r.ok).toBe(false);
      expect(r.message).toContain('2015年10月1日至2017年9月30日');
    });

    it('refuses a filing after the deadline', () => {
      expect(reason(checkEligibility(input({ filedAt: '2017-10-01', reviewedAt: '2017-09-30' }), term), 'filingWindow').ok).toBe(false);
    });

    it('reads an instant in Beijing time: 17:00 UTC on 30 September is already 1 October', () => {
      expect(reason(checkEligibility(input({ filedAt: '2017-09-30T15:59:59Z', reviewedAt: '2017-09-30' }), term), 'filingWindow').ok).toBe(true);
      expect(reason(checkEligibility(input({ filedAt: '2017-09-30T17:00:00Z', reviewedAt: '2017-09-30' }), term), 'filingWindow').ok).toBe(false);
      expect(calendarDate('2015-09-30T16:30:00Z')).toBe('2015-10-01');
      expect(calendarDate('2017-09-30T23:00:00+08:00')).toBe('2017-09-30');
      expect(calendarDate('2017-09-30 23:00')).toBe('2017-09-30');
      expect(calendarDate('2017-02-30')).toBeNull();
      expect(calendarDate('soon')).toBeNull();
    });

    it('fails when the collective has not filed or the date is unreadable', () => {
      expect(reason(checkEligibility(input({ filedAt: null }), term), 'filingWindow')).toMatchObject({ ok: false, message: '集体尚未提交报备。' });
      expect(reason(checkEligibility(input({ filedAt: '2016/13/01' }), term), 'filingWindow').ok).toBe(false);
    });
  });

  describe('review window (part 一.3: filed AND approved before the deadline)', () => {
    it('refuses an approval after the deadline even when the filing was on time', () => {
      const result = checkEligibility(input({ filedAt: '2017-09-20', reviewedAt: '2017-10-08' }), term);
      expect(result.eligible).toBe(false);
      expect(reason(result, 'filingWindow').ok).toBe(true);
      expect(reason(result, 'reviewWindow').ok).toBe(false);
      expect(reason(result, 'reviewWindow').message).toContain('2017年9月30日前完成报备并通过管理单位审核');
    });

    it('refuses an approval dated before the filing', () => {
      expect(reason(checkEligibility(input({ filedAt: '2016-05-01', reviewedAt: '2016-04-30' }), term), 'reviewWindow').ok).toBe(false);
    });

    it('requires a review date', () => {
      expect(reason(checkEligibility(input({ reviewedAt: null }), term), 'reviewWindow').ok).toBe(false);
    });
  });

  describe('one filing per term (part 一.4; annex 2 一.2)', () => {
    it('refuses when another filing of the collective stands in this term', () => {
      const result = checkEligibility(
        input({ otherFilings: [{ collectiveId: 'c2', code: 'I10J00003X', term: '2017-2018', status: 'approved' }] }),
        term,
      );
      expect(result.eligible).toBe(false);
      expect(reason(result, 'oneFilingPerTerm').message).toContain('I10J00003X');
      expect(reason(result, 'oneFilingPerTerm').message).toContain('一届次只能申报一次');
    });

    it('counts filed, returned and disqualified filings, not registered or superseded ones', () => {
      const other = (status: EligibilityInput['otherFilings'][number]['status']) =>
        reason(checkEligibility(input({ otherFilings: [{ collectiveId: 'c2', term: '2017-2018', status }] }), term), 'oneFilingPerTerm').ok;
      expect(other('filed')).toBe(false);
      expect(other('preReviewed')).toBe(false);
      expect(other('returned')).toBe(false);
      expect(other('disqualified')).toBe(false);
      expect(other('registered')).toBe(true);
      expect(other('superseded')).toBe(true);
    });

    it('ignores filings of other terms and the filing itself', () => {
      const result = checkEligibility(
        input({
          otherFilings: [
            { collectiveId: 'c9', term: '2015-2016', status: 'approved' },
            { collectiveId: 'c1', term: '2017-2018', status: 'filed' },
          ],
        }),
        term,
      );
      expect(reason(result, 'oneFilingPerTerm').ok).toBe(true);
    });
  });
});

describe('canOverride', () => {
  it('is reserved to the national office', () => {
    const roles: Role[] = ['national', 'admin1', 'admin2', 'admin3', 'collective'];
    expect(roles.filter(canOverride)).toEqual(['national']);
  });
});
