import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import {
  changeOwnPassword,
  createSubunit,
  deactivateAccount,
  issueAccount,
  listAccounts,
  lookupCollectiveCode,
  recoverCodesByEmail,
  resetPassword,
  setHashOptionsForTests,
} from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { getCollective, listVisibleCollectives, ownCollective } from '../../../renderer/db/repos/collectives';
import { runSetup } from '../../../renderer/db/repos/setup';
import { listAudit } from '../../../renderer/db/repos/audit';
import { resetClockForTests, SYSTEM_ACTOR, writeTx } from '../../../renderer/db/write';
import { ScopeError } from '../../../shared/rules/scope';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
const TERM = '2017-2018';
let n = 0;

async function snapshot() {
  const d = db();
  return JSON.stringify([await d.accounts.toArray(), await d.collectives.toArray(), await d.units.toArray(), await d.audit.count()]);
}

/** A national-office laptop holding two units' admins, so scope can be crossed. */
async function world() {
  const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
  const national = await login(code, PW);
  const sh = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海管理员', recoveryEmail: 'sh@example.cn' }, TERM);
  const js = await issueAccount(national.actor, { role: 'admin1', unitId: 'unit-R10', displayName: '江苏管理员', recoveryEmail: '' }, TERM);
  const shAdmin = await login(sh.account.code, sh.oneTimePassword);
  const jsAdmin = await login(js.account.code, js.oneTimePassword);
  return { national, shAdmin, jsAdmin };
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`accounts-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('issuing codes', () => {
  it('gives each new account a one-time password it must replace, and never stores it in clear', async () => {
    const { shAdmin } = await world();
    const r = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, TERM);
    expect(r.account.code).toMatch(/^R09J00001/);
    expect(r.account.mustChangePassword).toBe(true);
    expect(r.collective?.status).toBe('registered');
    expect(JSON.stringify(await db().accounts.toArray())).not.toContain(r.oneTimePassword);
    const s = await login(r.account.code, r.oneTimePassword);
    expect(s.account.mustChangePassword).toBe(true);
    await expect(changeOwnPassword(s.actor, null, '123456')).rejects.toThrow('123456');
    await expect(changeOwnPassword(s.actor, null, '1406')).rejects.toThrow('1406');
    const updated = await changeOwnPassword(s.actor, null, 'Jizhenke!2017');
    expect(updated.mustChangePassword).toBe(false);
    await expect(login(r.account.code, r.oneTimePassword)).rejects.toThrow();
    await expect(login(r.account.code, 'Jizhenke!2017')).resolves.toBeTruthy();
  });

  it('numbers codes per unit and refuses a second code for the same collective name', async () => {
    const { shAdmin } = await world();
    const a = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '浦东新区团委青年志愿服务队', recoveryEmail: '' }, TERM);
    const b = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '张二级', recoveryEmail: '' }, TERM);
    expect(a.account.code.slice(0, 9)).toBe('R09J00001');
    expect(b.account.code.slice(0, 7)).toBe('R09A200');
    const before = await snapshot();
    await expect(
      issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: ' 浦东新区团委青年志愿服务队 ', recoveryEmail: '' }, TERM),
    ).rejects.toThrow('同一集体只能有一个编码');
    expect(await snapshot()).toBe(before);
  });
});

describe('scope is enforced in the repos', () => {
  it('refuses out-of-scope actors and changes nothing', async () => {
    const { shAdmin, jsAdmin } = await world();
    const r = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线', recoveryEmail: '' }, TERM);
    const lvl2 = await issueAccount(shAdmin.actor, { role: 'admin2', unitId: 'unit-R09', displayName: '李二级', recoveryEmail: '' }, TERM);
    const lvl2s = await login(lvl2.account.code, lvl2.oneTimePassword);
    const coll = await login(r.account.code, r.oneTimePassword);
    const before = await snapshot();

    // 江苏 cannot touch 上海's records
    await expect(issueAccount(jsAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '越权集体', recoveryEmail: '' }, TERM)).rejects.toBeInstanceOf(ScopeError);
    await expect(resetPassword(jsAdmin.actor, r.account.id)).rejects.toBeInstanceOf(ScopeError);
    await expect(deactivateAccount(jsAdmin.actor, lvl2.account.id, '越权')).rejects.toBeInstanceOf(ScopeError);
    await expect(createSubunit(jsAdmin.actor, 'unit-R09', '越权区')).rejects.toBeInstanceOf(ScopeError);
    await expect(getCollective(jsAdmin.actor, r.collective!.id)).rejects.toBeInstanceOf(ScopeError);
    expect((await listAccounts(jsAdmin.actor)).map((a) => a.unitId)).toEqual(['unit-R10']);
    // a level-2 admin issues no codes
    await expect(issueAccount(lvl2s.actor, { role: 'collective', unitId: 'unit-R09', displayName: '二级派发', recoveryEmail: '' }, TERM)).rejects.toThrow('只有一级管理员');
    // only the national office deactivates a collective's code
    await expect(deactivateAccount(shAdmin.actor, r.account.id, '违纪')).rejects.toThrow('全国组委会办公室');
    // a collective sees only itself
    expect((await listVisibleCollectives(coll.actor)).map((c) => c.id)).toEqual([r.collective!.id]);
    expect(await listAccounts(coll.actor)).toEqual([]);
    await expect(lookupCollectiveCode(coll.actor, '地铁')).rejects.toBeInstanceOf(ScopeError);
    await expect(listAudit(coll.actor)).rejects.toBeInstanceOf(ScopeError);
    await expect(listAudit(lvl2s.actor)).rejects.toBeInstanceOf(ScopeError);

    expect(await snapshot()).toBe(before);
    expect((await ownCollective(coll.actor)).profile.name).toBe('上海地铁一号线');
  });

  it('lets the national office deactivate a collective, after which it cannot log in', async () => {
    const { national, shAdmin } = await world();
    const r = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海港务集团青年突击队', recoveryEmail: '' }, TERM);
    await deactivateAccount(national.actor, r.account.id, '违法违纪');
    await expect(login(r.account.code, r.oneTimePassword)).rejects.toThrow('已被注销');
  });
});

describe('subunits, resets, recovery', () => {
  it('creates subunits with fixed-width codes and issues admins in them', async () => {
    const { shAdmin } = await world();
    const pd = await createSubunit(shAdmin.actor, 'unit-R09', '浦东新区');
    const mh = await createSubunit(shAdmin.actor, 'unit-R09', '闵行区');
    expect([pd.code, mh.code]).toEqual(['R09-01', 'R09-02']);
    expect(pd.path.startsWith(shAdmin.unit.path)).toBe(true);
    await expect(createSubunit(shAdmin.actor, 'unit-R09', '浦东新区')).rejects.toThrow('同名单位');
    const a3 = await issueAccount(shAdmin.actor, { role: 'admin3', unitId: pd.id, displayName: '王三级', recoveryEmail: '' }, TERM);
    expect(a3.account.code.slice(0, 7)).toBe('R0901A3');
    const s3 = await login(a3.account.code, a3.oneTimePassword);
    // the level-3 admin of 浦东 sees only 浦东's subtree
    expect(s3.actor.unitPath).toBe(pd.path);
  });

  it('an admin reset issues a new one-time password that must be changed', async () => {
    const { shAdmin } = await world();
    const r = await issueAccount(shAdmin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海图书馆读者服务部', recoveryEmail: 'lib@example.cn' }, TERM);
    const s = await login(r.account.code, r.oneTimePassword);
    await changeOwnPassword(s.actor, null, 'Library#2017x');
    const otp = await resetPassword(shAdmin.actor, r.account.id);
    const again = await login(r.account.code, otp);
    expect(again.account.mustChangePassword).toBe(true);
    expect(await recoverCodesByEmail('LIB@example.cn')).toEqual([{ code: r.account.code, displayName: '上海图书馆读者服务部' }]);
    expect((await lookupCollectiveCode(shAdmin.actor, '图书馆')).map((x) => x.code)).toEqual([r.account.code]);
  });
});

describe('failed-login throttling', () => {
  it('survives a restart (state is on the account) and never locks permanently', async () => {
    const { code } = await runSetup({ unitCode: 'R09', adminName: '王', password: PW, recoveryEmail: '' });
    const t0 = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 4; i++) await expect(login(code, 'wrong-wrong-1', t0)).rejects.toThrow();
    // "restart": drop the connection and the clock, reopen the same database
    const name = db().name;
    await closeDb();
    resetClockForTests();
    initDb(name);
    await expect(login(code, PW, new Date(t0.getTime() + 500))).rejects.toThrow(/秒后重试/);
    // after the delay passes, the right password works
    await expect(login(code, PW, new Date(t0.getTime() + 6 * 60_000))).resolves.toBeTruthy();
  });
});

describe('audit trail', () => {
  it('records every state change and detects an edited row', async () => {
    await world();
    const rows = await db().audit.orderBy('seq').toArray();
    expect(rows.map((r) => r.action)).toEqual(['setup', 'login', 'account.issue', 'account.issue', 'login', 'login']);
    expect(verifyAudit(rows)).toMatchObject({ ok: true, count: 6 });
    await db().audit.update(3, { summary: '被篡改' });
    expect(verifyAudit(await db().audit.orderBy('seq').toArray())).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('a failing action writes neither its records nor its audit entry', async () => {
    await world();
    const before = await db().audit.count();
    await expect(
      writeTx(SYSTEM_ACTOR, [db().units], async (w) => {
        w.audit({ action: 'x', entity: 'unit', entityId: 'u', summary: 'half' });
        await db().units.add(w.create({ code: 'TMP', name: 't', channel: 'region', parentId: null, path: '/t/', depth: 1, provincialCommittee: false, quotaSubRow: false, sortOrder: 0 }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db().audit.count()).toBe(before);
    expect(await db().units.where('code').equals('TMP').count()).toBe(0);
  });
});
