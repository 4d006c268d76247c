/**
 * The folder automatic backups go into (backup:folder, backup:pickFolder, backup:writeFile).
 *
 * Policy:
 * - Main keeps the folder, in `backup-folder.json` under userData. The renderer can ask which
 *   folder it is and ask for the native folder dialog, but it never names a path: a compromised
 *   page can at most write one more backup file into the folder the administrator picked.
 * - Main makes up the file name: `YCA自动备份-<unit>-<yyyyMMdd-HHmmss>.ycabak` (local time of this
 *   PC; `-2`, `-3` … when that name is taken). The unit label is cleaned to a valid Windows name;
 *   the contract already refuses separators, "..", and control characters. The final path is
 *   checked to sit directly in the folder.
 * - The bytes must be a YCA-BACKUP file (checked by the contract's validator) and are written to a
 *   temp file, flushed and renamed (writeFileAtomic): never a half-written backup.
 * - Pruning deletes only files this installation wrote into this folder (their names are kept in
 *   the JSON) and that still look like automatic backups, oldest first, beyond the newest N.
 *   Manual backups, other laptops' backups in a shared folder and anything else are never touched.
 *   Picking another folder starts a new list; files left in the old folder stay.
 * - Failures come back as `{ ok: false, error }` with a Chinese message, not as thrown errors,
 *   so the renderer can show them as they are.
 * - Calls run one at a time, so two writes never race on the JSON.
 */
import path from 'node:path';
import type { OpenDialogOptions, WebContents } from 'electron';
import type { BackupFolderInfo, PickBackupFolderResponse, WriteBackupRequest, WriteBackupResponse } from '../../shared/ipc/contract';
import { FileAccessError, safeFileName, writeFileAtomic, type WriteFs } from './files';

export const BACKUP_FOLDER_STATE_FILE = 'backup-folder.json';
export const AUTO_BACKUP_PREFIX = 'YCA自动备份-';
export const AUTO_BACKUP_EXTENSION = '.ycabak';
/** what an automatic backup's name looks like; nothing else is ever pruned */
export const AUTO_BACKUP_NAME = /^YCA自动备份-[^\\/\u0000-\u001f]{1,60}-\d{8}-\d{6}(-\d{1,2})?\.ycabak$/;
const MAX_LABEL = 40;
/** with keep = 0 the list of written files is still capped (the oldest are forgotten, not deleted) */
const MAX_REMEMBERED = 1000;

export interface BackupFolderFs extends WriteFs {
  stat(file: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
  readFile(file: string): Promise<Uint8Array>;
}

export interface BackupFolderDeps {
  /** where the JSON is kept (app.getPath('userData')) */
  stateDir(): string;
  /** where the folder dialog starts when no folder was picked yet */
  defaultDir(): string;
  showOpenDialog(sender: WebContents, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  fs: BackupFolderFs;
  now(): Date;
}

interface FolderState {
  folder: string | null;
  /** names of the automatic backups this installation wrote into `folder`, oldest first */
  written: string[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YCA自动备份-<label>-<yyyyMMdd-HHmmss>.ycabak`, with `-<n>` before the extension for n > 1. */
export function autoBackupFileName(label: string, now: Date, n = 1): string {
  const cleaned = safeFileName(label.replace(/[\\/]/g, '_').replace(/\.{2,}/g, '.').trim()).slice(0, MAX_LABEL).replace(/[. ]+$/, '');
  const unit = cleaned === '' || cleaned === '未命名' ? '本机' : cleaned;
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${AUTO_BACKUP_PREFIX}${unit}-${stamp}${n > 1 ? `-${n}` : ''}${AUTO_BACKUP_EXTENSION}`;
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** A Chinese message for a failed write into the folder. */
function writeFailure(err: unknown, folder: string): string {
  const code = errnoOf(err);
  if (err instanceof FileAccessError || code === 'EACCES' || code === 'EPERM') {
    return `没有权限写入备份文件夹“${folder}”（或文件正被其他程序占用）。请检查该文件夹的权限，或重新选择备份文件夹。`;
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return `备份文件夹“${folder}”所在的磁盘空间不足，备份未写入。请清理空间或换一个文件夹。`;
  if (code === 'EROFS') return `备份文件夹“${folder}”是只读的，备份未写入。请重新选择备份文件夹。`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `找不到备份文件夹“${folder}”（U 盘或网络盘是否已断开？），备份未写入。`;
  return `写入备份文件夹“${folder}”失败（${code ?? (err as Error)?.message ?? '未知错误'}），备份未写入。`;
}

export interface BackupFolder {
  info(): Promise<BackupFolderInfo>;
  pick(sender: WebContents): Promise<PickBackupFolderResponse>;
  write(req: WriteBackupRequest): Promise<WriteBackupResponse>;
}

export function createBackupFolder(deps: BackupFolderDeps): BackupFolder {
  const { fs } = deps;
  const stateFile = () => path.join(deps.stateDir(), BACKUP_FOLDER_STATE_FILE);

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<FolderState> {
    try {
      const raw = JSON.parse(new TextDecoder().decode(await fs.readFile(stateFile()))) as Partial<FolderState>;
      const folder = typeof raw.folder === 'string' && path.isAbsolute(raw.folder) ? path.resolve(raw.folder) : null;
      const written = folder && Array.isArray(raw.written) ? raw.written.filter((n): n is string => typeof n === 'string' && AUTO_BACKUP_NAME.test(n)) : [];
      return { folder, written };
    } catch {
      // none yet, or unreadable: no folder (the administrator picks one again)
      return { folder: null, written: [] };
    }
  }

  async function save(state: FolderState): Promise<void> {
    await writeFileAtomic(stateFile(), new TextEncoder().encode(JSON.stringify({ version: 1, ...state }, null, 2)), fs);
  }

  async function isFolder(p: string): Promise<boolean> {
    try {
      return (await fs.stat(p)).isDirectory();
    } catch {
      return false;
    }
  }

  async function exists(p: string): Promise<boolean> {
    try {
      await fs.stat(p);
      return true;
    } catch (err) {
      // anything but "not there" counts as taken, so we never write over something we cannot see
      return errnoOf(err) !== 'ENOENT';
    }
  }

  async function prune(state: FolderState, keep: number, folder: string): Promise<string[]> {
    const pruned: string[] = [];
    if (keep === 0) {
      state.written = state.written.slice(-MAX_REMEMBERED);
      return pruned;
    }
    const excess = state.written.slice(0, Math.max(0, state.written.length - keep));
    const kept = state.written.slice(excess.length);
    const stay: string[] = [];
    for (const name of excess) {
      const target = path.join(folder, name);
      if (!AUTO_BACKUP_NAME.test(name) || path.dirname(target) !== folder) continue;
      try {
        await fs.rm(target, { force: true });
        pruned.push(name);
      } catch {
        // locked or no permission: try again next time
        stay.push(name);
      }
    }
    state.written = [...stay, ...kept];
    return pruned;
  }

  return {
    info: () =>
      serial(async () => {
        const { folder } = await load();
        return { folder, available: folder !== null && (await isFolder(folder)) };
      }),

    pick: (sender) =>
      serial(async () => {
        const state = await load();
        const result = await deps.showOpenDialog(sender, {
          title: '选择自动备份文件夹',
          buttonLabel: '选择此文件夹',
          defaultPath: state.folder ?? deps.defaultDir(),
          properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
        });
        const picked = result.canceled ? undefined : result.filePaths[0];
        if (!picked || !path.isAbsolute(picked) || !(await isFolder(picked))) {
          return { folder: state.folder, available: state.folder !== null && (await isFolder(state.folder)), cancelled: true };
        }
        const folder = path.resolve(picked);
        await save({ folder, written: folder === state.folder ? state.written : [] });
        return { folder, available: true, cancelled: false };
      }),

    write: (req) =>
      serial(async (): Promise<WriteBackupResponse> => {
        const state = await load();
        const folder = state.folder;
        if (folder === null) return { ok: false, error: '尚未选择自动备份文件夹。请在“备份与恢复”页点“选择备份文件夹…”。' };
        if (!(await isFolder(folder))) {
          return { ok: false, error: `找不到备份文件夹“${folder}”（U 盘或网络盘是否已断开？），备份未写入。请接好后重试，或重新选择备份文件夹。` };
        }
        const now = deps.now();
        let name: string | null = null;
        for (let n = 1; n < 100 && name === null; n++) {
          const candidate = autoBackupFileName(req.label, now, n);
          if (!(await exists(path.join(folder, candidate)))) name = candidate;
        }
        if (name === null) return { ok: false, error: `备份文件夹“${folder}”中同一时刻的备份文件过多，备份未写入。请稍后重试。` };
        const target = path.join(folder, name);
        // belt and braces: the name is ours, but the file must land directly in the folder
        if (!AUTO_BACKUP_NAME.test(name) || path.dirname(target) !== folder || path.basename(target) !== name) {
          return { ok: false, error: '备份文件名无效，备份未写入。' };
        }
        try {
          await writeFileAtomic(target, req.data, fs);
        } catch (err) {
          return { ok: false, error: writeFailure(err, folder) };
        }
        state.written.push(name);
        const pruned = await prune(state, req.keep, folder);
        try {
          await save(state);
        } catch {
          // the backup is written; only the list for pruning could not be updated
        }
        return { ok: true, folder, fileName: name, bytes: req.data.byteLength, pruned };
      }),
  };
}
