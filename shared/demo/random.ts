/**
 * Seeded randomness for the demo data generator.
 *
 * Policy: demo data is a pure function of (options, seed). Nothing here reads Math.random, the
 * clock or crypto: the same seed gives byte-identical records on every machine, so a bug seen in
 * a demo dataset can be reproduced from its seed. Each collective, unit and picture draws from
 * its own stream (`streamFor(seed, ...labels)`), so a record does not change when the generator
 * is run in other chunk sizes, or for one unit only.
 */

/**
 * xoshiro128**: a small, fast PRNG with 128 bits of state (good enough for demo data, never for
 * secrets). The state size matters: 400,000 logs each draw their id from their own stream, and
 * streams seeded with only 32 bits would repeat (birthday bound: ~20 equal seeds among 400,000).
 */
function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): () => number {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  let c = s2 >>> 0;
  let d = s3 >>> 0;
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return () => {
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return (r >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units, then a murmur3-style finaliser: labels → a 32-bit seed. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join('\u0001');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  /** a 32-bit seed, or the full 128-bit state */
  constructor(seed: number | readonly [number, number, number, number]) {
    const [a, b, c, d] = typeof seed === 'number' ? [seed, seed ^ 0x9e3779b9, seed ^ 0x85ebca6b, seed ^ 0xc2b2ae35] : seed;
    this.next = xoshiro128ss(a, b, c, d);
    // let the state mix before the first draw (seeds that differ in few bits)
    for (let i = 0; i < 8; i++) this.next();
  }

  /** [0, 1) */
  float(): number {
    return this.next();
  }

  /** integer in [min, max] inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new RangeError('pick from an empty list');
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** a value by weight: [[value, weight], …] */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** k distinct items (order as drawn) */
  sample<T>(list: readonly T[], k: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    for (let i = 0; i < k && copy.length > 0; i++) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** a UUID v4-shaped id (the version and variant bits set), from this stream */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** roughly normal around `mean` (Irwin–Hall with 4 draws), clamped to [min, max] */
  around(mean: number, spread: number, min: number, max: number): number {
    const z = (this.next() + this.next() + this.next() + this.next() - 2) / 2;
    return Math.min(max, Math.max(min, Math.round(mean + z * spread * 2)));
  }
}

/** A stream for one thing of the dataset: `streamFor(seed, 'collective', 17)`; 128 bits of its labels seed it. */
export function streamFor(seed: number, ...labels: (string | number)[]): Rng {
  return new Rng([hashSeed(seed, ...labels), hashSeed(seed, 'b', ...labels), hashSeed(seed, 'c', ...labels), hashSeed(seed, 'd', ...labels)]);
}
