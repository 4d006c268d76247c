/**
 * Attachments (pictures, video, PDF) of work updates and other records.
 *
 * Policy:
 * - Content-addressed: the SHA-256 of the bytes is the key (`&hash` index). The same bytes are
 *   stored once however often, by whomever, they are attached; records hold hashes.
 * - Everything slow or asynchronous — reading the file, type sniffing, size limits, hashing,
 *   decoding an image and drawing its thumbnail — happens in `prepareAttachment`, BEFORE the
 *   write transaction; `storeAttachmentsInTx` then only makes Dexie calls (no PrematureCommitError).
 * - The type is sniffed from the bytes (shared/media), never taken from the file name; the
 *   stored MIME type is the sniffed one. Size limits are shared/media/limits.ts.
 * - Pictures get a thumbnail of at most 240 px on the long side (JPEG for JPEG sources, PNG
 *   otherwise so transparency survives), drawn in the renderer with createImageBitmap and an
 *   OffscreenCanvas (or a canvas element). A picture the browser cannot decode is refused. Where
 *   no image decoder exists (Node, in repo tests) the thumbnail is null and the UI shows an icon.
 * - In a browser the bytes are stored as a Blob (IndexedDB keeps Blobs out of the JS heap); a
 *   Uint8Array is accepted as well (repo tests under fake-indexeddb, exchange packages).
 * - Unreferenced attachments are kept: the same hash may be evidence elsewhere or arrive again
 *   in a package; a later clean-up may sweep them.
 * - Reading attachments is scoped through the record that references them (e.g.
 *   logs.ts `attachmentsOfUpdate`); `loadAttachments` is for repos that have checked scope.
 */
import type { Attachment } from '../../../shared/model/entities';
import { checkMedia, SNIFF_BYTES, sha256Chunked, type HashProgress, type MediaKind } from '../../../shared/media';
import { db } from '../db';
import type { Writer } from '../write';

export class AttachmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentError';
  }
}

export const THUMBNAIL_MAX_PX = 240;

export interface AttachmentSource {
  name: string;
  data: Blob | Uint8Array;
}

export interface PreparedAttachment {
  hash: string;
  mime: string;
  kind: MediaKind;
  size: number;
  name: string;
  data: Blob | Uint8Array;
  thumbnail: Blob | Uint8Array | null;
}

export type Thumbnailer = (data: Blob, mime: string) => Promise<Blob | null>;

/** Draw a picture at most THUMBNAIL_MAX_PX on its long side. Throws if it cannot be decoded. */
const browserThumbnailer: Thumbnailer = async (data, mime) => {
  if (typeof createImageBitmap !== 'function') return null;
  const bitmap = await createImageBitmap(data);
  try {
    const scale = Math.min(1, THUMBNAIL_MAX_PX / Math.max(bitmap.width, bitmap.height, 1));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const type = mime === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      ctx.drawImage(bitmap, 0, 0, w, h);
      return await canvas.convertToBlob({ type, quality: 0.82 });
    }
    if (typeof document === 'undefined') return null;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, w, h);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.82));
  } finally {
    bitmap.close();
  }
};

let thumbnailer: Thumbnailer = browserThumbnailer;

/** Tests replace the image decoder (Node has none); pass null to restore the browser one. */
export function setThumbnailerForTests(t: Thumbnailer | null): void {
  thumbnailer = t ?? browserThumbnailer;
}

const sizeOf = (data: Blob | Uint8Array): number => (data instanceof Uint8Array ? data.length : data.size);

async function readRange(data: Blob | Uint8Array, offset: number, length: number): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data.subarray(offset, offset + length);
  return new Uint8Array(await data.slice(offset, offset + length).arrayBuffer());
}

/**
 * Check, hash and (for pictures) thumbnail one file — outside any transaction. Throws
 * AttachmentError with a Chinese message naming the file, or MediaCancelled.
 */
export async function prepareAttachment(src: AttachmentSource, progress: HashProgress = {}): Promise<PreparedAttachment> {
  const size = sizeOf(src.data);
  const name = src.name.trim() || '未命名文件';
  // size and type are checked from the first bytes before the file is read whole
  const checked = checkMedia(name, size, await readRange(src.data, 0, SNIFF_BYTES));
  if (!checked.ok) throw new AttachmentError(checked.message);
  const { type } = checked;
  const hash = await sha256Chunked((o, l) => readRange(src.data, o, l), size, progress);
  let data: Blob | Uint8Array;
  if (src.data instanceof Uint8Array) {
    // a view into a larger buffer would store the whole buffer: keep exactly these bytes
    data = src.data.byteOffset === 0 && src.data.byteLength === src.data.buffer.byteLength ? src.data : src.data.slice();
  } else {
    data = new Blob([src.data], { type: type.mime });
  }
  let thumbnail: Blob | null = null;
  if (type.kind === 'image') {
    const blob = data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type: type.mime });
    try {
      thumbnail = await thumbnailer(blob, type.mime);
    } catch {
      throw new AttachmentError(`“${name}”无法作为图片打开，文件可能已损坏。`);
    }
  }
  return { hash, mime: type.mime, kind: type.kind, size, name, data, thumbnail };
}

/**
 * Inside a writeTx that includes `db().attachments`: store each prepared attachment unless the
 * same bytes are already stored. Returns how many were new. Dexie calls only.
 */
/**
 * Attachment ids are derived from the content hash, so two laptops that store the same bytes hold
 * the same record and an exchange package never meets a second row for one hash.
 */
export const attachmentIdOf = (hash: string): string => `attachment-${hash}`;

export async function storeAttachmentsInTx(w: Writer, prepared: readonly PreparedAttachment[]): Promise<number> {
  const d = db();
  let added = 0;
  const done = new Set<string>();
  for (const p of prepared) {
    if (done.has(p.hash)) continue;
    done.add(p.hash);
    const existing = await d.attachments.where('hash').equals(p.hash).first();
    if (existing && !existing.deleted) continue;
    const fields = { hash: p.hash, mime: p.mime, size: p.size, name: p.name, data: p.data, thumbnail: p.thumbnail };
    if (existing) await d.attachments.put({ ...w.touch(existing, fields), deleted: false });
    else await d.attachments.add(w.create<Attachment>({ ...fields, id: attachmentIdOf(p.hash) }));
    added++;
    w.audit({ action: 'attachment.store', entity: 'attachment', entityId: p.hash, summary: `保存附件“${p.name}”（${p.mime}，${p.size} 字节，SHA-256 ${p.hash.slice(0, 12)}…）` });
  }
  return added;
}

/** Stored attachments for these hashes, in the same order; hashes not (yet) stored are left out. For repos that have checked scope. */
export async function loadAttachments(hashes: readonly string[]): Promise<Attachment[]> {
  if (hashes.length === 0) return [];
  const rows = await db().attachments.where('hash').anyOf([...hashes]).toArray();
  const byHash = new Map(rows.filter((r) => !r.deleted).map((r) => [r.hash, r]));
  return hashes.map((h) => byHash.get(h)).filter((a): a is Attachment => a !== undefined);
}


/** The bytes of a stored attachment (to save it to a file). */
export async function attachmentBytes(a: Pick<Attachment, 'data'>): Promise<Uint8Array> {
  return a.data instanceof Uint8Array ? a.data : new Uint8Array(await a.data.arrayBuffer());
}
