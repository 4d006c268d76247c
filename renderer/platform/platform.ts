/**
 * What the renderer needs from the machine it runs on. Two implementations: Electron (native
 * dialogs over the preload bridge) and the web edition (downloads and file inputs). The composition
 * root (index.ts) picks one; components never ask which.
 */
import type { FileFilter } from '../../shared/ipc/contract';

export interface PickedFile {
  name: string;
  data: Uint8Array;
}

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
}
