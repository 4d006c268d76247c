// Fixtures for exchange package tests: a sender, records, and tools to craft packages that a
// correct writer would never produce (lying headers, bad records, re-signed manifests).
import { deflateSync } from 'fflate';
import {
  FORMAT_VERSION,
  PACKAGE_FORMAT,
  buildPackage,
  sha256Hex,
  signManifest,
  type BuildInput,
  type Manifest,
  type ManifestEntry,
  type PackageRecord,
} from '../../../shared/exchange/format';
import { fingerprint, generateDeviceKeyPair, publicKeyOf, type DeviceKeyPair } from '../../../shared/exchange/keys';
import { resolveLimits } from '../../../shared/exchange/safety';
import { checkCanonicalLayout, crc32, packedBytes, readCentralDirectory, writeZip, type ZipWriteEntry } from '../../../shared/exchange/zip';
import { formatRev } from '../../../shared/model/hlc';

export const enc = new TextEncoder();

let cachedKeys: DeviceKeyPair | null = null;
/** One sender key per test run (key generation is cheap, but stable output is easier to read). */
export function senderKeys(): DeviceKeyPair {
  cachedKeys ??= generateDeviceKeyPair();
  return cachedKeys;
}

export const DEVICE = 'devSH01';

export function rev(wall: number, counter = 0, device = DEVICE): string {
  return formatRev(wall, counter, device);
}

export function collective(n: number, extra: Record<string, unknown> = {}): PackageRecord {
  return {
    id: `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: '2017-03-01T08:00:00.000Z',
    updatedAt: '2017-03-02T08:00:00.000Z',
    rev: rev(1_488_355_200_000 + n),
    code: `SH${String(n).padStart(4, '0')}`,
    profile: { name: `上海地铁第${n}号线客运班组`, memberCount: 20 + n, youthCount: 12, honours: [] },
    status: 'filed',
    ...extra,
  };
}

export function sampleInput(overrides: Partial<BuildInput> = {}): BuildInput {
  const keys = senderKeys();
  const photo = enc.encode('PDF-1.7 青年文明号 创建计划书 '.repeat(50));
  return {
    manifestFields: {
      packageId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      createdAt: '2017-06-30T09:30:00.000Z',
      sender: { unitId: 'unit-R09', deviceId: DEVICE, accountId: 'acct-sh-admin' },
      recipient: { unitId: 'unit-N00', deviceId: null },
      term: '2017-2018',
      sequence: 3,
      full: false,
      sinceRev: rev(1_488_000_000_000),
      appVersion: '0.1.0',
    },
    tables: {
      collectives: [collective(1), collective(2), collective(3, { deleted: true })],
      units: [{ id: 'unit-R09-01', rev: rev(1_488_355_300_000), createdAt: 'x', updatedAt: 'x', name: '上海市徐汇区' }],
      reviewEvents: [],
    },
    attachments: [{ hash: sha256Hex(photo), bytes: photo }],
    privateKey: keys.privateKey,
    ...overrides,
  };
}

export async function samplePackage(overrides: Partial<BuildInput> = {}): Promise<Uint8Array> {
  return buildPackage(sampleInput(overrides));
}

export interface RawEntry {
  name: string;
  method: 0 | 8;
  packed: Uint8Array;
  crc: number;
  size: number;
}

/** The entries of a package as written (trusting it: fixtures only). */
export function unpackRaw(pkg: Uint8Array): RawEntry[] {
  const dir = readCentralDirectory(pkg, resolveLimits());
  if (!dir.ok) throw new Error(dir.message);
  const bad = checkCanonicalLayout(pkg, dir);
  if (bad) throw new Error(bad.message);
  return dir.entries.map((e) => ({
    name: e.name,
    method: e.method as 0 | 8,
    packed: packedBytes(pkg, e).slice(),
    crc: e.crc,
    size: e.size,
  }));
}

export function manifestOf(pkg: Uint8Array): Manifest {
  const m = unpackRaw(pkg).find((e) => e.name === 'manifest.json')!;
  return JSON.parse(new TextDecoder().decode(m.packed)) as Manifest;
}

export function stored(name: string, content: Uint8Array): ZipWriteEntry {
  return { name, method: 0, packed: content, crc: crc32(content), size: content.length };
}

/**
 * Re-sign an existing package after changing its manifest (e.g. a different sender key), keeping
 * every other entry byte for byte.
 */
export function resign(pkg: Uint8Array, privateKey: string, edit: (m: Manifest) => Manifest = (m) => m): Uint8Array {
  const raw = unpackRaw(pkg);
  const manifest = edit(structuredClone(manifestOf(pkg)));
  const { manifestBytes, signatureBytes } = signManifest(manifest, privateKey);
  const rest = raw.filter((e) => e.name !== 'manifest.json' && e.name !== 'signature.json');
  return writeZip([stored('manifest.json', manifestBytes), stored('signature.json', signatureBytes), ...rest], manifest.createdAt);
}

export interface CraftEntry {
  path: string;
  content: Uint8Array;
  /** defaults to deflate */
  method?: 0 | 8;
  /** what the manifest claims (defaults: the truth) */
  manifest?: Partial<ManifestEntry>;
  /** what the zip header claims as inflated size (defaults: the truth) */
  headerSize?: number;
  /** supply packed bytes directly (e.g. a DEFLATE bomb) instead of packing `content` */
  packed?: Uint8Array;
}

/**
 * A validly signed package with arbitrary entries: the signature and layout are right, so the
 * reader's later checks (entries, hashes, inflation limits, records) are what gets exercised.
 */
export function craftPackage(
  entries: CraftEntry[],
  opts: { privateKey?: string; manifest?: Partial<Manifest>; zipExtra?: ZipWriteEntry[] } = {},
): Uint8Array {
  const privateKey = opts.privateKey ?? senderKeys().privateKey;
  const publicKey = publicKeyOf(privateKey);
  const zipEntries: ZipWriteEntry[] = [];
  const listed: ManifestEntry[] = [];
  for (const e of entries) {
    const method = e.method ?? 8;
    const packed = e.packed ?? (method === 8 ? deflateSync(e.content) : e.content);
    const recordCount = e.path.startsWith('records/') ? new TextDecoder().decode(e.content).split('\n').filter((l) => l !== '').length : undefined;
    listed.push({
      path: e.path,
      sha256: sha256Hex(e.content),
      bytes: e.content.length,
      ...(recordCount === undefined ? {} : { records: recordCount }),
      packed: method === 8 ? { method: 'deflate', bytes: packed.length, sha256: sha256Hex(packed) } : { method: 'store', bytes: packed.length },
      ...e.manifest,
    });
    zipEntries.push({ name: e.path, method, packed, crc: crc32(e.content), size: e.headerSize ?? e.content.length });
  }
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: FORMAT_VERSION,
    packageId: '0d6f0e7a-1b2c-4d3e-8f40-5a6b7c8d9e0f',
    sender: { unitId: 'unit-R09', deviceId: DEVICE, accountId: 'acct-sh-admin', publicKey, fingerprint: fingerprint(publicKey) },
    recipient: { unitId: 'unit-N00', deviceId: null },
    term: '2017-2018',
    sequence: 1,
    createdAt: '2017-06-30T09:30:00.000Z',
    full: true,
    sinceRev: null,
    appVersion: '0.1.0',
    entries: listed,
    ...opts.manifest,
  };
  const { manifestBytes, signatureBytes } = signManifest(manifest, privateKey);
  return writeZip(
    [stored('manifest.json', manifestBytes), stored('signature.json', signatureBytes), ...zipEntries, ...(opts.zipExtra ?? [])],
    manifest.createdAt,
  );
}

export function jsonl(records: unknown[]): Uint8Array {
  return enc.encode(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}
