import { describe, it, expect } from 'vitest';
import { hashPassword, verifyPassword, needsRehash, PBKDF2_ITERATIONS } from '../../../shared/security/password';
import { base64ToBytes, bytesToBase64 } from '../../../shared/security/base64';

const FAST = { iterations: 1000 };

describe('hashPassword', () => {
  it('uses 600,000 iterations, a 16-byte salt and a 32-byte hash by default, and verifies', async () => {
    const stored = await hashPassword('Shanghai#2017yca');
    expect(stored.algorithm).toBe('PBKDF2-SHA256');
    expect(stored.iterations).toBe(600_000);
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    expect(base64ToBytes(stored.salt)?.length).toBe(16);
    expect(base64ToBytes(stored.hash)?.length).toBe(32);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword('Shanghai#2017yca', stored)).toBe(true);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse 9', FAST);
    expect(await verifyPassword('correct horse 9', stored)).toBe(true);
    expect(await verifyPassword('correct horse 8', stored)).toBe(false);
    expect(await verifyPassword('Correct horse 9', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('same-password-1', FAST);
    const b = await hashPassword('same-password-1', FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword('same-password-1', b)).toBe(true);
  });

  it('matches the same text typed precomposed or with combining marks (NFC)', async () => {
    const composed = 'Caf\u00e9-2017-密码';
    const decomposed = 'Cafe\u0301-2017-密码';
    const stored = await hashPassword(composed, FAST);
    expect(await verifyPassword(decomposed, stored)).toBe(true);
  });

  it('refuses a test iteration count outside 1,000…600,000', async () => {
    await expect(hashPassword('x', { iterations: 10 })).rejects.toThrow(RangeError);
    await expect(hashPassword('x', { iterations: 600_001 })).rejects.toThrow(RangeError);
  });

  it('fails verification instead of throwing on a corrupt or hostile stored hash', async () => {
    const stored = await hashPassword('pw-for-corruption-1', FAST);
    expect(await verifyPassword('pw-for-corruption-1', { ...stored, hash: 'not base64!' })).toBe(false);
    expect(await verifyPassword('pw-for-corruption-1', { ...stored, hash: bytesToBase64(new Uint8Array(16)) })).toBe(false);
    expect(await verifyPassword('pw-for-corruption-1', { ...stored, iterations: 1e12 })).toBe(false);
    expect(await verifyPassword('pw-for-corruption-1', { ...stored, iterations: 999 })).toBe(false);
    expect(await verifyPassword('pw-for-corruption-1', { ...stored, algorithm: 'MD5' as never })).toBe(false);
  });
});

describe('needsRehash', () => {
  it('asks for a rehash when the stored count is below the current default', async () => {
    const weak = await hashPassword('an-old-password-1', FAST);
    expect(weak.iterations).toBe(1000);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash({ ...weak, iterations: 599_999 })).toBe(true);
    expect(needsRehash({ ...weak, iterations: 600_000 })).toBe(false);
    expect(needsRehash({ ...weak, iterations: 1_000_000 })).toBe(false);
    expect(needsRehash({ ...weak, iterations: 600_000, salt: bytesToBase64(new Uint8Array(8)) })).toBe(true);
  });
});

describe('base64', () => {
  it('round-trips every length and refuses non-canonical text', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
    expect(base64ToBytes('AB=')).toBeNull();
    expect(base64ToBytes('AB==')).toBeNull(); // stray bits under the padding
    expect(base64ToBytes('A===')).toBeNull();
    expect(base64ToBytes('QQ==')).toEqual(new Uint8Array([0x41]));
  });
});
