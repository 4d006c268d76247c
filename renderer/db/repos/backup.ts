/**
 * Backup and restore of the whole database (备份与恢复), attachments included.
 *
 * Policy:
 * - Format "YCA-BACKUP", formatVersion 1: the ASCII line `YCA-BACKUP\n`, a 4-byte big-endian
 *   header length, the header (JSON: format, versions, schema version, app version, time,
 *   encryption parameters, payload size and SHA-256, table counts), then the payload. The
 *   payload is one DEFLATE stream of frames (a table's rows as JSON lines, or one binary field
 *   such as an attachment's bytes), optionally encrypted.
 * - Encryption (optional, chosen per backup): a passphrase of at least 10 characters →
 *   PBKDF2-SHA256 (600,000 iterations, 16-byte random salt) → AES-256-GCM with a random 12-byte
 *   IV, the header as additional data (so a changed header fails too). The passphrase is never
 *   stored; a lost passphrase means a lost backup, and the page says so.
 * - Restore checks everything before touching the database: the magic line, the header, the
 *   format version and the schema version (a backup from a newer app is refused with advice to
 *   upgrade), the payload's length (truncation) and hash, the passphrase (GCM tag), inflation
 *   bounded by the declared size, every table known. Then one transaction replaces every table:
 *   all or nothing.
 * - This laptop's identity is not in a backup and survives a restore: the device signing key
 *   (the private key never leaves the device), the device id, and the revision clock and
 *   package sequence only move forward, so packages made after a restore are not mistaken for
 *   replays and revisions never repeat.
 * - Derived tables (derived.ts, e.g. the log counts) are never in a backup: a restore rebuilds
 *   them as it writes the records they derive from. So a backup of an older schema version is
 *   restorable when every later version only added derived tables (`restoresPrevious` in
 *   schema.ts); otherwise it is refused with advice.
 * - A snapshot is taken automatically before a schema migration (`backupBeforeMigration`,
 *   called by App.tsx before anything may open the database with the newer schema) into a separate browser database, and a
 *   reminder asks for a backup every `intervalDays` (default 7) days.
 * - The desktop edition's scheduled backup into a folder (autoBackup.ts) uses `buildBackup`, the
 *   same file as 立即备份, and records it only once the file is in the folder.
 */
import Dexie from 'dexie';
import { Deflate } from 'fflate';
import { sha256Hex } from '../../../shared/exchange/format';
import { inflateLimited } from '../../../shared/exchange/safety';
import { formatBytes, type CancelSignal } from '../../../shared/exchange/refusal';
import { PBKDF2_ITERATIONS } from '../../../shared/security/password';
import { bytesToBase64, base64ToBytes } from '../../../shared/security/base64';
import { randomBytes } from '../../../shared/security/random';
import { ScopeError } from '../../../shared/rules/scope';
import { platform } from '../../platform';
import { db, DEFAULT_DB_NAME } from '../db';
import { DERIVED_TABLES } from '../derived';
import { CURRENT_VERSION, restorableSchema } from '../schema';
import { checkFreeSpace } from '../storage';
import { currentClock, loadClock, writeTx, type Actor } from '../write';
import { getInstallationInfo } from './peers';

export const BACKUP_FORMAT = 'YCA-BACKUP';
export const BACKUP_FORMAT_VERSION = 1;
const MAGIC = new TextEncoder().encode(`${BACKUP_FORMAT}\n`);
const MAX_HEADER_BYTES = 64 * 1024;
/** refuse anything claiming to inflate beyond this (a laptop database, attachments included) */
const MAX_CONTENT_BYTES = 8 * 1024 * 1024 * 1024;
export const MIN_PASSPHRASE = 10;

/** meta keys that belong to this laptop, not to its data: never in a backup, kept on restore */
export const DEVICE_META: ReadonlySet<string> = new Set([
  'deviceId',
  'exchange.deviceKey',
  'hlc',
  'exchange.sequence',
  'backup.last',
  'backup.schedule',
  // automatic backups into a folder (autoBackup.ts): settings, sealed passphrase, last results
  'backup.auto',
  'backup.auto.key',
  'backup.auto.state',
]);

export class BackupError extends Error {}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  schemaVersion: number;
  appVersion: string;
  createdAt: string;
  unitName: string;
  encrypted: boolean;
  kdf: { algorithm: 'PBKDF2-SHA256'; iterations: number; salt: string } | null;
  cipher: { algorithm: 'AES-256-GCM'; iv: string } | null;
  /** stored payload (after encryption) */
  payloadBytes: number;
  payloadSha256: string;
  /** inflated frames */
  contentBytes: number;
  tables: Record<string, number>;
}

let kdfIterations = PBKDF2_ITERATIONS;
/** Tests lower the PBKDF2 cost. */
export function setBackupKdfIterationsForTests(n: number | null): void {
  kdfIterations = n ?? PBKDF2_ITERATIONS;
}

export interface BackupProgress {
  phase: 'read' | 'pack' | 'encrypt' | 'check' | 'write' | 'done';
  done: number;
  total: number;
  table?: string;
}

export interface BackupOptions {
  passphrase?: string | null;
  onProgress?: (p: BackupProgress) => void;
  signal?: CancelSignal;
  pause?: () => Promise<void>;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

async function appVersion(): Promise<string> {
  try {
    return await platform.appVersion();
  } catch {
    return '0.0.0';
  }
}

// ---------- frames ----------

const FRAME_TABLE = 1;
const FRAME_BINARY = 2;

function frame(kind: number, name: string, data: Uint8Array): Uint8Array {
  const n = enc.encode(name);
  const out = new Uint8Array(1 + 2 + n.length + 4 + data.length);
  const dv = new DataView(out.buffer);
  out[0] = kind;
  dv.setUint16(1, n.length);
  out.set(n, 3);
  dv.setUint32(3 + n.length, data.length);
  out.set(data, 7 + n.length);
  return out;
}

function* readFrames(content: Uint8Array): Generator<{ kind: number; name: string; data: Uint8Array }> {
  const dv = new DataView(content.buffer, content.byteOffset, content.byteLength);
  let p = 0;
  while (p < content.length) {
    if (p + 3 > content.length) throw new BackupError('备份内容不完整');
    const kind = content[p]!;
    const nl = dv.getUint16(p + 1);
    if (p + 7 + nl > content.length) throw new BackupError('备份内容不完整');
    const name = dec.decode(content.subarray(p + 3, p + 3 + nl));
    const dl = dv.getUint32(p + 3 + nl);
    const start = p + 7 + nl;
    if (start + dl > content.length) throw new BackupError('备份内容不完整');
    yield { kind, name, data: content.subarray(start, start + dl) };
    p = start + dl;
  }
}

interface BinaryRef {
  $binary: 'blob' | 'bytes';
  type: string;
}

const isBlob = (v: unknown): v is Blob => typeof Blob !== 'undefined' && v instanceof Blob;

// ---------- crypto ----------

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase.normalize('NFC')) as BufferSource, 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function headerBytes(h: BackupHeader): Uint8Array {
  return enc.encode(JSON.stringify(h));
}

// ---------- create ----------

export async function mayBackUp(actor: Actor): Promise<void> {
  if (actor.role === 'national' || actor.role === 'admin1') return;
  const inst = await getInstallationInfo();
  if (inst?.accountId && inst.accountId === actor.accountId) return;
  throw new ScopeError('只有本机的一级管理员（或本机的主账号）可以备份和恢复数据');
}

/** Who may back up and restore on this laptop (for showing the page). */
export async function canBackUp(actor: Actor): Promise<boolean> {
  try {
    await mayBackUp(actor);
    return true;
  } catch {
    return false;
  }
}

/** Serialise any Dexie database (the current one, or an old one before a migration). */
async function serialise(
  source: Dexie,
  opts: BackupOptions,
  unitName: string,
  schemaVersion: number,
): Promise<{ bytes: Uint8Array; header: BackupHeader }> {
  const { onProgress, signal, pause } = opts;
  const check = async () => {
    if (signal?.aborted) throw new BackupError('已取消');
    if (pause) await pause();
    if (signal?.aborted) throw new BackupError('已取消');
  };
  // derived tables are rebuilt by the restore as it writes their sources (derived.ts)
  const names = source.tables.map((t) => t.name).filter((n) => !DERIVED_TABLES.includes(n)).sort();
  const rows: Record<string, unknown[]> = {};
  // one read transaction: a consistent picture even if someone keeps working
  await source.transaction('r', names, async () => {
    for (const n of names) {
      const t = source.table(n);
      const all = await t.toArray();
      rows[n] = n === 'meta' ? all.filter((r) => !DEVICE_META.has((r as { key: string }).key)) : all;
    }
  });
  const chunks: Uint8Array[] = [];
  let contentBytes = 0;
  const deflater = new Deflate({ level: 6 }, (chunk) => {
    chunks.push(chunk);
  });
  const push = (f: Uint8Array) => {
    contentBytes += f.length;
    deflater.push(f);
  };
  const tables: Record<string, number> = {};
  let done = 0;
  for (const n of names) {
    await check();
    onProgress?.({ phase: 'read', done: done++, total: names.length, table: n });
    const list = rows[n]!;
    tables[n] = list.length;
    const lines: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const row = list[i] as Record<string, unknown>;
      let copy: Record<string, unknown> | null = null;
      for (const [k, v] of Object.entries(row)) {
        if (!isBlob(v) && !(v instanceof Uint8Array)) continue;
        copy ??= { ...row };
        const ref: BinaryRef = { $binary: isBlob(v) ? 'blob' : 'bytes', type: isBlob(v) ? v.type : '' };
        copy[k] = ref;
        push(frame(FRAME_BINARY, `${n}/${i}/${k}`, isBlob(v) ? new Uint8Array(await v.arrayBuffer()) : v));
      }
      lines.push(JSON.stringify(copy ?? row));
      if (lines.length >= 2000) {
        push(frame(FRAME_TABLE, n, enc.encode(lines.join('\n') + '\n')));
        lines.length = 0;
        await check();
      }
    }
    push(frame(FRAME_TABLE, n, enc.encode(lines.length ? lines.join('\n') + '\n' : '')));
  }
  deflater.push(new Uint8Array(0), true);
  let payload = concat(chunks);
  onProgress?.({ phase: 'pack', done: names.length, total: names.length });
  await check();

  const passphrase = opts.passphrase ?? null;
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion,
    appVersion: await appVersion(),
    createdAt: new Date().toISOString(),
    unitName,
    encrypted: passphrase !== null,
    kdf: null,
    cipher: null,
    payloadBytes: 0,
    payloadSha256: '',
    contentBytes,
    tables,
  };
  if (passphrase !== null) {
    if (passphrase.length < MIN_PASSPHRASE) throw new BackupError(`备份密码至少需要 ${MIN_PASSPHRASE} 个字符`);
    onProgress?.({ phase: 'encrypt', done: 0, total: 1 });
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    header.kdf = { algorithm: 'PBKDF2-SHA256', iterations: kdfIterations, salt: bytesToBase64(salt) };
    header.cipher = { algorithm: 'AES-256-GCM', iv: bytesToBase64(iv) };
    // the AES-GCM ciphertext is 16 bytes (the tag) longer than the plaintext
    header.payloadBytes = payload.length + 16;
    const key = await deriveKey(passphrase, salt, kdfIterations);
    const aad = headerBytes({ ...header, payloadSha256: '' });
    payload = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource }, key, payload as BufferSource));
  } else header.payloadBytes = payload.length;
  header.payloadSha256 = sha256Hex(payload);
  const h = headerBytes(header);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, h.length);
  onProgress?.({ phase: 'done', done: 1, total: 1 });
  return { bytes: concat([MAGIC, len, h, payload]), header };
}

export interface BackupFile {
  bytes: Uint8Array;
  fileName: string;
  header: BackupHeader;
}

/**
 * A backup of the whole database, optionally encrypted, without recording it (the automatic
 * backup records it only once the file is in its folder: autoBackup.ts).
 */
export async function buildBackup(actor: Actor, opts: BackupOptions = {}): Promise<BackupFile> {
  await mayBackUp(actor);
  const d = db();
  const inst = await getInstallationInfo();
  const unit = inst ? await d.units.get(inst.unitId) : undefined;
  const { bytes, header } = await serialise(d, opts, unit?.name ?? '', CURRENT_VERSION);
  const stamp = header.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  return { bytes, fileName: `YCA备份-${unit?.name ?? '本机'}-${stamp}.ycabak`, header };
}

/** A backup of the whole database, optionally encrypted with a passphrase, recorded as made. */
export async function createBackup(actor: Actor, opts: BackupOptions = {}): Promise<BackupFile> {
  const file = await buildBackup(actor, opts);
  await recordBackup(actor, file);
  return file;
}

/**
 * Record that a backup left the machine: 上次备份 and the reminder count from here, with an audit
 * entry. 立即备份 calls it only once the file is saved, so a cancelled save dialog records nothing.
 */
export async function recordBackup(actor: Actor, file: BackupFile): Promise<void> {
  await mayBackUp(actor);
  const { bytes, header } = file;
  const d = db();
  await writeTx(actor, [], async (w) => {
    await d.meta.put({ key: 'backup.last', value: { at: w.now, encrypted: header.encrypted, bytes: bytes.length } });
    w.audit({
      action: 'backup.create',
      entity: 'backup',
      entityId: header.createdAt,
      summary: `备份全部数据（${header.encrypted ? '已加密' : '未加密'}，${formatBytes(bytes.length)}）`,
    });
  });
}

// ---------- read and restore ----------

export interface ParsedBackup {
  header: BackupHeader;
  headerRaw: Uint8Array;
  payload: Uint8Array;
}

/** Check the file's frame and versions (no passphrase needed yet). */
export function parseBackup(bytes: Uint8Array): ParsedBackup {
  const notBackup = new BackupError('所选文件不是 YCA Desk 备份文件');
  if (bytes.length < MAGIC.length + 4) throw notBackup;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) throw notBackup;
  const hl = new DataView(bytes.buffer, bytes.byteOffset + MAGIC.length, 4).getUint32(0);
  if (hl === 0 || hl > MAX_HEADER_BYTES) throw notBackup;
  if (bytes.length < MAGIC.length + 4 + hl) throw new BackupError('备份文件不完整（可能在复制或下载时被截断），不能恢复');
  const headerRaw = bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + hl);
  let h: BackupHeader;
  try {
    h = JSON.parse(dec.decode(headerRaw)) as BackupHeader;
  } catch {
    throw new BackupError('备份文件的头部已损坏，不能恢复');
  }
  if (typeof h !== 'object' || h === null || h.format !== BACKUP_FORMAT) throw notBackup;
  if (!Number.isInteger(h.formatVersion) || h.formatVersion > BACKUP_FORMAT_VERSION || !Number.isInteger(h.schemaVersion) || h.schemaVersion > CURRENT_VERSION) {
    throw new BackupError(
      `此备份由较新版本的 YCA Desk（${String(h.appVersion)}，数据库版本 ${String(h.schemaVersion)}）生成，本软件只支持到数据库版本 ${CURRENT_VERSION}。请先升级本软件，再恢复此备份。`,
    );
  }
  if (h.formatVersion < 1 || h.schemaVersion < 1) throw new BackupError('备份文件的版本信息无效，不能恢复');
  if (h.schemaVersion < CURRENT_VERSION && !restorableSchema(h.schemaVersion)) {
    throw new BackupError(`此备份来自较早的数据库版本 ${h.schemaVersion}；请先用对应版本的软件恢复，升级时会自动迁移。`);
  }
  if (typeof h.payloadBytes !== 'number' || typeof h.payloadSha256 !== 'string' || typeof h.contentBytes !== 'number') throw new BackupError('备份文件的头部已损坏，不能恢复');
  const payload = bytes.subarray(MAGIC.length + 4 + hl);
  if (payload.length < h.payloadBytes) throw new BackupError('备份文件不完整（可能在复制或下载时被截断），不能恢复');
  if (payload.length > h.payloadBytes) throw new BackupError('备份文件末尾有多余的数据，文件可能已被改动，不能恢复');
  if (sha256Hex(payload) !== h.payloadSha256) throw new BackupError('备份文件已损坏（校验值不符），不能恢复');
  return { header: h, headerRaw, payload };
}

async function openContent(p: ParsedBackup, passphrase: string | null, signal?: CancelSignal): Promise<Uint8Array> {
  const h = p.header;
  let packed = p.payload;
  if (h.encrypted) {
    if (!passphrase) throw new BackupError('此备份已加密，请输入备份密码');
    if (!h.kdf || !h.cipher || h.kdf.algorithm !== 'PBKDF2-SHA256' || h.cipher.algorithm !== 'AES-256-GCM') throw new BackupError('备份文件的加密信息无效');
    const salt = base64ToBytes(h.kdf.salt);
    const iv = base64ToBytes(h.cipher.iv);
    if (!salt || !iv || !Number.isInteger(h.kdf.iterations) || h.kdf.iterations < 1000 || h.kdf.iterations > 10_000_000) throw new BackupError('备份文件的加密信息无效');
    const key = await deriveKey(passphrase, salt, h.kdf.iterations);
    const aad = headerBytes({ ...h, payloadSha256: '' });
    try {
      packed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource }, key, packed as BufferSource));
    } catch {
      throw new BackupError('备份密码不正确（或备份文件已被改动），未恢复任何数据');
    }
  }
  const limit = Math.min(h.contentBytes, MAX_CONTENT_BYTES);
  const chunks: Uint8Array[] = [];
  const r = await inflateLimited(packed, {
    path: 'backup',
    budget: { limits: { maxEntries: 1, maxEntryBytes: limit, maxTotalBytes: limit }, total: 0 },
    onData: (c) => chunks.push(c),
    signal,
  });
  if (!r.ok) throw new BackupError(r.code === 'cancelled' ? '已取消' : '备份内容已损坏，不能恢复');
  if (r.size !== h.contentBytes) throw new BackupError('备份内容已损坏，不能恢复');
  return concat(chunks);
}

export interface RestorePreview {
  header: BackupHeader;
  tables: Record<string, unknown[]>;
}

/** Decrypt and decode a backup completely, without writing anything. */
export async function readBackup(bytes: Uint8Array, passphrase: string | null, signal?: CancelSignal): Promise<RestorePreview> {
  const p = parseBackup(bytes);
  const content = await openContent(p, passphrase, signal);
  const tables: Record<string, unknown[]> = {};
  const binaries = new Map<string, Uint8Array>();
  try {
    for (const f of readFrames(content)) {
      if (f.kind === FRAME_TABLE) {
        const list = (tables[f.name] ??= []);
        const text = dec.decode(f.data);
        for (const line of text.split('\n')) if (line) list.push(JSON.parse(line));
      } else if (f.kind === FRAME_BINARY) binaries.set(f.name, f.data);
      else throw new BackupError('备份内容含未知数据');
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError('备份内容已损坏，不能恢复');
  }
  const known = new Set(db().tables.map((t) => t.name).filter((n) => !DERIVED_TABLES.includes(n)));
  for (const [name, list] of Object.entries(tables)) {
    if (!known.has(name)) throw new BackupError(`备份含本软件不认识的数据表“${name}”，不能恢复`);
    if (p.header.tables[name] !== list.length) throw new BackupError(`备份内容已损坏：数据表“${name}”的记录数与头部不符`);
    list.forEach((row, i) => {
      for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
        const ref = v as BinaryRef | null;
        if (ref && typeof ref === 'object' && '$binary' in ref) {
          const data = binaries.get(`${name}/${i}/${k}`);
          if (!data) throw new BackupError('备份内容不完整：缺少附件数据');
          (row as Record<string, unknown>)[k] = ref.$binary === 'blob' ? new Blob([data as BlobPart], { type: ref.type }) : new Uint8Array(data);
        }
      }
    });
  }
  return { header: p.header, tables };
}

/**
 * Replace the whole database with a backup: everything or nothing. This laptop's identity
 * (device id, signing key, clock, package sequence) is kept; see the policy above.
 */
export async function restoreBackup(actor: Actor, bytes: Uint8Array, passphrase: string | null, signal?: CancelSignal): Promise<BackupHeader> {
  await mayBackUp(actor);
  const preview = await readBackup(bytes, passphrase, signal);
  // the restored content is written while the old is still there until the transaction commits
  const noSpace = await checkFreeSpace(preview.header.contentBytes);
  if (noSpace) throw new BackupError(noSpace);
  const d = db();
  const c = await (async () => {
    try {
      return currentClock();
    } catch {
      return loadClock();
    }
  })();
  let top = '';
  for (const [name, list] of Object.entries(preview.tables)) {
    if (name === 'meta' || name === 'audit') continue;
    for (const r of list as { rev?: unknown }[]) if (typeof r.rev === 'string' && r.rev > top) top = r.rev;
  }
  const others = d.tables.filter((t) => t.name !== 'meta' && t.name !== 'audit');
  await writeTx(actor, others, async (w) => {
    const keep = (await d.meta.bulkGet([...DEVICE_META])).filter((r) => r !== undefined);
    const backupSeq = (preview.tables.meta as { key: string; value: unknown }[] | undefined)?.find((r) => r.key === 'exchange.sequence');
    for (const t of d.tables) await t.clear();
    for (const [name, list] of Object.entries(preview.tables)) {
      const rows = name === 'meta' ? (list as { key: string }[]).filter((r) => !DEVICE_META.has(r.key)) : list;
      if (rows.length) await d.table(name).bulkAdd(rows);
    }
    for (const r of keep) await d.meta.put(r);
    const seq = Math.max(Number(keep.find((r) => r.key === 'exchange.sequence')?.value ?? 0), Number(backupSeq?.value ?? 0));
    if (seq > 0) await d.meta.put({ key: 'exchange.sequence', value: seq });
    if (top) c.receive(top);
    w.audit({
      action: 'backup.restore',
      entity: 'backup',
      entityId: preview.header.createdAt,
      summary: `从备份恢复全部数据（备份时间 ${preview.header.createdAt}，单位 ${preview.header.unitName || '—'}，${preview.header.encrypted ? '已加密' : '未加密'}）`,
    });
  });
  return preview.header;
}

// ---------- schedule and reminder ----------

export interface BackupStatus {
  lastAt: string | null;
  intervalDays: number;
  due: boolean;
}

export const DEFAULT_BACKUP_INTERVAL_DAYS = 7;

export async function backupStatus(now = new Date()): Promise<BackupStatus> {
  const d = db();
  const [last, schedule] = await Promise.all([d.meta.get('backup.last'), d.meta.get('backup.schedule')]);
  const lastAt = (last?.value as { at?: string } | undefined)?.at ?? null;
  const intervalDays = (schedule?.value as { intervalDays?: number } | undefined)?.intervalDays ?? DEFAULT_BACKUP_INTERVAL_DAYS;
  const due = intervalDays > 0 && (lastAt === null || now.getTime() - Date.parse(lastAt) > intervalDays * 86_400_000);
  return { lastAt, intervalDays, due };
}

/** 0 turns the reminder off. */
export async function setBackupInterval(actor: Actor, intervalDays: number): Promise<void> {
  await mayBackUp(actor);
  if (!Number.isInteger(intervalDays) || intervalDays < 0 || intervalDays > 365) throw new BackupError('提醒间隔应为 0–365 天的整数（0 表示不提醒）');
  await writeTx(actor, [], async (w) => {
    await db().meta.put({ key: 'backup.schedule', value: { intervalDays } });
    w.audit({ action: 'backup.schedule', entity: 'backup', entityId: 'schedule', summary: intervalDays ? `备份提醒间隔设为 ${intervalDays} 天` : '关闭备份提醒' });
  });
}

// ---------- before a schema migration ----------

const SNAPSHOT_DB = (name: string) => `${name}-premigration`;

interface SnapshotRow {
  id: string;
  createdAt: string;
  fromVersion: number;
  toVersion: number;
  data: Blob | Uint8Array;
  size: number;
}

function snapshotDb(name: string): Dexie & { snapshots: Dexie.Table<SnapshotRow, string> } {
  const s = new Dexie(SNAPSHOT_DB(name)) as Dexie & { snapshots: Dexie.Table<SnapshotRow, string> };
  s.version(1).stores({ snapshots: 'id, createdAt' });
  return s;
}

/**
 * Call before anything opens the database with a newer schema (App.tsx does, before mounting
 * the rest of the app). If a database of an older version exists, its whole content is saved as
 * an (unencrypted) backup in a separate browser database, so a failed or unwanted migration can
 * be undone from 备份与恢复. Keeps the newest three snapshots. Returns true when a snapshot was
 * taken; `onSnapshot` is called when one is about to be (it can take a minute on a large one).
 */
export async function backupBeforeMigration(name: string = DEFAULT_DB_NAME, targetVersion: number = CURRENT_VERSION, onSnapshot?: () => void): Promise<boolean> {
  if (!(await Dexie.exists(name))) return false;
  const old = new Dexie(name);
  try {
    await old.open();
    const from = old.verno;
    if (from >= targetVersion) return false;
    onSnapshot?.();
    const { bytes } = await serialise(old, {}, '', from);
    const snaps = snapshotDb(name);
    const now = new Date().toISOString();
    await snaps.snapshots.put({ id: `v${from}-${now}`, createdAt: now, fromVersion: from, toVersion: targetVersion, data: new Blob([bytes as BlobPart]), size: bytes.length });
    const all = await snaps.snapshots.orderBy('createdAt').reverse().toArray();
    for (const s of all.slice(3)) await snaps.snapshots.delete(s.id);
    snaps.close();
    return true;
  } finally {
    old.close();
  }
}

export interface MigrationSnapshot {
  id: string;
  createdAt: string;
  fromVersion: number;
  toVersion: number;
  size: number;
}

export async function listMigrationSnapshots(name: string = db().name): Promise<MigrationSnapshot[]> {
  if (!(await Dexie.exists(SNAPSHOT_DB(name)))) return [];
  const s = snapshotDb(name);
  try {
    const rows = await s.snapshots.orderBy('createdAt').reverse().toArray();
    return rows.map(({ id, createdAt, fromVersion, toVersion, size }) => ({ id, createdAt, fromVersion, toVersion, size }));
  } finally {
    s.close();
  }
}

export async function migrationSnapshotBytes(actor: Actor, id: string, name: string = db().name): Promise<Uint8Array> {
  await mayBackUp(actor);
  const s = snapshotDb(name);
  try {
    const row = await s.snapshots.get(id);
    if (!row) throw new BackupError('找不到该迁移前备份');
    return row.data instanceof Uint8Array ? row.data : new Uint8Array(await row.data.arrayBuffer());
  } finally {
    s.close();
  }
}

