/**
 * Attachment size limits.
 *
 * Policy (shown in the UI beside every file picker, see `limitsText`):
 * - pictures (JPEG, PNG, GIF, WebP): at most 10 MB each — a phone photo is 2–8 MB;
 * - video (MP4, MOV, WebM): at most 200 MB each — a few minutes of phone video; larger files
 *   make exchange packages unwieldy on USB sticks and e-mail;
 * - PDF documents: at most 20 MB each;
 * - at most 20 attachments per work update.
 * "MB" is 1024 × 1024 bytes, as Windows Explorer shows file sizes. Empty files are refused.
 * Limits are checked before a file is read whole, using its size and its first bytes.
 */
import { sniffMedia, type MediaKind, type MediaType } from './sniff';

const MB = 1024 * 1024;

export const SIZE_LIMITS: Readonly<Record<MediaKind, number>> = Object.freeze({
  image: 10 * MB,
  video: 200 * MB,
  document: 20 * MB,
});

/** nothing larger is ever read, whatever its type */
export const MAX_ATTACHMENT_BYTES = Math.max(...Object.values(SIZE_LIMITS));

export const MAX_ATTACHMENTS_PER_UPDATE = 20;

const KIND_LABEL: Record<MediaKind, string> = { image: '图片', video: '视频', document: 'PDF 文件' };

/** "12 字节", "340 KB", "9.5 MB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / MB;
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** The limits in words, for the UI. */
export function limitsText(): string {
  return (
    `支持 JPEG、PNG、GIF、WebP 图片（每个不超过 ${formatSize(SIZE_LIMITS.image)}），` +
    `MP4、MOV、WebM 视频（每个不超过 ${formatSize(SIZE_LIMITS.video)}），` +
    `PDF 文件（每个不超过 ${formatSize(SIZE_LIMITS.document)}）；每条最多 ${MAX_ATTACHMENTS_PER_UPDATE} 个附件。类型按文件内容识别，与扩展名无关。`
  );
}

export type MediaCheck = { ok: true; type: MediaType } | { ok: false; message: string };

/**
 * May a file with this name, size and first bytes be attached? `head` needs only the first
 * SNIFF_BYTES bytes. Messages are Chinese and name the file.
 */
export function checkMedia(name: string, size: number, head: Uint8Array): MediaCheck {
  const shown = name.trim() || '未命名文件';
  if (size === 0) return { ok: false, message: `“${shown}”是空文件（0 字节），不能添加。` };
  if (size > MAX_ATTACHMENT_BYTES) {
    return { ok: false, message: `“${shown}”有 ${formatSize(size)}，超过附件上限（视频不超过 ${formatSize(SIZE_LIMITS.video)}，图片不超过 ${formatSize(SIZE_LIMITS.image)}）。` };
  }
  const sniffed = sniffMedia(head);
  if (!sniffed.ok) {
    return { ok: false, message: `“${shown}”不能添加：${sniffed.reason}。只支持 JPEG、PNG、GIF、WebP 图片，MP4、MOV、WebM 视频和 PDF 文件（按文件内容识别）。` };
  }
  const limit = SIZE_LIMITS[sniffed.type.kind];
  if (size > limit) {
    return { ok: false, message: `“${shown}”有 ${formatSize(size)}，${KIND_LABEL[sniffed.type.kind]}每个不能超过 ${formatSize(limit)}。` };
  }
  return { ok: true, type: sniffed.type };
}
