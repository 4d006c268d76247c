import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { login, LoginError } from '../../../renderer/db/repos/auth';
import { quotaFigures } from '../../../renderer/db/repos/units';
import { nationalBoard } from '../../../renderer/db/repos/quotaBoard';
import { getInstallation, runSetup, SetupError } from '../../../renderer/db/repos/setup';
import { resetClockForTests } from '../../../renderer/db/write';
import { setHashOptionsForTests } from '../../../renderer/db/repos/hashing';
import { verifyAudit } from '../../../shared/security/audit';

const PW = 'Shanghai#2017yca';
let n = 0;

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`setup-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('first-run setup', () => {
  it('seeds the reference data and the first level-1 admin, all in one go', async () => {
    const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
    expect(code).toMatch(/^R09A1/);
    const d = db();
    expect(await d.units.count()).toBe(61); // 60 published rows + the national office
    expect(await d.quotas.count()).toBe(60);
    expect(await getInstallation()).toMatchObject({ unitId: 'unit-R09' });
    const q = await quotaFigures('unit-R09', '2017-2018');
    expect(q).toMatchObject({ base: 21, required: 210, filed: 0, approved: 0, deviates: false });
    const account = await d.accounts.where('code').equals(code).first();
    expect(account).toMatchObject({ role: 'admin1', mustChangePassword: false, unitId: 'unit-R09' });
    expect(account!.rev).toMatch(/^\d{13}-[0-9a-f]{4}-/);
    const audit = await d.audit.orderBy('seq').toArray();
    expect(audit.map((a) => a.action)).toEqual(['setup']);
    expect(verifyAudit(audit)).toMatchObject({ ok: true });
  });

  it('totals a parent row with its published sub-row and flags 公安', async () => {
    const { code } = await runSetup({ unitCode: 'N00', adminName: '李国强', password: PW, recoveryEmail: '' });
    expect(await quotaFigures('unit-I06', '2017-2018')).toMatchObject({ base: 106, required: 1060 });
    expect(await quotaFigures('unit-I03', '2017-2018')).toMatchObject({ base: 100, required: 100, deviates: true });
    const board = await nationalBoard((await login(code, PW)).actor, '2017-2018');
    expect(board.rows).toHaveLength(60);
    expect(board.rows.filter((r) => r.deviates).map((r) => r.unit.name)).toEqual(['公安']);
  });

  it('refuses weak passwords and a second setup, writing nothing', async () => {
    await expect(runSetup({ unitCode: 'R09', adminName: '王', password: '123456', recoveryEmail: '' })).rejects.toBeInstanceOf(SetupError);
    expect(await db().units.count()).toBe(0);
    await runSetup({ unitCode: 'R09', adminName: '王', password: PW, recoveryEmail: '' });
    await expect(runSetup({ unitCode: 'R01', adminName: '赵', password: PW, recoveryEmail: '' })).rejects.toThrow('已完成初始设置');
    expect(await db().accounts.count()).toBe(1);
  });

  it('refuses an unknown unit without writing anything', async () => {
    await expect(runSetup({ unitCode: 'R99', adminName: '王', password: PW, recoveryEmail: '' })).rejects.toThrow();
    expect(await db().units.count()).toBe(0);
    expect(await db().audit.count()).toBe(0);
  });
});

describe('login', () => {
  it('accepts the right password, refuses a wrong one with one message for both cases, and counts failures', async () => {
    const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
    await expect(login('NOSUCHCODE', PW)).rejects.toThrow('用户名（编码）或密码错误');
    await expect(login(code, 'nope-nope-nope')).rejects.toBeInstanceOf(LoginError);
    const acc = await db().accounts.where('code').equals(code).first();
    expect(acc!.failedLogins).toBe(1);
    const s = await login(code.toLowerCase(), PW);
    expect(s.unit.name).toBe('上海');
    expect(s.account.failedLogins).toBe(0);
  });
});
