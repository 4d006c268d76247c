import { describe, expect, it } from 'vitest';
import { deflateSync, zipSync } from 'fflate';
import { buildPackage, readPackage, sha256Hex, type PackageProgress } from '../../../shared/exchange/format';
import { MiB, inflateLimited, resolveLimits, unsafeNameReason, type InflateBudget } from '../../../shared/exchange/safety';
import { writeZip, type ZipWriteEntry } from '../../../shared/exchange/zip';
import { craftPackage, enc, jsonl, rev, sampleInput, samplePackage, stored } from './helpers';

const NOW = '2017-06-30T09:30:00.000Z';
const data = enc.encode('hello');
const entry = (name: string): ZipWriteEntry => stored(name, data);

describe('entry names', () => {
  it.each([
    ['../evil.txt', '“..”'],
    ['records/../../etc/passwd', '“..”'],
    ['/etc/passwd', '绝对路径'],
    ['C:/Windows/system32/x.dll', '盘符'],
    ['C:evil', '盘符'],
    ['records\\units.jsonl', '反斜杠'],
    ['records/units.jsonl\u0000.png', '控制字符'],
    ['records//units.jsonl', '空的路径段'],
    ['records/', '空的路径段'],
    ['./manifest.json', '“.”'],
    ['attachments/a:stream', '冒号'],
  ])('refuses %j before reading any data (%s)', async (name, reason) => {
    const zip = writeZip([entry('manifest.json'), entry(name)], NOW);
    const r = await readPackage(zip);
    expect(r).toMatchObject({ ok: false, code: 'path' });
    expect(!r.ok && r.message).toContain(reason);
    expect(!r.ok && r.message).toContain('不安全的文件名');
  });

  it('refuses a traversal name in a zip made by another tool (fflate), not just our writer', async () => {
    const zip = zipSync({ 'manifest.json': data, '../../outside.txt': data });
    expect(await readPackage(zip)).toMatchObject({ ok: false, code: 'path' });
    const abs = zipSync({ '/tmp/x': data });
    expect(await readPackage(abs)).toMatchObject({ ok: false, code: 'path' });
  });

  it('refuses names that are not valid UTF-8', async () => {
    const zip = writeZip([entry('manifest.json'), entry('records/#.jsonl')], NOW);
    for (let i = 0; i < zip.length; i++) if (zip[i] === 0x23) zip[i] = 0xff; // '#' in both headers
    const r = await readPackage(zip);
    expect(r).toMatchObject({ ok: false, code: 'path' });
    expect(!r.ok && r.message).toContain('UTF-8');
  });

  it('accepts the names the format itself uses', () => {
    for (const n of ['manifest.json', 'signature.json', 'records/collectives.jsonl', `attachments/${'a'.repeat(64)}`]) {
      expect(unsafeNameReason(n)).toBeNull();
    }
  });
});

describe('duplicate names', () => {
  it('refuses two entries with the same name (which manifest.json would a reader pick?)', async () => {
    const zip = writeZip([entry('manifest.json'), entry('signature.json'), entry('manifest.json')], NOW);
    const r = await readPackage(zip);
    expect(r).toMatchObject({ ok: false, code: 'duplicate' });
    expect(!r.ok && r.message).toContain('重复的文件：manifest.json');
  });

  it('refuses names that differ only in letter case or Unicode normalisation', async () => {
    const zip = writeZip([entry('manifest.json'), entry('records/units.jsonl'), entry('records/Units.jsonl')], NOW);
    const r = await readPackage(zip);
    expect(r).toMatchObject({ ok: false, code: 'duplicate' });
    expect(!r.ok && r.message).toContain('records/units.jsonl 与 records/Units.jsonl');
    const nfc = 'attachments/caf\u00e9';
    const nfd = 'attachments/cafe\u0301';
    expect(await readPackage(writeZip([entry(nfc), entry(nfd)], NOW))).toMatchObject({ ok: false, code: 'duplicate' });
  });
});

describe('entry count limit', () => {
  it('refuses an archive that declares more entries than the limit, from the end record alone', async () => {
    const zip = writeZip([entry('manifest.json'), entry('signature.json'), entry('records/a.jsonl')], NOW);
    const r = await readPackage(zip, { limits: { maxEntries: 2 } });
    expect(r).toMatchObject({ ok: false, code: 'tooManyEntries' });
    expect(!r.ok && r.message).toContain('超过上限 2 个');
  });

  it('believes no other part of an archive whose end record claims a huge count', async () => {
    // a 22-byte "zip": just an end record claiming 60,000 entries and a directory that is not there
    const eocd = new Uint8Array(22);
    const dv = new DataView(eocd.buffer);
    dv.setUint32(0, 0x06054b50, true);
    dv.setUint16(8, 60_000, true);
    dv.setUint16(10, 60_000, true);
    dv.setUint32(12, 0xffff_0000, true);
    expect(await readPackage(eocd, { limits: { maxEntries: 1000 } })).toMatchObject({ ok: false, code: 'tooManyEntries' });
    // ZIP64 end record claiming a billion entries, default limits
    const z = new Uint8Array(56 + 20 + 22);
    const zv = new DataView(z.buffer);
    zv.setUint32(0, 0x06064b50, true);
    zv.setBigUint64(32, 1_000_000_000n, true);
    zv.setUint32(56, 0x07064b50, true);
    zv.setUint32(76, 0x06054b50, true);
    zv.setUint16(76 + 8, 0xffff, true);
    zv.setUint16(76 + 10, 0xffff, true);
    expect(await readPackage(z)).toMatchObject({ ok: false, code: 'tooManyEntries' });
  });

  it('refuses a real 100,000-entry zip (ZIP64 end record) under a lower limit, before reading the directory', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => stored(`attachments/${i}`, data));
    const t0 = performance.now();
    const zip = writeZip(entries, NOW);
    const buildMs = performance.now() - t0;
    expect(buildMs).toBeLessThan(5000);

    const phases: string[] = [];
    const r = await readPackage(zip, { limits: { maxEntries: 99_999 }, onProgress: (p) => phases.push(p.phase) });
    expect(r).toMatchObject({ ok: false, code: 'tooManyEntries' });
    expect(!r.ok && r.message).toContain('100000 个文件');
    expect(phases).toEqual([]);

    // under the default limit the whole directory is parsed and every name checked; it then
    // fails only because it is not a package
    const whole = await readPackage(zip);
    expect(whole).toMatchObject({ ok: false, code: 'notAPackage' });
    // and a name problem at the very end of the directory is still found
    entries[99_999] = stored('attachments/../x', data);
    expect(await readPackage(writeZip(entries, NOW))).toMatchObject({ ok: false, code: 'path' });
  }, 30_000);

  it('reads a validly signed package with more than 65,535 entries (ZIP64)', async () => {
    const attachments = Array.from({ length: 65_600 }, (_, i) => {
      const bytes = enc.encode(`附件 ${i}`);
      return { hash: sha256Hex(bytes), bytes };
    });
    const pkg = await buildPackage(sampleInput({ tables: { units: [] }, attachments }));
    const r = await readPackage(pkg);
    expect(r.ok).toBe(true);
    expect(r.ok && r.attachments).toHaveLength(65_600);
    expect(r.ok && r.manifest.entries).toHaveLength(65_601);
  }, 60_000);
});

describe('inflation limits are counted on actual output', () => {
  // ~10 KB of DEFLATE that inflates to 10 MiB of zeros
  const bomb = deflateSync(new Uint8Array(10 * MiB), { level: 9 });

  it('the bomb really is small', () => {
    expect(bomb.length).toBeLessThan(12 * 1024);
  });

  it('stops an entry as soon as its output passes the cap, not after inflating all of it', async () => {
    const budget: InflateBudget = { limits: resolveLimits({ maxEntryBytes: 1 * MiB }), total: 0 };
    let delivered = 0;
    const r = await inflateLimited(bomb, { path: 'records/units.jsonl', budget, onData: (c) => (delivered += c.length) });
    expect(r).toMatchObject({ ok: false, code: 'entryTooLarge' });
    expect(!r.ok && r.message).toContain('records/units.jsonl');
    expect(delivered).toBeLessThanOrEqual(1 * MiB); // nothing past the cap is handed on
    expect(budget.total).toBeGreaterThan(1 * MiB);
    expect(budget.total).toBeLessThan(1.6 * MiB); // stopped within one slice (~0.5 MiB) of the cap, far from 10 MiB
  });

  it('counts the total across entries', async () => {
    const budget: InflateBudget = { limits: resolveLimits({ maxEntryBytes: 8 * MiB, maxTotalBytes: 12 * MiB }), total: 7 * MiB };
    const r = await inflateLimited(deflateSync(new Uint8Array(6 * MiB)), { path: 'x', budget, onData: () => {} });
    expect(r).toMatchObject({ ok: false, code: 'totalTooLarge' });
    expect(budget.total).toBeLessThan(14 * MiB);
  });

  it('refuses a bomb inside a validly signed package whose headers and manifest lie about its size', async () => {
    const pkg = craftPackage([
      { path: 'records/units.jsonl', content: enc.encode('x'), packed: bomb, headerSize: 1000, manifest: { bytes: 1000 } },
    ]);
    const seen: PackageProgress[] = [];
    const r = await readPackage(pkg, { limits: { maxEntryBytes: 1 * MiB }, onProgress: (p) => seen.push(p) });
    // stopped as soon as the output passed the size the signed manifest declares, long before the cap
    expect(r).toMatchObject({ ok: false, code: 'tampered', message: expect.stringContaining('解压后超过清单所列的 1000 字节') });
    expect(seen.some((p) => p.phase === 'read' && p.path === 'records/units.jsonl')).toBe(true); // it got as far as inflating
    // and with an honest (large) declaration, the entry cap still stops it
    const honest = craftPackage([{ path: 'records/units.jsonl', content: enc.encode('x'), packed: bomb, headerSize: 1000, manifest: { bytes: 100 * MiB } }]);
    expect(await readPackage(honest, { limits: { maxEntryBytes: 1 * MiB, maxTotalBytes: 200 * MiB } })).toMatchObject({ ok: false });
  });

  it('refuses early, before inflating, when the declared size is already over the cap', async () => {
    const pkg = craftPackage([{ path: 'records/units.jsonl', content: new Uint8Array(2 * MiB).fill(0x20) }]);
    const seen: PackageProgress[] = [];
    const r = await readPackage(pkg, { limits: { maxEntryBytes: 1 * MiB }, onProgress: (p) => seen.push(p) });
    expect(r).toMatchObject({ ok: false, code: 'entryTooLarge' });
    expect(seen).toEqual([]);
  });

  it('refuses when the entries together pass the total cap, declared or actual', async () => {
    const lines = jsonl(Array.from({ length: 9000 }, (_, i) => ({ id: `id-${i}`, rev: rev(i + 1), pad: 'x'.repeat(60) })));
    expect(lines.length).toBeGreaterThan(1 * MiB);
    const limits = { maxEntryBytes: 2 * MiB, maxTotalBytes: 1.5 * MiB };
    const honest = craftPackage([
      { path: 'records/a.jsonl', content: lines },
      { path: 'records/b.jsonl', content: lines },
    ]);
    const seen: PackageProgress[] = [];
    expect(await readPackage(honest, { limits, onProgress: (p) => seen.push(p) })).toMatchObject({ ok: false, code: 'totalTooLarge' });
    expect(seen).toEqual([]); // from the declared sizes, before inflating
    const lying = craftPackage([
      { path: 'records/a.jsonl', content: lines },
      { path: 'records/b.jsonl', content: lines, headerSize: 10, manifest: { bytes: 10 } },
    ]);
    // the lying entry is stopped at its declared 10 bytes, before the total cap is even reached
    expect(await readPackage(lying, { limits })).toMatchObject({ ok: false, code: 'tampered' });
    expect((await readPackage(honest)).ok).toBe(true);
  });

  it('keeps the default limits of the specification', async () => {
    expect(resolveLimits()).toEqual({ maxEntries: 200_000, maxEntryBytes: 256 * MiB, maxTotalBytes: 2048 * MiB });
    expect(() => resolveLimits({ maxEntries: 0 })).toThrow();
    expect((await readPackage(await samplePackage())).ok).toBe(true);
  });
});
