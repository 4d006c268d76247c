/**
 * Composition root for the platform bridge: the only place that knows which edition is running.
 * The preload of the desktop edition puts the bridge on `window.yca`; the web edition has none.
 */
import type { YcaBridge } from '../../shared/ipc/contract';
import type { Platform } from './platform';
import { electronPlatform } from './platform.electron';
import { webPlatform } from './platform.web';

export type { BackupFolderStatus, Platform, PickedFile } from './platform';

declare global {
  interface Window {
    yca?: YcaBridge;
  }
}

export function pickPlatform(w: { yca?: YcaBridge }): Platform {
  return w.yca ? electronPlatform(w.yca) : webPlatform;
}

export const platform: Platform = pickPlatform(typeof window === 'undefined' ? {} : window);
