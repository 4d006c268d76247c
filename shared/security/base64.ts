/**
 * Standard base64 (RFC 4648 §4, with padding) for stored hash fields. shared/ has neither
 * `btoa` nor `Buffer`, and @noble/hashes has no base64, so this small codec lives here.
 * Decoding is strict: a stored value that is not canonical base64 is treated as corrupt.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]!;
    out += ALPHABET[((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : ALPHABET[((b1 & 0x0f) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : ALPHABET[b2 & 0x3f]!;
  }
  return out;
}

/** Returns null for anything that is not canonical padded base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const v: number[] = [];
    for (let j = 0; j < 4; j++) {
      const c = text[i + j]!;
      if (c === '=' && last && j >= 4 - pad) {
        v.push(0);
        continue;
      }
      const n = LOOKUP.get(c);
      if (n === undefined) return null;
      v.push(n);
    }
    const [a, b, c, d] = v as [number, number, number, number];
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    // non-canonical encodings (stray bits under the padding) would let two strings mean one value
    if (last && pad === 2 && (b & 0x0f) !== 0) return null;
    if (last && pad === 1 && (c & 0x03) !== 0) return null;
    out[o++] = (triple >> 16) & 0xff;
    if (o < out.length) out[o++] = (triple >> 8) & 0xff;
    if (o < out.length) out[o++] = triple & 0xff;
  }
  return out;
}
