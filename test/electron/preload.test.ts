import { describe, it, expect, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (channel: string) => `reply:${channel}`), on: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}));
vi.mock('electron', () => electron);

const { BRIDGE_CHANNELS } = await import('../../shared/ipc/contract');
await import('../../electron/preload/preload');

// captured at import time: vitest 5 clears mock calls before each test (clearMocks defaults to true)
const exposeCalls = [...electron.contextBridge.exposeInMainWorld.mock.calls];
const [[worldKey, bridge]] = exposeCalls as [[string, Record<string, (...a: unknown[]) => Promise<unknown>>]];

describe('preload bridge', () => {
  it('exposes one object, window.yca, once', () => {
    expect(exposeCalls).toHaveLength(1);
    expect(worldKey).toBe('yca');
  });

  it('has exactly the contract function names, all functions', () => {
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(BRIDGE_CHANNELS).sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or any of its methods', () => {
    const exposed = Object.values(bridge) as unknown[];
    expect(exposed).not.toContain(electron.ipcRenderer);
    for (const method of Object.values(electron.ipcRenderer)) expect(exposed).not.toContain(method);
  });

  it.each(Object.entries({
    saveFile: { suggestedName: 'a.xlsx', data: new Uint8Array([1]), filters: [] },
    openFiles: { filters: [], multiple: false },
    appInfo: undefined,
    openExternal: 'https://www.gqt.org.cn/',
    protectSecret: 'plain',
    unprotectSecret: 'c2VhbGVk',
    backupFolder: undefined,
    pickBackupFolder: undefined,
    writeBackup: { label: '上海', data: new TextEncoder().encode('YCA-BACKUP\n'), keep: 10 },
  }))('%s invokes its own channel with exactly its one argument', async (name, arg) => {
    const channel = BRIDGE_CHANNELS[name as keyof typeof BRIDGE_CHANNELS];
    electron.ipcRenderer.invoke.mockClear();
    // extra arguments from page script must not reach main
    await expect(bridge[name]!(arg, 'smuggled')).resolves.toBe(`reply:${channel}`);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channel, ['appInfo', 'backupFolder', 'pickBackupFolder'].includes(name) ? null : arg);
  });
});
