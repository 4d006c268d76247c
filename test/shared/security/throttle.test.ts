import { describe, it, expect } from 'vitest';
import { checkLoginAllowed, clearFailedLogins, loginDelayMs, nextAllowedAt, recordFailedLogin } from '../../../shared/security/throttle';

const T0 = '2017-05-04T08:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('loginDelayMs', () => {
  it('is free for 3 failures, then doubles from 2 s up to a 5-minute cap', () => {
    expect([0, 1, 2, 3].map(loginDelayMs)).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7, 8, 9, 10, 11].map(loginDelayMs)).toEqual([2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000]);
    expect(loginDelayMs(12)).toBe(300_000);
  });

  it('never locks permanently: any count waits at most 5 minutes', () => {
    for (const n of [13, 50, 1000, 1e9, Number.MAX_SAFE_INTEGER, Infinity]) expect(loginDelayMs(n)).toBe(300_000);
    expect(loginDelayMs(NaN)).toBe(0);
    expect(loginDelayMs(-5)).toBe(0);
  });
});

describe('nextAllowedAt', () => {
  it('adds the delay to the last failure', () => {
    expect(nextAllowedAt(3, T0)).toBeNull();
    expect(nextAllowedAt(4, T0)).toBe(plus(2000));
    expect(nextAllowedAt(1e6, T0)).toBe(plus(300_000));
    expect(nextAllowedAt(6, null)).toBeNull();
  });
});

describe('checkLoginAllowed', () => {
  it('walks through a sequence of failures as stored on the account', () => {
    let account = { failedLogins: 0, lastFailedAt: null as string | null };
    for (let i = 1; i <= 3; i++) {
      account = recordFailedLogin(account, T0);
      expect(checkLoginAllowed(account, T0)).toEqual({ allowed: true });
    }
    account = recordFailedLogin(account, T0);
    expect(account.failedLogins).toBe(4);
    expect(checkLoginAllowed(account, plus(500))).toEqual({ allowed: false, waitMs: 1500, message: '登录失败次数过多，请在 2 秒后重试' });
    expect(checkLoginAllowed(account, plus(2000))).toEqual({ allowed: true });
    account = recordFailedLogin(account, plus(2000));
    expect(checkLoginAllowed(account, plus(2000))).toMatchObject({ allowed: false, waitMs: 4000 });
    account = { ...account, ...clearFailedLogins() };
    expect(checkLoginAllowed(account, plus(2000))).toEqual({ allowed: true });
  });

  it('survives a restart: state is only what is stored, time is passed in', () => {
    const stored = { failedLogins: 20, lastFailedAt: T0 };
    const gate = checkLoginAllowed(stored, plus(60_000));
    expect(gate).toEqual({ allowed: false, waitMs: 240_000, message: '登录失败次数过多，请在 240 秒后重试' });
    expect(checkLoginAllowed(stored, plus(300_000))).toEqual({ allowed: true });
  });

  it('rounds the wait up to whole seconds in the message', () => {
    const gate = checkLoginAllowed({ failedLogins: 5, lastFailedAt: T0 }, plus(1));
    expect(gate).toMatchObject({ allowed: false, waitMs: 3999, message: '登录失败次数过多，请在 4 秒后重试' });
  });

  it('does not lock for months when the clock went backwards', () => {
    const future = plus(365 * 24 * 3600_000); // failure stamped while the clock was a year ahead
    expect(checkLoginAllowed({ failedLogins: 1e6, lastFailedAt: future }, T0)).toEqual({ allowed: true });
    // the next failure is stamped with the corrected clock, and throttling resumes
    const next = recordFailedLogin({ failedLogins: 1e6 }, T0);
    expect(checkLoginAllowed(next, plus(1000))).toMatchObject({ allowed: false, waitMs: 299_000 });
  });

  it('does not block on an unreadable timestamp', () => {
    expect(checkLoginAllowed({ failedLogins: 9, lastFailedAt: 'garbage' }, T0)).toEqual({ allowed: true });
  });
});
