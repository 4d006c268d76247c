/**
 * The automatic-backup scheduler: while an account is signed in, check once shortly after sign-in
 * and then every minute whether an automatic backup is due (runAutoBackupIfDue decides: permission,
 * schedule, edition), and run it in the background. Stopping (sign-out, idle lock) cancels the
 * timer; a backup already running finishes, since it only reads and writes one file.
 */
import type { Actor } from '../../db/write';
import { runAutoBackupIfDue, type AutoBackupTick } from '../../db/repos/autoBackup';
import type { Platform } from '../../platform';

export const FIRST_CHECK_MS = 15_000;
export const CHECK_EVERY_MS = 60_000;

export interface SchedulerOptions {
  actor: Actor;
  platform?: Pick<Platform, 'backupFolder' | 'unprotectSecret' | 'writeBackupToFolder'>;
  now?: () => Date;
  firstCheckMs?: number;
  everyMs?: number;
  /** yields between tables so the page stays responsive while a backup is packed */
  pause?: () => Promise<void>;
  onTick?: (tick: AutoBackupTick) => void;
  timers?: { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
}

/** Starts checking; returns the function that stops it. */
export function startAutoBackupScheduler(opts: SchedulerOptions): () => void {
  const timers = opts.timers ?? {
    setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let stopped = false;
  let handle: unknown = null;
  const tick = async () => {
    handle = null;
    if (stopped) return;
    try {
      const result = await runAutoBackupIfDue(opts.actor, { platform: opts.platform, now: opts.now, pause: opts.pause });
      opts.onTick?.(result);
    } catch {
      // a check that throws (database closed during sign-out …) is simply tried again next time
    }
    if (!stopped) handle = timers.setTimeout(() => void tick(), opts.everyMs ?? CHECK_EVERY_MS);
  };
  handle = timers.setTimeout(() => void tick(), opts.firstCheckMs ?? FIRST_CHECK_MS);
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
}
