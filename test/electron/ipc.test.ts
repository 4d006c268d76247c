import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fsp from 'node:fs/promises';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { createHandlers, guarded, handle, IpcRefusedError, registerHandlers, type HandlerDeps } from '../../electron/main/ipc';
import { MAX_OPEN_FILE_BYTES, type ReadFs, type WriteFs } from '../../electron/main/files';
import { invokeEvent } from './fakes';

const TRUSTED = invokeEvent('app://yca/index.html');

function fakeIpc() {
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipc = { handle: vi.fn((channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) => void listeners.set(channel, fn)) };
  return { ipc: ipc as unknown as Pick<IpcMain, 'handle'>, listeners, raw: ipc };
}

function deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    shell: { openExternal: vi.fn(async () => undefined) },
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret' as const),
      encryptStringAsync: vi.fn(async (s: string) => Buffer.from(`sealed:${s}`)),
      decryptStringAsync: vi.fn(async (b: Buffer) => {
        const text = b.toString();
        if (!text.startsWith('sealed:')) throw new Error('bad mac');
        return { result: text.slice('sealed:'.length), shouldReEncrypt: false };
      }),
    },
    appInfo: () => ({ version: '0.1.0', platform: 'linux', dataPath: '/home/u/.config/YCA Desk' }),
    defaultSaveDir: () => '/home/u/Documents',
    userDataDir: () => '/home/u/.config/YCA Desk',
    platform: 'linux',
    ...overrides,
  };
}

const saveRequest = (name = '台账.xlsx') => ({ suggestedName: name, data: new Uint8Array([1, 2, 3]), filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] });

describe('handle(): origin check', () => {
  it.each([
    ['another web origin', 'https://evil.example/'],
    ['a file:// page', 'file:///C:/Users/u/Downloads/index.html'],
    ['the web edition origin', 'http://127.0.0.1:5173/'],
    ['another app host', 'app://evil/index.html'],
    ['a look-alike host', 'app://yca.evil/index.html'],
    ['an opaque URL', 'about:blank'],
  ])('refuses a call from %s and never runs the handler', async (_label, url) => {
    const fn = vi.fn();
    const { ipc, listeners } = fakeIpc();
    handle('app:info', fn, ipc);
    const call = listeners.get('app:info')!(invokeEvent(url), null);
    await expect(call).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(call).rejects.toMatchObject({ reason: 'origin', channel: 'app:info' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses a sub-frame even on our origin, and a destroyed frame', async () => {
    const fn = vi.fn();
    const listener = guarded('app:info', fn);
    await expect(listener(invokeEvent('app://yca/index.html', { subframe: true }), null)).rejects.toMatchObject({ reason: 'origin' });
    await expect(listener(invokeEvent(null), null)).rejects.toMatchObject({ reason: 'origin' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses an untrusted file:save before any dialog opens or byte is written', async () => {
    const d = deps();
    const { ipc, listeners } = fakeIpc();
    registerHandlers({ ...d, ipc });
    await expect(listeners.get('file:save')!(invokeEvent('https://evil.example/'), saveRequest())).rejects.toBeInstanceOf(IpcRefusedError);
    expect(d.showSaveDialog).not.toHaveBeenCalled();
  });

  it('runs the handler for the top frame of app://yca', async () => {
    const fn = vi.fn(() => ({ version: '1', platform: 'linux', dataPath: '/x' }));
    await expect(guarded('app:info', fn)(TRUSTED, null)).resolves.toEqual({ version: '1', platform: 'linux', dataPath: '/x' });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('handle(): argument check', () => {
  it.each([
    ['a path in the suggested name', 'file:save', { ...saveRequest(), suggestedName: '../../.bashrc' }],
    ['data that is not bytes', 'file:save', { ...saveRequest(), data: 'AAAA' }],
    ['a filter with a glob injection', 'file:save', { ...saveRequest(), filters: [{ name: 'x', extensions: ['*/..'] }] }],
    ['no request at all', 'file:open', undefined],
    ['a non-boolean multiple', 'file:open', { filters: [], multiple: 'yes' }],
    ['a number as URL', 'shell:openExternal', 42],
    ['an oversized URL', 'shell:openExternal', `https://www.gqt.org.cn/${'a'.repeat(3000)}`],
    ['an object as secret', 'secret:protect', { plain: 'x' }],
  ] as [string, Channel, unknown][])('refuses %s and never runs the handler', async (_label, channel, arg) => {
    const fn = vi.fn();
    await expect(guarded(channel, fn)(TRUSTED, arg)).rejects.toMatchObject({ reason: 'argument', channel });
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses extra arguments that did not come through the bridge', async () => {
    const fn = vi.fn();
    await expect(guarded('shell:openExternal', fn)(TRUSTED, 'https://www.gqt.org.cn/', 'extra')).rejects.toMatchObject({ reason: 'argument' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('gives the renderer a Chinese refusal message', () => {
    expect(new IpcRefusedError('file:save', 'origin').message).toBe('已拒绝调用 file:save：调用来源不受信任');
  });
});

describe('registerHandlers', () => {
  it('registers every channel of the contract exactly once', () => {
    const { ipc, raw } = fakeIpc();
    registerHandlers({ ...deps(), ipc });
    expect(raw.handle.mock.calls.map((c) => c[0]).sort()).toEqual([...CHANNELS].sort());
  });

  it('defaults to electron.ipcMain', async () => {
    const { ipcMain } = await import('electron');
    registerHandlers(deps());
    expect(vi.mocked(ipcMain.handle).mock.calls.map((c) => c[0]).sort()).toEqual([...CHANNELS].sort());
  });
});

describe('file:save', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-save-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the bytes where the user chose, leaving no temp file', async () => {
    const target = path.join(dir, '台账.xlsx');
    const d = deps({ showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })) });
    const res = await createHandlers(d)['file:save'](saveRequest(), TRUSTED);
    expect(res).toEqual({ saved: true, path: target });
    expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir)).toEqual(['台账.xlsx']);
    expect(d.showSaveDialog).toHaveBeenCalledWith(TRUSTED.sender, expect.objectContaining({
      defaultPath: path.join('/home/u/Documents', '台账.xlsx'),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    }));
  });

  it('suggests a name Windows accepts', async () => {
    const d = deps();
    await createHandlers(d)['file:save'](saveRequest('报表:2025?.xlsx'), TRUSTED);
    expect(d.showSaveDialog).toHaveBeenCalledWith(TRUSTED.sender, expect.objectContaining({ defaultPath: path.join('/home/u/Documents', '报表_2025_.xlsx') }));
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const res = await createHandlers(deps())['file:save'](saveRequest(), TRUSTED);
    expect(res).toEqual({ saved: false, path: null });
  });

  it('keeps the old file intact and removes the temp file when the final rename fails', async () => {
    const target = path.join(dir, 'report.xlsx');
    fs.writeFileSync(target, 'OLD');
    const failingFs = {
      ...(fsp as unknown as WriteFs & ReadFs),
      open: fsp.open,
      rm: fsp.rm,
      rename: vi.fn(async () => {
        throw Object.assign(new Error('busy'), { code: 'EBUSY' });
      }),
    } as unknown as WriteFs & ReadFs;
    const d = deps({ fs: failingFs, showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })) });
    await expect(createHandlers(d)['file:save'](saveRequest(), TRUSTED)).rejects.toThrow(/正被其他程序/);
    expect(fs.readFileSync(target, 'utf8')).toBe('OLD');
    expect(fs.readdirSync(dir)).toEqual(['report.xlsx']);
  });
});

describe('file:open', () => {
  it('returns the picked files by name with their bytes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-open-'));
    try {
      const file = path.join(dir, '花名册.xlsx');
      fs.writeFileSync(file, Buffer.from([9, 8, 7]));
      const d = deps({ showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [file] })) });
      const res = await createHandlers(d)['file:open']({ filters: [{ name: 'Excel', extensions: ['xlsx'] }], multiple: false }, TRUSTED);
      expect(res.files).toHaveLength(1);
      expect(res.files[0]!.name).toBe('花名册.xlsx');
      expect([...res.files[0]!.data]).toEqual([9, 8, 7]);
      expect(d.showOpenDialog).toHaveBeenCalledWith(TRUSTED.sender, expect.objectContaining({ properties: ['openFile'] }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an oversized file without reading it', async () => {
    const readFile = vi.fn();
    const bigFs = { stat: async () => ({ size: MAX_OPEN_FILE_BYTES + 1, isFile: () => true }), readFile } as unknown as WriteFs & ReadFs;
    const d = deps({ fs: bigFs, showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/x/huge.xlsx'] })) });
    await expect(createHandlers(d)['file:open']({ filters: [], multiple: true }, TRUSTED)).rejects.toThrow(/过大/);
    expect(readFile).not.toHaveBeenCalled();
  });

  it('returns no files when the dialog is cancelled', async () => {
    await expect(createHandlers(deps())['file:open']({ filters: [], multiple: true }, TRUSTED)).resolves.toEqual({ files: [] });
  });
});

describe('app:info and shell:openExternal', () => {
  it('reports version, platform and data path', async () => {
    expect(await createHandlers(deps())['app:info'](null, TRUSTED)).toEqual({ version: '0.1.0', platform: 'linux', dataPath: '/home/u/.config/YCA Desk' });
  });

  it('opens only allow-listed https URLs', async () => {
    const d = deps();
    const h = createHandlers(d)['shell:openExternal'];
    await expect(h('https://evil.example/', TRUSTED)).resolves.toBe(false);
    await expect(h('http://www.gqt.org.cn/', TRUSTED)).resolves.toBe(false);
    expect(d.shell.openExternal).not.toHaveBeenCalled();
    await expect(h('https://www.gqt.org.cn/', TRUSTED)).resolves.toBe(true);
    expect(d.shell.openExternal).toHaveBeenCalledWith('https://www.gqt.org.cn/');
  });
});

describe('secret:protect / secret:unprotect', () => {
  it('round-trips through the OS keychain as base64', async () => {
    const h = createHandlers(deps());
    const sealed = await h['secret:protect']('私钥', TRUSTED);
    expect(sealed).toBe(Buffer.from('sealed:私钥').toString('base64'));
    await expect(h['secret:unprotect'](sealed!, TRUSTED)).resolves.toBe('私钥');
  });

  it('returns null where encryption is unavailable, and encrypts nothing', async () => {
    const d = deps();
    vi.mocked(d.safeStorage.isAsyncEncryptionAvailable).mockResolvedValue(false);
    const h = createHandlers(d);
    await expect(h['secret:protect']('私钥', TRUSTED)).resolves.toBeNull();
    await expect(h['secret:unprotect']('c2VhbGVkOng=', TRUSTED)).resolves.toBeNull();
    expect(d.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it("treats Linux's keyring-less basic_text backend as unavailable", async () => {
    const d = deps();
    vi.mocked(d.safeStorage.getSelectedStorageBackend).mockReturnValue('basic_text');
    await expect(createHandlers(d)['secret:protect']('私钥', TRUSTED)).resolves.toBeNull();
  });

  it('returns null for text that is not a sealed secret', async () => {
    const h = createHandlers(deps());
    await expect(h['secret:unprotect']('not base64!', TRUSTED)).resolves.toBeNull();
    await expect(h['secret:unprotect'](Buffer.from('tampered').toString('base64'), TRUSTED)).resolves.toBeNull();
  });
});
