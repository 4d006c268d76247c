/**
 * The automatic-backup folder in main (electron/main/backupFolder.ts) through the IPC handlers:
 * main keeps the folder, makes up the file name, writes atomically inside that folder only, and
 * prunes only the automatic backups it wrote there.
 */
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fsp from 'node:fs/promises';
import type { IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

import { VALIDATORS } from '../../shared/ipc/contract';
import { createHandlers, guarded, registerHandlers, type HandlerDeps } from '../../electron/main/ipc';
import { AUTO_BACKUP_NAME, autoBackupFileName, BACKUP_FOLDER_STATE_FILE } from '../../electron/main/backupFolder';
import type { ReadFs, WriteFs } from '../../electron/main/files';
import { invokeEvent } from './fakes';

const TRUSTED = invokeEvent('app://yca/index.html');
const backupBytes = (body = '{"demo":true}') => new TextEncoder().encode(`YCA-BACKUP\n${body}`);

let root: string;
let userData: string;
let folder: string;
let clock: Date;

function deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [folder] })),
    shell: { openExternal: vi.fn(async () => undefined) },
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => false),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret' as const),
      encryptStringAsync: vi.fn(),
      decryptStringAsync: vi.fn(),
    },
    appInfo: () => ({ version: '0.1.0', platform: 'linux', dataPath: userData }),
    defaultSaveDir: () => path.join(root, 'Documents'),
    userDataDir: () => userData,
    // each call one second later, so consecutive backups get distinct names
    now: () => {
      const t = new Date(clock);
      clock = new Date(clock.getTime() + 1000);
      return t;
    },
    platform: 'linux',
    ...overrides,
  };
}

const list = (dir: string) => fs.readdirSync(dir).sort();

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-autobackup-'));
  userData = path.join(root, 'userData');
  folder = path.join(root, 'U盘', '备份');
  fs.mkdirSync(userData, { recursive: true });
  fs.mkdirSync(folder, { recursive: true });
  clock = new Date(2026, 0, 2, 3, 4, 5);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('backup:folder and backup:pickFolder', () => {
  it('has no folder until the administrator picks one', async () => {
    const h = createHandlers(deps());
    await expect(h['backup:folder'](null, TRUSTED)).resolves.toEqual({ folder: null, available: false });
  });

  it('opens a native folder dialog, keeps the pick in userData, and reports it', async () => {
    const d = deps();
    const h = createHandlers(d);
    await expect(h['backup:pickFolder'](null, TRUSTED)).resolves.toEqual({ folder, available: true, cancelled: false });
    expect(d.showOpenDialog).toHaveBeenCalledWith(
      TRUSTED.sender,
      expect.objectContaining({ properties: expect.arrayContaining(['openDirectory', 'createDirectory']), defaultPath: path.join(root, 'Documents') }),
    );
    const stored = JSON.parse(fs.readFileSync(path.join(userData, BACKUP_FOLDER_STATE_FILE), 'utf8'));
    expect(stored).toMatchObject({ folder, written: [] });
    // a fresh set of handlers (the app restarted) reads it back
    await expect(createHandlers(deps())['backup:folder'](null, TRUSTED)).resolves.toEqual({ folder, available: true });
  });

  it('keeps the folder when the dialog is cancelled, and starts the next dialog there', async () => {
    await createHandlers(deps())['backup:pickFolder'](null, TRUSTED);
    const d = deps({ showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) });
    await expect(createHandlers(d)['backup:pickFolder'](null, TRUSTED)).resolves.toEqual({ folder, available: true, cancelled: true });
    expect(d.showOpenDialog).toHaveBeenCalledWith(TRUSTED.sender, expect.objectContaining({ defaultPath: folder }));
  });

  it('says when the folder cannot be reached (USB stick unplugged)', async () => {
    await createHandlers(deps())['backup:pickFolder'](null, TRUSTED);
    fs.rmSync(folder, { recursive: true });
    await expect(createHandlers(deps())['backup:folder'](null, TRUSTED)).resolves.toEqual({ folder, available: false });
  });

  it('treats a damaged state file as "no folder picked"', async () => {
    fs.writeFileSync(path.join(userData, BACKUP_FOLDER_STATE_FILE), '{not json');
    await expect(createHandlers(deps())['backup:folder'](null, TRUSTED)).resolves.toEqual({ folder: null, available: false });
    fs.writeFileSync(path.join(userData, BACKUP_FOLDER_STATE_FILE), JSON.stringify({ folder: 'relative/dir', written: [] }));
    await expect(createHandlers(deps())['backup:folder'](null, TRUSTED)).resolves.toEqual({ folder: null, available: false });
  });
});

describe('backup:writeFile', () => {
  it('refuses with a clear message, writing nothing, when no folder was picked', async () => {
    const res = await createHandlers(deps())['backup:writeFile']({ label: '上海市', data: backupBytes(), keep: 10 }, TRUSTED);
    expect(res).toEqual({ ok: false, error: '尚未选择自动备份文件夹。请在“备份与恢复”页点“选择备份文件夹…”。' });
    expect(list(folder)).toEqual([]);
  });

  it('writes the bytes into the picked folder under a name main makes up, atomically', async () => {
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    const data = backupBytes();
    const res = await h['backup:writeFile']({ label: '上海市', data, keep: 10 }, TRUSTED);
    expect(res).toEqual({ ok: true, folder, fileName: 'YCA自动备份-上海市-20260102-030405.ycabak', bytes: data.length, pruned: [] });
    expect(list(folder)).toEqual(['YCA自动备份-上海市-20260102-030405.ycabak']); // no temp file left
    expect(new Uint8Array(fs.readFileSync(path.join(folder, 'YCA自动备份-上海市-20260102-030405.ycabak')))).toEqual(data);
  });

  it('never overwrites: a second backup in the same second gets "-2"', async () => {
    const h = createHandlers(deps({ now: () => new Date(2026, 0, 2, 3, 4, 5) }));
    await h['backup:pickFolder'](null, TRUSTED);
    await h['backup:writeFile']({ label: '上海市', data: backupBytes('1'), keep: 0 }, TRUSTED);
    const res = await h['backup:writeFile']({ label: '上海市', data: backupBytes('2'), keep: 0 }, TRUSTED);
    expect(res).toMatchObject({ ok: true, fileName: 'YCA自动备份-上海市-20260102-030405-2.ycabak' });
    expect(fs.readFileSync(path.join(folder, 'YCA自动备份-上海市-20260102-030405.ycabak'), 'utf8')).toBe('YCA-BACKUP\n1');
  });

  it('keeps every write inside the folder even for a hostile label that bypassed the contract', async () => {
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    for (const label of ['../../escape', '..\\..\\escape', '/etc/passwd', 'C:\\Windows\\x', '上海:*?"<>|', '..', '']) {
      const res = await h['backup:writeFile']({ label, data: backupBytes(), keep: 0 }, TRUSTED);
      expect(res.ok, label).toBe(true);
      if (!res.ok) continue;
      expect(res.fileName, label).toMatch(AUTO_BACKUP_NAME);
      expect(fs.existsSync(path.join(folder, res.fileName)), label).toBe(true);
    }
    // nothing appeared anywhere but the folder
    expect(list(path.join(root, 'U盘'))).toEqual(['备份']);
    expect(list(root).sort()).toEqual(['U盘', 'userData']);
    expect(list(userData)).toEqual([BACKUP_FOLDER_STATE_FILE]);
  });

  it('leaves nothing behind and reports in Chinese when the final rename fails', async () => {
    const failing = {
      ...(fsp as unknown as WriteFs & ReadFs),
      rename: vi.fn(async (from: string, to: string) => {
        if (to.startsWith(folder)) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        return fsp.rename(from, to);
      }),
    } as unknown as WriteFs & ReadFs;
    const h = createHandlers(deps({ fs: failing }));
    await h['backup:pickFolder'](null, TRUSTED);
    const res = await h['backup:writeFile']({ label: '上海市', data: backupBytes(), keep: 10 }, TRUSTED);
    expect(res).toEqual({ ok: false, error: `备份文件夹“${folder}”所在的磁盘空间不足，备份未写入。请清理空间或换一个文件夹。` });
    expect(list(folder)).toEqual([]);
  });

  it('says the folder is gone when the USB stick was unplugged', async () => {
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    fs.rmSync(folder, { recursive: true });
    const res = await h['backup:writeFile']({ label: '上海市', data: backupBytes(), keep: 10 }, TRUSTED);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatch(/^找不到备份文件夹“.*”（U 盘或网络盘是否已断开？）/);
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('prunes to the newest N, deleting only automatic backups it wrote into this folder', async () => {
    // files it did not write: a manual backup, another laptop's automatic backup, anything else
    const foreign = ['YCA备份-上海市-2025-12-01-10-00-00.ycabak', 'YCA自动备份-上海市-20250101-000000.ycabak', '会议纪要.docx'];
    for (const f of foreign) fs.writeFileSync(path.join(folder, f), 'x');
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    const names: string[] = [];
    const pruned: string[][] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h['backup:writeFile']({ label: '上海市', data: backupBytes(String(i)), keep: 3 }, TRUSTED);
      if (!res.ok) throw new Error(res.error);
      names.push(res.fileName);
      pruned.push(res.pruned);
    }
    expect(pruned).toEqual([[], [], [], [names[0]], [names[1]]]);
    expect(list(folder)).toEqual([...foreign, ...names.slice(2)].sort());
    // keep = 0 keeps everything
    await h['backup:writeFile']({ label: '上海市', data: backupBytes('5'), keep: 0 }, TRUSTED);
    expect(list(folder)).toHaveLength(foreign.length + 4);
  });

  it('starts a new list for a new folder: backups left in the old folder are never pruned', async () => {
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    await h['backup:writeFile']({ label: '上海市', data: backupBytes('old'), keep: 1 }, TRUSTED);
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    const h2 = createHandlers(deps({ showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [other] })) }));
    await h2['backup:pickFolder'](null, TRUSTED);
    await h2['backup:writeFile']({ label: '上海市', data: backupBytes('a'), keep: 1 }, TRUSTED);
    await h2['backup:writeFile']({ label: '上海市', data: backupBytes('b'), keep: 1 }, TRUSTED);
    expect(list(folder)).toHaveLength(1);
    expect(list(other)).toHaveLength(1);
    expect(fs.readFileSync(path.join(other, list(other)[0]!), 'utf8')).toBe('YCA-BACKUP\nb');
  });

  it('ignores names planted in the state file that are not automatic backups', async () => {
    fs.writeFileSync(path.join(folder, 'precious.xlsx'), 'keep me');
    fs.writeFileSync(path.join(userData, BACKUP_FOLDER_STATE_FILE), JSON.stringify({ folder, written: ['precious.xlsx', '../userData/backup-folder.json'] }));
    const res = await createHandlers(deps())['backup:writeFile']({ label: '上海市', data: backupBytes(), keep: 1 }, TRUSTED);
    expect(res).toMatchObject({ ok: true, pruned: [] });
    expect(fs.readFileSync(path.join(folder, 'precious.xlsx'), 'utf8')).toBe('keep me');
  });
});

describe('backup:writeFile arguments (refused before the handler runs)', () => {
  const good = { label: '上海市', data: backupBytes(), keep: 10 };
  it.each([
    ['a label with a slash', { ...good, label: '../../etc' }],
    ['a label with a backslash', { ...good, label: '..\\evil' }],
    ['a label with ".."', { ...good, label: '上海..' }],
    ['a label with a control character', { ...good, label: '上海\u0000.exe' }],
    ['an overlong label', { ...good, label: '上'.repeat(101) }],
    ['bytes that are not a backup', { ...good, data: new TextEncoder().encode('MZ\x90\x00 not a backup') }],
    ['only the first line', { ...good, data: new TextEncoder().encode('YCA-BACKUP\n') }],
    ['a string instead of bytes', { ...good, data: 'YCA-BACKUP\n{}' }],
    ['a negative keep', { ...good, keep: -1 }],
    ['a fractional keep', { ...good, keep: 1.5 }],
    ['a keep above the cap', { ...good, keep: 101 }],
  ])('refuses %s', async (_label, arg) => {
    const fn = vi.fn();
    expect(VALIDATORS['backup:writeFile'](arg)).toBe(false);
    await expect(guarded('backup:writeFile', fn)(TRUSTED, arg)).rejects.toMatchObject({ reason: 'argument' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('a path smuggled into the request changes nothing: main writes into its own folder', async () => {
    const h = createHandlers(deps());
    await h['backup:pickFolder'](null, TRUSTED);
    const smuggled = { ...good, folder: path.join(root, 'elsewhere'), fileName: '../../x.ycabak' };
    expect(VALIDATORS['backup:writeFile'](smuggled)).toBe(true);
    await expect(h['backup:writeFile'](smuggled, TRUSTED)).resolves.toMatchObject({ ok: true, folder });
    expect(list(root).sort()).toEqual(['U盘', 'userData']);
  });

  it('a refused write through the registered channel leaves the folder untouched', async () => {
    const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
    const d = deps();
    registerHandlers({ ...d, ipc: { handle: (channel: string, fn: never) => void listeners.set(channel, fn) } as never });
    await listeners.get('backup:pickFolder')!(TRUSTED, null);
    await expect(listeners.get('backup:writeFile')!(TRUSTED, { label: '../x', data: backupBytes(), keep: 1 })).rejects.toMatchObject({ reason: 'argument' });
    await expect(listeners.get('backup:writeFile')!(invokeEvent('https://evil.example/'), { label: '上海', data: backupBytes(), keep: 1 })).rejects.toMatchObject({
      reason: 'origin',
    });
    expect(list(folder)).toEqual([]);
    await expect(listeners.get('backup:writeFile')!(TRUSTED, { label: '上海', data: backupBytes(), keep: 1 })).resolves.toMatchObject({ ok: true });
    expect(list(folder)).toHaveLength(1);
  });
});

describe('autoBackupFileName', () => {
  it('is a valid Windows file name for any unit name, stamped with local time', () => {
    const at = new Date(2026, 10, 26, 9, 5, 7);
    expect(autoBackupFileName('上海市', at)).toBe('YCA自动备份-上海市-20261126-090507.ycabak');
    expect(autoBackupFileName('上海市', at, 3)).toBe('YCA自动备份-上海市-20261126-090507-3.ycabak');
    expect(autoBackupFileName('', at)).toBe('YCA自动备份-本机-20261126-090507.ycabak');
    expect(autoBackupFileName('a<b>c:d"e|f?g*h', at)).toBe('YCA自动备份-a_b_c_d_e_f_g_h-20261126-090507.ycabak');
    expect(autoBackupFileName('长'.repeat(80), at)).toMatch(AUTO_BACKUP_NAME);
  });
});
