/**
 * File I/O behind the file:save / file:open channels.
 *
 * Policy: a save never leaves a half-written file where the user's file was: bytes go to a temp
 * file in the same directory, are flushed to disk, then renamed over the target (atomic on the
 * same volume). Opening reads only regular files within fixed size caps, checked before reading,
 * so a stray multi-gigabyte pick cannot exhaust memory.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as fsp from 'node:fs/promises';

export const MAX_OPEN_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_OPEN_TOTAL_BYTES = 512 * 1024 * 1024;
export const MAX_OPEN_FILES = 50;

export interface WriteFs {
  open(file: string, flags: string): Promise<{ writeFile(data: Uint8Array): Promise<void>; sync(): Promise<void>; close(): Promise<void> }>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
}

export interface ReadFs {
  stat(file: string): Promise<{ size: number; isFile(): boolean; isDirectory(): boolean }>;
  readFile(file: string): Promise<Uint8Array>;
}

export const nodeFs: WriteFs & ReadFs = fsp;

/** A user-facing failure: its message is shown to the user as is. */
export class FileAccessError extends Error {
  override name = 'FileAccessError';
}

const MB = 1024 * 1024;

export async function writeFileAtomic(target: string, data: Uint8Array, fs: WriteFs = nodeFs): Promise<void> {
  // short fixed-length name: the target's own name may already be near the 255-byte limit
  const temp = path.join(path.dirname(target), `.yca-${randomUUID()}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      // Windows refuses to replace a workbook that Excel/WPS holds open; say so plainly
      throw new FileAccessError(`无法保存到“${target}”：文件可能正被其他程序（如 Excel、WPS）打开，或没有写入权限。请关闭该文件后重试。`);
    }
    throw err;
  }
}

export interface ReadFileResult {
  name: string;
  data: Uint8Array;
}

/** Reads the picked files, refusing the whole pick if any file breaks a cap (nothing partial). */
export async function readPickedFiles(paths: readonly string[], fs: ReadFs = nodeFs): Promise<ReadFileResult[]> {
  if (paths.length > MAX_OPEN_FILES) {
    throw new FileAccessError(`一次最多打开 ${MAX_OPEN_FILES} 个文件，本次选择了 ${paths.length} 个。`);
  }
  let total = 0;
  for (const file of paths) {
    const info = await fs.stat(file);
    if (!info.isFile()) throw new FileAccessError(`“${path.basename(file)}”不是普通文件，无法打开。`);
    if (info.size > MAX_OPEN_FILE_BYTES) {
      throw new FileAccessError(`文件“${path.basename(file)}”过大（${(info.size / MB).toFixed(1)} MB），单个文件不能超过 ${MAX_OPEN_FILE_BYTES / MB} MB。`);
    }
    total += info.size;
  }
  if (total > MAX_OPEN_TOTAL_BYTES) {
    throw new FileAccessError(`所选文件合计 ${(total / MB).toFixed(1)} MB，一次不能超过 ${MAX_OPEN_TOTAL_BYTES / MB} MB。`);
  }
  const out: ReadFileResult[] = [];
  for (const file of paths) {
    const bytes = await fs.readFile(file);
    // the file may have grown since stat
    if (bytes.byteLength > MAX_OPEN_FILE_BYTES) {
      throw new FileAccessError(`文件“${path.basename(file)}”过大，单个文件不能超过 ${MAX_OPEN_FILE_BYTES / MB} MB。`);
    }
    out.push({ name: path.basename(file), data: exactView(bytes) });
  }
  return out;
}

/** IPC clones a view's whole backing buffer, so hand over a view that spans exactly its bytes. */
function exactView(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return new Uint8Array(bytes.buffer, 0, bytes.byteLength);
  }
  return bytes.slice();
}

/** Characters Windows forbids in file names become "_" so the dialog's suggestion is always valid. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '');
  return cleaned === '' ? '未命名' : cleaned;
}
