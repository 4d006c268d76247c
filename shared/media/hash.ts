/**
 * SHA-256 of attachment bytes, read chunk by chunk so a 200 MB video is hashed with progress and
 * can be cancelled between chunks. Synchronous SHA-256 (@noble/hashes) keeps one code path for
 * browsers, Electron and Node; the hex digest is the attachment's content address.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export class MediaCancelled extends Error {
  constructor() {
    super('已取消');
    this.name = 'MediaCancelled';
  }
}

export { sha256Hex } from '../security/sha256';

export interface HashProgress {
  /** called after each chunk with bytes done so far */
  onProgress?: (done: number, total: number) => void;
  /** checked before each chunk; true stops with MediaCancelled */
  isCancelled?: () => boolean;
}

/** Hash `total` bytes delivered by `read(offset, length)` in chunks of `chunkSize`. */
export async function sha256Chunked(
  read: (offset: number, length: number) => Promise<Uint8Array>,
  total: number,
  opts: HashProgress & { chunkSize?: number } = {},
): Promise<string> {
  const chunk = opts.chunkSize ?? 4 * 1024 * 1024;
  const h = sha256.create();
  let done = 0;
  while (done < total) {
    if (opts.isCancelled?.()) throw new MediaCancelled();
    const part = await read(done, Math.min(chunk, total - done));
    if (part.length === 0) throw new Error('文件读取中断：读到的字节少于文件大小');
    h.update(part);
    done += part.length;
    opts.onProgress?.(done, total);
  }
  if (opts.isCancelled?.()) throw new MediaCancelled();
  return bytesToHex(h.digest());
}

export const isSha256Hex = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);
