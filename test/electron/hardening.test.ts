/**
 * Gaps in the Electron hardening proof (issue 10, item 3) not covered by window/security/ipc/
 * builder.test.ts:
 * - every IPC channel, called with a valid argument from an unexpected origin, is refused before
 *   any dialog, file, shell or keychain call happens (no side effect on any channel, not just one);
 * - every Electron fuse is set on purpose (a fuse added by a future Electron makes this fail until
 *   someone decides it), including file:// privileges off;
 * - the main window is the only window: no other code creates a BrowserWindow or sets
 *   webPreferences, and nothing in electron/ weakens them, so window.test.ts's snapshot covers
 *   every window.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { IpcRefusedError, registerHandlers, type HandlerDeps } from '../../electron/main/ipc';
import { invokeEvent } from './fakes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const VALID_ARGUMENT: { [C in Channel]: unknown } = {
  'file:save': { suggestedName: '台账.xlsx', data: new Uint8Array([1, 2, 3]), filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] },
  'file:open': { filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }], multiple: false },
  'app:info': null,
  'shell:openExternal': 'https://www.gqt.org.cn/',
  'secret:protect': 'private key',
  'secret:unprotect': 'c2VhbGVk',
  'backup:folder': null,
  'backup:pickFolder': null,
  'backup:writeFile': { label: '上海', data: new TextEncoder().encode('YCA-BACKUP\n{}'), keep: 10 },
};

function spiedDeps() {
  const fs = {
    open: vi.fn(),
    rename: vi.fn(),
    rm: vi.fn(),
    stat: vi.fn(),
    readFile: vi.fn(),
  };
  const deps = {
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/u/x.xlsx' })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/etc/passwd'] })),
    shell: { openExternal: vi.fn(async () => undefined) },
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret' as const),
      encryptStringAsync: vi.fn(async () => Buffer.from('x')),
      decryptStringAsync: vi.fn(async () => ({ result: 'x', shouldReEncrypt: false })),
    },
    appInfo: vi.fn(() => ({ version: '0.1.0', platform: 'linux', dataPath: '/home/u/.config/YCA Desk' })),
    defaultSaveDir: vi.fn(() => '/home/u/Documents'),
    userDataDir: vi.fn(() => '/home/u/.config/YCA Desk'),
    now: vi.fn(() => new Date(2026, 0, 2, 3, 4, 5)),
    platform: 'linux' as const,
    fs,
  };
  const calls = (): number =>
    [deps.showSaveDialog, deps.showOpenDialog, deps.shell.openExternal, deps.appInfo, deps.defaultSaveDir, deps.userDataDir, deps.now, ...Object.values(deps.safeStorage), ...Object.values(fs)].reduce(
      (n, f) => n + (f as ReturnType<typeof vi.fn>).mock.calls.length,
      0,
    );
  return { deps: deps as unknown as HandlerDeps, calls };
}

function registered(deps: HandlerDeps) {
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  registerHandlers({ ...deps, ipc: { handle: (channel: string, fn: never) => void listeners.set(channel, fn) } as never });
  return listeners;
}

describe('IPC from an unexpected origin: refused on every channel, with no side effect', () => {
  const origins: [string, IpcMainInvokeEvent][] = [
    ['another web origin', invokeEvent('https://evil.example/')],
    ['a file:// page', invokeEvent('file:///C:/Users/u/Downloads/evil.html')],
    ['the web edition served on 127.0.0.1', invokeEvent('http://127.0.0.1:5173/')],
    ['an iframe inside the app', invokeEvent('app://yca/index.html', { subframe: true })],
    ['a frame that is gone', invokeEvent(null)],
  ];
  for (const channel of CHANNELS) {
    it.each(origins)(`${channel} from %s`, async (_label, event) => {
      const { deps, calls } = spiedDeps();
      const listener = registered(deps).get(channel)!;
      await expect(listener(event, VALID_ARGUMENT[channel])).rejects.toBeInstanceOf(IpcRefusedError);
      expect(calls()).toBe(0);
    });
  }

  it('the same calls from the app itself do reach the handlers (the refusal above is about the origin)', async () => {
    const { deps, calls } = spiedDeps();
    const listeners = registered(deps);
    await listeners.get('app:info')!(invokeEvent('app://yca/index.html'), null);
    await listeners.get('shell:openExternal')!(invokeEvent('app://yca/index.html'), VALID_ARGUMENT['shell:openExternal']);
    expect(calls()).toBeGreaterThan(0);
    expect(deps.shell.openExternal).toHaveBeenCalledWith('https://www.gqt.org.cn/');
  });
});

describe('Electron fuses', () => {
  const require = createRequire(import.meta.url);
  const config = require(path.join(root, 'build', 'electron-builder.config.cjs')) as { electronFuses: Record<string, boolean> };
  const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
  /** the safe value of every fuse; the V8 snapshot fuse is about start-up, not security */
  const SAFE: Record<string, boolean | 'either'> = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    LoadBrowserProcessSpecificV8Snapshot: 'either',
    GrantFileProtocolExtraPrivileges: false,
  };

  it('knows every fuse this Electron has, and the config sets each security fuse to its safe value', () => {
    const fuses = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(fuses.sort()).toEqual(Object.keys(SAFE).sort());
    for (const fuse of fuses) {
      const key = fuse[0]!.toLowerCase() + fuse.slice(1);
      if (SAFE[fuse] === 'either') continue;
      expect(config.electronFuses[key], fuse).toBe(SAFE[fuse]);
    }
  });
});

describe('one window, one set of webPreferences', () => {
  function sources(dir: string): { file: string; text: string }[] {
    const out: { file: string; text: string }[] = [];
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) out.push(...sources(p));
      else if (/\.(ts|cts|mts|js|cjs)$/.test(name)) out.push({ file: path.relative(root, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') });
    }
    return out;
  }
  const electron = sources(path.join(root, 'electron'));

  it('only electron/main/window.ts creates a BrowserWindow or a BrowserView, or sets webPreferences', () => {
    const creators = electron.filter((s) => /new\s+(BrowserWindow|BrowserView|WebContentsView)\b|webPreferences\s*:/.test(s.text)).map((s) => s.file);
    expect(creators).toEqual(['electron/main/window.ts']);
  });

  it('nothing in electron/ turns a protection off or opens a second IPC path', () => {
    const weakening = /(nodeIntegration(InWorker|InSubFrames)?|webviewTag|allowRunningInsecureContent|experimentalFeatures)\s*:\s*true|(contextIsolation|sandbox|webSecurity)\s*:\s*false|ipcMain\.on\(|sendSync|exposeInMainWorld\([^)]*ipcRenderer\b(?!\.invoke)|enableRemoteModule/;
    const hits = electron.filter((s) => weakening.test(s.text)).map((s) => `${s.file}: ${weakening.exec(s.text)![0]}`);
    expect(hits).toEqual([]);
  });
});
