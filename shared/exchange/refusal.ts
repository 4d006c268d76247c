/**
 * Refusals of an exchange package (交换包).
 *
 * Policy: reading a package never throws for anything found in the file; it returns one
 * refusal with a stable machine `code` (for tests, logs and the CLI's exit status) and a
 * Simplified Chinese `message` an administrator can act on. The first problem found wins; the
 * reader does not try to list every problem of a hostile file.
 */

export type RefusalCode =
  /** not a zip, not our zip profile, or no manifest: someone picked the wrong file */
  | 'notAPackage'
  /** made by a newer YCA Desk (formatVersion higher than this reader knows) */
  | 'unsupportedVersion'
  /** an entry name that could escape a folder or mean different files on different systems */
  | 'path'
  /** two entries with the same name, or names differing only in letter case */
  | 'duplicate'
  | 'tooManyEntries'
  | 'entryTooLarge'
  | 'totalTooLarge'
  /** manifest.json is not the canonical, well-formed manifest this version defines */
  | 'badManifest'
  | 'badSignature'
  /** bytes differ from what the signed manifest (or the zip's own directory) says */
  | 'tampered'
  | 'missingEntry'
  | 'extraEntry'
  | 'badRecord'
  | 'cancelled';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}

export function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

export const CANCELLED_MESSAGE = '已取消';

export function cancelled(): Refusal {
  return refuse('cancelled', CANCELLED_MESSAGE);
}

/** Something the caller can flip from another task (an AbortSignal fits). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Human-readable byte size for messages ("1.5 MiB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} 字节`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10} ${units[u]}`;
}
