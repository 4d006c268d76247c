/**
 * Uniform random choices from WebCrypto. Policy: every secret or identifier drawn from an
 * alphabet uses rejection sampling — a byte is discarded when it falls in the incomplete last
 * block of the alphabet size — so no character is more likely than another (`byte % n` alone
 * would favour the first 256 % n characters).
 */

/** Cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  // getRandomValues refuses requests above 65,536 bytes
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
}

/** `length` characters drawn independently and uniformly from `alphabet` (2–256 characters). */
export function randomString(alphabet: string, length: number): string {
  const chars = [...alphabet];
  const n = chars.length;
  if (n < 2 || n > 256) throw new RangeError('alphabet must hold 2 to 256 characters');
  if (!Number.isInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
  const limit = 256 - (256 % n); // bytes at or above this would bias the first characters
  let out = '';
  let drawn = 0;
  while (drawn < length) {
    // draw a little more than needed so most calls take one round
    const bytes = randomBytes(Math.ceil((length - drawn) * 1.25) + 4);
    for (const b of bytes) {
      if (b >= limit) continue;
      out += chars[b % n]!;
      if (++drawn === length) break;
    }
  }
  return out;
}
