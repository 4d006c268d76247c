/**
 * Automatic backup into a folder (renderer side): settings, the due check, the scheduler, and the
 * real backup going through a fake platform that stands in for the desktop bridge.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDb, db, initDb } from '../../../renderer/db/db';
import { issueAccount, setHashOptionsForTests } from '../../../renderer/db/repos/accounts';
import { login, type Session } from '../../../renderer/db/repos/auth';
import { runSetup } from '../../../renderer/db/repos/setup';
import { backupStatus, createBackup, parseBackup, restoreBackup, setBackupKdfIterationsForTests } from '../../../renderer/db/repos/backup';
import {
  autoBackupStatus,
  noteBackupFolderChosen,
  runAutoBackup,
  runAutoBackupIfDue,
  saveAutoBackupSettings,
} from '../../../renderer/db/repos/autoBackup';
import { startAutoBackupScheduler } from '../../../renderer/features/backup/scheduler';
import { electronPlatform } from '../../../renderer/platform/platform.electron';
import { webPlatform } from '../../../renderer/platform/platform.web';
import type { BackupFolderStatus, Platform } from '../../../renderer/platform';
import { VALIDATORS, type WriteBackupResponse, type YcaBridge } from '../../../shared/ipc/contract';
import { verifyAudit } from '../../../shared/security/audit';
import { loadClock, resetClockForTests, type Actor } from '../../../renderer/db/write';

const PW = 'Shanghai#2017yca';
const PASS = '青年文明号自动备份2026';
const TERM = '2017-2018';
let n = 0;
let admin: Session;

interface Written {
  label: string;
  data: Uint8Array;
  keep: number;
}

/** The desktop bridge as the renderer sees it, with a folder in memory. */
function fakeDesktop(opts: { folder?: string | null; available?: boolean; keychain?: boolean; write?: (w: Written) => WriteBackupResponse } = {}) {
  const written: Written[] = [];
  const state: BackupFolderStatus & { supported: true } = { supported: true, folder: opts.folder === undefined ? '/media/u/备份' : opts.folder, available: opts.available ?? true };
  const keychain = opts.keychain ?? true;
  const p = {
    backupFolder: vi.fn(async () => ({ ...state })),
    protectSecret: vi.fn(async (plain: string) => (keychain ? `sealed:${[...plain].reverse().join('')}` : null)),
    unprotectSecret: vi.fn(async (sealed: string) => (keychain && sealed.startsWith('sealed:') ? [...sealed.slice(7)].reverse().join('') : null)),
    writeBackupToFolder: vi.fn(async (label: string, data: Uint8Array, keep: number): Promise<WriteBackupResponse> => {
      const w = { label, data, keep };
      if (opts.write) return opts.write(w);
      written.push(w);
      return { ok: true, folder: state.folder!, fileName: `YCA自动备份-${label}-${written.length}.ycabak`, bytes: data.length, pruned: written.length > keep && keep > 0 ? ['old.ycabak'] : [] };
    }),
  } satisfies Pick<Platform, 'backupFolder' | 'protectSecret' | 'unprotectSecret' | 'writeBackupToFolder'>;
  return { p, written, state };
}

/** a clock the test moves by hand */
function clock(iso: string) {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function names(): Promise<number> {
  return db().accounts.count();
}

beforeEach(async () => {
  await closeDb();
  resetClockForTests();
  initDb(`autobackup-test-${n++}`);
  await loadClock();
  setHashOptionsForTests({ iterations: 1000 });
  setBackupKdfIterationsForTests(2000);
  const { code } = await runSetup({ unitCode: 'R09', adminName: '王晓明', password: PW, recoveryEmail: '' });
  admin = await login(code, PW);
  await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海市第一人民医院急诊科', recoveryEmail: '' }, TERM);
});

describe('automatic backup settings', () => {
  it('are off by default, encrypted, keeping 10', async () => {
    const s = await autoBackupStatus();
    expect(s.settings).toEqual({ mode: 'off', keep: 10, encrypted: true });
    expect(s.passphraseSet).toBe(false);
    expect(s.lastResult).toBeNull();
    expect(s.due.due).toBe(false);
  });

  it('keep the passphrase only sealed by the OS keychain, and audit the change', async () => {
    const { p } = fakeDesktop();
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 5, encrypted: true, passphrase: PASS }, p);
    const s = await autoBackupStatus();
    expect(s.settings).toEqual({ mode: 'daily', keep: 5, encrypted: true });
    expect(s.passphraseSet).toBe(true);
    expect(p.protectSecret).toHaveBeenCalledWith(PASS);
    const meta = JSON.stringify(await db().meta.toArray());
    expect(meta).not.toContain(PASS);
    const audit = await db().audit.orderBy('seq').toArray();
    expect(audit.at(-1)).toMatchObject({ action: 'backup.auto.settings', summary: '自动备份设为每天，保留最近 5 份，加密（已更新密码）' });
    expect(verifyAudit(audit)).toMatchObject({ ok: true });
    // a later save without a passphrase keeps the stored one
    await saveAutoBackupSettings(admin.actor, { mode: 'weekly', keep: 5, encrypted: true, passphrase: '' }, p);
    expect((await autoBackupStatus()).passphraseSet).toBe(true);
  });

  it('refuse encryption without a usable keychain, and an encrypted schedule without a passphrase', async () => {
    const { p } = fakeDesktop({ keychain: false });
    await expect(saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 5, encrypted: true, passphrase: PASS }, p)).rejects.toThrow('系统钥匙串不可用');
    await expect(saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 5, encrypted: true, passphrase: '' }, p)).rejects.toThrow('请设置自动备份的密码');
    await expect(saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 5, encrypted: true, passphrase: 'short' }, p)).rejects.toThrow('至少需要 10 个字符');
    expect((await autoBackupStatus()).settings.mode).toBe('off');
    // unencrypted is possible, and keeps no passphrase at all
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 5, encrypted: false }, p);
    expect(await autoBackupStatus()).toMatchObject({ settings: { mode: 'daily', encrypted: false }, passphraseSet: false });
  });

  it('refuse a bad keep and an account that may not back up', async () => {
    const { p } = fakeDesktop();
    await expect(saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 101, encrypted: false }, p)).rejects.toThrow('保留份数应为 0–100 的整数');
    await expect(saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 1.5, encrypted: false }, p)).rejects.toThrow('保留份数');
    const c = await db().accounts.where('role').equals('collective').first();
    const collective: Actor = { ...admin.actor, accountId: c!.id, role: 'collective', collectiveId: c!.collectiveId };
    await expect(saveAutoBackupSettings(collective, { mode: 'daily', keep: 5, encrypted: false }, p)).rejects.toThrow('只有本机的一级管理员');
    await expect(runAutoBackup(collective, { trigger: 'manual', platform: p })).rejects.toThrow('只有本机的一级管理员');
    expect(await runAutoBackupIfDue(collective, { platform: p })).toEqual({ ran: false, reason: 'not-allowed' });
    expect(p.writeBackupToFolder).not.toHaveBeenCalled();
  });
});

describe('the scheduled backup writes a real backup into the folder', () => {
  it('does nothing while off', async () => {
    const { p } = fakeDesktop();
    expect(await runAutoBackupIfDue(admin.actor, { platform: p })).toEqual({ ran: false, reason: 'off' });
    expect(p.writeBackupToFolder).not.toHaveBeenCalled();
  });

  it('writes an encrypted backup that restores with the passphrase, records it, and is not due again the same day', async () => {
    const { p, written } = fakeDesktop();
    const c = clock('2026-03-10T01:00:00Z');
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: true, passphrase: PASS }, p);
    const tick = await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now });
    expect(tick).toMatchObject({ ran: true, result: { ok: true, encrypted: true, folder: '/media/u/备份', trigger: 'schedule', at: '2026-03-10T01:00:00.000Z' } });
    expect(written).toHaveLength(1);
    const w = written[0]!;
    expect(w.keep).toBe(7);
    expect(w.label).toBe((await db().units.get('unit-R09'))!.name);
    // what the main process will accept, and a genuine YCA-BACKUP that restores
    expect(VALIDATORS['backup:writeFile']({ label: w.label, data: w.data, keep: w.keep })).toBe(true);
    expect(parseBackup(w.data).header).toMatchObject({ format: 'YCA-BACKUP', encrypted: true });
    expect(new TextDecoder('latin1').decode(w.data)).not.toContain('急诊科');
    // audited (before the restore below puts back the audit trail as it was in the backup)
    const audit = await db().audit.orderBy('seq').toArray();
    expect(audit.at(-1)).toMatchObject({ action: 'backup.auto', summary: expect.stringMatching(/^自动备份到文件夹（已加密，.+）：YCA自动备份-.+-1\.ycabak$/) });
    expect(verifyAudit(audit)).toMatchObject({ ok: true });
    const accounts = await names();
    await issueAccount(admin.actor, { role: 'collective', unitId: 'unit-R09', displayName: '上海地铁一号线徐家汇站', recoveryEmail: '' }, TERM);
    expect(await names()).toBe(accounts + 1);
    await expect(restoreBackup(admin.actor, w.data, null)).rejects.toThrow('此备份已加密');
    await restoreBackup(admin.actor, w.data, PASS);
    expect(await names()).toBe(accounts);

    // recorded: last result, the ordinary "last backup" (so the reminder is satisfied), the audit
    const s = await autoBackupStatus(c.now());
    expect(s.lastResult).toMatchObject({ ok: true, fileName: `YCA自动备份-${w.label}-1.ycabak`, encrypted: true });
    expect((await backupStatus(c.now())).due).toBe(false);

    // the same Beijing day: not again; the next day: again
    c.advance(12 * HOUR); // 21:00 Beijing
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toEqual({ ran: false, reason: 'waiting' });
    c.advance(3 * HOUR); // 00:00 Beijing the next day
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toMatchObject({ ran: true, result: { ok: true } });
    expect(written).toHaveLength(2);
  });

  it('the schedule settings and results are this laptop’s: not in a backup, untouched by a restore', async () => {
    const { p } = fakeDesktop();
    const older = await createBackup(admin.actor);
    await saveAutoBackupSettings(admin.actor, { mode: 'weekly', keep: 3, encrypted: true, passphrase: PASS }, p);
    await runAutoBackup(admin.actor, { trigger: 'manual', platform: p });
    const file = await createBackup(admin.actor);
    const text = new TextDecoder('latin1').decode(file.bytes);
    expect(text).not.toContain('sealed:');
    await restoreBackup(admin.actor, older.bytes, null);
    const s = await autoBackupStatus();
    expect(s.settings).toEqual({ mode: 'weekly', keep: 3, encrypted: true });
    expect(s.passphraseSet).toBe(true);
    expect(s.lastSuccess?.trigger).toBe('manual');
  });

  it('writes unencrypted when so chosen', async () => {
    const { p, written } = fakeDesktop();
    await saveAutoBackupSettings(admin.actor, { mode: 'weekly', keep: 0, encrypted: false }, p);
    const r = await runAutoBackup(admin.actor, { trigger: 'manual', platform: p });
    expect(r).toMatchObject({ ok: true, encrypted: false });
    expect(parseBackup(written[0]!.data).header.encrypted).toBe(false);
    expect(written[0]!.keep).toBe(0);
    expect(p.unprotectSecret).not.toHaveBeenCalled();
  });
});

describe('failures are recorded in Chinese and retried after an hour', () => {
  it('a refused write (disk full, no permission …) is kept with the message from main; a later success clears it', async () => {
    let fail = true;
    const real = fakeDesktop();
    const { p } = fakeDesktop({ write: (w) => (fail ? { ok: false, error: '备份文件夹“/media/u/备份”所在的磁盘空间不足，备份未写入。' } : (real.written.push(w), { ok: true, folder: '/media/u/备份', fileName: 'x.ycabak', bytes: w.data.length, pruned: [] })) });
    const c = clock('2026-03-10T01:00:00Z');
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, p);
    const lastBefore = (await backupStatus()).lastAt;
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toMatchObject({ ran: true, result: { ok: false, message: expect.stringContaining('磁盘空间不足') } });
    let s = await autoBackupStatus(c.now());
    expect(s.lastResult).toMatchObject({ ok: false, message: expect.stringContaining('磁盘空间不足'), at: '2026-03-10T01:00:00.000Z' });
    // a failed automatic backup is not a backup: the reminder still counts from the last real one
    expect((await backupStatus()).lastAt).toBe(lastBefore);
    c.advance(59 * 60_000);
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toEqual({ ran: false, reason: 'retry' });
    c.advance(60_000);
    fail = false;
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toMatchObject({ ran: true, result: { ok: true } });
    s = await autoBackupStatus(c.now());
    expect(s.lastFailure).toBeNull();
    expect(s.lastResult).toMatchObject({ ok: true });
  });

  it('an unplugged folder fails before any backup is made; picking a folder again retries at once', async () => {
    const { p, state } = fakeDesktop({ available: false });
    const c = clock('2026-03-10T01:00:00Z');
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, p);
    const tick = await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now });
    expect(tick).toMatchObject({ ran: true, result: { ok: false, message: '找不到备份文件夹“/media/u/备份”（U 盘或网络盘是否已断开？），备份未写入。请接好后重试，或重新选择备份文件夹。' } });
    expect(p.writeBackupToFolder).not.toHaveBeenCalled();
    state.available = true;
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toEqual({ ran: false, reason: 'retry' });
    await noteBackupFolderChosen(admin.actor, '/media/u/备份');
    expect(await runAutoBackupIfDue(admin.actor, { platform: p, now: c.now })).toMatchObject({ ran: true, result: { ok: true } });
  });

  it('no folder picked, and a passphrase the keychain cannot unseal: clear messages, nothing written', async () => {
    const none = fakeDesktop({ folder: null });
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, none.p);
    expect(await runAutoBackup(admin.actor, { trigger: 'manual', platform: none.p })).toMatchObject({ ok: false, message: '尚未选择自动备份文件夹。请在“备份与恢复”页点“选择备份文件夹…”。' });

    const ok = fakeDesktop();
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: true, passphrase: PASS }, ok.p);
    const moved = fakeDesktop({ keychain: false }); // the profile copied to another PC / OS account
    expect(await runAutoBackup(admin.actor, { trigger: 'manual', platform: moved.p })).toMatchObject({ ok: false, message: expect.stringContaining('无法从系统钥匙串取出自动备份的密码') });
    expect(moved.p.writeBackupToFolder).not.toHaveBeenCalled();
    expect((await autoBackupStatus()).lastResult).toMatchObject({ ok: false, message: expect.stringContaining('系统钥匙串') });
  });

  it('an IPC error thrown by the bridge is recorded, not thrown', async () => {
    const { p } = fakeDesktop();
    p.writeBackupToFolder.mockRejectedValueOnce(new Error("Error invoking remote method 'backup:writeFile': reply was never sent"));
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, p);
    expect(await runAutoBackup(admin.actor, { trigger: 'manual', platform: p })).toMatchObject({ ok: false, message: expect.stringContaining('reply was never sent') });
  });
});

describe('one at a time, and only where a folder can be written', () => {
  it('two runs at once write one backup', async () => {
    const { p, written } = fakeDesktop();
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, p);
    const [a, b] = await Promise.all([runAutoBackup(admin.actor, { trigger: 'manual', platform: p }), runAutoBackup(admin.actor, { trigger: 'schedule', platform: p })]);
    expect(a).toEqual(b);
    expect(written).toHaveLength(1);
  });

  it('the web edition reports "not supported" and the scheduler leaves it to the reminder', async () => {
    await expect(webPlatform.backupFolder()).resolves.toEqual({ supported: false });
    await expect(webPlatform.writeBackupToFolder('上海', new Uint8Array([1]), 3)).resolves.toMatchObject({ ok: false, error: expect.stringContaining('网页版不能自动写入文件夹') });
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, fakeDesktop().p);
    expect(await runAutoBackupIfDue(admin.actor, { platform: webPlatform })).toEqual({ ran: false, reason: 'unsupported' });
    expect((await autoBackupStatus()).lastResult).toBeNull();
  });

  it('the desktop platform passes label, bytes and keep to the bridge, and nothing else', async () => {
    const bridge = {
      backupFolder: vi.fn(async () => ({ folder: '/b', available: true })),
      pickBackupFolder: vi.fn(async () => ({ folder: '/b', available: true, cancelled: false })),
      writeBackup: vi.fn(async () => ({ ok: true as const, folder: '/b', fileName: 'f.ycabak', bytes: 1, pruned: [] })),
    } as unknown as YcaBridge;
    const p = electronPlatform(bridge);
    await expect(p.backupFolder()).resolves.toEqual({ supported: true, folder: '/b', available: true });
    await expect(p.pickBackupFolder()).resolves.toEqual({ supported: true, folder: '/b', available: true, cancelled: false });
    const data = new Uint8Array([1]);
    await p.writeBackupToFolder('上海', data, 4);
    expect(bridge.writeBackup).toHaveBeenCalledWith({ label: '上海', data, keep: 4 });
  });
});

describe('startAutoBackupScheduler', () => {
  it('checks shortly after sign-in and then every minute, backs up when due, and stops on sign-out', async () => {
    const { p, written } = fakeDesktop();
    const c = clock('2026-03-10T01:00:00Z');
    await saveAutoBackupSettings(admin.actor, { mode: 'daily', keep: 7, encrypted: false }, p);
    const pending: { fn: () => void; ms: number }[] = [];
    const timers = { setTimeout: (fn: () => void, ms: number) => pending.push({ fn, ms }), clearTimeout: vi.fn() };
    const ticks: unknown[] = [];
    let resolveTick: () => void = () => undefined;
    const stop = startAutoBackupScheduler({ actor: admin.actor, platform: p, now: c.now, timers, onTick: (t) => (ticks.push(t), resolveTick()) });
    const runNext = async () => {
      const next = pending.shift()!;
      const done = new Promise<void>((r) => (resolveTick = r));
      next.fn();
      await done;
      return next.ms;
    };
    expect(pending.map((t) => t.ms)).toEqual([15_000]);
    expect(await runNext()).toBe(15_000);
    expect(ticks[0]).toMatchObject({ ran: true, result: { ok: true, trigger: 'schedule' } });
    expect(written).toHaveLength(1);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    expect(pending[0]!.ms).toBe(60_000);
    expect(await runNext()).toBe(60_000);
    expect(ticks[1]).toEqual({ ran: false, reason: 'waiting' });
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    stop();
    expect(timers.clearTimeout).toHaveBeenCalledTimes(1);
    // a timer that fires after stop does nothing
    c.advance(2 * DAY);
    pending.shift()!.fn();
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toHaveLength(1);
    expect(pending).toHaveLength(0);
  });
});
