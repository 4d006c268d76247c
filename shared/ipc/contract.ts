/**
 * The one IPC contract between the renderer (through the preload) and the Electron main process.
 *
 * Policy: every channel is listed here with its request and response types. The preload exposes
 * exactly one function per channel (checked with `satisfies YcaBridge`), main registers each handler
 * through one typed helper that checks the sender's origin and validates the arguments with the
 * validator below. Nothing else crosses the boundary; `ipcRenderer` itself is never exposed.
 */

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveFileRequest {
  suggestedName: string;
  data: Uint8Array;
  filters: FileFilter[];
}
export interface SaveFileResponse {
  saved: boolean;
  path: string | null;
}

export interface OpenFilesRequest {
  filters: FileFilter[];
  multiple: boolean;
}
export interface OpenedFile {
  name: string;
  data: Uint8Array;
}
export interface OpenFilesResponse {
  files: OpenedFile[];
}

export interface AppInfo {
  version: string;
  platform: string;
  /** where the desktop edition keeps its data (Chromium profile under userData) */
  dataPath: string;
}

/**
 * The folder the desktop edition writes automatic backups into. Main keeps it (a small JSON in
 * userData) so the renderer can never name a path to write to; it only learns which folder it is.
 */
export interface BackupFolderInfo {
  /** the folder the administrator picked; null until one is picked */
  folder: string | null;
  /** it exists and is a folder right now (false e.g. while the USB stick is unplugged) */
  available: boolean;
}
export interface PickBackupFolderResponse extends BackupFolderInfo {
  /** the dialog was cancelled: the folder is unchanged */
  cancelled: boolean;
}

export interface WriteBackupRequest {
  /** the unit's name, part of the file name main makes up: no path separators, no "..", no control characters */
  label: string;
  /** a whole YCA-BACKUP file (it must start with the format's first line) */
  data: Uint8Array;
  /** afterwards keep only the newest N automatic backups this laptop wrote into the folder; 0 keeps all */
  keep: number;
}
export type WriteBackupResponse =
  | { ok: true; folder: string; fileName: string; bytes: number; pruned: string[] }
  /** a Chinese message for the administrator (no folder, folder gone, disk full, no permission …) */
  | { ok: false; error: string };

export interface YcaChannels {
  'file:save': { request: SaveFileRequest; response: SaveFileResponse };
  'file:open': { request: OpenFilesRequest; response: OpenFilesResponse };
  'app:info': { request: null; response: AppInfo };
  'shell:openExternal': { request: string; response: boolean };
  /** OS keychain (Electron safeStorage): protect a secret such as the device's private key */
  'secret:protect': { request: string; response: string | null };
  'secret:unprotect': { request: string; response: string | null };
  /** automatic backups into a folder the administrator picks (main keeps the folder) */
  'backup:folder': { request: null; response: BackupFolderInfo };
  'backup:pickFolder': { request: null; response: PickBackupFolderResponse };
  'backup:writeFile': { request: WriteBackupRequest; response: WriteBackupResponse };
}

export type Channel = keyof YcaChannels;
export type Req<C extends Channel> = YcaChannels[C]['request'];
export type Res<C extends Channel> = YcaChannels[C]['response'];

/** The object the preload puts on `window.yca`: one named function per channel. */
export interface YcaBridge {
  saveFile(req: SaveFileRequest): Promise<SaveFileResponse>;
  openFiles(req: OpenFilesRequest): Promise<OpenFilesResponse>;
  appInfo(): Promise<AppInfo>;
  openExternal(url: string): Promise<boolean>;
  protectSecret(plain: string): Promise<string | null>;
  unprotectSecret(sealed: string): Promise<string | null>;
  backupFolder(): Promise<BackupFolderInfo>;
  pickBackupFolder(): Promise<PickBackupFolderResponse>;
  writeBackup(req: WriteBackupRequest): Promise<WriteBackupResponse>;
}

/** Which bridge function calls which channel (the preload is generated from this). */
export const BRIDGE_CHANNELS = {
  saveFile: 'file:save',
  openFiles: 'file:open',
  appInfo: 'app:info',
  openExternal: 'shell:openExternal',
  protectSecret: 'secret:protect',
  unprotectSecret: 'secret:unprotect',
  backupFolder: 'backup:folder',
  pickBackupFolder: 'backup:pickFolder',
  writeBackup: 'backup:writeFile',
} as const satisfies Record<keyof YcaBridge, Channel>;

export const CHANNELS = Object.values(BRIDGE_CHANNELS) as Channel[];

const MAX_FILE_BYTES = 512 * 1024 * 1024;
const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const isFilters = (v: unknown): v is FileFilter[] =>
  Array.isArray(v) &&
  v.length <= 20 &&
  v.every(
    (f) =>
      typeof f === 'object' &&
      f !== null &&
      isString((f as FileFilter).name, 100) &&
      Array.isArray((f as FileFilter).extensions) &&
      (f as FileFilter).extensions.every((e) => isString(e, 20) && /^[A-Za-z0-9*]+$/.test(e)),
  );

/** The first line of every YCA-BACKUP file (renderer/db/repos/backup.ts). */
export const BACKUP_FILE_MAGIC = 'YCA-BACKUP\n';
const MAGIC_BYTES = Array.from(BACKUP_FILE_MAGIC, (c) => c.charCodeAt(0));
/** automatic backups kept per folder at most (WriteBackupRequest.keep) */
export const MAX_BACKUP_KEEP = 100;

const isBackupLabel = (v: unknown): v is string =>
  isString(v, 100) && !/[\\/\u0000-\u001f\u007f]/.test(v) && !v.includes('..');
const isBackupBytes = (v: unknown): v is Uint8Array =>
  v instanceof Uint8Array && v.byteLength > MAGIC_BYTES.length && v.byteLength <= MAX_FILE_BYTES && MAGIC_BYTES.every((b, i) => v[i] === b);

/** Argument validators: main refuses a call whose argument does not pass. */
export const VALIDATORS: { [C in Channel]: (arg: unknown) => arg is Req<C> } = {
  'file:save': (a): a is SaveFileRequest =>
    typeof a === 'object' &&
    a !== null &&
    isString((a as SaveFileRequest).suggestedName, 255) &&
    !/[\\/]/.test((a as SaveFileRequest).suggestedName) &&
    (a as SaveFileRequest).data instanceof Uint8Array &&
    (a as SaveFileRequest).data.byteLength <= MAX_FILE_BYTES &&
    isFilters((a as SaveFileRequest).filters),
  'file:open': (a): a is OpenFilesRequest =>
    typeof a === 'object' &&
    a !== null &&
    isFilters((a as OpenFilesRequest).filters) &&
    typeof (a as OpenFilesRequest).multiple === 'boolean',
  'app:info': (a): a is null => a === null || a === undefined,
  'shell:openExternal': (a): a is string => isString(a, 2048),
  'secret:protect': (a): a is string => isString(a, 65536),
  'secret:unprotect': (a): a is string => isString(a, 131072),
  'backup:folder': (a): a is null => a === null || a === undefined,
  'backup:pickFolder': (a): a is null => a === null || a === undefined,
  'backup:writeFile': (a): a is WriteBackupRequest =>
    typeof a === 'object' &&
    a !== null &&
    isBackupLabel((a as WriteBackupRequest).label) &&
    isBackupBytes((a as WriteBackupRequest).data) &&
    Number.isInteger((a as WriteBackupRequest).keep) &&
    (a as WriteBackupRequest).keep >= 0 &&
    (a as WriteBackupRequest).keep <= MAX_BACKUP_KEEP,
};
