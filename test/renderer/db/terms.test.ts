import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import { addTerm, setQuota } from '../../../renderer/db/repos/terms';
import { quotaFigures } from '../../../renderer/db/repos/units';
import { resetClockForTests } from '../../../renderer/db/write';
import { ScopeError } from '../../../shared/rules/scope';

const PW = 'Shanghai#2017yca';
let n = 0;
beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`terms-test-${n++}`);
  setHashOptionsForTests({ iterations: 1000 });
});

describe('terms', () => {
  it('the national office adds a term with copied quotas and makes it current; others are refused', async () => {
    const { code } = await runSetup({ unitCode: 'N00', adminName: '国办', password: PW, recoveryEmail: '' });
    const nat = await login(code, PW);
    const sh = await issueAccount(nat.actor, { role: 'admin1', unitId: 'unit-R09', displayName: '上海', recoveryEmail: '' }, '2017-2018');
    const shs = await login(sh.account.code, sh.oneTimePassword);
    const input = { code: '2019-2020', filingOpens: '2017-10-01', filingDeadline: '2019-09-30', honourCutoff: '2019-09-30', copyQuotasFrom: '2017-2018', makeCurrent: true };
    await expect(addTerm(shs.actor, input)).rejects.toBeInstanceOf(ScopeError);
    await expect(addTerm(nat.actor, { ...input, code: '2019-2021' })).rejects.toThrow('相连的两个年份');
    await expect(addTerm(nat.actor, { ...input, filingOpens: '2020-01-01' })).rejects.toThrow('早于');
    const t = await addTerm(nat.actor, input);
    expect(t.label).toBe('2019—2020年度');
    expect((await db().terms.toArray()).filter((x) => x.current).map((x) => x.code)).toEqual(['2019-2020']);
    expect(await quotaFigures('unit-R09', '2019-2020')).toMatchObject({ base: 21, required: 210 });
    // 公安 keeps its published deviation flag when copied
    expect(await quotaFigures('unit-I03', '2019-2020')).toMatchObject({ deviates: true });
    await setQuota(nat.actor, 'unit-R09', '2019-2020', 23, 230);
    expect(await quotaFigures('unit-R09', '2019-2020')).toMatchObject({ base: 23, required: 230, deviates: false });
    await expect(addTerm(nat.actor, input)).rejects.toThrow('已存在');
  });
});
