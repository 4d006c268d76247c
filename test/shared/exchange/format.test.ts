import { describe, expect, it } from 'vitest';
import { inflateSync, unzipSync } from 'fflate';
import { canonicalJsonBytes } from '../../../shared/exchange/canonicalJson';
import {
  PackageCancelledError,
  buildPackage,
  readPackage,
  sha256Hex,
  signManifest,
  type Manifest,
  type PackageProgress,
} from '../../../shared/exchange/format';
import { fingerprint, generateDeviceKeyPair, sign } from '../../../shared/exchange/keys';
import { verifyTrust } from '../../../shared/exchange/trust';
import { crc32, writeZip } from '../../../shared/exchange/zip';
import { craftPackage, enc, jsonl, manifestOf, resign, rev, sampleInput, samplePackage, senderKeys, stored, unpackRaw } from './helpers';

const line = (n: number) => ({ id: `id-${n}`, rev: rev(1000 + n) });

describe('round trip', () => {
  it('returns exactly the records and attachments that were packed, with a manifest describing them', async () => {
    const input = sampleInput();
    const incompressible = crypto.getRandomValues(new Uint8Array(5000)); // like a JPEG: deflate gains nothing
    input.attachments = [...input.attachments, { hash: sha256Hex(incompressible), bytes: incompressible }];
    const r = await readPackage(await buildPackage(input));
    if (!r.ok) throw new Error(r.message);
    expect(r.tables).toEqual(input.tables);
    expect(r.attachments.sort((a, b) => a.hash.localeCompare(b.hash))).toEqual(
      [...input.attachments].sort((a, b) => a.hash.localeCompare(b.hash)),
    );
    const m = r.manifest;
    expect(m).toMatchObject({
      format: 'YCA-PACKAGE',
      formatVersion: 1,
      packageId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      sender: { unitId: 'unit-R09', deviceId: 'devSH01', accountId: 'acct-sh-admin', publicKey: senderKeys().publicKey },
      recipient: { unitId: 'unit-N00', deviceId: null },
      term: '2017-2018',
      sequence: 3,
      full: false,
      appVersion: '0.1.0',
    });
    expect(m.sender.fingerprint).toBe(fingerprint(senderKeys().publicKey));
    const byPath = Object.fromEntries(m.entries.map((e) => [e.path, e]));
    expect(byPath['records/collectives.jsonl']).toMatchObject({ records: 3, packed: { method: 'deflate' } });
    expect(byPath['records/reviewEvents.jsonl']).toMatchObject({ records: 0, bytes: 0, packed: { method: 'store' } });
    expect(byPath[`attachments/${sha256Hex(incompressible)}`]).toMatchObject({ packed: { method: 'store', bytes: 5000 } });
  });

  it('keeps tombstones, nested values and Chinese text intact', async () => {
    const r = await readPackage(await samplePackage());
    if (!r.ok) throw new Error(r.message);
    const c3 = r.tables.collectives!.find((c) => c.deleted);
    expect(c3).toMatchObject({ code: 'SH0003', deleted: true, profile: { name: '上海地铁第3号线客运班组' } });
  });

  it('is reproducible: the same input gives the same bytes', async () => {
    expect(await samplePackage()).toEqual(await samplePackage());
  });

  it('opens in an ordinary zip tool (an administrator may look inside)', async () => {
    const files = unzipSync(await samplePackage());
    expect(Object.keys(files).sort()).toEqual(
      ['manifest.json', 'signature.json', 'records/collectives.jsonl', 'records/reviewEvents.jsonl', 'records/units.jsonl', expect.stringMatching(/^attachments\/[0-9a-f]{64}$/)].sort(),
    );
    expect(new TextDecoder().decode(files['records/units.jsonl'])).toContain('上海市徐汇区');
  });

  it('refuses to build from invalid input, in Chinese', async () => {
    const bad = (patch: Parameters<typeof sampleInput>[0]) => buildPackage(sampleInput(patch));
    await expect(bad({ tables: { collectives: [{ id: 'x', rev: 'yesterday' }] } })).rejects.toThrow('修订戳无效');
    await expect(bad({ tables: { collectives: [line(1), line(1)] } })).rejects.toThrow('重复');
    await expect(bad({ tables: { '../x': [] } })).rejects.toThrow('表名');
    await expect(bad({ attachments: [{ hash: 'a'.repeat(64), bytes: enc.encode('not that') }] })).rejects.toThrow('校验值不符');
    const input = sampleInput();
    input.manifestFields.sequence = 0;
    await expect(buildPackage(input)).rejects.toThrow('序号');
    await expect(bad({ privateKey: 'nope' })).rejects.toThrow('设备私钥格式无效');
  });
});

describe('tampering', () => {
  const ACCEPTABLE = ['tampered', 'badSignature', 'notAPackage', 'badManifest', 'unsupportedVersion', 'path', 'duplicate', 'entryTooLarge', 'totalTooLarge', 'tooManyEntries', 'missingEntry', 'extraEntry'];

  it('refuses the package after flipping any single byte, anywhere (two different flips per byte)', async () => {
    const input = sampleInput();
    input.tables = { collectives: [input.tables.collectives![0]!], units: input.tables.units! };
    const pkg = await buildPackage(input);
    expect((await readPackage(pkg)).ok).toBe(true);
    const codes = new Map<string, number>();
    for (let i = 0; i < pkg.length; i++) {
      for (const mask of [0x01, 0xa4]) {
        const copy = pkg.slice();
        copy[i]! ^= mask;
        const r = await readPackage(copy);
        if (r.ok) throw new Error(`accepted with byte ${i} ^ 0x${mask.toString(16)}`);
        expect(ACCEPTABLE).toContain(r.code);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      }
    }
    expect(codes.get('tampered')).toBeGreaterThan(0);
    expect(codes.get('badSignature')).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a change in the unused padding bits of a DEFLATE stream, although the content is unchanged', async () => {
    const pkg = await samplePackage();
    const raw = unpackRaw(pkg).find((e) => e.name === 'records/collectives.jsonl')!;
    const at = findSub(pkg, raw.packed);
    expect(at).toBeGreaterThan(0);
    const last = at + raw.packed.length - 1;
    let contentSame = 0;
    for (let bit = 0; bit < 8; bit++) {
      const copy = pkg.slice();
      copy[last]! ^= 1 << bit;
      try {
        if (inflateSync(copy.subarray(at, last + 1)).length === raw.size) contentSame++;
      } catch {
        /* this bit was part of the stream */
      }
      const r = await readPackage(copy);
      expect(r).toMatchObject({ ok: false, code: 'tampered' });
    }
    expect(contentSame).toBeGreaterThan(0); // at least one flip really left the content as it was
  });

  it('refuses a changed record file even when its zip headers are fixed up, naming the file', async () => {
    const raw = unpackRaw(await samplePackage());
    const i = raw.findIndex((e) => e.name === 'records/units.jsonl');
    expect(raw[i]!.method).toBe(0); // small files are stored, so the edit keeps every size
    const text = new TextDecoder().decode(raw[i]!.packed);
    const evil = enc.encode(text.replace('徐汇区', '黄浦区'));
    expect(evil.length).toBe(raw[i]!.size);
    raw[i] = { ...raw[i]!, packed: evil, crc: crc32(evil) };
    const r = await readPackage(writeZip(raw, '2017-06-30T09:30:00.000Z'));
    expect(r).toEqual({ ok: false, code: 'tampered', message: '交换包已被篡改：文件 records/units.jsonl 的校验值不符' });

    // a deflated file re-compressed by the attacker: refused before it is even inflated
    const j = raw.findIndex((e) => e.name === 'records/collectives.jsonl');
    const content = inflateSync(raw[j]!.packed);
    content[content.indexOf(0x31)] = 0x32; // one digit
    const { deflateSync } = await import('fflate');
    raw[i] = unpackRaw(await samplePackage())[i]!;
    raw[j] = { ...raw[j]!, packed: deflateSync(content, { level: 6 }), crc: crc32(content) };
    const r2 = await readPackage(writeZip(raw, '2017-06-30T09:30:00.000Z'));
    expect(r2).toMatchObject({ ok: false, code: 'tampered' });
    expect(!r2.ok && r2.message).toMatch(/^交换包已被篡改：文件 records\/collectives\.jsonl 的/);
  });

  it('refuses a manifest changed without the key (badSignature)', async () => {
    const pkg = await samplePackage();
    const other = generateDeviceKeyPair();
    // attacker edits the sequence and signs with a key of their own, but keeps the real public key
    const r = await readPackage(resign(pkg, other.privateKey, (m) => ({ ...m, sequence: 99 })));
    expect(r).toMatchObject({ ok: false, code: 'badSignature' });
    expect(!r.ok && r.message).toContain(fingerprint(senderKeys().publicKey));
  });

  it('refuses a manifest that claims a fingerprint other than its key’s', async () => {
    const other = generateDeviceKeyPair();
    const pkg = resign(await samplePackage(), other.privateKey, (m) => ({
      ...m,
      sender: { ...m.sender, publicKey: other.publicKey }, // fingerprint left as the real sender's
    }));
    expect(await readPackage(pkg)).toMatchObject({ ok: false, code: 'badManifest' });
  });

  it('a package re-signed with an unknown key verifies structurally, shows a different fingerprint, and is not trusted', async () => {
    const real = senderKeys();
    const mallory = generateDeviceKeyPair();
    const forged = resign(await samplePackage(), mallory.privateKey, (m) => ({
      ...m,
      sender: { ...m.sender, publicKey: mallory.publicKey, fingerprint: fingerprint(mallory.publicKey) },
    }));
    const r = await readPackage(forged);
    if (!r.ok) throw new Error(r.message);
    expect(r.manifest.sender.unitId).toBe('unit-R09'); // it claims to be Shanghai…
    expect(r.manifest.sender.fingerprint).not.toBe(fingerprint(real.publicKey)); // …but the fingerprint shows otherwise
    const trust = verifyTrust(r.manifest, [{ publicKey: real.publicKey, unitId: 'unit-R09', lastSequence: 0 }]);
    expect(trust).toMatchObject({ ok: false, code: 'untrusted' });
    expect(!trust.ok && trust.message).toContain(fingerprint(mallory.publicKey));
  });

  it('refuses a signature file that is not canonical or not Ed25519', async () => {
    const raw = unpackRaw(await samplePackage());
    const sigEntry = raw.find((e) => e.name === 'signature.json')!;
    const parsed = JSON.parse(new TextDecoder().decode(sigEntry.packed)) as { signature: string };
    const variants = [
      enc.encode(JSON.stringify({ signature: parsed.signature, algorithm: 'Ed25519' })), // key order
      canonicalJsonBytes({ algorithm: 'RSA', signature: parsed.signature }),
      canonicalJsonBytes({ algorithm: 'Ed25519', signature: parsed.signature, extra: 1 }),
    ];
    for (const bytes of variants) {
      const entries = raw.map((e) => (e.name === 'signature.json' ? stored('signature.json', bytes) : e));
      expect(await readPackage(writeZip(entries, '2017-06-30T09:30:00.000Z'))).toMatchObject({ ok: false, code: 'badSignature' });
    }
  });

  it('refuses a manifest that is validly signed but not canonical JSON', async () => {
    const keys = senderKeys();
    const pkg = await samplePackage();
    const raw = unpackRaw(pkg);
    const manifest = manifestOf(pkg);
    const pretty = enc.encode(JSON.stringify(manifest, null, 2));
    const sig = canonicalJsonBytes({ algorithm: 'Ed25519', signature: sign(pretty, keys.privateKey) });
    const entries = raw.map((e) => (e.name === 'manifest.json' ? stored('manifest.json', pretty) : e.name === 'signature.json' ? stored('signature.json', sig) : e));
    const r = await readPackage(writeZip(entries, manifest.createdAt));
    expect(r).toMatchObject({ ok: false, code: 'badManifest' });
    expect(!r.ok && r.message).toContain('规范编码');
  });
});

function findSub(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('entries', () => {
  it('refuses a file listed in the manifest but absent (missingEntry)', async () => {
    const c = jsonl([line(1)]);
    const pkg = craftPackage([{ path: 'records/units.jsonl', content: c }]);
    const raw = unpackRaw(pkg).filter((e) => e.name !== 'records/units.jsonl');
    const r = await readPackage(writeZip(raw, '2017-06-30T09:30:00.000Z'));
    expect(r).toMatchObject({ ok: false, code: 'missingEntry' });
    expect(!r.ok && r.message).toContain('records/units.jsonl');
  });

  it('refuses a file present but not listed (extraEntry)', async () => {
    const pkg = craftPackage([{ path: 'records/units.jsonl', content: jsonl([line(1)]) }], {
      zipExtra: [stored('records/accounts.jsonl', jsonl([line(2)]))],
    });
    const r = await readPackage(pkg);
    expect(r).toMatchObject({ ok: false, code: 'extraEntry' });
    expect(!r.ok && r.message).toContain('records/accounts.jsonl');
  });

  it('refuses a package without manifest or signature as not a package', async () => {
    expect(await readPackage(writeZip([stored('records/a.jsonl', jsonl([line(1)]))], '2017-01-01T00:00:00Z'))).toMatchObject({
      ok: false,
      code: 'notAPackage',
    });
    expect(await readPackage(enc.encode('这不是 zip 文件'))).toMatchObject({ ok: false, code: 'notAPackage' });
    expect(await readPackage(new Uint8Array(0))).toMatchObject({ ok: false, code: 'notAPackage' });
  });

  it('refuses a truncated copy (e.g. a USB stick pulled out too early)', async () => {
    const pkg = await samplePackage();
    for (const cut of [1, 10, 100, pkg.length - 30]) {
      const r = await readPackage(pkg.subarray(0, pkg.length - cut));
      expect(r.ok).toBe(false);
    }
  });

  it('refuses an attachment whose content does not hash to its name', async () => {
    const content = enc.encode('照片');
    const pkg = craftPackage([{ path: `attachments/${'0'.repeat(64)}`, content, manifest: { sha256: '0'.repeat(64) } }]);
    const r = await readPackage(pkg);
    expect(r).toMatchObject({ ok: false, code: 'tampered' });
    expect(!r.ok && r.message).toContain(`attachments/${'0'.repeat(64)}`);
    // and the manifest may not name an attachment differently from its hash
    const bad = craftPackage([{ path: `attachments/${'0'.repeat(64)}`, content, method: 0 }]);
    expect(await readPackage(bad)).toMatchObject({ ok: false, code: 'badManifest' });
  });

  it('refuses entry paths outside records/<table>.jsonl and attachments/<sha256>', async () => {
    const r = await readPackage(craftPackage([{ path: 'scripts/run.js', content: enc.encode('x') }]));
    expect(r).toMatchObject({ ok: false, code: 'badManifest' });
  });
});

describe('records', () => {
  const cases: [string, Uint8Array, string][] = [
    ['not JSON', enc.encode('{"id":"a","rev":\n'), '不是有效的 JSON'],
    ['an array', enc.encode('[1,2]\n'), '不是 JSON 对象'],
    ['no id', jsonl([{ rev: rev(1) }]), 'id'],
    ['numeric id', jsonl([{ id: 7, rev: rev(1) }]), 'id'],
    ['no rev', jsonl([{ id: 'a' }]), 'rev'],
    ['a rev that is not an HLC stamp', jsonl([{ id: 'a', rev: '~~~~' }]), 'rev'],
    ['deleted not boolean', jsonl([{ id: 'a', rev: rev(1), deleted: 'yes' }]), 'deleted'],
    ['a duplicate id', jsonl([line(1), line(1)]), '重复'],
    ['a blank line', enc.encode(`${JSON.stringify(line(1))}\n\n`), '不是有效的 JSON'],
    ['a missing final newline', enc.encode(JSON.stringify(line(1))), '换行'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]), 'UTF-8'],
  ];
  it.each(cases)('refuses a validly signed record file with %s', async (_label, content, hint) => {
    const r = await readPackage(craftPackage([{ path: 'records/units.jsonl', content, manifest: { records: 1 } }]));
    expect(r).toMatchObject({ ok: false, code: 'badRecord' });
    expect(!r.ok && r.message).toContain('records/units.jsonl');
    expect(!r.ok && r.message).toContain(hint);
  });

  it('refuses a record count different from the manifest', async () => {
    const r = await readPackage(craftPackage([{ path: 'records/units.jsonl', content: jsonl([line(1), line(2)]), manifest: { records: 3 } }]));
    expect(r).toMatchObject({ ok: false, code: 'badRecord' });
  });
});

describe('versions', () => {
  it('refuses a newer format version with advice to upgrade, before anything else about the manifest', async () => {
    const keys = senderKeys();
    const manifest = { ...manifestOf(await samplePackage()), formatVersion: 2, futureField: { x: 1 } } as unknown as Manifest;
    const { manifestBytes, signatureBytes } = signManifest(manifest, keys.privateKey);
    const r = await readPackage(writeZip([stored('manifest.json', manifestBytes), stored('signature.json', signatureBytes)], manifest.createdAt));
    expect(r).toMatchObject({ ok: false, code: 'unsupportedVersion' });
    expect(!r.ok && r.message).toContain('请先升级');
  });

  it('refuses unknown manifest fields within version 1 (a change means a new version)', async () => {
    const r = await readPackage(craftPackage([], { manifest: { extra: true } as unknown as Partial<Manifest> }));
    expect(r).toMatchObject({ ok: false, code: 'badManifest' });
  });

  it('refuses a full package that also claims a starting revision', async () => {
    const r = await readPackage(craftPackage([], { manifest: { full: true, sinceRev: rev(5) } }));
    expect(r).toMatchObject({ ok: false, code: 'badManifest' });
  });
});

describe('progress and cancellation', () => {
  it('reports progress through every phase, ending with done = total', async () => {
    const events: PackageProgress[] = [];
    const r = await readPackage(await samplePackage(), { onProgress: (p) => events.push(p) });
    expect(r.ok).toBe(true);
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['scan', 'verify', 'read', 'done']);
    const reads = events.filter((e) => e.phase === 'read');
    expect(reads.map((e) => e.path)).toContain('records/collectives.jsonl');
    expect(reads.every((e, i) => i === 0 || e.done >= reads[i - 1]!.done)).toBe(true);
    const last = events.at(-1)!;
    expect(last.done).toBe(last.total);

    const built: PackageProgress[] = [];
    await buildPackage(sampleInput(), (p) => built.push(p));
    expect(built.map((e) => e.phase)).toContain('sign');
    expect(built.at(-1)).toMatchObject({ phase: 'done' });
  });

  it('returns cancelled when the signal is set before or during reading', async () => {
    const pkg = await samplePackage();
    expect(await readPackage(pkg, { signal: { aborted: true } })).toEqual({ ok: false, code: 'cancelled', message: '已取消' });
    const signal = { aborted: false };
    let reads = 0;
    const r = await readPackage(pkg, {
      signal,
      onProgress: (p) => {
        if (p.phase === 'read' && ++reads === 2) signal.aborted = true; // the user clicks 取消
      },
    });
    expect(r).toEqual({ ok: false, code: 'cancelled', message: '已取消' });
  });

  it('lets the UI breathe through the pause hook, and cancels from it', async () => {
    const pkg = await samplePackage();
    let pauses = 0;
    expect((await readPackage(pkg, { pause: async () => void pauses++ })).ok).toBe(true);
    expect(pauses).toBeGreaterThan(2);
    const signal = { aborted: false };
    const r = await readPackage(pkg, { signal, pause: async () => void (signal.aborted = true) });
    expect(r).toMatchObject({ code: 'cancelled' });
  });

  it('cancels building with PackageCancelledError (已取消)', async () => {
    const signal = { aborted: false };
    const p = buildPackage(sampleInput(), (ev) => {
      if (ev.phase === 'pack') signal.aborted = true;
    }, signal);
    await expect(p).rejects.toBeInstanceOf(PackageCancelledError);
    await expect(buildPackage(sampleInput(), undefined, { aborted: true })).rejects.toThrow('已取消');
  });
});
