/**
 * Automatic backup into a folder the administrator picks (desktop edition, 自动备份到文件夹).
 *
 * Policy:
 * - Settings (关闭 / 每天 / 每周, keep the newest N, encrypted or not) are device-local: `meta`
 *   keys `backup.auto`, `backup.auto.key` and `backup.auto.state`, which never travel in packages
 *   and are neither in a backup nor replaced by a restore (DEVICE_META in backup.ts). The folder
 *   itself is kept by the main process (electron/main/backupFolder.ts); the renderer only asks
 *   which it is.
 * - The file is a normal YCA-BACKUP made by `buildBackup`, the same code as 立即备份, so it
 *   restores through 从备份恢复 like any other backup.
 * - Encryption: the passphrase is entered once and stored only sealed by the OS keychain
 *   (`platform.protectSecret`). Where there is no usable keychain it cannot be stored, so only an
 *   unencrypted automatic backup is possible there (the page says what that means).
 * - A backup counts (for the schedule, the reminder and `backup.last`) only once the file is in
 *   the folder. A failure is recorded with its Chinese message; the next attempt waits an hour
 *   (shared/backup/schedule.ts). Changing the settings or the folder clears the wait.
 * - Only who may back up (the laptop's level-1 administrator / national office, or the account
 *   the laptop was set up for: `mayBackUp`) may change the settings or run a backup; the scheduler
 *   runs only while such an account is signed in.
 */
import {
  autoBackupDue,
  AUTO_BACKUP_MODE_LABEL,
  AUTO_BACKUP_MODES,
  isKeep,
  MAX_AUTO_BACKUP_KEEP,
  normaliseAutoBackupSettings,
  type AutoBackupDue,
  type AutoBackupMode,
  type AutoBackupSettings,
} from '../../../shared/backup/schedule';
import { formatBytes } from '../../../shared/exchange/refusal';
import { platform as defaultPlatform, type Platform } from '../../platform';
import { db } from '../db';
import { writeTx, type Actor } from '../write';
import { BackupError, buildBackup, canBackUp, mayBackUp, MIN_PASSPHRASE, type BackupOptions } from './backup';

const SETTINGS_KEY = 'backup.auto';
const SEALED_KEY = 'backup.auto.key';
const STATE_KEY = 'backup.auto.state';

export type AutoBackupTrigger = 'schedule' | 'manual';

export interface AutoBackupSuccess {
  at: string;
  folder: string;
  fileName: string;
  bytes: number;
  encrypted: boolean;
  /** older automatic backups deleted to keep the newest N */
  pruned: number;
  trigger: AutoBackupTrigger;
}

export interface AutoBackupFailure {
  at: string;
  message: string;
  trigger: AutoBackupTrigger;
}

interface AutoBackupState {
  lastSuccess: AutoBackupSuccess | null;
  /** the last failure after `lastSuccess` (cleared by a success or a change of settings/folder) */
  lastFailure: AutoBackupFailure | null;
}

export type AutoBackupResult = ({ ok: true } & AutoBackupSuccess) | ({ ok: false } & AutoBackupFailure);

export interface AutoBackupStatus {
  settings: AutoBackupSettings;
  /** a sealed passphrase is stored */
  passphraseSet: boolean;
  lastSuccess: AutoBackupSuccess | null;
  lastFailure: AutoBackupFailure | null;
  /** the newer of the two */
  lastResult: AutoBackupResult | null;
  due: AutoBackupDue;
}

function readState(raw: unknown): AutoBackupState {
  const v = (raw ?? {}) as Partial<AutoBackupState>;
  return { lastSuccess: v.lastSuccess ?? null, lastFailure: v.lastFailure ?? null };
}

/** Settings, last results and when the next automatic backup is due (Dexie reads only: live-query safe). */
export async function autoBackupStatus(now: Date = new Date()): Promise<AutoBackupStatus> {
  const [s, k, st] = await db().meta.bulkGet([SETTINGS_KEY, SEALED_KEY, STATE_KEY]);
  const settings = normaliseAutoBackupSettings(s?.value);
  const state = readState(st?.value);
  const { lastSuccess, lastFailure } = state;
  const lastResult: AutoBackupResult | null =
    lastFailure && (!lastSuccess || lastFailure.at >= lastSuccess.at)
      ? { ok: false, ...lastFailure }
      : lastSuccess
        ? { ok: true, ...lastSuccess }
        : null;
  return {
    settings,
    passphraseSet: typeof k?.value === 'string' && k.value !== '',
    lastSuccess,
    lastFailure,
    lastResult,
    due: autoBackupDue({ mode: settings.mode, lastSuccessAt: lastSuccess?.at ?? null, lastFailureAt: lastFailure?.at ?? null, now }),
  };
}

export interface AutoBackupSettingsInput {
  mode: AutoBackupMode;
  keep: number;
  encrypted: boolean;
  /** a new passphrase; empty or absent keeps the stored one */
  passphrase?: string | null;
}

/** Save the automatic-backup settings (sealing a new passphrase with the OS keychain first). */
export async function saveAutoBackupSettings(
  actor: Actor,
  input: AutoBackupSettingsInput,
  p: Pick<Platform, 'protectSecret'> = defaultPlatform,
): Promise<void> {
  await mayBackUp(actor);
  if (!AUTO_BACKUP_MODES.includes(input.mode)) throw new BackupError('自动备份频率无效');
  if (!isKeep(input.keep)) throw new BackupError(`保留份数应为 0–${MAX_AUTO_BACKUP_KEEP} 的整数（0 表示全部保留）`);
  const pass = input.passphrase ?? '';
  let sealed: string | null | undefined; // undefined: keep the stored one
  if (input.encrypted && pass !== '') {
    if (pass.length < MIN_PASSPHRASE) throw new BackupError(`自动备份密码至少需要 ${MIN_PASSPHRASE} 个字符`);
    // sealed before the transaction: only Dexie calls may run inside writeTx
    sealed = await p.protectSecret(pass);
    if (sealed === null) {
      throw new BackupError('本机的系统钥匙串不可用，无法安全保存自动备份的密码。可以改为不加密的自动备份（请确保备份文件夹只有您能访问），或继续使用手动加密备份。');
    }
  } else if (input.encrypted) {
    // keep the stored passphrase; turning automatic backup on needs one
    const stored = (await db().meta.get(SEALED_KEY))?.value;
    if (input.mode !== 'off' && (typeof stored !== 'string' || stored === '')) throw new BackupError('请设置自动备份的密码（加密的自动备份需要它）');
  } else sealed = null; // unencrypted: no passphrase is kept at all
  const settings: AutoBackupSettings = { mode: input.mode, keep: input.keep, encrypted: input.encrypted };
  const d = db();
  await writeTx(actor, [], async (w) => {
    await d.meta.put({ key: SETTINGS_KEY, value: settings });
    if (sealed === null) await d.meta.delete(SEALED_KEY);
    else if (sealed !== undefined) await d.meta.put({ key: SEALED_KEY, value: sealed });
    // new settings: try again at once instead of waiting out a failure
    const state = readState((await d.meta.get(STATE_KEY))?.value);
    await d.meta.put({ key: STATE_KEY, value: { ...state, lastFailure: null } });
    w.audit({
      action: 'backup.auto.settings',
      entity: 'backup',
      entityId: 'auto',
      summary:
        settings.mode === 'off'
          ? '关闭自动备份'
          : `自动备份设为${AUTO_BACKUP_MODE_LABEL[settings.mode]}，${settings.keep ? `保留最近 ${settings.keep} 份` : '全部保留'}，${settings.encrypted ? '加密' : '不加密'}${sealed ? '（已更新密码）' : ''}`,
    });
  });
}

/** After the administrator picked a folder: audit it, and let a waiting retry run at once. */
export async function noteBackupFolderChosen(actor: Actor, folder: string): Promise<void> {
  await mayBackUp(actor);
  const d = db();
  await writeTx(actor, [], async (w) => {
    const state = readState((await d.meta.get(STATE_KEY))?.value);
    await d.meta.put({ key: STATE_KEY, value: { ...state, lastFailure: null } });
    w.audit({ action: 'backup.auto.folder', entity: 'backup', entityId: 'auto', summary: `自动备份文件夹设为“${folder}”` });
  });
}

export interface RunAutoBackupOptions {
  trigger: AutoBackupTrigger;
  platform?: Pick<Platform, 'backupFolder' | 'unprotectSecret' | 'writeBackupToFolder'>;
  now?: () => Date;
  pause?: BackupOptions['pause'];
  signal?: BackupOptions['signal'];
}

let running: Promise<AutoBackupResult> | null = null;

/**
 * Make a backup and write it into the picked folder now (立即备份到文件夹, or the scheduler when
 * due). The outcome is recorded and returned; it never throws for a failed backup, only for an
 * account that may not back up. Runs one at a time: a second call while one runs gets its result.
 */
export async function runAutoBackup(actor: Actor, opts: RunAutoBackupOptions): Promise<AutoBackupResult> {
  await mayBackUp(actor);
  if (running) return running;
  running = runOnce(actor, opts).finally(() => {
    running = null;
  });
  return running;
}

async function runOnce(actor: Actor, opts: RunAutoBackupOptions): Promise<AutoBackupResult> {
  const p = opts.platform ?? defaultPlatform;
  const now = opts.now ?? (() => new Date());
  const fail = (message: string) => recordFailure(actor, { at: now().toISOString(), message, trigger: opts.trigger });
  try {
    const where = await p.backupFolder();
    if (!where.supported) return { ok: false, at: now().toISOString(), message: '网页版不能自动备份到文件夹：请在“备份与恢复”页下载备份文件。', trigger: opts.trigger };
    if (where.folder === null) return fail('尚未选择自动备份文件夹。请在“备份与恢复”页点“选择备份文件夹…”。');
    if (!where.available) return fail(`找不到备份文件夹“${where.folder}”（U 盘或网络盘是否已断开？），备份未写入。请接好后重试，或重新选择备份文件夹。`);
    const d = db();
    const [s, k] = await d.meta.bulkGet([SETTINGS_KEY, SEALED_KEY]);
    const settings = normaliseAutoBackupSettings(s?.value);
    let passphrase: string | null = null;
    if (settings.encrypted) {
      const sealed = k?.value;
      if (typeof sealed !== 'string' || sealed === '') return fail('尚未设置自动备份的密码。请在“备份与恢复”页设置，或改为不加密的自动备份。');
      passphrase = await p.unprotectSecret(sealed);
      if (passphrase === null) {
        return fail('无法从系统钥匙串取出自动备份的密码（可能换了电脑或操作系统账户）。请在“备份与恢复”页重新设置自动备份的密码。');
      }
    }
    const file = await buildBackup(actor, { passphrase, pause: opts.pause, signal: opts.signal });
    const res = await p.writeBackupToFolder(file.header.unitName || '本机', file.bytes, settings.keep);
    if (!res.ok) return fail(res.error);
    const success: AutoBackupSuccess = {
      at: now().toISOString(),
      folder: res.folder,
      fileName: res.fileName,
      bytes: res.bytes,
      encrypted: file.header.encrypted,
      pruned: res.pruned.length,
      trigger: opts.trigger,
    };
    await writeTx(actor, [], async (w) => {
      await d.meta.put({ key: 'backup.last', value: { at: success.at, encrypted: success.encrypted, bytes: success.bytes, auto: true } });
      await d.meta.put({ key: STATE_KEY, value: { lastSuccess: success, lastFailure: null } satisfies AutoBackupState });
      w.audit({
        action: 'backup.auto',
        entity: 'backup',
        entityId: file.header.createdAt,
        summary:
          `${opts.trigger === 'schedule' ? '自动备份' : '立即备份'}到文件夹（${success.encrypted ? '已加密' : '未加密'}，${formatBytes(success.bytes)}）：${success.fileName}` +
          (success.pruned ? `；按保留份数删除了 ${success.pruned} 份较早的自动备份` : ''),
      });
    });
    return { ok: true, ...success };
  } catch (e) {
    return fail((e as Error).message || String(e));
  }
}

async function recordFailure(actor: Actor, failure: AutoBackupFailure): Promise<AutoBackupResult> {
  const d = db();
  try {
    await writeTx(actor, [], async () => {
      const state = readState((await d.meta.get(STATE_KEY))?.value);
      await d.meta.put({ key: STATE_KEY, value: { ...state, lastFailure: failure } satisfies AutoBackupState });
    });
  } catch {
    // the database itself refuses (disk full): the caller still gets the failure to show
  }
  return { ok: false, ...failure };
}

export type AutoBackupTick = { ran: false; reason: 'not-allowed' | 'unsupported' | AutoBackupDue['reason'] } | { ran: true; result: AutoBackupResult };

/** One check of the scheduler: back up if the signed-in account may and a backup is due. */
export async function runAutoBackupIfDue(
  actor: Actor,
  opts: { platform?: RunAutoBackupOptions['platform']; now?: () => Date; pause?: BackupOptions['pause'] } = {},
): Promise<AutoBackupTick> {
  if (!(await canBackUp(actor))) return { ran: false, reason: 'not-allowed' };
  const now = opts.now ?? (() => new Date());
  const status = await autoBackupStatus(now());
  if (!status.due.due) return { ran: false, reason: status.due.reason };
  const p = opts.platform ?? defaultPlatform;
  if (!(await p.backupFolder()).supported) return { ran: false, reason: 'unsupported' };
  return { ran: true, result: await runAutoBackup(actor, { trigger: 'schedule', platform: p, now, pause: opts.pause }) };
}
