/**
 * First-run setup: seeds the reference data of the current term and creates the first level-1
 * administrator (or the national office's administrator) for the unit this laptop serves.
 */
import type { Account, Setting } from '../../../shared/model/entities';
import { checkNewPassword } from '../../../shared/security/passwordPolicy';
import { adminCode } from '../../../shared/security/codes';
import { db } from '../db';
import { SYSTEM_ACTOR, writeTx } from '../write';
import { NATIONAL_UNIT_ID, referenceRecords, unitIdOf } from './reference';
import { DEFAULT_SETTINGS } from './settings';
import { hash } from './hashing';

export interface Installation {
  /** the unit this laptop serves ('N00' for the national office) */
  unitId: string;
  setUpAt: string;
}

export const INSTALLATION_KEY = 'installation';

export async function getInstallation(): Promise<Installation | null> {
  const row = await db().meta.get(INSTALLATION_KEY);
  return (row?.value as Installation | undefined) ?? null;
}

export interface SetupInput {
  /** a reference unit code (e.g. 'R09') or 'N00' for the national office */
  unitCode: string;
  adminName: string;
  password: string;
  recoveryEmail: string;
}

export class SetupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('；'));
  }
}

export async function runSetup(input: SetupInput): Promise<{ code: string }> {
  if (await getInstallation()) throw new SetupError(['本机已完成初始设置']);
  const problems: string[] = [];
  const adminName = input.adminName.trim();
  if (!adminName) problems.push('请填写管理员姓名');
  if (adminName.length > 50) problems.push('管理员姓名不能超过 50 个字符');
  const email = input.recoveryEmail.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push('保密邮箱格式不正确');
  const national = input.unitCode === 'N00';
  const code = adminCode(input.unitCode, 1, 1);
  problems.push(...checkNewPassword(input.password, { code, displayName: adminName }));
  if (problems.length) throw new SetupError(problems);

  // Hash outside the transaction: WebCrypto awaits would commit an IndexedDB transaction early.
  const password = await hash(input.password);
  const d = db();
  await writeTx(SYSTEM_ACTOR, [d.units, d.quotas, d.terms, d.accounts, d.settings], async (w) => {
    const { units, quotas, terms } = referenceRecords(w);
    if (!national && !units.some((u) => u.code === input.unitCode)) throw new SetupError(['所选单位不存在']);
    await d.units.bulkAdd(units);
    await d.quotas.bulkAdd(quotas);
    await d.terms.bulkAdd(terms);
    await d.settings.bulkAdd(
      Object.entries(DEFAULT_SETTINGS).map(([key, value]) => w.create<Setting>({ id: `setting-${key}`, key, value })),
    );
    const unitId = national ? NATIONAL_UNIT_ID : unitIdOf(input.unitCode);
    const account = w.create<Account>({
      code,
      displayName: adminName,
      role: national ? 'national' : 'admin1',
      unitId,
      unitPath: units.find((u) => u.id === unitId)!.path,
      collectiveId: null,
      password,
      mustChangePassword: false,
      recoveryEmail: email,
      status: 'active',
      failedLogins: 0,
      lastFailedAt: null,
      lastLoginAt: null,
      issuedBy: null,
      supersededBy: null,
    });
    await d.accounts.add(account);
    const installation: Installation = { unitId, setUpAt: w.now };
    await d.meta.put({ key: INSTALLATION_KEY, value: installation });
    w.audit({
      action: 'setup',
      entity: 'account',
      entityId: account.id,
      summary: `初始设置：单位 ${units.find((u) => u.id === unitId)?.name ?? unitId}，创建管理员 ${adminName}（${code}）`,
    });
  });
  return { code };
}
