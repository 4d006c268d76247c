/**
 * Password storage policy.
 *
 * - PBKDF2-HMAC-SHA256 through WebCrypto (identical in Electron's renderer, browsers and Node),
 *   600,000 iterations (OWASP's 2023 figure for PBKDF2-SHA256), a fresh 16-byte random salt per
 *   hash, a 32-byte derived key; salt and key stored as base64.
 * - The parameters are stored with the hash, so raising the default later keeps old hashes
 *   verifiable; `needsRehash` tells the login flow to re-hash after a successful sign-in.
 * - Passwords people choose always use the default. The `iterations` option exists for unit tests
 *   and for one-time passwords (60-bit random secrets that must be replaced at first login, where
 *   the cost adds nothing against guessing; renderer/db/repos/hashing.ts); a hash made with it
 *   reports `needsRehash() === true`.
 * - The password is NFC-normalised first, so the same text typed through different input
 *   methods (precomposed or combining characters) gives the same hash.
 * - Derived keys are compared in constant time. Malformed or absurd stored parameters make
 *   verification fail rather than throw or hang (a corrupted or hostile imported record must
 *   not block the login screen).
 */
import type { PasswordHash } from '../model/entities';
import { base64ToBytes, bytesToBase64 } from './base64';
import { randomBytes } from './random';

export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
/** Lowest count the test-only `iterations` option accepts: still a real KDF, just a fast one. */
const MIN_TEST_ITERATIONS = 1_000;
/** Refuse to run a stored count above this: ~17× the default, seconds of CPU per attempt. */
const MAX_VERIFY_ITERATIONS = 10_000_000;

export interface HashPasswordOptions {
  /**
   * FOR TESTS ONLY. Production callers pass no options and always get PBKDF2_ITERATIONS.
   * Accepted range: 1,000 … PBKDF2_ITERATIONS.
   */
  iterations?: number;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const pwBytes = new Uint8Array(new TextEncoder().encode(password.normalize('NFC')));
  const key = await crypto.subtle.importKey('raw', pwBytes, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, opts?: HashPasswordOptions): Promise<PasswordHash> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  let iterations = PBKDF2_ITERATIONS;
  if (opts?.iterations !== undefined) {
    const t = opts.iterations;
    if (!Number.isInteger(t) || t < MIN_TEST_ITERATIONS || t > PBKDF2_ITERATIONS) {
      throw new RangeError(`iterations must be an integer from ${MIN_TEST_ITERATIONS} to ${PBKDF2_ITERATIONS}`);
    }
    iterations = t;
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, iterations);
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: bytesToBase64(salt), hash: bytesToBase64(hash) };
}

/** Length is not secret; the contents are compared without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (typeof password !== 'string' || !stored || stored.algorithm !== 'PBKDF2-SHA256') return false;
  const { iterations } = stored;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_VERIFY_ITERATIONS) return false;
  const salt = typeof stored.salt === 'string' ? base64ToBytes(stored.salt) : null;
  const expected = typeof stored.hash === 'string' ? base64ToBytes(stored.hash) : null;
  if (!salt || salt.length === 0 || !expected || expected.length !== HASH_BYTES) return false;
  const actual = await derive(password, salt, iterations);
  return constantTimeEqual(actual, expected);
}

/** True when the stored hash is weaker than what hashPassword makes today. */
export function needsRehash(stored: PasswordHash): boolean {
  if (!stored || stored.algorithm !== 'PBKDF2-SHA256') return true;
  if (!Number.isInteger(stored.iterations) || stored.iterations < PBKDF2_ITERATIONS) return true;
  const salt = base64ToBytes(stored.salt);
  const hash = base64ToBytes(stored.hash);
  return !salt || salt.length < SALT_BYTES || !hash || hash.length !== HASH_BYTES;
}
