/**
 * The preload: the renderer's only door to the main process.
 *
 * Policy: imports nothing but `electron` and the IPC contract. Exposes one named function per
 * contract channel on `window.yca`, each passing exactly its one argument to `ipcRenderer.invoke`.
 * `ipcRenderer` itself, its events and Node are never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CHANNELS, type Channel, type Req, type Res, type YcaBridge } from '../../shared/ipc/contract';

function invoke<C extends Channel>(channel: C, arg: Req<C>): Promise<Res<C>> {
  return ipcRenderer.invoke(channel, arg) as Promise<Res<C>>;
}

const bridge = {
  saveFile: (req) => invoke(BRIDGE_CHANNELS.saveFile, req),
  openFiles: (req) => invoke(BRIDGE_CHANNELS.openFiles, req),
  appInfo: () => invoke(BRIDGE_CHANNELS.appInfo, null),
  openExternal: (url) => invoke(BRIDGE_CHANNELS.openExternal, url),
  protectSecret: (plain) => invoke(BRIDGE_CHANNELS.protectSecret, plain),
  unprotectSecret: (sealed) => invoke(BRIDGE_CHANNELS.unprotectSecret, sealed),
  backupFolder: () => invoke(BRIDGE_CHANNELS.backupFolder, null),
  pickBackupFolder: () => invoke(BRIDGE_CHANNELS.pickBackupFolder, null),
  writeBackup: (req) => invoke(BRIDGE_CHANNELS.writeBackup, req),
} satisfies YcaBridge;

contextBridge.exposeInMainWorld('yca', bridge);
