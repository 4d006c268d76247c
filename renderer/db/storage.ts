/**
 * Free space before large imports.
 *
 * Policy: a roster, evaluation, exchange-package or backup-restore import first asks the browser
 * how much of its storage quota is left (`navigator.storage.estimate()`) and refuses, before
 * anything is written and with a Chinese message, when quota − usage is less than twice what the
 * import needs. Twice, because IndexedDB keeps the old and the new pages of a transaction until it
 * commits, and the estimate itself is coarse. Where the browser cannot tell (no StorageManager,
 * or it throws), the import goes ahead: a quota error during the write still aborts it as a whole
 * (errors.ts), so the check is an early, friendly refusal, never the only protection.
 */
import { formatBytes } from '../../shared/exchange/refusal';

/** Bytes an import may need per record it writes, with its indexes and audit entry (generous). */
export const BYTES_PER_RECORD = 4 * 1024;

interface StorageEstimator {
  estimate(): Promise<{ quota?: number; usage?: number }>;
}

function estimator(): StorageEstimator | null {
  const nav = (globalThis as { navigator?: { storage?: Partial<StorageEstimator> } }).navigator;
  const storage = nav?.storage;
  return storage && typeof storage.estimate === 'function' ? (storage as StorageEstimator) : null;
}

/**
 * A Chinese refusal when the space left is less than 2 × `bytesNeeded`, else null (also when the
 * browser cannot say).
 */
export async function checkFreeSpace(bytesNeeded: number): Promise<string | null> {
  const needed = Math.max(0, Math.ceil(Number.isFinite(bytesNeeded) ? bytesNeeded : 0));
  const s = estimator();
  if (!s || needed === 0) return null;
  let quota: number | undefined;
  let usage: number | undefined;
  try {
    ({ quota, usage } = await s.estimate());
  } catch {
    return null;
  }
  if (typeof quota !== 'number' || !Number.isFinite(quota) || quota <= 0) return null;
  const free = Math.max(0, quota - (typeof usage === 'number' && Number.isFinite(usage) ? usage : 0));
  if (free >= 2 * needed) return null;
  return (
    `存储空间不足：此次导入约需 ${formatBytes(needed)}，本软件可用的剩余空间只有约 ${formatBytes(free)}` +
    `（为安全起见需要至少 ${formatBytes(2 * needed)}）。未写入任何数据。请清理磁盘空间后重试。`
  );
}
