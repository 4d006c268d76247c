/**
 * Storage errors the user must understand, translated in ONE place.
 *
 * Policy: when the disk (or the share of it the browser grants this app) is full, IndexedDB
 * fails the request with a DOMException named "QuotaExceededError" and aborts the whole
 * transaction, so nothing of the write is kept. The user then sees one Chinese message that says
 * so and what to do, whichever screen they were on: `writeTx` (write.ts) passes every error
 * through `translateStorageError`, and the screens already show an error's message.
 *
 * Dexie may hand the DOMException on as it is, as `Dexie.QuotaExceededError`, as the `inner` of
 * an AbortError (the transaction aborted because of it), or inside a BulkError's `failures`;
 * Firefox has used the name NS_ERROR_DOM_QUOTA_REACHED. All of these are recognised.
 */

export const STORAGE_FULL_MESSAGE =
  '存储空间不足：本机磁盘（或浏览器分配给本软件的空间）已满，本次操作已整体撤销，未写入任何数据。请清理磁盘空间后重试；并请尽快把备份保存到本机以外的地方。';

export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(override readonly cause: unknown) {
    super(STORAGE_FULL_MESSAGE);
  }
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Is `e` (or an error it wraps) the storage quota running out? */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (depth > 5 || typeof e !== 'object' || e === null) return false;
  const err = e as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof err.name === 'string' && QUOTA_NAMES.has(err.name)) return true;
  if (isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1)) return true;
  return Array.isArray(err.failures) && err.failures.some((f) => isQuotaError(f, depth + 1));
}

/** The error to show: a quota error becomes StorageFullError (Chinese); anything else is unchanged. */
export function translateStorageError(e: unknown): unknown {
  if (e instanceof StorageFullError) return e;
  return isQuotaError(e) ? new StorageFullError(e) : e;
}
