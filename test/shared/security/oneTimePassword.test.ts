import { describe, it, expect } from 'vitest';
import { generateOneTimePassword, generateRecoveryCodes, normaliseOneTimeInput, ONE_TIME_ALPHABET } from '../../../shared/security/oneTimePassword';
import { checkNewPassword } from '../../../shared/security/passwordPolicy';
import { adminCode, collectiveCode, nationalOfficeCode } from '../../../shared/security/codes';
import { randomString } from '../../../shared/security/random';

const CODES = [collectiveCode('R09', 17), collectiveCode('I06-1', 99999), adminCode('R23', 2, 456), nationalOfficeCode(), collectiveCode('R23', 23456)];

describe('generateOneTimePassword', () => {
  it('gives XXXX-XXXX-XXXX from the unambiguous alphabet, distinct over 1000 draws, each passing the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const otp = generateOneTimePassword();
      expect(otp).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}$/);
      expect(otp).not.toMatch(/[01OIl]/);
      seen.add(otp);
      for (const code of CODES) expect(checkNewPassword(otp, { code })).toEqual([]);
    }
    expect(seen.size).toBe(1000);
  });

  it('uses every alphabet character (no character is unreachable)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) for (const c of generateOneTimePassword().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...ONE_TIME_ALPHABET].sort().join(''));
  });

  it('reads back what a person types: lower case, spaces, full width', () => {
    expect(normaliseOneTimeInput(' 7kqm r2xd hw9p ')).toBe('7KQM-R2XD-HW9P');
    expect(normaliseOneTimeInput('７ＫＱＭ－Ｒ２ＸＤ－ＨＷ９Ｐ')).toBe('7KQM-R2XD-HW9P');
    expect(normaliseOneTimeInput('f3k9qwx2mb')).toBe('F3K9Q-WX2MB');
    expect(normaliseOneTimeInput(' my own password ')).toBe('my own password');
  });
});

describe('generateRecoveryCodes', () => {
  it('gives n distinct XXXXX-XXXXX codes', () => {
    const codes = generateRecoveryCodes(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[23456789A-HJ-NP-Z]{5}-[23456789A-HJ-NP-Z]{5}$/);
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
  });
});

describe('randomString', () => {
  it('is unbiased for an alphabet that does not divide 256 (rejection sampling)', () => {
    // with plain `byte % 3`, 'a' would come up 86/256 ≈ 33.6 % vs 'c' 85/256; with 60,000 draws
    // the difference is too small to test reliably, so use an alphabet where bias is gross:
    // 255 characters, of which byte 255 % 255 = 0 would make the first one twice as likely
    const alphabet = Array.from({ length: 255 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
    const s = randomString(alphabet, 255 * 400);
    let first = 0;
    for (const c of s) if (c === alphabet[0]) first++;
    // expected 400 (σ ≈ 20); with modulo bias it would be ≈ 800
    expect(first).toBeGreaterThan(300);
    expect(first).toBeLessThan(520);
  });
});
