import { describe, it, expect, vi, beforeEach } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { webPreferencesFor } from '../../electron/main/window';
import { fakeWebContents, navigation } from './fakes';

// One fake Electron shared by every import of main.ts; `h.state.lock` decides what the
// single-instance lock answers. vitest clears the recorded calls before each test.
const h = vi.hoisted(() => {
  const state = { lock: true };
  const appListeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const windows: FakeWindow[] = [];
  class FakeWindow {
    static getAllWindows = vi.fn(() => windows);
    static fromWebContents = vi.fn(() => null);
    once = vi.fn();
    on = vi.fn();
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    constructor(readonly options: { webPreferences: unknown }) {
      windows.push(this);
    }
  }
  const app = {
    setName: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    isPackaged: true,
    isReady: vi.fn(() => true),
    getAppPath: vi.fn(() => '/opt/yca/resources/app.asar'),
    getVersion: vi.fn(() => '0.1.0'),
    getPath: vi.fn((name: string) => `/home/u/${name}`),
    setAppUserModelId: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    on: vi.fn((event: string, fn: (...a: unknown[]) => void) => {
      appListeners.set(event, [...(appListeners.get(event) ?? []), fn]);
      return app;
    }),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    dialog: { showMessageBox: vi.fn(), showErrorBox: vi.fn(), showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn() },
    safeStorage: {},
    ipcMain: { handle: vi.fn() },
  };
  return { state, appListeners, windows, electron };
});
vi.mock('electron', () => h.electron);

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function launch(lock: boolean) {
  h.state.lock = lock;
  h.appListeners.clear();
  h.windows.length = 0;
  vi.resetModules();
  await import('../../electron/main/main');
  await flush();
}

describe('main process composition', () => {
  beforeEach(() => {
    h.electron.app.isPackaged = true;
  });

  it('quits at once when another instance holds the lock, creating nothing', async () => {
    await launch(false);
    expect(h.electron.app.quit).toHaveBeenCalledTimes(1);
    expect(h.electron.app.whenReady).not.toHaveBeenCalled();
    expect(h.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(h.electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(h.windows).toHaveLength(0);
  });

  it('names the app before taking the lock, so the lock and data live under "YCA Desk"', async () => {
    await launch(true);
    expect(h.electron.app.setName).toHaveBeenCalledWith('YCA Desk');
    expect(h.electron.app.setName.mock.invocationCallOrder[0]!).toBeLessThan(h.electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
    expect(h.electron.app.quit).not.toHaveBeenCalled();
  });

  it('registers app:// as privileged, serves it, hardens the session, wires IPC and loads app://yca/index.html', async () => {
    await launch(true);
    const e = h.electron;
    expect(e.app.enableSandbox).toHaveBeenCalled();
    expect(e.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(e.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!).toBeLessThan(e.app.whenReady.mock.invocationCallOrder[0]!);
    expect(e.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(e.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(e.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(e.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(e.ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual([...CHANNELS].sort());
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    expect(win.options.webPreferences).toStrictEqual(webPreferencesFor('/opt/yca/resources/app.asar/dist-electron/preload.cjs'));
    expect(win.loadURL).toHaveBeenCalledWith('app://yca/index.html');
  });

  it('refuses a request for a file outside the renderer through the registered handler', async () => {
    await launch(true);
    const handler = h.electron.protocol.handle.mock.calls[0]![1] as (r: { url: string; method: string }) => Promise<Response>;
    expect((await handler({ url: 'app://yca/../../etc/passwd', method: 'GET' })).status).toBe(403);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    await launch(true);
    for (const fn of h.appListeners.get('second-instance') ?? []) fn({}, ['yca'], '/');
    const win = h.windows[0]!;
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('closes web contents that are not ours and hardens ours', async () => {
    await launch(true);
    const [created] = h.appListeners.get('web-contents-created') ?? [];
    const webview = fakeWebContents('webview');
    created!({}, webview);
    expect(webview.close).toHaveBeenCalled();
    const ours = fakeWebContents('window');
    created!({}, ours);
    expect(ours.close).not.toHaveBeenCalled();
    const nav = navigation('https://evil.example/');
    ours.emit('will-navigate', ...nav.args);
    expect(nav.event.preventDefault).toHaveBeenCalled();
  });
});
