import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { EMPTY_PLAN, emptyProfile, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { confirmDistinct, DuplicateError, duplicateFlaggedIds, listDuplicateGroups, resolveSameCollective } from '../../../renderer/db/repos/duplicates';
import { runSetup } from '../../../renderer/db/repos/setup';
import { resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import type { Collective, WorkUpdate } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';
import { nameKey, pinyinInitials } from '../../../shared/text/names';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;
let plantedSeq = 0;

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const l2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '上海二级', recoveryEmail: '' }, TERM);
  const level2 = await login(l2.account.code, l2.oneTimePassword);
  return { national, shAdmin, level2 };
}

/**
 * A collective as it arrives from another laptop's package (the industry line's 卫生计生 admin
 * issued it there): issueAccount on one laptop refuses a second code for the same name, so an
 * exact cross-channel duplicate can only meet here through a merge.
 */
async function planted(name: string, unitId: string, status: Collective['status'] = 'registered'): Promise<Collective> {
  const unit = (await db().units.get(unitId))!;
  return writeTx(SYSTEM_ACTOR, [db().collectives], async (w) => {
    const c = w.create<Collective>({
      code: `${unit.code.replace(/-/g, '')}J9${String(++plantedSeq).padStart(4, '0')}X`,
      unitId,
      unitPath: unit.path,
      channel: unit.channel,
      term: TERM,
      profile: emptyProfile(name, ''),
      plan: { ...EMPTY_PLAN },
      status,
      formerNames: [],
      nameKey: nameKey(name),
      nameInitials: pinyinInitials(name),
      filedAt: status === 'registered' ? null : new Date().toISOString(),
      approvedAt: null,
      supersededBy: null,
      transferredFrom: null,
      lastLogAt: null,
    });
    await db().collectives.add(c);
    return c;
  });
}

async function issueCollective(actor: Awaited<ReturnType<typeof world>>['shAdmin']['actor'], name: string) {
  const r = await issueAccount(actor, { role: 'collective', unitId: actor.unitId, displayName: name, recoveryEmail: '' }, TERM);
  return r;
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`duplicates-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('listing likely duplicates', () => {
  it('finds a collective filed through both a region and an industry channel (national office), cross-channel first', async () => {
    const { national, shAdmin } = await world();
    const region = await issueCollective(shAdmin.actor, '上海市第一人民医院急诊科');
    const industry = await planted('上海市第一人民医院（急诊科）', 'unit-I09');
    await issueCollective(shAdmin.actor, '上海地铁徐家汇站');
    await issueCollective(shAdmin.actor, '徐家汇站青年文明号'); // not similar: the key is too short to be a tail
    const sameUnitA = await issueCollective(shAdmin.actor, '浦东新区团委青年志愿服务队');
    const sameUnitB = await issueCollective(shAdmin.actor, '上海市浦东新区团委青年志愿服务队');

    const groups = await listDuplicateGroups(national.actor, TERM);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ match: 'exact', crossChannel: true, sameUnit: false });
    expect(groups[0]!.members.map((m) => [m.id, m.channel, m.unitName])).toEqual([
      [region.collective!.id, 'region', '上海'],
      [industry.id, 'industry', '卫生计生'],
    ]);
    expect(groups[1]).toMatchObject({ match: 'similar', crossChannel: false, sameUnit: true });
    expect(groups[1]!.members.map((m) => m.id).sort()).toEqual([sameUnitA.collective!.id, sameUnitB.collective!.id].sort());

    // the level-1 admin sees its own subtree only: the other channel's record is not shown to it
    const mine = await listDuplicateGroups(shAdmin.actor, TERM);
    expect(mine.map((g) => g.members.length)).toEqual([2]);
    expect(JSON.stringify(mine)).not.toContain(industry.code);
  });

  it('leaves out superseded and disqualified collectives and other terms', async () => {
    const { national } = await world();
    await planted('上海市第一人民医院急诊科', 'unit-R09');
    await planted('上海市第一人民医院急诊科', 'unit-I09', 'disqualified');
    await planted('上海市第一人民医院急诊科', 'unit-I09', 'superseded');
    expect(await listDuplicateGroups(national.actor, TERM)).toEqual([]);
  });

  it('is closed to collectives', async () => {
    const { shAdmin } = await world();
    const c = await issueCollective(shAdmin.actor, '上海地铁徐家汇站');
    const s = await login(c.account.code, c.oneTimePassword);
    await expect(listDuplicateGroups(s.actor, TERM)).rejects.toThrow(ScopeError);
  });
});

describe('confirm distinct', () => {
  it('removes the group for good, until a new collective joins it', async () => {
    const { shAdmin } = await world();
    const a = await issueCollective(shAdmin.actor, '浦东新区团委青年志愿服务队');
    const b = await issueCollective(shAdmin.actor, '上海市浦东新区团委青年志愿服务队');
    const [group] = await listDuplicateGroups(shAdmin.actor, TERM);
    expect([...(await duplicateFlaggedIds(shAdmin.actor, TERM))].sort()).toEqual([a.collective!.id, b.collective!.id].sort());
    await confirmDistinct(shAdmin.actor, group!.members.map((m) => m.id), '一个是区团委的，一个是市团委派驻的');
    expect(await listDuplicateGroups(shAdmin.actor, TERM)).toEqual([]);
    expect((await duplicateFlaggedIds(shAdmin.actor, TERM)).size).toBe(0);
    const stored = await db().collectives.bulkGet([a.collective!.id, b.collective!.id]);
    expect(stored.map((c) => c!.distinctFrom)).toEqual([[b.collective!.id], [a.collective!.id]]);
    const audit = await db().audit.where('action').equals('duplicate.distinct').toArray();
    expect(audit[0]!.summary).toContain('区团委');
    // a third, unconfirmed one brings the group back
    await issueCollective(shAdmin.actor, '中国上海市浦东新区团委青年志愿服务队');
    const [again] = await listDuplicateGroups(shAdmin.actor, TERM);
    expect(again!.members).toHaveLength(3);
    expect(again!.confirmedPairs).toHaveLength(1);
  });
});

describe('same collective: keep one', () => {
  it('marks the other as superseded by the kept one, with history on both, and its code stops working', async () => {
    const { shAdmin } = await world();
    const keep = await issueCollective(shAdmin.actor, '上海市浦东新区团委青年志愿服务队');
    const other = await issueCollective(shAdmin.actor, '浦东新区团委青年志愿服务队');
    await resolveSameCollective(shAdmin.actor, keep.collective!.id, other.collective!.id, '同一支队伍，重复派发');
    const o = (await db().collectives.get(other.collective!.id))!;
    expect(o.status).toBe('superseded');
    expect(o.supersededBy).toBe(keep.collective!.id);
    expect(o.profile.name).toBe('浦东新区团委青年志愿服务队'); // kept, not merged away
    const acc = (await db().accounts.get(other.account.id))!;
    expect(acc).toMatchObject({ status: 'superseded', supersededBy: keep.account.id });
    await expect(login(other.account.code, other.oneTimePassword)).rejects.toThrow('已被新编码取代');
    const events = await db().reviewEvents.toArray();
    expect(events.map((e) => [e.collectiveId, e.toStatus])).toEqual(
      expect.arrayContaining([
        [other.collective!.id, 'superseded'],
        [keep.collective!.id, 'registered'],
      ]),
    );
    expect(events.every((e) => e.comment.includes('同一支队伍') && e.actorId === shAdmin.actor.accountId)).toBe(true);
    expect(await listDuplicateGroups(shAdmin.actor, TERM)).toEqual([]);
    expect((await db().collectives.get(keep.collective!.id))!.status).toBe('registered');
  });

  it('refuses when the other already has a filing or creation logs, pointing to 归口转移 or the national office', async () => {
    const { national, shAdmin } = await world();
    const keep = await planted('上海市第一人民医院急诊科', 'unit-R09');
    const filed = await planted('上海市第一人民医院（急诊科）', 'unit-I09', 'filed');
    const snapshot = async () => JSON.stringify([await db().collectives.toArray(), await db().accounts.toArray(), await db().audit.count()]);
    const before = await snapshot();
    await expect(resolveSameCollective(national.actor, keep.id, filed.id, '')).rejects.toThrow(/归口转移.*全国组委会办公室/);
    expect(await snapshot()).toBe(before);

    const logged = await planted('上海市第一人民医院急诊科', 'unit-R09');
    await writeTx(SYSTEM_ACTOR, [db().workUpdates], async (w) => {
      await db().workUpdates.add(
        w.create<WorkUpdate>({ collectiveId: logged.id, unitPath: logged.unitPath, term: TERM, title: '开放周', date: '2017-05-04', text: '…', attachmentHashes: [], state: 'submitted', submittedAt: '2017-05-04', authorId: 'x', hasMedia: false }),
      );
    });
    await expect(resolveSameCollective(shAdmin.actor, keep.id, logged.id, '')).rejects.toThrow('创建日志');
    // the other way round is fine: the one with records is kept
    await resolveSameCollective(shAdmin.actor, logged.id, keep.id, '');
    expect((await db().collectives.get(keep.id))!.status).toBe('superseded');
  });

  it('refuses names that are not likely duplicates (not a merge tool)', async () => {
    const { shAdmin } = await world();
    const a = await issueCollective(shAdmin.actor, '上海地铁徐家汇站');
    const b = await issueCollective(shAdmin.actor, '上海市第一人民医院急诊科');
    await expect(resolveSameCollective(shAdmin.actor, a.collective!.id, b.collective!.id, '')).rejects.toThrow(DuplicateError);
    expect((await db().collectives.get(b.collective!.id))!.status).toBe('registered');
  });

  it('only level-1 admins and the national office resolve, and only inside their subtree', async () => {
    const { national, shAdmin, level2 } = await world();
    const keep = await issueCollective(shAdmin.actor, '上海市第一人民医院急诊科');
    const foreign = await planted('上海市第一人民医院（急诊科）', 'unit-I09');
    const local = await issueCollective(shAdmin.actor, '第一人民医院急诊科青年文明号');
    await expect(resolveSameCollective(level2.actor, keep.collective!.id, local.collective!.id, '')).rejects.toThrow(ScopeError);
    await expect(confirmDistinct(level2.actor, [keep.collective!.id, local.collective!.id], '')).rejects.toThrow(ScopeError);
    await expect(resolveSameCollective(shAdmin.actor, keep.collective!.id, foreign.id, '')).rejects.toThrow(ScopeError);
    await expect(confirmDistinct(shAdmin.actor, [keep.collective!.id, foreign.id], '')).rejects.toThrow(ScopeError);
    expect((await db().collectives.get(foreign.id))!.status).toBe('registered');
    expect((await db().collectives.get(foreign.id))!.distinctFrom).toBeUndefined();
    await resolveSameCollective(national.actor, keep.collective!.id, foreign.id, '全国组委会办公室核实');
    expect((await db().collectives.get(foreign.id))!.status).toBe('superseded');
  });
});
