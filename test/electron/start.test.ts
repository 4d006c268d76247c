import { describe, it, expect, vi } from 'vitest';
import path from 'node:path';

interface LaunchDeps {
  root: string;
  env: Record<string, string | undefined>;
  exists(p: string): boolean;
  readText(p: string): string;
  runInstall(timeoutMs: number): Promise<void> | void;
}
interface StartModule {
  INSTALL_TIMEOUT_MS: number;
  fallbackLine(url: string): string;
  locateElectron(deps: LaunchDeps): string | null;
  decideLaunch(deps: LaunchDeps): Promise<{ kind: 'electron'; binary: string } | { kind: 'web' }>;
  electronEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
  start(deps: LaunchDeps & {
    build(): Promise<void>;
    spawnElectron(binary: string, args: string[], env: Record<string, string | undefined>): Promise<number>;
    startServer(port: number, host: string): Promise<{ address(): { port: number } | string | null }>;
    port: number;
    log(line: string): void;
  }): Promise<{ kind: 'electron'; code: number } | { kind: 'web'; url: string }>;
}

const mod = (await import(new URL('../../scripts/start.mjs', import.meta.url).href)) as StartModule;

const root = path.resolve('/proj');
const pathTxt = path.join(root, 'node_modules', 'electron', 'path.txt');
const binary = path.join(root, 'node_modules', 'electron', 'dist', 'electron');

/** A filesystem with the given files; `install` adds files as electron's installer would. */
function world(files: Record<string, string>, install?: Record<string, string>) {
  const fsFiles = new Map(Object.entries(files));
  const runInstall = vi.fn(async () => {
    if (!install) throw new Error('getaddrinfo ENOTFOUND github.com');
    for (const [k, v] of Object.entries(install)) fsFiles.set(k, v);
  });
  return {
    root,
    env: {} as Record<string, string | undefined>,
    exists: (p: string) => fsFiles.has(p),
    readText: (p: string) => {
      const text = fsFiles.get(p);
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    runInstall,
  };
}

describe('finding the Electron runtime', () => {
  it('uses the installed binary without running the installer', async () => {
    const w = world({ [pathTxt]: 'electron', [binary]: '' });
    await expect(mod.decideLaunch(w)).resolves.toEqual({ kind: 'electron', binary });
    expect(w.runInstall).not.toHaveBeenCalled();
  });

  it('runs the installer once, with a bounded timeout, when the runtime is missing', async () => {
    const w = world({}, { [pathTxt]: 'electron', [binary]: '' });
    await expect(mod.decideLaunch(w)).resolves.toEqual({ kind: 'electron', binary });
    expect(w.runInstall).toHaveBeenCalledTimes(1);
    expect(w.runInstall).toHaveBeenCalledWith(mod.INSTALL_TIMEOUT_MS);
    expect(mod.INSTALL_TIMEOUT_MS).toBeGreaterThanOrEqual(30_000);
    expect(mod.INSTALL_TIMEOUT_MS).toBeLessThanOrEqual(120_000);
  });

  it('falls back to the web edition when the installer fails (offline), trying only once', async () => {
    const w = world({});
    await expect(mod.decideLaunch(w)).resolves.toEqual({ kind: 'web' });
    expect(w.runInstall).toHaveBeenCalledTimes(1);
  });

  it('does not trust path.txt when the binary it names is missing', async () => {
    const w = world({ [pathTxt]: 'electron' });
    await expect(mod.decideLaunch(w)).resolves.toEqual({ kind: 'web' });
    expect(w.runInstall).toHaveBeenCalledTimes(1);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron’s own launcher', () => {
    const custom = path.resolve('/opt/electron-45');
    const w = { ...world({ [pathTxt]: 'electron', [path.join(custom, 'electron')]: '' }), env: { ELECTRON_OVERRIDE_DIST_PATH: custom } };
    expect(mod.locateElectron(w)).toBe(path.join(custom, 'electron'));
  });
});

describe('npm start', () => {
  function startDeps(w: ReturnType<typeof world>) {
    return {
      ...w,
      env: { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' },
      build: vi.fn(async () => undefined),
      spawnElectron: vi.fn(async () => 3),
      startServer: vi.fn(async (port: number) => ({ address: () => ({ port }) })),
      port: 5173,
      log: vi.fn(),
    };
  }

  it('builds, then runs Electron on the project root and forwards its exit code', async () => {
    const d = startDeps(world({ [pathTxt]: 'electron', [binary]: '' }));
    await expect(mod.start(d)).resolves.toEqual({ kind: 'electron', code: 3 });
    expect(d.build.mock.invocationCallOrder[0]!).toBeLessThan(d.spawnElectron.mock.invocationCallOrder[0]!);
    expect(d.spawnElectron).toHaveBeenCalledWith(binary, [root], { PATH: '/usr/bin' });
    expect(d.startServer).not.toHaveBeenCalled();
    expect(d.log).not.toHaveBeenCalled();
  });

  it('without a runtime: serves the web edition on 127.0.0.1 and prints exactly one Chinese line with the URL', async () => {
    const d = startDeps(world({}));
    const result = await mod.start(d);
    expect(result).toMatchObject({ kind: 'web', url: 'http://127.0.0.1:5173/' });
    expect(d.startServer).toHaveBeenCalledWith(5173, '127.0.0.1');
    expect(d.spawnElectron).not.toHaveBeenCalled();
    expect(d.log).toHaveBeenCalledTimes(1);
    expect(d.log).toHaveBeenCalledWith('无法获取 Electron 运行时（无法访问其下载地址），改为启动网页版：http://127.0.0.1:5173/');
  });

  it('does not launch anything when the build fails', async () => {
    const d = startDeps(world({ [pathTxt]: 'electron', [binary]: '' }));
    d.build.mockRejectedValue(new Error('renderer missing'));
    await expect(mod.start(d)).rejects.toThrow('renderer missing');
    expect(d.spawnElectron).not.toHaveBeenCalled();
    expect(d.startServer).not.toHaveBeenCalled();
  });

  it('never passes ELECTRON_RUN_AS_NODE to Electron', () => {
    expect(mod.electronEnv({ A: '1', ELECTRON_RUN_AS_NODE: '1' })).toEqual({ A: '1' });
  });
});
