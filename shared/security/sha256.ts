/**
 * SHA-256 as lowercase hex, the one implementation every layer uses.
 * - `sha256Hex`: synchronous (@noble/hashes). Needed inside IndexedDB transactions (the audit
 *   chain), where awaiting WebCrypto would let the transaction commit early.
 * - `sha256HexAsync`: WebCrypto, native and several times faster on large inputs (exchange
 *   packages, evidence files); use it wherever an await is allowed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}
