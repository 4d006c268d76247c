/**
 * When the desktop edition's automatic backup (自动备份到文件夹) is due. Pure: the clock is passed in.
 *
 * Policy:
 * - 每天 (daily): due on the first check of a later calendar day than the last successful
 *   automatic backup; 每周 (weekly): on a calendar day at least 7 days later. Calendar days are
 *   Beijing days (UTC+8, no daylight saving), as everywhere else in the product, so "each day"
 *   means "the first time the app runs that day", not "24 hours after yesterday's backup".
 * - No successful automatic backup yet: due at once.
 * - After a failure (folder unplugged, disk full, keychain locked …) the next attempt waits
 *   `AUTO_BACKUP_RETRY_MS` (one hour), so a missing USB stick is not hammered every minute.
 * - A stored time more than an hour in the future means the PC clock was wrong when it was
 *   written (or has been set back since); it cannot be trusted, so it does not hold a backup off.
 */
import { MAX_BACKUP_KEEP } from '../ipc/contract';

export type AutoBackupMode = 'off' | 'daily' | 'weekly';
export const AUTO_BACKUP_MODES: readonly AutoBackupMode[] = ['off', 'daily', 'weekly'];
export const AUTO_BACKUP_MODE_LABEL: Record<AutoBackupMode, string> = { off: '关闭', daily: '每天', weekly: '每周' };

export const DAY_MS = 86_400_000;
export const AUTO_BACKUP_RETRY_MS = 60 * 60_000;
/** Beijing time, UTC+8 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const FUTURE_TOLERANCE_MS = 60 * 60_000;
const DAYS: Record<Exclude<AutoBackupMode, 'off'>, number> = { daily: 1, weekly: 7 };

export const DEFAULT_AUTO_BACKUP_KEEP = 10;
export const MAX_AUTO_BACKUP_KEEP = MAX_BACKUP_KEEP;

/** The device-local settings of automatic backups (the folder itself is kept by the main process). */
export interface AutoBackupSettings {
  mode: AutoBackupMode;
  /** keep the newest N automatic backups this laptop wrote into the folder; 0 keeps them all */
  keep: number;
  /** encrypt with the passphrase sealed by the OS keychain */
  encrypted: boolean;
}

export const DEFAULT_AUTO_BACKUP_SETTINGS: AutoBackupSettings = { mode: 'off', keep: DEFAULT_AUTO_BACKUP_KEEP, encrypted: true };

/** Stored settings, read defensively: anything unrecognised falls back to the default. */
export function normaliseAutoBackupSettings(raw: unknown): AutoBackupSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof AutoBackupSettings, unknown>>;
  const mode = AUTO_BACKUP_MODES.includes(r.mode as AutoBackupMode) ? (r.mode as AutoBackupMode) : DEFAULT_AUTO_BACKUP_SETTINGS.mode;
  const keep = isKeep(r.keep) ? r.keep : DEFAULT_AUTO_BACKUP_SETTINGS.keep;
  const encrypted = typeof r.encrypted === 'boolean' ? r.encrypted : DEFAULT_AUTO_BACKUP_SETTINGS.encrypted;
  return { mode, keep, encrypted };
}

export function isKeep(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_AUTO_BACKUP_KEEP;
}

export type AutoBackupWait =
  /** automatic backup is off */
  | 'off'
  /** the interval has not passed since the last successful automatic backup */
  | 'waiting'
  /** the last attempt failed less than an hour ago */
  | 'retry'
  | 'due';

export interface AutoBackupDueInput {
  mode: AutoBackupMode;
  /** ISO time of the last successful automatic backup, or null */
  lastSuccessAt: string | null;
  /** ISO time of the last failed attempt after that success, or null */
  lastFailureAt: string | null;
  now: Date;
}

export interface AutoBackupDue {
  due: boolean;
  reason: AutoBackupWait;
  /** when the next attempt will be made (ISO), null when off; equal to now when due */
  nextAt: string | null;
}

/** The Beijing calendar day number of an instant (days since 1970-01-01 in UTC+8). */
export function beijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/** The instant a Beijing calendar day begins (00:00 UTC+8). */
function beijingDayStart(day: number): number {
  return day * DAY_MS - BEIJING_OFFSET_MS;
}

/** A stored time we can rely on: parseable and not (much) in the future. */
function trusted(iso: string | null, now: number): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t) || t > now + FUTURE_TOLERANCE_MS) return null;
  return t;
}

export function autoBackupDue(input: AutoBackupDueInput): AutoBackupDue {
  const now = input.now.getTime();
  if (input.mode === 'off') return { due: false, reason: 'off', nextAt: null };
  const success = trusted(input.lastSuccessAt, now);
  const failure = trusted(input.lastFailureAt, now);
  // the interval: the first instant of the calendar day N days after the last success
  const scheduled = success === null ? now : Math.max(success, beijingDayStart(beijingDay(success) + DAYS[input.mode]));
  // a failure after the last success holds the next attempt off for an hour
  const retryAt = failure !== null && (success === null || failure >= success) ? failure + AUTO_BACKUP_RETRY_MS : null;
  const next = Math.max(scheduled, retryAt ?? scheduled);
  if (now >= next) return { due: true, reason: 'due', nextAt: new Date(now).toISOString() };
  return { due: false, reason: retryAt !== null && retryAt > scheduled ? 'retry' : 'waiting', nextAt: new Date(next).toISOString() };
}
