import { describe, it, expect, vi } from 'vitest';

const created = vi.hoisted(() => [] as { options: unknown; once: ReturnType<typeof vi.fn>; show: ReturnType<typeof vi.fn> }[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    once = vi.fn();
    show = vi.fn();
    constructor(readonly options: unknown) {
      created.push(this);
    }
  },
}));

const { webPreferencesFor, mainWindowOptions, createMainWindow, PRODUCT_NAME } = await import('../../electron/main/window');

describe('main window', () => {
  it('uses exactly the hardened webPreferences', () => {
    expect(webPreferencesFor('/app/dist-electron/preload.cjs')).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/dist-electron/preload.cjs',
    });
  });

  it('creates the window with those preferences, titled with the product name, hidden until ready', () => {
    const win = createMainWindow('/p/preload.cjs') as unknown as (typeof created)[number];
    expect(created).toContain(win);
    expect(win.options).toStrictEqual(mainWindowOptions('/p/preload.cjs'));
    expect(win.options).toMatchObject({ title: '青年文明号创建管理', show: false, webPreferences: webPreferencesFor('/p/preload.cjs') });
    expect(PRODUCT_NAME).toBe('青年文明号创建管理');
    expect(win.show).not.toHaveBeenCalled();
    const [event, onReady] = win.once.mock.calls[0]! as [string, () => void];
    expect(event).toBe('ready-to-show');
    onReady();
    expect(win.show).toHaveBeenCalled();
  });
});
