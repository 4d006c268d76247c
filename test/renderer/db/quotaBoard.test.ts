import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { createSubunit, issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { nationalBoard, unitBoard } from '../../../renderer/db/repos/quotaBoard';
import { getSetting, setSettings } from '../../../renderer/db/repos/settings';
import { runSetup } from '../../../renderer/db/repos/setup';
import { resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import type { CollectiveStatus, CollectiveType } from '../../../shared/model/entities';
import { ScopeError } from '../../../shared/rules/scope';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`quota-board-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const admin = async (unitId: string, name: string) => {
    const r = await issueAccount(national.actor, { role: 'admin1', unitId, displayName: name, recoveryEmail: '' }, TERM);
    return login(r.account.code, r.oneTimePassword);
  };
  return { national, shAdmin: await admin('unit-R09', '上海管理员'), trAdmin: await admin('unit-I06', '交通运输管理员') };
}

interface Spec {
  status: CollectiveStatus;
  type?: CollectiveType;
  formerNational?: boolean;
}

/** Collectives issued through the accounts repo, then given a status and profile (the lifecycle is another issue). */
async function collectives(admin: Session, unitId: string, specs: Spec[]): Promise<void> {
  for (const spec of specs) {
    const name = `集体${n}-${Math.random().toString(36).slice(2, 10)}`;
    const r = await issueAccount(admin.actor, { role: 'collective', unitId, displayName: name, recoveryEmail: '' }, TERM);
    await writeTx(SYSTEM_ACTOR, [db().collectives], async (w) => {
      const c = (await db().collectives.get(r.collective!.id))!;
      await db().collectives.put(
        w.touch(c, {
          status: spec.status,
          profile: {
            ...c.profile,
            type: spec.type ?? '国有企业',
            honours: spec.formerNational ? [{ level: 'national', kind: 'named', year: 2014, title: '全国青年文明号' }] : [],
          },
        }),
      );
    });
  }
}

const times = <T,>(k: number, x: T): T[] => Array.from({ length: k }, () => x);

describe('a unit and its subunits', () => {
  it('上海: base 21 / required 210, counts of the whole subtree, subunits without a quota, structure against the thresholds', async () => {
    const { shAdmin } = await world();
    const pd = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区');
    await collectives(shAdmin, 'unit-R09', [
      ...times(6, { status: 'approved' as const }),
      { status: 'approved', type: '非公经济组织' },
      { status: 'approved', formerNational: true },
      { status: 'filed' },
      { status: 'returned' },
      { status: 'registered' },
    ]);
    await collectives(shAdmin, pd.id, [{ status: 'approved', type: '社会组织' }, { status: 'approved', type: '非公经济组织' }, { status: 'preReviewed' }]);

    const board = await unitBoard(shAdmin.actor, 'unit-R09', TERM);
    const u = board.unit;
    expect([u.base, u.required, u.filed, u.approved]).toEqual([21, 210, 13, 10]);
    expect(u.rate).toBeCloseTo(10 / 210);
    expect(u.deviates).toBe(false);
    // former national collectives are counted with no default share (annex 3 item 7 sets none)
    expect(u.structure.formerNational).toMatchObject({ count: 1, share: 0.1, threshold: null, met: null });
    expect(u.structure.nonPublic).toMatchObject({ count: 2, share: 0.2, threshold: 0.1, met: true });
    expect(u.structure.socialOrg).toMatchObject({ count: 1, share: 0.1, threshold: 0.05, met: true });

    expect(board.children.map((c) => c.unit.name)).toEqual(['浦东新区']);
    const child = board.children[0]!;
    expect([child.base, child.required, child.rate, child.filed, child.approved]).toEqual([null, null, null, 3, 2]);
    // no verdict for a district: the notice asks the proportion of provincial committees only
    expect(child.structure.nonPublic).toMatchObject({ count: 1, share: 0.5, met: null });
    expect(child.structure.formerNational).toMatchObject({ count: 0, share: 0, met: null }); // no default share for former national collectives
  });

  it('follows the thresholds the national office sets; others may not set them', async () => {
    const { national, shAdmin } = await world();
    await collectives(shAdmin, 'unit-R09', [...times(9, { status: 'approved' as const }), { status: 'approved', type: '非公经济组织' }]);
    expect((await unitBoard(shAdmin.actor, 'unit-R09', TERM)).unit.structure.nonPublic.met).toBe(true);

    await expect(setSettings(shAdmin.actor, { thresholdNonPublic: 0.5 })).rejects.toBeInstanceOf(ScopeError);
    await expect(setSettings(national.actor, { thresholdNonPublic: 1.5 })).rejects.toThrow('参考比例应在 0%—100% 之间');
    await expect(setSettings(national.actor, { thresholdNonPublic: 0.2, thresholdSocialOrg: -1 })).rejects.toThrow('参考比例');
    expect(await getSetting('thresholdNonPublic')).toBe(0.1); // all or nothing

    await setSettings(national.actor, { thresholdNonPublic: 0.2, thresholdFormerNational: 0.3 });
    const board = await unitBoard(shAdmin.actor, 'unit-R09', TERM);
    expect(board.thresholds).toEqual({ formerNational: 0.3, nonPublic: 0.2, socialOrg: 0.05 });
    expect(board.unit.structure.nonPublic).toMatchObject({ share: 0.1, threshold: 0.2, met: false });
    expect(board.unit.structure.formerNational).toMatchObject({ share: 0, threshold: 0.3, met: false });
    const audit = await db().audit.where('action').equals('setting.change').toArray();
    expect(audit.map((a) => a.summary)).toEqual(['修改设置 thresholdNonPublic：0.1 → 0.2', '修改设置 thresholdFormerNational：null → 0.3']);
  });

  it('交通运输 totals its published 快递 sub-row (106 / 1060), which is also shown as its own row', async () => {
    const { trAdmin } = await world();
    await collectives(trAdmin, 'unit-I06', times(3, { status: 'approved' as const }));
    await collectives(trAdmin, 'unit-I06-1', times(2, { status: 'approved' as const }));
    const board = await unitBoard(trAdmin.actor, 'unit-I06', TERM);
    expect([board.unit.base, board.unit.required, board.unit.approved]).toEqual([106, 1060, 5]);
    const sub = board.children.find((c) => c.subRow)!;
    expect([sub.unit.name, sub.base, sub.required, sub.approved]).toEqual(['快递', 10, 100, 2]);
    // industry lines get no verdict on the non-public and social-organisation shares
    expect(board.unit.structure.nonPublic.met).toBeNull();
  });

  it('flags the published 公安 row (100 / 100) instead of correcting it', async () => {
    const { national } = await world();
    const board = await unitBoard(national.actor, 'unit-I03', TERM);
    expect([board.unit.base, board.unit.required, board.unit.deviates]).toEqual([100, 100, true]);
    expect(board.unit.deviationMessage).toBe('公布的应完成数 100 与“基数 × 10 = 1000”的规则不一致（按公布数执行）');
  });

  it('refuses other units and collectives', async () => {
    const { shAdmin, trAdmin } = await world();
    await expect(unitBoard(trAdmin.actor, 'unit-R09', TERM)).rejects.toBeInstanceOf(ScopeError);
    const c = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '某集体', recoveryEmail: '' }, TERM);
    const coll = await login(c.account.code, c.oneTimePassword);
    await expect(unitBoard(coll.actor, 'unit-R09', TERM)).rejects.toBeInstanceOf(ScopeError);
  });
});

describe('the national overview', () => {
  it('has all 60 published rows with the published totals, counting a sub-row collective once', async () => {
    const { national, shAdmin, trAdmin } = await world();
    await collectives(shAdmin, 'unit-R09', [...times(3, { status: 'approved' as const }), { status: 'filed' }]);
    await collectives(trAdmin, 'unit-I06', [{ status: 'approved' }]);
    await collectives(trAdmin, 'unit-I06-1', [{ status: 'approved', type: '非公经济组织' }]);
    const board = await nationalBoard(national.actor, TERM);
    expect(board.rows).toHaveLength(60);
    const [industry, region, all] = board.totals;
    expect([industry!.label, industry!.rows, industry!.base, industry!.required]).toEqual(['行业合计', 26, 1096, 10060]);
    expect([region!.label, region!.rows, region!.base, region!.required]).toEqual(['地方合计', 34, 483, 4830]);
    expect([all!.rows, all!.base, all!.required, all!.filed, all!.approved]).toEqual([60, 1579, 14890, 6, 5]);
    const byName = (name: string) => board.rows.find((r) => r.unit.name === name)!;
    expect(byName('交通运输').approved).toBe(1);
    expect(byName('快递').approved).toBe(1);
    expect(byName('上海').filed).toBe(4);
    expect(byName('公安').deviates).toBe(true);
    expect(board.rows.filter((r) => r.deviates).map((r) => r.unit.name)).toEqual(['公安']);
    expect(all!.structure.nonPublic).toBe(1);
    await expect(nationalBoard(shAdmin.actor, TERM)).rejects.toBeInstanceOf(ScopeError);
  });
});
