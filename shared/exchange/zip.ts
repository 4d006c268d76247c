/**
 * The zip container of an exchange package: one narrow, canonical profile of PKWARE's APPNOTE.
 *
 * Policy: the writer produces exactly one layout and the reader accepts only that layout, so
 * every byte of a package is either covered by the signature (through the manifest's hashes)
 * or pinned by a consistency rule, and one changed byte anywhere is refused. The profile:
 * - entries back to back from offset 0: local header, name, data; no gaps, no data
 *   descriptors, no extra fields, no comments, no encryption, one disk;
 * - general-purpose flags exactly 0x0800 (UTF-8 names); method 0 (stored) or 8 (deflate);
 *   version made by = version needed = 20; internal and external attributes 0;
 * - every field a local header shares with its central-directory record is equal, byte for byte;
 * - the central directory follows the last entry's data, then — only with 65,535 entries or
 *   more — the ZIP64 end record and locator, then the 22-byte end record, which ends the file.
 * Ordinary zip tools still open packages (an administrator may look inside), but the reader
 * refuses zips made by other tools: a package is only ever written by YCA Desk.
 *
 * Reading happens in two passes so the hostile-input checks of safety.ts come first for any
 * zip, whoever made it: `readCentralDirectory` (entry count, names, duplicates, declared sizes)
 * and then `checkCanonicalLayout` (the profile above).
 */
import { formatBytes, refuse, type Refusal } from './refusal';
import { NameRegistry, entryTooLarge, totalTooLarge, unsafeNameReason, type PackageLimits } from './safety';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const LOCAL_LEN = 30;
const CENTRAL_LEN = 46;
const EOCD_LEN = 22;
const ZIP64_EOCD_LEN = 56;
const ZIP64_LOCATOR_LEN = 20;
const VERSION = 20;
const VERSION_ZIP64 = 45;
const FLAG_UTF8 = 0x0800;
/** at or above this many entries the count no longer fits the 16-bit field */
const ZIP64_ENTRY_THRESHOLD = 0xffff;
const U32_MAX = 0xffff_ffff;

export type ZipMethod = 0 | 8;

// ---------- CRC-32 (zip's own checksum; written for ordinary zip tools) ----------

const CRC_TABLE = ((): Int32Array => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 (zip's; also PNG's), slicing by 8: several times faster than a byte at a time. */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLE;
  let c = ~crc;
  const n = data.length;
  let i = 0;
  for (const end = n - 7; i < end; i += 8) {
    const a = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + data[i + 4]!]! ^
      t[512 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < n; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}


// ---------- writer ----------

export interface ZipWriteEntry {
  name: string;
  method: ZipMethod;
  /** the bytes as they sit in the zip (deflated for method 8) */
  packed: Uint8Array;
  /** CRC-32 of the inflated bytes */
  crc: number;
  /** inflated size */
  size: number;
}

/** MS-DOS date and time fields (UTC, 2-second resolution, 1980–2107). */
export function dosDateTime(iso: string): { date: number; time: number } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1980) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  const year = Math.min(d.getUTCFullYear(), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

/**
 * Lay out a canonical zip. Low level: names are not validated here (tests use this to build
 * hostile zips); buildPackage validates everything it passes in.
 */
export function writeZip(entries: readonly ZipWriteEntry[], modifiedIso: string): Uint8Array {
  const { date, time } = dosDateTime(modifiedIso);
  const enc = new TextEncoder();
  const names = entries.map((e) => enc.encode(e.name));
  let localTotal = 0;
  let centralTotal = 0;
  entries.forEach((e, i) => {
    if (names[i]!.length > 0xffff) throw new RangeError('zip entry name too long');
    if (e.packed.length > U32_MAX - 1 || e.size > U32_MAX - 1) throw new RangeError('zip entry too large for the profile');
    localTotal += LOCAL_LEN + names[i]!.length + e.packed.length;
    centralTotal += CENTRAL_LEN + names[i]!.length;
  });
  const zip64 = entries.length >= ZIP64_ENTRY_THRESHOLD;
  const total = localTotal + centralTotal + (zip64 ? ZIP64_EOCD_LEN + ZIP64_LOCATOR_LEN : 0) + EOCD_LEN;
  if (localTotal + centralTotal > U32_MAX - 1) throw new RangeError('package too large for the zip profile');
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  entries.forEach((e, i) => {
    const name = names[i]!;
    offsets.push(p);
    dv.setUint32(p, SIG_LOCAL, true);
    dv.setUint16(p + 4, VERSION, true);
    dv.setUint16(p + 6, FLAG_UTF8, true);
    dv.setUint16(p + 8, e.method, true);
    dv.setUint16(p + 10, time, true);
    dv.setUint16(p + 12, date, true);
    dv.setUint32(p + 14, e.crc >>> 0, true);
    dv.setUint32(p + 18, e.packed.length, true);
    dv.setUint32(p + 22, e.size, true);
    dv.setUint16(p + 26, name.length, true);
    dv.setUint16(p + 28, 0, true);
    out.set(name, p + LOCAL_LEN);
    out.set(e.packed, p + LOCAL_LEN + name.length);
    p += LOCAL_LEN + name.length + e.packed.length;
  });
  const cdOffset = p;
  entries.forEach((e, i) => {
    const name = names[i]!;
    dv.setUint32(p, SIG_CENTRAL, true);
    dv.setUint16(p + 4, VERSION, true);
    dv.setUint16(p + 6, VERSION, true);
    dv.setUint16(p + 8, FLAG_UTF8, true);
    dv.setUint16(p + 10, e.method, true);
    dv.setUint16(p + 12, time, true);
    dv.setUint16(p + 14, date, true);
    dv.setUint32(p + 16, e.crc >>> 0, true);
    dv.setUint32(p + 20, e.packed.length, true);
    dv.setUint32(p + 24, e.size, true);
    dv.setUint16(p + 28, name.length, true);
    // extra length, comment length, disk start, internal attributes, external attributes: all 0
    dv.setUint32(p + 42, offsets[i]!, true);
    out.set(name, p + CENTRAL_LEN);
    p += CENTRAL_LEN + name.length;
  });
  const cdSize = p - cdOffset;
  if (zip64) {
    const recordOffset = p;
    dv.setUint32(p, SIG_ZIP64_EOCD, true);
    dv.setBigUint64(p + 4, BigInt(ZIP64_EOCD_LEN - 12), true);
    dv.setUint16(p + 12, VERSION_ZIP64, true);
    dv.setUint16(p + 14, VERSION_ZIP64, true);
    // disk numbers 0
    dv.setBigUint64(p + 24, BigInt(entries.length), true);
    dv.setBigUint64(p + 32, BigInt(entries.length), true);
    dv.setBigUint64(p + 40, BigInt(cdSize), true);
    dv.setBigUint64(p + 48, BigInt(cdOffset), true);
    p += ZIP64_EOCD_LEN;
    dv.setUint32(p, SIG_ZIP64_LOCATOR, true);
    dv.setBigUint64(p + 8, BigInt(recordOffset), true);
    dv.setUint32(p + 16, 1, true);
    p += ZIP64_LOCATOR_LEN;
  }
  dv.setUint32(p, SIG_EOCD, true);
  const count16 = zip64 ? 0xffff : entries.length;
  dv.setUint16(p + 8, count16, true);
  dv.setUint16(p + 10, count16, true);
  dv.setUint32(p + 12, cdSize, true);
  dv.setUint32(p + 16, cdOffset, true);
  return out;
}

// ---------- reader ----------

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  time: number;
  date: number;
  crc: number;
  packedSize: number;
  /** inflated size as declared by the header (not trusted to bound work) */
  size: number;
  versionMadeBy: number;
  versionNeeded: number;
  extraLength: number;
  commentLength: number;
  diskStart: number;
  internalAttributes: number;
  externalAttributes: number;
  headerOffset: number;
  /** where the raw name bytes sit in the central directory record */
  centralNameOffset: number;
  nameLength: number;
  /** set by checkCanonicalLayout */
  dataOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  cdOffset: number;
}

const NOT_A_ZIP = '所选文件不是 YCA 交换包（不是 zip 文件，或文件不完整）';

function corrupt(detail: string): Refusal {
  return refuse('tampered', `交换包已损坏或被篡改：${detail}`);
}

/** A name shown in a message: control characters made visible, length bounded. */
export function displayName(name: string): string {
  const shown = JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
  return shown.slice(1, -1);
}

function u64(dv: DataView, at: number): number {
  const v = dv.getBigUint64(at, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/**
 * Pass 1: the end record(s) and the central directory, with the hostile-input checks. Nothing
 * is inflated and no local header is read. The entry count is checked against the limit as
 * soon as it is known, before the directory itself is parsed.
 */
export function readCentralDirectory(bytes: Uint8Array, limits: PackageLimits): ({ ok: true } & ZipDirectory) | Refusal {
  const len = bytes.length;
  if (len < EOCD_LEN) return refuse('notAPackage', NOT_A_ZIP);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = len - EOCD_LEN;
  if (dv.getUint32(eocd, true) !== SIG_EOCD) return refuse('notAPackage', NOT_A_ZIP);
  const disk = dv.getUint16(eocd + 4, true);
  const cdDisk = dv.getUint16(eocd + 6, true);
  const countOnDisk16 = dv.getUint16(eocd + 8, true);
  const count16 = dv.getUint16(eocd + 10, true);
  const cdSize32 = dv.getUint32(eocd + 12, true);
  const cdOffset32 = dv.getUint32(eocd + 16, true);
  const commentLength = dv.getUint16(eocd + 20, true);

  let count = count16;
  let cdSize = cdSize32;
  let cdOffset = cdOffset32;
  let cdEnd = eocd;
  const zip64 = count16 === 0xffff || countOnDisk16 === 0xffff;
  if (zip64) {
    const loc = eocd - ZIP64_LOCATOR_LEN;
    const rec = loc - ZIP64_EOCD_LEN;
    if (rec < 0 || dv.getUint32(loc, true) !== SIG_ZIP64_LOCATOR || dv.getUint32(rec, true) !== SIG_ZIP64_EOCD) {
      return corrupt('缺少或损坏 ZIP64 目录结尾记录');
    }
    count = u64(dv, rec + 32);
    // the count decides the refusal before anything else about the archive is believed
    if (count > limits.maxEntries) return tooMany(count, limits);
    if (
      dv.getUint32(loc + 4, true) !== 0 ||
      u64(dv, loc + 8) !== rec ||
      dv.getUint32(loc + 16, true) !== 1 ||
      u64(dv, rec + 4) !== ZIP64_EOCD_LEN - 12 ||
      dv.getUint16(rec + 12, true) !== VERSION_ZIP64 ||
      dv.getUint16(rec + 14, true) !== VERSION_ZIP64 ||
      dv.getUint32(rec + 16, true) !== 0 ||
      dv.getUint32(rec + 20, true) !== 0 ||
      u64(dv, rec + 24) !== count ||
      count16 !== 0xffff ||
      countOnDisk16 !== 0xffff ||
      count < ZIP64_ENTRY_THRESHOLD
    ) {
      return corrupt('ZIP64 目录结尾记录不一致');
    }
    cdSize = u64(dv, rec + 40);
    cdOffset = u64(dv, rec + 48);
    if (cdSize !== cdSize32 || cdOffset !== cdOffset32) return corrupt('ZIP64 目录结尾记录与目录结尾记录不一致');
    cdEnd = rec;
  } else if (count > limits.maxEntries) {
    return tooMany(count, limits);
  }
  if (disk !== 0 || cdDisk !== 0 || countOnDisk16 !== count16) return corrupt('分卷 zip 或目录结尾记录不一致');
  if (commentLength !== 0) return corrupt('目录结尾记录带有注释');
  if (cdOffset + cdSize !== cdEnd || cdSize < count * CENTRAL_LEN) return corrupt('中央目录的位置或大小不一致');

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const names = new NameRegistry();
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_LEN > cdEnd || dv.getUint32(p, true) !== SIG_CENTRAL) return corrupt(`中央目录第 ${i + 1} 条记录损坏`);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const entryCommentLength = dv.getUint16(p + 32, true);
    const next = p + CENTRAL_LEN + nameLength + extraLength + entryCommentLength;
    if (next > cdEnd) return corrupt(`中央目录第 ${i + 1} 条记录越界`);
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(p + CENTRAL_LEN, p + CENTRAL_LEN + nameLength));
    } catch {
      return refuse('path', `交换包含不安全的文件名（第 ${i + 1} 个文件的名称不是有效的 UTF-8 文本）`);
    }
    const reason = unsafeNameReason(name);
    if (reason) return refuse('path', `交换包含不安全的文件名 “${displayName(name)}”：${reason}`);
    const dup = names.add(name);
    if (dup) return dup;
    const size = dv.getUint32(p + 24, true);
    // declared sizes may only make us refuse earlier; actual output is counted while inflating
    if (size > limits.maxEntryBytes) return entryTooLarge(name, limits);
    declaredTotal += size;
    if (declaredTotal > limits.maxTotalBytes) return totalTooLarge(limits);
    entries.push({
      name,
      versionMadeBy: dv.getUint16(p + 4, true),
      versionNeeded: dv.getUint16(p + 6, true),
      flags: dv.getUint16(p + 8, true),
      method: dv.getUint16(p + 10, true),
      time: dv.getUint16(p + 12, true),
      date: dv.getUint16(p + 14, true),
      crc: dv.getUint32(p + 16, true),
      packedSize: dv.getUint32(p + 20, true),
      size,
      extraLength,
      commentLength: entryCommentLength,
      diskStart: dv.getUint16(p + 34, true),
      internalAttributes: dv.getUint16(p + 36, true),
      externalAttributes: dv.getUint32(p + 38, true),
      headerOffset: dv.getUint32(p + 42, true),
      centralNameOffset: p + CENTRAL_LEN,
      nameLength,
      dataOffset: -1,
    });
    p = next;
  }
  if (p !== cdEnd) return corrupt('中央目录含有多余数据');
  return { ok: true, entries, cdOffset };
}

function tooMany(count: number, limits: PackageLimits): Refusal {
  return refuse('tooManyEntries', `交换包含 ${count} 个文件，超过上限 ${limits.maxEntries} 个，未解压任何内容`);
}

/**
 * Pass 2: the canonical profile. Sets `dataOffset` on every entry. Refuses (as 'tampered')
 * any gap, overlap, extra field, mismatch between a local header and its directory record, or
 * a field outside the profile.
 */
export function checkCanonicalLayout(bytes: Uint8Array, dir: ZipDirectory): Refusal | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let expected = 0;
  for (const e of dir.entries) {
    if (
      e.versionMadeBy !== VERSION ||
      e.versionNeeded !== VERSION ||
      e.flags !== FLAG_UTF8 ||
      (e.method !== 0 && e.method !== 8) ||
      e.extraLength !== 0 ||
      e.commentLength !== 0 ||
      e.diskStart !== 0 ||
      e.internalAttributes !== 0 ||
      e.externalAttributes !== 0 ||
      (e.method === 0 && e.packedSize !== e.size)
    ) {
      return corrupt(`文件 ${displayName(e.name)} 的目录记录不符合交换包格式`);
    }
    const h = e.headerOffset;
    if (h !== expected) return corrupt(`文件 ${displayName(e.name)} 的位置不连续`);
    if (h + LOCAL_LEN > dir.cdOffset || dv.getUint32(h, true) !== SIG_LOCAL) return corrupt(`文件 ${displayName(e.name)} 的文件头损坏`);
    const same =
      dv.getUint16(h + 4, true) === e.versionNeeded &&
      dv.getUint16(h + 6, true) === e.flags &&
      dv.getUint16(h + 8, true) === e.method &&
      dv.getUint16(h + 10, true) === e.time &&
      dv.getUint16(h + 12, true) === e.date &&
      dv.getUint32(h + 14, true) === e.crc &&
      dv.getUint32(h + 18, true) === e.packedSize &&
      dv.getUint32(h + 22, true) === e.size &&
      dv.getUint16(h + 26, true) === e.nameLength &&
      dv.getUint16(h + 28, true) === 0;
    if (!same) return corrupt(`文件 ${displayName(e.name)} 的文件头与目录记录不一致`);
    const nameStart = h + LOCAL_LEN;
    for (let k = 0; k < e.nameLength; k++) {
      if (bytes[nameStart + k] !== bytes[e.centralNameOffset + k]) return corrupt(`文件 ${displayName(e.name)} 的文件头与目录记录不一致`);
    }
    e.dataOffset = nameStart + e.nameLength;
    const end = e.dataOffset + e.packedSize;
    if (end > dir.cdOffset) return corrupt(`文件 ${displayName(e.name)} 的数据越界`);
    expected = end;
  }
  if (expected !== dir.cdOffset) return corrupt('文件数据与中央目录之间有多余数据');
  return null;
}

/** The packed bytes of an entry (after checkCanonicalLayout). */
export function packedBytes(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  return bytes.subarray(e.dataOffset, e.dataOffset + e.packedSize);
}

