/** Desktop edition: native dialogs and the OS keychain through the preload bridge (window.yca). */
import type { YcaBridge } from '../../shared/ipc/contract';
import type { Platform } from './platform';

export function electronPlatform(bridge: YcaBridge): Platform {
  return {
    kind: 'desktop',
    async saveFile(suggestedName, data, filters) {
      return (await bridge.saveFile({ suggestedName, data, filters })).saved;
    },
    async openFiles(filters, multiple) {
      return (await bridge.openFiles({ filters, multiple })).files;
    },
    async requestPersistentStorage() {
      // the desktop profile is not subject to browser eviction; ask anyway where the API exists
      if (!navigator.storage?.persist) return true;
      return (await navigator.storage.persisted()) || navigator.storage.persist();
    },
    async appVersion() {
      return (await bridge.appInfo()).version;
    },
    async dataLocation() {
      return (await bridge.appInfo()).dataPath;
    },
    protectSecret: (plain) => bridge.protectSecret(plain),
    unprotectSecret: (sealed) => bridge.unprotectSecret(sealed),
    async backupFolder() {
      const { folder, available } = await bridge.backupFolder();
      return { supported: true, folder, available };
    },
    async pickBackupFolder() {
      const { folder, available, cancelled } = await bridge.pickBackupFolder();
      return { supported: true, folder, available, cancelled };
    },
    writeBackupToFolder: (label, data, keep) => bridge.writeBackup({ label, data, keep }),
  };
}
