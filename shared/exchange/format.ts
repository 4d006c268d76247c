/**
 * Exchange package format (交换包), formatVersion 1. Specification: docs/exchange-format.md.
 *
 * Policy:
 * - A package is a zip (canonical profile, zip.ts) holding manifest.json, signature.json,
 *   records/<table>.jsonl and attachments/<sha256hex>. The manifest lists every other entry with
 *   the SHA-256 and size of its content and of its packed (deflated) bytes; signature.json holds
 *   an Ed25519 signature over the manifest's canonical bytes, so the one signature covers every
 *   byte of every entry.
 * - `readPackage` returns data only after verifying everything: zip safety and limits, canonical
 *   layout, manifest well-formed and canonical, fingerprint consistent with the public key,
 *   signature, exactly the listed entries, each entry's packed and inflated hash and size, and
 *   every record line. Any failure returns a refusal (refusal.ts) and no data at all.
 * - A valid signature proves only that the holder of the key in the manifest made the package.
 *   Whether that key may speak for the sender unit is the caller's decision (trust.ts).
 * - The reader keeps every format version it ever accepted readable; a version newer than it
 *   knows is refused as 'unsupportedVersion' (upgrade the app), never guessed at.
 */
import { deflateSync } from 'fflate';
import { sha256Hex, sha256HexAsync as digestHex } from '../security/sha256';
import { parseRev } from '../model/hlc';
import { canonicalJsonBytes, parseCanonicalJson } from './canonicalJson';
import { fingerprint, isValidPublicKey, publicKeyOf, sign, verify } from './keys';
import { cancelled, refuse, type CancelSignal, type Refusal } from './refusal';
import { DEFAULT_LIMITS, MiB, inflateLimited, resolveLimits, totalTooLarge, type InflateBudget, type PackageLimits } from './safety';
import { checkCanonicalLayout, crc32, displayName, packedBytes, readCentralDirectory, writeZip, type ZipEntry, type ZipWriteEntry } from './zip';

export const PACKAGE_FORMAT = 'YCA-PACKAGE';
export const FORMAT_VERSION = 1;
/** Every formatVersion this reader accepts. Never remove one: old packages stay readable. */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1];

export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'signature.json';
const RECORDS_PATH = /^records\/([a-z][A-Za-z0-9]{0,63})\.jsonl$/;
const ATTACHMENT_PATH = /^attachments\/([0-9a-f]{64})$/;
const TABLE_NAME = /^[a-z][A-Za-z0-9]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEVICE_ID = /^[A-Za-z0-9]{4,32}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_MANIFEST_BYTES = 64 * MiB;
const MAX_SIGNATURE_BYTES = 1024;
const MAX_ID_LENGTH = 256;

// ---------- types ----------

export interface PackageSender {
  unitId: string;
  /** the sending installation; also the device part of its revision stamps */
  deviceId: string;
  /** the administrator account that made the package */
  accountId: string;
  /** base64 Ed25519 public key of the sending device */
  publicKey: string;
  /** fingerprint(publicKey); a reader refuses a manifest where it does not match */
  fingerprint: string;
}

export interface PackageRecipient {
  unitId: string;
  /** null: any device of the recipient unit */
  deviceId: string | null;
}

export type PackedMethod = 'store' | 'deflate';

export interface PackedInfo {
  method: PackedMethod;
  /** bytes as stored in the zip */
  bytes: number;
  /** SHA-256 of the stored bytes, for 'deflate' (for 'store' they equal the content) */
  sha256?: string;
}

export interface ManifestEntry {
  path: string;
  /** SHA-256 (lower-case hex) of the inflated content */
  sha256: string;
  /** inflated size */
  bytes: number;
  /** number of record lines, for records/*.jsonl only */
  records?: number;
  packed: PackedInfo;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: 1;
  packageId: string;
  sender: PackageSender;
  recipient: PackageRecipient;
  /** 届次, e.g. "2017-2018" */
  term: string;
  /** 1, 2, 3 … per sender device → recipient unit; a receiver refuses one it has seen */
  sequence: number;
  createdAt: string;
  /** everything in scope (true) or only changes after sinceRev (false) */
  full: boolean;
  sinceRev: string | null;
  appVersion: string;
  entries: ManifestEntry[];
}

/** A stored record as it travels: StoredRecord's id and rev are what the format relies on. */
export interface PackageRecord {
  id: string;
  rev: string;
  deleted?: boolean;
  [field: string]: unknown;
}

export interface PackageAttachment {
  /** SHA-256 of bytes, lower-case hex */
  hash: string;
  bytes: Uint8Array;
}

export interface ManifestFields {
  /** generated when absent */
  packageId?: string;
  /** now when absent */
  createdAt?: string;
  sender: { unitId: string; deviceId: string; accountId: string };
  recipient: PackageRecipient;
  term: string;
  sequence: number;
  full: boolean;
  sinceRev: string | null;
  appVersion: string;
}

export interface BuildInput {
  manifestFields: ManifestFields;
  tables: Record<string, readonly PackageRecord[]>;
  attachments: readonly PackageAttachment[];
  /** base64 Ed25519 private key of this device (keys.ts) */
  privateKey: string;
}

export interface PackageProgress {
  phase: 'pack' | 'sign' | 'scan' | 'verify' | 'read' | 'done';
  /** bytes processed so far (content bytes when building, packed bytes when reading) */
  done: number;
  total: number;
  /** the entry being processed */
  path?: string;
  /** reading only: bytes inflated so far across all entries */
  inflatedBytes?: number;
}

export type ProgressCallback = (p: PackageProgress) => void;

/** Lets the UI breathe between slices of work, e.g. `() => new Promise((r) => setTimeout(r))`. */
export type Pause = () => Promise<void>;

export interface ReadOptions {
  limits?: Partial<PackageLimits>;
  onProgress?: ProgressCallback;
  signal?: CancelSignal;
  pause?: Pause;
}

export type ReadResult =
  | { ok: true; manifest: Manifest; tables: Record<string, PackageRecord[]>; attachments: PackageAttachment[] }
  | Refusal;

/** Thrown by buildPackage when its signal is aborted. */
export class PackageCancelledError extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('已取消');
    this.name = 'PackageCancelledError';
  }
}

// ---------- helpers ----------

// re-exported for the package's users (backup, exchange repo, tests); entries are hashed with
// WebCrypto (sha256HexAsync): several times faster on a province's ~40 MB of records
export { sha256Hex };

function isRev(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 128) return false;
  try {
    parseRev(v);
    return true;
  } catch {
    return false;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max && !/[\u0000-\u001f\u007f]/.test(v);
}

function hasExactKeys(o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(o);
  return required.every((k) => k in o) && keys.every((k) => required.includes(k) || optional.includes(k));
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

// ---------- manifest ----------

const MANIFEST_KEYS = [
  'format',
  'formatVersion',
  'packageId',
  'sender',
  'recipient',
  'term',
  'sequence',
  'createdAt',
  'full',
  'sinceRev',
  'appVersion',
  'entries',
] as const;

function badManifest(detail: string): Refusal {
  return refuse('badManifest', `交换包清单（manifest.json）无效：${detail}`);
}

/**
 * Check a parsed manifest against formatVersion 1. The same check runs before signing, so the
 * writer can never produce a manifest its own reader refuses.
 */
export function validateManifest(value: unknown, maxEntries: number = DEFAULT_LIMITS.maxEntries): { ok: true; manifest: Manifest } | Refusal {
  if (!isPlainObject(value) || value.format !== PACKAGE_FORMAT) {
    return refuse('notAPackage', '所选文件不是 YCA 交换包（清单格式标识不符）');
  }
  const v = value.formatVersion;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return badManifest('格式版本无效');
  if (!READABLE_FORMAT_VERSIONS.includes(v)) {
    return refuse('unsupportedVersion', `此交换包由较新版本的 YCA Desk 生成（格式版本 ${v}），本软件只能读取格式版本 ${READABLE_FORMAT_VERSIONS.join('、')}。请先升级本软件再导入。`);
  }
  if (!hasExactKeys(value, MANIFEST_KEYS)) return badManifest('字段不符合格式版本 1');
  if (typeof value.packageId !== 'string' || !UUID.test(value.packageId)) return badManifest('包编号不是 UUID');

  const s = value.sender;
  if (!isPlainObject(s) || !hasExactKeys(s, ['unitId', 'deviceId', 'accountId', 'publicKey', 'fingerprint'])) return badManifest('发送方信息不完整');
  if (!isText(s.unitId, 128) || !isText(s.accountId, 128)) return badManifest('发送方单位或账号无效');
  if (typeof s.deviceId !== 'string' || !DEVICE_ID.test(s.deviceId)) return badManifest('发送方设备标识无效');
  if (typeof s.publicKey !== 'string' || !isValidPublicKey(s.publicKey)) return badManifest('发送方公钥无效');
  if (s.fingerprint !== fingerprint(s.publicKey)) return badManifest('发送方指纹与公钥不符');

  const r = value.recipient;
  if (!isPlainObject(r) || !hasExactKeys(r, ['unitId', 'deviceId'])) return badManifest('接收方信息不完整');
  if (!isText(r.unitId, 128)) return badManifest('接收方单位无效');
  if (r.deviceId !== null && (typeof r.deviceId !== 'string' || !DEVICE_ID.test(r.deviceId))) return badManifest('接收方设备标识无效');

  if (!isText(value.term, 32)) return badManifest('届次无效');
  if (typeof value.sequence !== 'number' || !Number.isSafeInteger(value.sequence) || value.sequence < 1) return badManifest('序号必须是不小于 1 的整数');
  if (typeof value.createdAt !== 'string' || !ISO_INSTANT.test(value.createdAt) || Number.isNaN(Date.parse(value.createdAt))) return badManifest('生成时间无效');
  if (typeof value.full !== 'boolean') return badManifest('“全量”标志无效');
  if (value.sinceRev !== null && !isRev(value.sinceRev)) return badManifest('起始修订戳无效');
  if (value.full && value.sinceRev !== null) return badManifest('全量交换包不应有起始修订戳');
  if (!isText(value.appVersion, 64)) return badManifest('软件版本无效');

  const entries = value.entries;
  if (!Array.isArray(entries)) return badManifest('文件列表无效');
  if (entries.length > maxEntries) return refuse('tooManyEntries', `交换包清单列出 ${entries.length} 个文件，超过上限 ${maxEntries} 个`);
  const seen = new Set<string>();
  for (const e of entries as unknown[]) {
    if (!isPlainObject(e) || !hasExactKeys(e, ['path', 'sha256', 'bytes', 'packed'], ['records'])) return badManifest('文件条目字段不符');
    const path = e.path;
    if (typeof path !== 'string') return badManifest('文件条目缺少路径');
    const shown = displayName(path);
    if (seen.has(path)) return badManifest(`文件 ${shown} 重复列出`);
    seen.add(path);
    if (typeof e.sha256 !== 'string' || !SHA256_HEX.test(e.sha256)) return badManifest(`文件 ${shown} 的校验值格式无效`);
    if (!isCount(e.bytes)) return badManifest(`文件 ${shown} 的大小无效`);
    const isRecords = RECORDS_PATH.test(path);
    const att = ATTACHMENT_PATH.exec(path);
    if (!isRecords && !att) return badManifest(`文件路径 ${shown} 不是 records/<表>.jsonl 或 attachments/<SHA-256>`);
    if (isRecords !== ('records' in e)) return badManifest(`文件 ${shown} 的记录数${isRecords ? '缺失' : '不应出现'}`);
    if (isRecords && !isCount(e.records)) return badManifest(`文件 ${shown} 的记录数无效`);
    if (att && att[1] !== e.sha256) return badManifest(`附件 ${shown} 的名称与其校验值不符`);
    const p = e.packed;
    if (!isPlainObject(p) || !isCount(p.bytes)) return badManifest(`文件 ${shown} 的压缩信息无效`);
    if (p.method === 'store') {
      if (!hasExactKeys(p, ['method', 'bytes']) || p.bytes !== e.bytes) return badManifest(`文件 ${shown} 的压缩信息无效`);
    } else if (p.method === 'deflate') {
      if (!hasExactKeys(p, ['method', 'bytes', 'sha256']) || typeof p.sha256 !== 'string' || !SHA256_HEX.test(p.sha256) || p.bytes === 0) {
        return badManifest(`文件 ${shown} 的压缩信息无效`);
      }
    } else return badManifest(`文件 ${shown} 的压缩方式无效`);
  }
  return { ok: true, manifest: value as unknown as Manifest };
}

interface SignatureFile {
  algorithm: 'Ed25519';
  signature: string;
}

/** Canonical manifest bytes and the signature file over them. */
export function signManifest(manifest: Manifest, privateKey: string): { manifestBytes: Uint8Array; signatureBytes: Uint8Array } {
  const manifestBytes = canonicalJsonBytes(manifest);
  const sig: SignatureFile = { algorithm: 'Ed25519', signature: sign(manifestBytes, privateKey) };
  return { manifestBytes, signatureBytes: canonicalJsonBytes(sig) };
}

// ---------- build ----------

function buildError(detail: string): Error {
  return new Error(`无法生成交换包：${detail}`);
}

/** Deflate when it pays; attachments (photos, PDFs) are usually compressed already. */
function pack(content: Uint8Array, tryHard: boolean): { method: 0 | 8; packed: Uint8Array } {
  // tiny entries gain nothing from deflate but its header overhead
  if (content.length < 128) return { method: 0, packed: content };
  if (!tryHard) {
    const sample = content.subarray(0, 64 * 1024);
    if (deflateSync(sample, { level: 1 }).length > sample.length * 0.9) return { method: 0, packed: content };
  }
  // level 4: half the time of level 6 on JSON lines for ~4 % more bytes (docs/performance.md)
  const deflated = deflateSync(content, { level: 4 });
  return deflated.length < content.length ? { method: 8, packed: deflated } : { method: 0, packed: content };
}

function recordsToJsonl(table: string, records: readonly PackageRecord[]): Uint8Array {
  const ids = new Set<string>();
  const lines: string[] = [];
  for (const rec of records) {
    if (!isPlainObject(rec)) throw buildError(`表 ${table} 含非对象记录`);
    if (typeof rec.id !== 'string' || rec.id.length === 0 || rec.id.length > MAX_ID_LENGTH) throw buildError(`表 ${table} 含无效的记录标识`);
    if (!isRev(rec.rev)) throw buildError(`表 ${table} 的记录 ${rec.id} 修订戳无效`);
    if (rec.deleted !== undefined && typeof rec.deleted !== 'boolean') throw buildError(`表 ${table} 的记录 ${rec.id} 删除标记无效`);
    if (ids.has(rec.id)) throw buildError(`表 ${table} 的记录 ${rec.id} 重复`);
    ids.add(rec.id);
    lines.push(`${JSON.stringify(rec)}\n`);
  }
  return new TextEncoder().encode(lines.join(''));
}

/**
 * Make a signed package. Throws (Chinese message) on invalid input, and PackageCancelledError
 * when `signal` is aborted. Tables are written in name order, records in the order given.
 */
export async function buildPackage(
  input: BuildInput,
  onProgress?: ProgressCallback,
  signal?: CancelSignal,
  pause?: Pause,
): Promise<Uint8Array> {
  const checkpoint = async () => {
    if (signal?.aborted) throw new PackageCancelledError();
    if (pause) await pause();
    if (signal?.aborted) throw new PackageCancelledError();
  };
  await checkpoint();
  const f = input.manifestFields;
  const publicKey = publicKeyOf(input.privateKey);
  const createdAt = f.createdAt ?? new Date().toISOString();

  const tableNames = Object.keys(input.tables).sort();
  for (const t of tableNames) if (!TABLE_NAME.test(t)) throw buildError(`表名 ${t} 无效`);
  const attachments = new Map<string, Uint8Array>();
  for (const a of input.attachments) {
    if (typeof a.hash !== 'string' || !SHA256_HEX.test(a.hash)) throw buildError(`附件名 ${String(a.hash)} 不是小写 SHA-256`);
    if (!attachments.has(a.hash)) {
      if ((await digestHex(a.bytes)) !== a.hash) throw buildError(`附件 ${a.hash} 的内容与其校验值不符`);
      attachments.set(a.hash, a.bytes);
    }
  }
  const recordFiles: { path: string; content: Uint8Array; count: number }[] = [];
  for (const t of tableNames) {
    await checkpoint();
    const recs = input.tables[t]!;
    recordFiles.push({ path: `records/${t}.jsonl`, content: recordsToJsonl(t, recs), count: recs.length });
  }
  const total = recordFiles.reduce((n, r) => n + r.content.length, 0) + [...attachments.values()].reduce((n, b) => n + b.length, 0);
  let done = 0;

  const zipEntries: ZipWriteEntry[] = [];
  const manifestEntries: ManifestEntry[] = [];
  const add = async (path: string, content: Uint8Array, tryHard: boolean, records?: number, knownHash?: string) => {
    const { method, packed } = pack(content, tryHard);
    const entry: ManifestEntry = {
      path,
      sha256: knownHash ?? (await digestHex(content)),
      bytes: content.length,
      ...(records === undefined ? {} : { records }),
      packed: method === 8 ? { method: 'deflate', bytes: packed.length, sha256: await digestHex(packed) } : { method: 'store', bytes: packed.length },
    };
    manifestEntries.push(entry);
    zipEntries.push({ name: path, method, packed, crc: crc32(content), size: content.length });
  };

  for (const r of recordFiles) {
    await checkpoint();
    onProgress?.({ phase: 'pack', done, total, path: r.path });
    await add(r.path, r.content, true, r.count);
    done += r.content.length;
  }
  let sinceCheck = 0;
  for (const hash of [...attachments.keys()].sort()) {
    const bytes = attachments.get(hash)!;
    sinceCheck += bytes.length + 1024;
    if (sinceCheck > 4 * MiB) {
      sinceCheck = 0;
      await checkpoint();
      onProgress?.({ phase: 'pack', done, total, path: `attachments/${hash}` });
    }
    await add(`attachments/${hash}`, bytes, false, undefined, hash);
    done += bytes.length;
  }

  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: FORMAT_VERSION,
    packageId: f.packageId ?? crypto.randomUUID(),
    sender: {
      unitId: f.sender.unitId,
      deviceId: f.sender.deviceId,
      accountId: f.sender.accountId,
      publicKey,
      fingerprint: fingerprint(publicKey),
    },
    recipient: { unitId: f.recipient.unitId, deviceId: f.recipient.deviceId },
    term: f.term,
    sequence: f.sequence,
    createdAt,
    full: f.full,
    sinceRev: f.sinceRev,
    appVersion: f.appVersion,
    entries: manifestEntries,
  };
  const check = validateManifest(manifest, Number.MAX_SAFE_INTEGER);
  if (!check.ok) throw buildError(check.message);
  await checkpoint();
  onProgress?.({ phase: 'sign', done, total });
  const { manifestBytes, signatureBytes } = signManifest(manifest, input.privateKey);
  const head: ZipWriteEntry[] = [
    { name: MANIFEST_PATH, method: 0, packed: manifestBytes, crc: crc32(manifestBytes), size: manifestBytes.length },
    { name: SIGNATURE_PATH, method: 0, packed: signatureBytes, crc: crc32(signatureBytes), size: signatureBytes.length },
  ];
  const zip = writeZip([...head, ...zipEntries], createdAt);
  onProgress?.({ phase: 'done', done: total, total });
  return zip;
}

// ---------- read ----------

function tampered(detail: string): Refusal {
  return refuse('tampered', `交换包已被篡改：${detail}`);
}

function badRecord(path: string, line: number, detail: string): Refusal {
  return refuse('badRecord', `交换包中的文件 ${path} 第 ${line} 行${detail}`);
}

function parseRecords(path: string, content: Uint8Array): PackageRecord[] | Refusal {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return refuse('badRecord', `交换包中的文件 ${path} 不是有效的 UTF-8 文本`);
  }
  const out: PackageRecord[] = [];
  const ids = new Set<string>();
  if (text.length > 0 && !text.endsWith('\n')) return refuse('badRecord', `交换包中的文件 ${path} 最后一行没有换行符（文件不完整）`);
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end);
    start = end + 1;
    line++;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch {
      return badRecord(path, line, '不是有效的 JSON');
    }
    if (!isPlainObject(rec)) return badRecord(path, line, '不是 JSON 对象');
    if (typeof rec.id !== 'string' || rec.id.length === 0 || rec.id.length > MAX_ID_LENGTH) return badRecord(path, line, '缺少有效的记录标识（id）');
    if (!isRev(rec.rev)) return badRecord(path, line, '缺少有效的修订戳（rev）');
    if (rec.deleted !== undefined && typeof rec.deleted !== 'boolean') return badRecord(path, line, '的删除标记（deleted）不是布尔值');
    if (ids.has(rec.id)) return badRecord(path, line, `的记录标识 ${rec.id} 与前面的记录重复`);
    ids.add(rec.id);
    out.push(rec as PackageRecord);
  }
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === size) return chunks[0]!;
  const out = new Uint8Array(size);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * Verify a package completely and only then return its contents. Never throws for anything
 * in `bytes`; see the file header for the order of checks.
 */
export async function readPackage(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const { onProgress, signal, pause } = options;
  const limits = resolveLimits(options.limits);
  const checkpoint = async (): Promise<Refusal | null> => {
    if (signal?.aborted) return cancelled();
    if (pause) await pause();
    return signal?.aborted ? cancelled() : null;
  };
  let stop = await checkpoint();
  if (stop) return stop;

  // 1. zip directory: entry count, names, duplicates, declared sizes — before reading any data
  const dir = readCentralDirectory(bytes, limits);
  if (!dir.ok) return dir;
  const byName = new Map<string, ZipEntry>(dir.entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST_PATH);
  const signatureEntry = byName.get(SIGNATURE_PATH);
  if (!manifestEntry || !signatureEntry) return refuse('notAPackage', '所选文件不是 YCA 交换包（缺少 manifest.json 或 signature.json）');
  // 2. canonical layout: every header byte pinned
  const layout = checkCanonicalLayout(bytes, dir);
  if (layout) return layout;
  onProgress?.({ phase: 'scan', done: 0, total: bytes.length });
  stop = await checkpoint();
  if (stop) return stop;

  // 3. manifest and signature (both stored, small, no inflation)
  const budget: InflateBudget = { limits, total: 0 };
  if (manifestEntry.method !== 0 || signatureEntry.method !== 0) return tampered('清单或签名文件不应压缩');
  if (manifestEntry.size > Math.min(MAX_MANIFEST_BYTES, limits.maxEntryBytes)) return refuse('entryTooLarge', '交换包清单（manifest.json）过大');
  if (signatureEntry.size > MAX_SIGNATURE_BYTES) return refuse('badSignature', '交换包签名文件（signature.json）无效');
  budget.total += manifestEntry.size + signatureEntry.size;
  if (budget.total > limits.maxTotalBytes) return totalTooLarge(limits);
  const manifestBytes = packedBytes(bytes, manifestEntry);
  const parsed = parseCanonicalJson(manifestBytes);
  if (parsed === undefined) return badManifest('不是规范编码的 JSON');
  const valid = validateManifest(parsed, limits.maxEntries);
  if (!valid.ok) return valid;
  const manifest = valid.manifest;
  const sigFile = parseCanonicalJson(packedBytes(bytes, signatureEntry));
  if (
    !isPlainObject(sigFile) ||
    !hasExactKeys(sigFile, ['algorithm', 'signature']) ||
    sigFile.algorithm !== 'Ed25519' ||
    typeof sigFile.signature !== 'string'
  ) {
    return refuse('badSignature', '交换包签名文件（signature.json）无效');
  }
  if (!verify(manifestBytes, sigFile.signature, manifest.sender.publicKey)) {
    return refuse('badSignature', `交换包签名无效：清单不是由其中声明的发送方密钥（指纹 ${manifest.sender.fingerprint}）签署的，或已被篡改`);
  }
  onProgress?.({ phase: 'verify', done: 0, total: bytes.length });

  // 4. exactly the listed entries, with the listed packing
  for (const m of manifest.entries) {
    if (!byName.has(m.path)) return refuse('missingEntry', `交换包不完整：缺少清单中列出的文件 ${m.path}`);
  }
  const listed = new Set(manifest.entries.map((m) => m.path));
  for (const e of dir.entries) {
    if (e.name !== MANIFEST_PATH && e.name !== SIGNATURE_PATH && !listed.has(e.name)) {
      return refuse('extraEntry', `交换包含清单未列出的文件 ${displayName(e.name)}`);
    }
  }
  for (const m of manifest.entries) {
    const e = byName.get(m.path)!;
    if (e.method !== (m.packed.method === 'deflate' ? 8 : 0) || e.packedSize !== m.packed.bytes || e.size !== m.bytes) {
      return tampered(`文件 ${m.path} 的压缩方式或大小与清单不符`);
    }
  }

  // 5. each entry: packed hash before inflating, counted inflation, content hash, parse
  const total = manifest.entries.reduce((n, m) => n + m.packed.bytes, 0);
  let done = 0;
  const tables: Record<string, PackageRecord[]> = {};
  const attachments: PackageAttachment[] = [];
  for (const m of manifest.entries) {
    stop = await checkpoint();
    if (stop) return stop;
    onProgress?.({ phase: 'read', done, total, path: m.path, inflatedBytes: budget.total });
    const e = byName.get(m.path)!;
    const packed = packedBytes(bytes, e);
    let content: Uint8Array;
    if (m.packed.method === 'deflate') {
      if ((await digestHex(packed)) !== m.packed.sha256) return tampered(`文件 ${m.path} 的校验值不符`);
      const chunks: Uint8Array[] = [];
      const r = await inflateLimited(packed, {
        path: m.path,
        budget,
        signal,
        // a bomb stops at the declared size, not at the 256 MiB entry cap
        declaredSize: m.bytes,
        onData: (c) => {
          chunks.push(c);
        },
        onTick: async () => {
          onProgress?.({ phase: 'read', done, total, path: m.path, inflatedBytes: budget.total });
          if (pause) await pause();
        },
      });
      if (!r.ok) return r;
      if (r.size !== m.bytes) return tampered(`文件 ${m.path} 的校验值不符`);
      content = concat(chunks, r.size);
      if ((await digestHex(content)) !== m.sha256) return tampered(`文件 ${m.path} 的校验值不符`);
    } else {
      budget.total += packed.length;
      if (budget.total > limits.maxTotalBytes) return totalTooLarge(limits);
      if ((await digestHex(packed)) !== m.sha256) return tampered(`文件 ${m.path} 的校验值不符`);
      content = packed;
    }
    done += m.packed.bytes;
    const rec = RECORDS_PATH.exec(m.path);
    if (rec) {
      const parsedRecords = parseRecords(m.path, content);
      if (!Array.isArray(parsedRecords)) return parsedRecords;
      if (parsedRecords.length !== m.records) {
        return refuse('badRecord', `交换包中的文件 ${m.path} 有 ${parsedRecords.length} 条记录，与清单所列 ${m.records} 条不符`);
      }
      tables[rec[1]!] = parsedRecords;
    } else {
      // a copy, so keeping an attachment does not keep the whole package in memory
      // (new Uint8Array, not .slice(): on a Node Buffer slice() is a view, not a copy)
      attachments.push({ hash: m.sha256, bytes: content === packed ? new Uint8Array(packed) : content });
    }
  }
  stop = await checkpoint();
  if (stop) return stop;
  onProgress?.({ phase: 'done', done: total, total, inflatedBytes: budget.total });
  return { ok: true, manifest, tables, attachments };
}
