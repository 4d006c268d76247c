/**
 * Failed-login throttling.
 *
 * Policy: the first 3 failed attempts cost nothing; from the 4th on, the next attempt must wait
 * 2 s, then 4 s, 8 s … doubling per failure, capped at 5 minutes. It never becomes a permanent
 * lock: an offline laptop has nobody who could unlock it, and a lock would let anyone who knows
 * a code shut its owner out. A successful login (or an administrator issuing a new one-time
 * password) resets the count.
 * The count and the last failure time are stored on the account, so restarting the app does
 * not reset the delay. All functions are pure: the caller passes the current time. When the
 * clock went backwards (last failure "in the future") the elapsed time cannot be known, and
 * waiting until the clock catches up could mean months: the attempt is allowed, and the next
 * failure is stamped with the corrected time.
 * While a wait is running the password must not be checked at all, so guessing during the wait
 * gains nothing.
 */
import type { Account } from '../model/entities';

export const FREE_FAILED_LOGINS = 3;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 5 * 60_000;

/** Delay that must pass after the last failure, given how many failures there were. */
export function loginDelayMs(failedCount: number): number {
  if (!(failedCount > FREE_FAILED_LOGINS)) return 0; // also NaN and negatives
  const doublings = Math.floor(failedCount) - FREE_FAILED_LOGINS - 1;
  // 2 s · 2^8 already exceeds the cap; stopping here keeps huge counts from overflowing
  if (doublings >= 8) return MAX_DELAY_MS;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** doublings);
}

/** The instant (ISO) from which the next attempt is allowed; null when no wait applies. */
export function nextAllowedAt(failedCount: number, lastFailedAtIso: string | null): string | null {
  const delay = loginDelayMs(failedCount);
  if (delay === 0 || !lastFailedAtIso) return null;
  const last = Date.parse(lastFailedAtIso);
  if (Number.isNaN(last)) return null;
  return new Date(last + delay).toISOString();
}

export type LoginGate = { allowed: true } | { allowed: false; waitMs: number; message: string };

export function checkLoginAllowed(account: Pick<Account, 'failedLogins' | 'lastFailedAt'>, nowIso: string): LoginGate {
  const now = Date.parse(nowIso);
  if (Number.isNaN(now)) throw new RangeError(`invalid time: ${nowIso}`);
  const delay = loginDelayMs(account.failedLogins);
  const last = account.lastFailedAt ? Date.parse(account.lastFailedAt) : NaN;
  // an unreadable timestamp cannot prove a recent failure: do not block on it
  if (delay === 0 || Number.isNaN(last)) return { allowed: true };
  if (last > now) return { allowed: true };
  const waitMs = last + delay - now;
  if (waitMs <= 0) return { allowed: true };
  return { allowed: false, waitMs, message: `登录失败次数过多，请在 ${Math.ceil(waitMs / 1000)} 秒后重试` };
}

/** Account fields after a failed attempt. */
export function recordFailedLogin(account: Pick<Account, 'failedLogins'>, nowIso: string): Pick<Account, 'failedLogins' | 'lastFailedAt'> {
  return { failedLogins: (account.failedLogins > 0 ? Math.floor(account.failedLogins) : 0) + 1, lastFailedAt: nowIso };
}

/** Account fields after a successful login or an administrator's password reset. */
export function clearFailedLogins(): Pick<Account, 'failedLogins' | 'lastFailedAt'> {
  return { failedLogins: 0, lastFailedAt: null };
}
