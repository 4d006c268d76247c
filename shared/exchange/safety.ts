/**
 * Refusing hostile zip files before and while inflating.
 *
 * Policy (an exchange package comes from another laptop; until its signature and hashes are
 * checked it is untrusted input, and even a validly signed one may come from a key nobody has
 * approved yet):
 * - Entry names: refused if absolute ("/x"), with a drive letter or any colon ("C:x", NTFS
 *   streams), a backslash, a NUL or other control character, an empty segment ("a//b", a
 *   trailing "/" i.e. a directory entry), a "." or ".." segment, invalid UTF-8, or longer than
 *   255 bytes. The reader never writes entries to disk, but an administrator may unzip a package
 *   by hand, and no name should mean different files to different tools.
 * - Two entries with the same name, or names equal after Unicode NFC + lower-casing, are refused:
 *   Windows and macOS file systems would merge them, and two readers could pick different ones.
 * - Limits (defaults below, lowered in tests): number of entries, inflated size of one entry,
 *   inflated size of all entries. The entry count is refused from the end-of-central-directory
 *   record before anything else is read. Sizes declared in headers can only cause an earlier
 *   refusal; they are never trusted to bound the work. Inflation is counted on the actual output
 *   while it runs, fed in small slices near the limit, so an entry that inflates past a limit is
 *   stopped within about one slice's worth (~0.5 MiB) past the limit, not after it has finished.
 */
import { Inflate } from 'fflate';
import { cancelled, formatBytes, refuse, type CancelSignal, type Refusal } from './refusal';

export interface PackageLimits {
  /** entries in the zip, counting manifest.json and signature.json */
  maxEntries: number;
  /** inflated bytes of any one entry */
  maxEntryBytes: number;
  /** inflated bytes of all entries together */
  maxTotalBytes: number;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxEntries: 200_000,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 2 * GiB,
});

/** The zip profile has no per-entry ZIP64 fields, so nothing may reach 4 GiB. */
const HARD_MAX_BYTES = 0xffff_fffe;
/** 32-bit zip64-free entries need a ZIP64 end record above 65,534; we allow it up to here. */
const HARD_MAX_ENTRIES = 10_000_000;

export function resolveLimits(partial?: Partial<PackageLimits>): PackageLimits {
  const l = { ...DEFAULT_LIMITS, ...(partial ?? {}) };
  const ok = (n: number, max: number) => Number.isSafeInteger(n) && n >= 1 && n <= max;
  if (!ok(l.maxEntries, HARD_MAX_ENTRIES) || !ok(l.maxEntryBytes, HARD_MAX_BYTES) || !ok(l.maxTotalBytes, HARD_MAX_BYTES)) {
    throw new RangeError('invalid package limits');
  }
  return l;
}

export const MAX_NAME_BYTES = 255;

/** Returns a Chinese reason when `name` is not a safe entry name, else null. */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return '文件名为空';
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) return `文件名超过 ${MAX_NAME_BYTES} 字节`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return '文件名含控制字符（如 NUL）';
  if (name.includes('\\')) return '文件名含反斜杠';
  if (/^[A-Za-z]:/.test(name)) return '文件名以盘符开头';
  if (name.includes(':')) return '文件名含冒号';
  if (name.startsWith('/')) return '文件名是绝对路径';
  const segments = name.split('/');
  if (segments.some((s) => s === '')) return '文件名含空的路径段（或是文件夹条目）';
  if (segments.some((s) => s === '..')) return '文件名含 “..” 路径段，可能跳出目标文件夹';
  if (segments.some((s) => s === '.')) return '文件名含 “.” 路径段';
  return null;
}

/** Key under which two names collide on a case-insensitive, normalising file system. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Detects exact and case-insensitive duplicate names, one name at a time. */
export class NameRegistry {
  private readonly exact = new Set<string>();
  private readonly folded = new Map<string, string>();

  /** Returns a refusal for a duplicate or colliding name, else registers it and returns null. */
  add(name: string): Refusal | null {
    if (this.exact.has(name)) return refuse('duplicate', `交换包含重复的文件：${name}`);
    const key = foldName(name);
    const other = this.folded.get(key);
    if (other !== undefined) {
      return refuse('duplicate', `交换包含仅大小写（或 Unicode 写法）不同的文件：${other} 与 ${name}`);
    }
    this.exact.add(name);
    this.folded.set(key, name);
    return null;
  }
}

/** Running total of inflated bytes across all entries of one package. */
export interface InflateBudget {
  limits: PackageLimits;
  /** inflated so far, across entries; updated as bytes come out */
  total: number;
}

export function entryTooLarge(path: string, limits: PackageLimits): Refusal {
  return refuse('entryTooLarge', `交换包中的文件 ${path} 解压后超过单个文件上限 ${formatBytes(limits.maxEntryBytes)}，已停止读取`);
}

export function totalTooLarge(limits: PackageLimits): Refusal {
  return refuse('totalTooLarge', `交换包解压后的总大小超过上限 ${formatBytes(limits.maxTotalBytes)}，已停止读取`);
}

/** DEFLATE cannot expand more than 1032:1, which bounds what one pushed slice can produce. */
const MAX_DEFLATE_RATIO = 1032;
const MIN_SLICE = 512;
const MAX_SLICE = 64 * 1024;
/** how many inflated bytes between progress/cancel checks */
const CHECK_EVERY = 4 * MiB;

export interface InflateOptions {
  path: string;
  budget: InflateBudget;
  /** receives each inflated chunk (already counted) */
  onData: (chunk: Uint8Array) => void;
  /** called every few MiB and at the end with the entry's inflated size so far */
  onTick?: (entryBytes: number) => Promise<void> | void;
  signal?: CancelSignal;
  /** the size the signed manifest declares: inflating stops as soon as the entry passes it */
  declaredSize?: number;
}

/**
 * Inflate raw DEFLATE data (zip method 8) while counting actual output against the limits.
 * Slices pushed into the inflater shrink as the remaining allowance shrinks, so the overshoot
 * past a limit stays around one slice's maximum expansion. Corrupt DEFLATE data is 'tampered'.
 */
export async function inflateLimited(packed: Uint8Array, opts: InflateOptions): Promise<{ ok: true; size: number } | Refusal> {
  const { budget, path } = opts;
  const { limits } = budget;
  let size = 0;
  let sinceCheck = 0;
  let stop: Refusal | null = null;
  const inflater = new Inflate((chunk) => {
    if (stop || chunk.length === 0) return;
    size += chunk.length;
    budget.total += chunk.length;
    sinceCheck += chunk.length;
    if (size > limits.maxEntryBytes) stop = entryTooLarge(path, limits);
    else if (opts.declaredSize !== undefined && size > opts.declaredSize)
      stop = refuse('tampered', `交换包已损坏或被篡改：文件 ${path} 解压后超过清单所列的 ${opts.declaredSize} 字节`);
    else if (budget.total > limits.maxTotalBytes) stop = totalTooLarge(limits);
    else opts.onData(chunk);
  });
  if (packed.length === 0) return refuse('tampered', `交换包已损坏或被篡改：文件 ${path} 的压缩数据为空`);
  let pos = 0;
  while (pos < packed.length) {
    if (opts.signal?.aborted) return cancelled();
    const allowance = Math.min(limits.maxEntryBytes - size, limits.maxTotalBytes - budget.total);
    const slice = Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor(allowance / MAX_DEFLATE_RATIO)));
    const end = Math.min(packed.length, pos + slice);
    try {
      inflater.push(packed.subarray(pos, end), end === packed.length);
    } catch {
      return stop ?? refuse('tampered', `交换包已损坏或被篡改：文件 ${path} 的压缩数据无法解压`);
    }
    pos = end;
    if (stop) return stop;
    if (sinceCheck >= CHECK_EVERY) {
      sinceCheck = 0;
      await opts.onTick?.(size);
    }
  }
  if (opts.signal?.aborted) return cancelled();
  return { ok: true, size };
}
