/**
 * IPC policy: every channel of shared/ipc/contract.ts is registered through `handle`, which
 * refuses — before the handler runs, so with no side effect — a call whose sender is not the top
 * frame of app://yca/, or whose argument fails the contract's validator. Nothing is registered
 * any other way (no `ipcMain.on`, no sync IPC).
 */
import path from 'node:path';
import {
  ipcMain,
  type IpcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SafeStorage,
  type SaveDialogOptions,
  type Shell,
  type WebContents,
} from 'electron';
import { CHANNELS, VALIDATORS, type AppInfo, type Channel, type Req, type Res } from '../../shared/ipc/contract';
import { isAppUrl } from './origin';
import { openExternalSafely } from './security';
import { nodeFs, readPickedFiles, safeFileName, writeFileAtomic, type ReadFs, type WriteFs } from './files';
import { createBackupFolder } from './backupFolder';

export type Handler<C extends Channel> = (arg: Req<C>, event: IpcMainInvokeEvent) => Promise<Res<C>> | Res<C>;

export type RefusalReason = 'origin' | 'argument';

export class IpcRefusedError extends Error {
  override name = 'IpcRefusedError';
  constructor(
    readonly channel: Channel,
    readonly reason: RefusalReason,
  ) {
    super(`已拒绝调用 ${channel}：${reason === 'origin' ? '调用来源不受信任' : '参数不符合接口约定'}`);
  }
}

/** The sender must be the top frame of our page; iframes and other origins are refused. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  // null when the frame has navigated away or been destroyed since sending
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** The listener `handle` installs; exported so tests can drive it without ipcMain. */
export function guarded<C extends Channel>(channel: C, fn: Handler<C>) {
  const valid: (arg: unknown) => arg is Req<C> = VALIDATORS[channel];
  return async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Res<C>> => {
    if (!isTrustedSender(event)) throw new IpcRefusedError(channel, 'origin');
    const arg = args[0];
    // the preload passes exactly one argument; anything else did not come through the bridge
    if (args.length > 1 || !valid(arg)) throw new IpcRefusedError(channel, 'argument');
    return fn(arg, event);
  };
}

export function handle<C extends Channel>(channel: C, fn: Handler<C>, ipc: Pick<IpcMain, 'handle'> = ipcMain): void {
  ipc.handle(channel, guarded(channel, fn));
}

export interface HandlerDeps {
  ipc?: Pick<IpcMain, 'handle'>;
  /** native dialogs, parented to the sender's window */
  showSaveDialog(sender: WebContents, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(sender: WebContents, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  shell: Pick<Shell, 'openExternal'>;
  safeStorage: Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;
  appInfo(): AppInfo;
  /** where the save dialog starts (the user's Documents folder) */
  defaultSaveDir(): string;
  platform: NodeJS.Platform;
  /** app.getPath('userData'): main keeps the automatic-backup folder there (backupFolder.ts) */
  userDataDir(): string;
  /** the clock for backup file names (tests pass a fixed one) */
  now?: () => Date;
  fs?: WriteFs & ReadFs;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function createHandlers(deps: HandlerDeps): { [C in Channel]: Handler<C> } {
  const fs = deps.fs ?? nodeFs;
  const backupFolder = createBackupFolder({
    stateDir: () => deps.userDataDir(),
    defaultDir: () => deps.defaultSaveDir(),
    showOpenDialog: (sender, options) => deps.showOpenDialog(sender, options),
    fs,
    now: deps.now ?? (() => new Date()),
  });

  // On Linux without a keyring Chromium "encrypts" with a fixed, public key ('basic_text'):
  // that protects nothing, so report encryption as unavailable rather than pretend.
  const encryptionUsable = async (): Promise<boolean> => {
    if (!(await deps.safeStorage.isAsyncEncryptionAvailable())) return false;
    // optional call: Linux backends are being reworked upstream and this query may go away
    if (deps.platform === 'linux' && deps.safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  };

  return {
    'file:save': async (req, event) => {
      const result = await deps.showSaveDialog(event.sender, {
        title: '保存文件',
        buttonLabel: '保存',
        defaultPath: path.join(deps.defaultSaveDir(), safeFileName(req.suggestedName)),
        filters: req.filters,
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || !result.filePath) return { saved: false, path: null };
      await writeFileAtomic(result.filePath, req.data, fs);
      return { saved: true, path: result.filePath };
    },
    'file:open': async (req, event) => {
      const result = await deps.showOpenDialog(event.sender, {
        title: '打开文件',
        buttonLabel: '打开',
        filters: req.filters,
        properties: req.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      });
      if (result.canceled || result.filePaths.length === 0) return { files: [] };
      return { files: await readPickedFiles(result.filePaths, fs) };
    },
    'app:info': () => deps.appInfo(),
    'shell:openExternal': (url) => openExternalSafely(url, deps.shell),
    'secret:protect': async (plain) => {
      if (!(await encryptionUsable())) return null;
      const sealed = await deps.safeStorage.encryptStringAsync(plain);
      return Buffer.from(sealed).toString('base64');
    },
    'secret:unprotect': async (sealed) => {
      if (!BASE64.test(sealed) || !(await encryptionUsable())) return null;
      try {
        const { result } = await deps.safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
        return result;
      } catch {
        // sealed on another machine or by another OS user: the key is not ours to use
        return null;
      }
    },
    'backup:folder': () => backupFolder.info(),
    'backup:pickFolder': (_arg, event) => backupFolder.pick(event.sender),
    'backup:writeFile': (req) => backupFolder.write(req),
  };
}

/** Registers every channel of the contract; returns the channels registered. */
export function registerHandlers(deps: HandlerDeps): Channel[] {
  const handlers = createHandlers(deps);
  const ipc = deps.ipc ?? ipcMain;
  const register = <C extends Channel>(channel: C) => handle(channel, handlers[channel] as Handler<C>, ipc);
  for (const channel of CHANNELS) register(channel);
  return [...CHANNELS];
}
