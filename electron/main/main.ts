/**
 * Composition root of the Electron main process: the only file that wires real Electron modules
 * into the policy modules beside it. Order matters and is explained inline.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, session, shell } from 'electron';
import { APP_ENTRY_URL, APP_SCHEME } from './origin';
import { APP_SCHEME_REGISTRATION, createAppProtocolHandler } from './protocol';
import { guardWebContentsCreation, hardenSession } from './security';
import { buildMenuTemplate } from './menu';
import { registerHandlers } from './ipc';
import { createMainWindow, PRODUCT_NAME } from './window';

export const APP_NAME = 'YCA Desk';
export const APP_ID = 'cn.yca.desk';

export function startApp(): void {
  // Before anything reads userData (the single-instance lock does): the packaged productName is
  // Chinese, and pinning the name keeps the data folder the same in development and in the installer.
  app.setName(APP_NAME);

  // A second copy would open the same IndexedDB from two processes; hand over to the first one.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Both must happen before 'ready'.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_REGISTRATION]);

  guardWebContentsCreation(app, shell, { allowDevTools: !app.isPackaged });

  const appRoot = app.getAppPath();
  const rendererRoot = path.join(appRoot, 'dist', 'renderer');
  const preloadPath = path.join(appRoot, 'dist-electron', 'preload.cjs');
  let mainWindow: BrowserWindow | null = null;

  const showAbout = () => {
    const options = {
      type: 'info' as const,
      title: `关于 ${APP_NAME}`,
      message: PRODUCT_NAME,
      detail: `版本 ${app.getVersion()}\n离线桌面版：所有数据只保存在本机。`,
      buttons: ['确定'],
    };
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
  };

  const openMainWindow = () => {
    const win = createMainWindow(preloadPath);
    mainWindow = win;
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
      dialog.showErrorBox('无法加载界面', `界面文件加载失败，请重新安装本软件。\n\n${String(err)}`);
    });
  };

  app.on('second-instance', () => {
    // macOS keeps the app running with no window; the second launch should then open one
    if (!mainWindow) {
      if (app.isReady()) openMainWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
      hardenSession(session.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, appName: APP_NAME, onAbout: showAbout })));
      registerHandlers({
        showSaveDialog: (sender, options) => {
          const win = BrowserWindow.fromWebContents(sender);
          return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
        },
        showOpenDialog: (sender, options) => {
          const win = BrowserWindow.fromWebContents(sender);
          return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
        },
        shell,
        safeStorage,
        appInfo: () => ({ version: app.getVersion(), platform: process.platform, dataPath: app.getPath('userData') }),
        defaultSaveDir: () => app.getPath('documents'),
        userDataDir: () => app.getPath('userData'),
        platform: process.platform,
      });
      openMainWindow();
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('启动失败', String(err));
      app.exit(1);
    });
}

startApp();
