import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import { getSetting, setSettings } from '../../../renderer/db/repos/settings';
import { resetClockForTests } from '../../../renderer/db/write';
import { ScopeError } from '../../../shared/rules/scope';

const PW = 'Shanghai#2017yca';
let n = 0;
beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`settings-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('settings permissions', () => {
  it('a level-1 admin changes the laptop’s working settings but not national defaults; bad values are refused whole', async () => {
    const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
    const nat = await login(code, PW);
    const a = await issueAccount(nat.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海', recoveryEmail: '' }, '2017-2018');
    const sh = await login(a.account.code, a.oneTimePassword);
    await setSettings(sh.actor, { idleLockMinutes: 5, preliminaryReviewRequired: true });
    expect(await getSetting('idleLockMinutes')).toBe(5);
    await expect(setSettings(sh.actor, { provincialHonourWindowYears: 3 })).rejects.toBeInstanceOf(ScopeError);
    await expect(setSettings(sh.actor, { idleLockMinutes: 10, provincialHonourWindowYears: 3 })).rejects.toBeInstanceOf(ScopeError);
    await expect(setSettings(nat.actor, { idleLockMinutes: 10, provincialHonourWindowYears: 99 })).rejects.toThrow('0—10');
    expect(await getSetting('idleLockMinutes')).toBe(5);
    await setSettings(nat.actor, { provincialHonourWindowYears: 3 });
    expect(await getSetting('provincialHonourWindowYears')).toBe(3);
  });
});
