import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests, createSubunit } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import {
  batchReview,
  decideChange,
  eligibilityOf,
  finalReview,
  historyOf,
  latestFeedback,
  preliminaryReview,
  renameCollective,
  reportChange,
  reportDisqualification,
  saveProfile,
  submitFiling,
  transferCollective,
} from '../../../renderer/db/repos/lifecycle';
import { lookupCollectiveCode } from '../../../renderer/db/repos/accounts';
import { runSetup } from '../../../renderer/db/repos/setup';
import { resetClockForTests } from '../../../renderer/db/write';
import type { Collective } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

function complete(c: Collective) {
  return {
    profile: {
      ...c.profile,
      parentOrganisation: '上海申通地铁集团',
      type: '国有企业' as const,
      region: '上海市徐汇区',
      memberCount: 30,
      youthCount: 24,
      leader: { name: '陈青', phone: '021-64370000', email: 'chen@example.cn' },
      honours: [{ level: 'provincial' as const, kind: 'named' as const, year: 2016, title: '上海市青年文明号' }],
      publicCommitment: '微笑服务，准点运营',
      complaintChannel: '站务热线 021-64370001',
      identityShown: true,
      imageShown: true,
      basicConditionsAttested: true,
    },
    plan: { goals: '创建全国青年文明号', measures: '岗位练兵、志愿服务', schedule: '2017年全年', themeActivities: '青年建功十三五·青春献礼十九大' },
  };
}

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海一级', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jt = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-I06', displayName: '交通一级', recoveryEmail: '' }, TERM);
  const jtAdmin = await login(jt.account.code, jt.oneTimePassword);
  const l2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '上海二级', recoveryEmail: '' }, TERM);
  const level2 = await login(l2.account.code, l2.oneTimePassword);
  const c = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁徐家汇站', recoveryEmail: '' }, TERM);
  const collective = await login(c.account.code, c.oneTimePassword);
  return { national, shAdmin, jtAdmin, level2, collective, col: c.collective!, code: c.account.code };
}

async function fileIt(s: Session, col: Collective) {
  const { profile, plan } = complete(col);
  await saveProfile(s.actor, col.id, profile, plan);
  return submitFiling(s.actor, col.id);
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2017-06-01T09:00:00+08:00'));
  await closeDb();
  resetClockForTests();
  initDb(`lifecycle-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('filing and review', () => {
  it('file → 初审 → returned with feedback → fixed and resubmitted → approved, with full history', async () => {
    const w = await world();
    await expect(submitFiling(w.collective.actor, w.col.id)).rejects.toThrow('请先完善集体档案');
    const filed = await fileIt(w.collective, w.col);
    expect(filed.status).toBe('filed');
    await expect(saveProfile(w.collective.actor, w.col.id, filed.profile, filed.plan)).rejects.toThrow('不能修改');
    expect((await preliminaryReview(w.level2.actor, w.col.id, true, '材料齐全')).status).toBe('preReviewed');
    await expect(finalReview(w.shAdmin.actor, w.col.id, 'return', '  ')).rejects.toThrow('必须填写反馈意见');
    const returned = await finalReview(w.shAdmin.actor, w.col.id, 'return', '请补充主题创建活动的具体安排');
    expect(returned.status).toBe('returned');
    expect((await latestFeedback(w.collective.actor, w.col.id))?.comment).toBe('请补充主题创建活动的具体安排');
    await saveProfile(w.collective.actor, w.col.id, returned.profile, { ...returned.plan, themeActivities: '开放周：5月4日岗位体验' });
    await submitFiling(w.collective.actor, w.col.id);
    const approved = await finalReview(w.shAdmin.actor, w.col.id, 'approve', '');
    expect(approved.status).toBe('approved');
    const h = await historyOf(w.shAdmin.actor, w.col.id);
    expect(h.map((e) => e.action).reverse()).toEqual(['submit', 'preApprove', 'return', 'submit', 'approve']);
    expect(h.every((e) => e.actorId && e.at)).toBe(true);
  });

  it('refuses reviews outside the reviewer’s subtree or level, changing nothing', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    const before = JSON.stringify(await db().collectives.toArray());
    await expect(finalReview(w.jtAdmin.actor, w.col.id, 'approve', '')).rejects.toBeInstanceOf(ScopeError);
    await expect(finalReview(w.level2.actor, w.col.id, 'approve', '')).rejects.toThrow('一级管理员');
    await expect(preliminaryReview(w.collective.actor, w.col.id, true, '')).rejects.toBeInstanceOf(ScopeError);
    expect(JSON.stringify(await db().collectives.toArray())).toBe(before);
  });

  it('an ineligible filing cannot be approved; only the national office overrides, with a recorded reason', async () => {
    const w = await world();
    const { profile, plan } = complete(w.col);
    await saveProfile(w.collective.actor, w.col.id, { ...profile, honours: [{ level: 'provincial', kind: 'named', year: 2012, title: '上海市青年文明号' }] }, plan);
    await submitFiling(w.collective.actor, w.col.id);
    const e = await eligibilityOf(w.shAdmin.actor, w.col.id);
    expect(e.eligible).toBe(false);
    expect(e.reasons.find((r) => r.rule === 'honour')?.ok).toBe(false);
    await expect(finalReview(w.shAdmin.actor, w.col.id, 'approve', '')).rejects.toThrow('不符合创建资格');
    await expect(finalReview(w.shAdmin.actor, w.col.id, 'approve', '', { reason: '特殊' })).rejects.toBeInstanceOf(ScopeError);
    await expect(finalReview(w.national.actor, w.col.id, 'approve', '', { reason: ' ' })).rejects.toThrow('理由');
    const ok = await finalReview(w.national.actor, w.col.id, 'approve', '', { reason: '荣誉证书已核实为2016年复核' });
    expect(ok.status).toBe('approved');
    expect((await historyOf(w.national.actor, w.col.id))[0]).toMatchObject({ action: 'override', comment: '特批：荣誉证书已核实为2016年复核' });
  });

  it('refuses a filing after the term’s deadline and a review outside the window', async () => {
    const w = await world();
    const { profile, plan } = complete(w.col);
    await saveProfile(w.collective.actor, w.col.id, profile, plan);
    vi.setSystemTime(new Date('2017-10-08T09:00:00+08:00'));
    await expect(submitFiling(w.collective.actor, w.col.id)).rejects.toThrow('已于 2017-09-30 截止');
  });

  it('batch review applies the same checks to each filing and reports each result', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    const other = await issueAccount(w.shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海图书馆', recoveryEmail: '' }, TERM);
    const results = await batchReview(w.shAdmin.actor, [w.col.id, other.collective!.id], 'approve', '');
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]!.message).toContain('待审核');
  });

  it('preliminary review can be required before the final one', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    await db().settings.where('key').equals('preliminaryReviewRequired').modify({ value: true });
    await expect(finalReview(w.shAdmin.actor, w.col.id, 'approve', '')).rejects.toThrow('初审');
    await preliminaryReview(w.level2.actor, w.col.id, true, '');
    expect((await finalReview(w.shAdmin.actor, w.col.id, 'approve', '')).status).toBe('approved');
  });
});

describe('changes during the term', () => {
  it('case 1: rename keeps 曾用名称, searchable; the login name follows', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    const r = await renameCollective(w.shAdmin.actor, w.col.id, '上海地铁徐家汇枢纽站', 'rename', '站点扩建更名');
    expect(r.formerNames).toEqual(['上海地铁徐家汇站']);
    expect(r.status).toBe('filed');
    expect((await lookupCollectiveCode(w.shAdmin.actor, '徐家汇站')).map((x) => x.code)).toEqual([w.code]);
    await expect(renameCollective(w.level2.actor, w.col.id, 'X', 'rename', '')).rejects.toBeInstanceOf(ScopeError);
  });

  it('case 3 continuing → as a rename; case 4 (> 50 % replaced) → national office decides, old loses eligibility, new code issued', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    await finalReview(w.shAdmin.actor, w.col.id, 'approve', '');
    const change = await reportChange(w.shAdmin.actor, w.col.id, { kind: 'memberTurnover', replaced: 16, total: 30 }, '整建制轮换');
    expect(change).toMatchObject({ state: 'reported', endsQualification: true });
    await expect(decideChange(w.shAdmin.actor, change.id, true, '同意')).rejects.toBeInstanceOf(ScopeError);
    const decided = await decideChange(w.national.actor, change.id, true, '同意按新集体处理');
    expect(decided.details.newCode).toMatch(/^R09J00002/);
    expect((await db().collectives.get(w.col.id))!.status).toBe('disqualified');
    const fresh = await db().collectives.where('code').equals(String(decided.details.newCode)).first();
    expect(fresh).toMatchObject({ status: 'registered' });
    expect(fresh!.profile.basicConditionsAttested).toBe(false);
    // exactly 50 % is not more than half: the same collective
    const other = await issueAccount(w.shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海图书馆', recoveryEmail: '' }, TERM);
    const half = await reportChange(w.shAdmin.actor, other.collective!.id, { kind: 'memberTurnover', replaced: 15, total: 30 }, '轮换');
    expect(half.endsQualification).toBe(false);
  });

  it('disqualification: admin reports, national office decides, code deactivated, collective sees it', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    await finalReview(w.shAdmin.actor, w.col.id, 'approve', '');
    await expect(reportDisqualification(w.level2.actor, w.col.id, 'majorAccident', '重大事故')).rejects.toBeInstanceOf(ScopeError);
    const ch = await reportDisqualification(w.shAdmin.actor, w.col.id, 'majorAccident', '发生重大安全责任事故');
    await expect(reportDisqualification(w.shAdmin.actor, w.col.id, 'violation', '再次上报')).rejects.toThrow('待全国组委会办公室审定');
    await decideChange(w.national.actor, ch.id, true, '取消创建资格，注销用户名');
    expect((await db().collectives.get(w.col.id))!.status).toBe('disqualified');
    await expect(login(w.code, 'whatever-1234')).rejects.toThrow();
    const history = await historyOf(w.shAdmin.actor, w.col.id);
    expect(history[0]).toMatchObject({ action: 'disqualify', toStatus: 'disqualified' });
  });
});

describe('wrong-channel transfer', () => {
  it('re-issues a code in the right unit with exactly the previous name; records follow; the old code is superseded', async () => {
    const w = await world();
    await fileIt(w.collective, w.col);
    await expect(transferCollective(w.jtAdmin.actor, w.code, '上海地铁 徐家汇站', 'unit-I06')).rejects.toThrow('必须采用集体前次报备时使用的名称');
    await expect(transferCollective(w.jtAdmin.actor, w.code, '上海地铁徐家汇站', 'unit-R09')).rejects.toBeInstanceOf(ScopeError);
    const { collective, oneTimePassword } = await transferCollective(w.jtAdmin.actor, w.code, '上海地铁徐家汇站', 'unit-I06');
    expect(collective.id).toBe(w.col.id);
    expect(collective.code).toMatch(/^I06J00001/);
    expect(collective.transferredFrom).toBe(w.code);
    expect(collective.status).toBe('filed');
    await expect(login(w.code, 'anything-123')).rejects.toThrow();
    const fresh = await login(collective.code, oneTimePassword);
    expect(fresh.actor.collectiveId).toBe(w.col.id);
    expect((await historyOf(w.jtAdmin.actor, w.col.id)).map((e) => e.action)).toContain('transfer');
    // the old unit no longer sees it
    await expect(historyOf(w.shAdmin.actor, w.col.id)).rejects.toBeInstanceOf(ScopeError);
    // and a second code cannot be made by issuing the same name again
    await expect(issueAccount(w.shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁徐家汇站', recoveryEmail: '' }, TERM)).rejects.toThrow('同一集体只能有一个编码');
  });
});

describe('subtree visibility for level-2 admins of a subunit', () => {
  it('a level-2 admin of 浦东 cannot review a collective of 上海 proper', async () => {
    const w = await world();
    const pd = await createSubunit(w.shAdmin.actor, 'unit-R09', '浦东新区');
    const a = await issueAccount(w.shAdmin.actor, { role: 'admin2', unitId: pd.id, displayName: '浦东二级', recoveryEmail: '' }, TERM);
    const s = await login(a.account.code, a.oneTimePassword);
    await fileIt(w.collective, w.col);
    await expect(preliminaryReview(s.actor, w.col.id, true, '')).rejects.toBeInstanceOf(ScopeError);
  });
});
