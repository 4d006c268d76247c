/**
 * What the renderer needs from the machine it runs on. Two implementations: Electron (native
 * dialogs over the preload bridge) and the web edition (downloads and file inputs). The composition
 * root (index.ts) picks one; components never ask which.
 */
import type { FileFilter, WriteBackupResponse } from '../../shared/ipc/contract';

export interface PickedFile {
  name: string;
  data: Uint8Array;
}

/** The automatic-backup folder: only the desktop edition can write into a folder unattended. */
export type BackupFolderStatus =
  | { supported: false }
  | {
      supported: true;
      /** null until the administrator picks one */
      folder: string | null;
      /** reachable right now (false e.g. while the USB stick is unplugged) */
      available: boolean;
    };

export interface Platform {
  readonly kind: 'desktop' | 'web';
  /** save bytes under a suggested name; resolves false if the user cancelled */
  saveFile(suggestedName: string, data: Uint8Array, filters: FileFilter[]): Promise<boolean>;
  /** let the user pick files; resolves [] if cancelled */
  openFiles(filters: FileFilter[], multiple: boolean): Promise<PickedFile[]>;
  /** ask the browser not to evict our storage; true if granted */
  requestPersistentStorage(): Promise<boolean>;
  appVersion(): Promise<string>;
  /** where data lives, in words for the user */
  dataLocation(): Promise<string>;
  /** seal a secret with the OS keychain where available; null where not */
  protectSecret(plain: string): Promise<string | null>;
  unprotectSecret(sealed: string): Promise<string | null>;
  /** the folder automatic backups go to; `{ supported: false }` in the web edition */
  backupFolder(): Promise<BackupFolderStatus>;
  /** the native folder dialog; resolves the (possibly unchanged) folder, `cancelled` if dismissed */
  pickBackupFolder(): Promise<BackupFolderStatus & { cancelled: boolean }>;
  /**
   * write a backup file into the picked folder under a name the desktop edition makes up,
   * then keep only the newest `keep` automatic backups (0 keeps all); the web edition refuses
   */
  writeBackupToFolder(label: string, data: Uint8Array, keep: number): Promise<WriteBackupResponse>;
}
