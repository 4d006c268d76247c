/**
 * One-time passwords and recovery codes.
 *
 * Policy: the notice's fixed initial passwords (1406 / 123456) are never used. Every new
 * account, and every password reset done by an administrator, gets a random one-time password
 * that is shown once to the issuing administrator; the account must choose its own password at
 * the next login (`Account.mustChangePassword`).
 * - 12 characters from a 32-character alphabet without look-alikes (no 0/O, 1/I/l; upper case
 *   only, so case never matters when reading it aloud or off paper): 60 bits.
 * - Shown and stored as XXXX-XXXX-XXXX. The dashes make it pass the password policy (letters
 *   or digits plus a symbol) and keep any account code (9+ characters) from appearing in it;
 *   a draw the policy would still refuse (e.g. one ending in a listed word) is drawn again.
 * - Recovery codes: XXXXX-XXXXX from the same alphabet (50 bits each), unique within a batch.
 *   Store them hashed, like passwords; each one works once.
 * Characters are drawn with rejection sampling (see random.ts).
 */
import { checkNewPassword } from './passwordPolicy';
import { randomString } from './random';

export const ONE_TIME_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function grouped(raw: string, size: number): string {
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i += size) parts.push(raw.slice(i, i + size));
  return parts.join('-');
}

/** A one-time password such as `7KQM-R2XD-HW9P`. */
export function generateOneTimePassword(): string {
  for (;;) {
    const otp = grouped(randomString(ONE_TIME_ALPHABET, 12), 4);
    if (checkNewPassword(otp, { code: '' }).length === 0) return otp;
  }
}

/**
 * What someone typed for a one-time password or recovery code → the canonical grouped form:
 * full width, case, spaces and dashes are folded. Input that is not of the right length and
 * alphabet is returned trimmed and otherwise unchanged (it then simply fails verification).
 */
export function normaliseOneTimeInput(input: string): string {
  const trimmed = String(input ?? '').trim();
  const compact = trimmed.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—―−_]/g, '');
  const valid = [...compact].every((c) => ONE_TIME_ALPHABET.includes(c));
  if (valid && compact.length === 12) return grouped(compact, 4);
  if (valid && compact.length === 10) return grouped(compact, 5);
  return trimmed;
}

/** `n` distinct recovery codes such as `F3K9Q-WX2MB`. */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new RangeError('n must be an integer from 1 to 100');
  const codes = new Set<string>();
  while (codes.size < n) codes.add(grouped(randomString(ONE_TIME_ALPHABET, 10), 5));
  return [...codes];
}
