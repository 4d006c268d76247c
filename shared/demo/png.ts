/**
 * Tiny valid PNG pictures for demo creation logs, drawn from a seeded stream: a two-colour
 * gradient with a few blocks, so every picture has different bytes (attachments are
 * content-addressed: equal bytes would be one attachment). 8-bit RGB, no interlace; the image
 * data is zlib-deflated with fflate. Demo data only.
 */
import { zlibSync } from 'fflate';
import { crc32 } from '../exchange/zip';
import type { Rng } from './random';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A width × height PNG (defaults 96 × 64). */
export function demoPng(r: Rng, width = 96, height = 64): Uint8Array {
  const from = [r.int(40, 220), r.int(40, 220), r.int(40, 220)];
  const to = [r.int(40, 220), r.int(40, 220), r.int(40, 220)];
  const blocks = Array.from({ length: r.int(2, 5) }, () => ({
    x: r.int(0, width - 8),
    y: r.int(0, height - 8),
    w: r.int(6, Math.max(7, width >> 2)),
    h: r.int(6, Math.max(7, height >> 2)),
    c: [r.int(0, 255), r.int(0, 255), r.int(0, 255)],
  }));
  const stride = width * 3 + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    raw[row] = 0; // filter: none
    const t = (y / Math.max(1, height - 1)) * 0.7;
    for (let x = 0; x < width; x++) {
      const f = t + (x / width) * 0.3;
      const p = row + 1 + x * 3;
      raw[p] = from[0]! + (to[0]! - from[0]!) * f;
      raw[p + 1] = from[1]! + (to[1]! - from[1]!) * f;
      raw[p + 2] = from[2]! + (to[2]! - from[2]!) * f;
    }
  }
  for (const b of blocks) {
    for (let y = b.y; y < Math.min(height, b.y + b.h); y++) {
      for (let x = b.x; x < Math.min(width, b.x + b.w); x++) raw.set(b.c, y * stride + 1 + x * 3);
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filtering, no interlace
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
