/**
 * Signing in. Failed attempts are counted on the account (so the growing delay survives a
 * restart) and audited; the delay never becomes a permanent lock (shared/security/throttle.ts).
 * Wrong code and wrong password get the same message, so codes cannot be probed.
 */
import type { Account, Unit } from '../../../shared/model/entities';
import { verifyPassword } from '../../../shared/security/password';
import { hash, weakerThanCurrent } from './hashing';
import { normaliseOneTimeInput } from '../../../shared/security/oneTimePassword';
import { checkLoginAllowed } from '../../../shared/security/throttle';
import { normaliseCodeInput } from '../../../shared/security/codes';
import { db } from '../db';
import { SYSTEM_ACTOR, writeTx, type Actor } from '../write';

export interface Session {
  account: Account;
  unit: Unit;
  actor: Actor;
}

export class LoginError extends Error {}

export const BAD_CREDENTIALS = '用户名（编码）或密码错误';

export function actorOf(account: Account, unit: Unit): Actor {
  return {
    accountId: account.id,
    role: account.role,
    unitId: unit.id,
    unitPath: unit.path,
    collectiveId: account.collectiveId,
    displayName: account.displayName,
  };
}

export async function login(codeInput: string, password: string, now = new Date()): Promise<Session> {
  const d = db();
  const code = normaliseCodeInput(codeInput);
  const account = code ? await d.accounts.where('code').equals(code).first() : undefined;
  if (!account) throw new LoginError(BAD_CREDENTIALS);
  const gate = checkLoginAllowed(account, now.toISOString());
  if (!gate.allowed) throw new LoginError(gate.message);
  // a one-time password may be typed in lower case, with spaces or full-width characters
  const ok =
    (await verifyPassword(password, account.password)) ||
    (account.mustChangePassword && (await verifyPassword(normaliseOneTimeInput(password), account.password)));
  if (!ok) {
    await writeTx(SYSTEM_ACTOR, [d.accounts], async (w) => {
      const fresh = await d.accounts.get(account.id);
      if (!fresh) return;
      await d.accounts.put(
        w.touch(fresh, { failedLogins: fresh.failedLogins + 1, lastFailedAt: now.toISOString() }),
      );
      w.audit({ action: 'login.failed', entity: 'account', entityId: account.id, summary: `登录失败（第 ${fresh.failedLogins + 1} 次）：${account.code}` });
    });
    throw new LoginError(BAD_CREDENTIALS);
  }
  if (account.status === 'deactivated') throw new LoginError('该用户名（编码）已被注销，请联系管理员');
  if (account.status === 'superseded') throw new LoginError('该用户名（编码）已被新编码取代，请使用管理员重新派发的编码登录');
  const unit = await d.units.get(account.unitId);
  if (!unit) throw new LoginError('账号所属单位不存在，请联系管理员');
  // raise the hashing cost of an old hash while the password is at hand (hashing outside the transaction)
  const rehashed = weakerThanCurrent(account.password) && !account.mustChangePassword ? await hash(password) : null;
  const updated = await writeTx(actorOf(account, unit), [d.accounts], async (w) => {
    const fresh = (await d.accounts.get(account.id))!;
    const next = w.touch(fresh, {
      failedLogins: 0,
      lastFailedAt: null,
      lastLoginAt: now.toISOString(),
      ...(rehashed ? { password: rehashed } : {}),
    });
    await d.accounts.put(next);
    w.audit({ action: 'login', entity: 'account', entityId: account.id, summary: `登录：${account.displayName}（${account.code}）` });
    return next;
  });
  return { account: updated, unit, actor: actorOf(updated, unit) };
}
