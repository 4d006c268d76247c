/**
 * The main window.
 *
 * Policy: the renderer is untrusted web content. It runs sandboxed and context-isolated with no
 * Node.js anywhere (page, workers, webviews), and its only door to the OS is the preload's
 * `window.yca` bridge. test/electron/window.test.ts pins these preferences: a change there is a
 * security review, not a refactor.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';

export const PRODUCT_NAME = '青年文明号创建管理';

export function webPreferencesFor(preloadPath: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload: preloadPath,
  } satisfies WebPreferences;
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    // shown on ready-to-show, so the user never sees an empty white frame
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: webPreferencesFor(preloadPath),
  };
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  return win;
}
