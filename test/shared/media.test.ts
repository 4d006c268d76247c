import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import {
  checkMedia,
  formatSize,
  limitsText,
  MAX_ATTACHMENT_BYTES,
  MEDIA_TYPES,
  MediaCancelled,
  sha256Chunked,
  sha256Hex,
  SIZE_LIMITS,
  sniffMedia,
} from '../../shared/media';

const MB = 1024 * 1024;
const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[] | string)[]) => {
  const arrs = parts.map((p) => (typeof p === 'string' ? enc(p) : p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrs.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrs) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A real, decodable PNG (w × h, red). */
function png(w = 2, h = 2): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 255]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const td = cat(type, data);
    return cat(u32(data.length), td, u32(crc(td)));
  };
  const raw = new Uint8Array(h * (1 + w * 3));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([255, 0, 0], y * (1 + w * 3) + 1 + x * 3);
  return cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], chunk('IHDR', cat(u32(w), u32(h), [8, 2, 0, 0, 0])), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array()));
}

const ftyp = (major: string, ...compat: string[]) => cat(u32(16 + 4 * compat.length), 'ftyp', major, [0, 0, 0, 0], ...compat, u32(8), 'mdat');
const ebml = (docType: string) => cat([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length], docType, [0x42, 0x87, 0x81, 0x04]);

const SAMPLES: [string, Uint8Array, string][] = [
  ['JPEG', cat([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), 'image/jpeg'],
  ['PNG', png(), 'image/png'],
  ['GIF87a', cat('GIF87a', [1, 0, 1, 0]), 'image/gif'],
  ['GIF89a', cat('GIF89a', [1, 0, 1, 0]), 'image/gif'],
  ['WebP', cat('RIFF', u32(0), 'WEBPVP8 ', [0, 0, 0, 0]), 'image/webp'],
  ['WebP lossless', cat('RIFF', u32(0), 'WEBPVP8L', [0, 0, 0, 0]), 'image/webp'],
  ['MP4 (isom)', ftyp('isom', 'isom', 'iso2', 'mp41'), 'video/mp4'],
  ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4'],
  ['MP4 (unknown major, mp41 compatible)', ftyp('XYZ1', 'mp41'), 'video/mp4'],
  ['MOV (ftyp qt)', ftyp('qt  ', 'qt  '), 'video/quicktime'],
  ['MOV (old, moov first)', cat(u32(8), 'moov', u32(8), 'mvhd'), 'video/quicktime'],
  ['MOV (old, wide first)', cat(u32(8), 'wide', u32(8), 'mdat'), 'video/quicktime'],
  ['WebM', ebml('webm'), 'video/webm'],
  ['PDF', cat('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
];

describe('type sniffing by content', () => {
  it.each(SAMPLES)('recognises %s', (_, bytes, mime) => {
    const r = sniffMedia(bytes);
    expect(r.ok && r.type.mime).toBe(mime);
  });

  it('ignores the file name: a PNG named .mp4 is a PNG, an HTML page named .png is refused', () => {
    const asMp4 = checkMedia('活动照片.mp4', 1000, png());
    expect(asMp4.ok && asMp4.type).toEqual(MEDIA_TYPES.png);
    const html = checkMedia('照片.png', 100, enc('<!doctype html><script>alert(1)</script>'));
    expect(html.ok).toBe(false);
    expect(!html.ok && html.message).toContain('“照片.png”不能添加');
    expect(!html.ok && html.message).toContain('按文件内容识别');
  });

  it.each([
    ['SVG (script-capable)', enc('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), '不是支持的格式'],
    ['Windows program', cat('MZ', new Uint8Array(60)), '不是支持的格式'],
    ['ZIP', cat([0x50, 0x4b, 0x03, 0x04], new Uint8Array(26)), '不是支持的格式'],
    ['plain text', enc('hello'), '不是支持的格式'],
    ['HEIC photo', ftyp('heic', 'mif1', 'heic'), 'HEIC'],
    ['AVIF picture', ftyp('avif', 'avif', 'mif1'), 'HEIC/AVIF'],
    ['M4A audio', ftyp('M4A ', 'M4A ', 'isom'), '音频'],
    ['3GP video', ftyp('3gp4', '3gp4'), '3GP'],
    ['MKV video', ebml('matroska'), 'MKV'],
    ['unknown ftyp brand', ftyp('abcd', 'efgh'), '不是支持的格式'],
    ['PNG signature without IHDR', cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32(0), 'JUNK'), 'PNG 图片已损坏'],
    ['RIFF WAVE audio', cat('RIFF', u32(0), 'WAVEfmt '), '不是支持的格式'],
    ['PDF marker not at the start', cat('xx%PDF-1.4'), '不是支持的格式'],
    ['truncated JPEG marker', new Uint8Array([0xff, 0xd8]), '不是支持的格式'],
    ['empty', new Uint8Array(), '文件为空'],
  ])('refuses %s', (_, bytes, reason) => {
    const r = sniffMedia(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});

describe('size limits', () => {
  const jpeg = SAMPLES[0]![1];
  const mp4 = SAMPLES[6]![1];
  const pdf = SAMPLES[13]![1];

  it('pictures up to 10 MB, video up to 200 MB, PDF up to 20 MB — the limit itself is allowed', () => {
    expect(SIZE_LIMITS).toEqual({ image: 10 * MB, video: 200 * MB, document: 20 * MB });
    expect(checkMedia('a.jpg', 10 * MB, jpeg).ok).toBe(true);
    expect(checkMedia('a.mp4', 200 * MB, mp4).ok).toBe(true);
    expect(checkMedia('a.pdf', 20 * MB, pdf).ok).toBe(true);
  });

  it('one byte over is refused, with the size and the limit in the message', () => {
    const pic = checkMedia('大照片.jpg', 10 * MB + 1, jpeg);
    expect(pic).toEqual({ ok: false, message: '“大照片.jpg”有 10.0 MB，图片每个不能超过 10 MB。' });
    const video = checkMedia('长视频.mp4', 200 * MB + 1, mp4);
    expect(!video.ok && video.message).toContain('超过附件上限');
    const doc = checkMedia('材料.pdf', 20 * MB + 1, pdf);
    expect(!doc.ok && doc.message).toContain('PDF 文件每个不能超过 20 MB');
  });

  it('the limit follows the content, not the name: a 50 MB picture named .mp4 is refused, a 50 MB video is fine', () => {
    expect(checkMedia('伪装.mp4', 50 * MB, jpeg).ok).toBe(false);
    expect(checkMedia('真视频.jpg', 50 * MB, mp4).ok).toBe(true);
  });

  it('refuses empty files and anything above the largest limit before looking at the type', () => {
    expect(checkMedia('空.png', 0, png())).toEqual({ ok: false, message: '“空.png”是空文件（0 字节），不能添加。' });
    expect(checkMedia('x', MAX_ATTACHMENT_BYTES + 1, new Uint8Array()).ok).toBe(false);
  });

  it('states the limits for the UI and formats sizes as Explorer does', () => {
    expect(limitsText()).toContain('10 MB');
    expect(limitsText()).toContain('200 MB');
    expect(limitsText()).toContain('20 个附件');
    expect(formatSize(12)).toBe('12 字节');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(1.5 * MB)).toBe('1.5 MB');
    expect(formatSize(200 * MB)).toBe('200 MB');
  });
});

describe('content address', () => {
  it('is the SHA-256 hex digest (FIPS 180-2 test vector)', () => {
    expect(sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the same digest whatever the chunk size, with progress', async () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 31) % 251);
    const whole = sha256Hex(bytes);
    for (const chunkSize of [1000, 4096, 65_536, 1 << 22]) {
      const seen: number[] = [];
      const h = await sha256Chunked(async (o, l) => bytes.subarray(o, o + l), bytes.length, { chunkSize, onProgress: (d) => seen.push(d) });
      expect(h).toBe(whole);
      expect(seen.at(-1)).toBe(bytes.length);
    }
  });

  it('stops between chunks when cancelled', async () => {
    const bytes = new Uint8Array(10_000);
    let reads = 0;
    const run = sha256Chunked(async (o, l) => (reads++, bytes.subarray(o, o + l)), bytes.length, { chunkSize: 1000, isCancelled: () => reads >= 3 });
    await expect(run).rejects.toBeInstanceOf(MediaCancelled);
    expect(reads).toBe(3);
  });

  it('refuses a source that delivers fewer bytes than announced', async () => {
    await expect(sha256Chunked(async () => new Uint8Array(), 10)).rejects.toThrow('文件读取中断');
  });
});
