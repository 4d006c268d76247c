import { describe, it, expect, vi } from 'vitest';
import type { App, Session } from 'electron';
import {
  BLOCKED_REQUEST_PATTERNS,
  EXTERNAL_HOSTS,
  guardWebContentsCreation,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  openExternalSafely,
} from '../../electron/main/security';
import { emitterOf, fakeWebContents, navigation } from './fakes';

const shell = () => ({ openExternal: vi.fn(async () => undefined) });

describe('navigation', () => {
  it.each(['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,<h1>x'])(
    'prevents navigating the window to %s',
    (url) => {
      const wc = fakeWebContents();
      hardenWebContents(wc.asWebContents(), shell());
      const nav = navigation(url);
      wc.emit('will-navigate', ...nav.args);
      expect(nav.event.preventDefault).toHaveBeenCalled();
    },
  );

  it('lets the app move between its own pages', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.asWebContents(), shell());
    const nav = navigation('app://yca/index.html#/ledger');
    wc.emit('will-navigate', ...nav.args);
    expect(nav.event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents a redirect away from the app', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.asWebContents(), shell());
    const nav = navigation('https://evil.example/steal');
    wc.emit('will-redirect', ...nav.args);
    expect(nav.event.preventDefault).toHaveBeenCalled();
  });
});

describe('new windows and webviews', () => {
  it.each(['https://evil.example/', 'app://yca/index.html', 'about:blank'])('denies window.open(%s) and opens nothing', (url) => {
    const wc = fakeWebContents();
    const sh = shell();
    hardenWebContents(wc.asWebContents(), sh);
    expect(wc.openWindow(url)).toEqual({ action: 'deny' });
    expect(sh.openExternal).not.toHaveBeenCalled();
  });

  it('denies the window but hands an allow-listed https link to the system browser', () => {
    const wc = fakeWebContents();
    const sh = shell();
    hardenWebContents(wc.asWebContents(), sh);
    expect(wc.openWindow('https://www.gqt.org.cn/notice')).toEqual({ action: 'deny' });
    expect(sh.openExternal).toHaveBeenCalledWith('https://www.gqt.org.cn/notice');
  });

  it('prevents attaching a <webview>', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.asWebContents(), shell());
    const event = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('session', () => {
  function fakeSession() {
    const s = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    };
    hardenSession(s as unknown as Session);
    return s;
  }

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the permission request for %s', (permission) => {
    const s = fakeSession();
    const handler = s.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const callback = vi.fn();
    handler({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('answers every permission check and device request with no', () => {
    const s = fakeSession();
    const check = s.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string, origin: string) => boolean;
    expect(check(null, 'media', 'app://yca')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://yca')).toBe(false);
    const device = s.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean;
    expect(device()).toBe(false);
  });

  it('cancels every network request (offline by design)', () => {
    const s = fakeSession();
    const [filter, listener] = s.webRequest.onBeforeRequest.mock.calls[0]! as [{ urls: string[] }, (d: unknown, cb: (r: unknown) => void) => void];
    expect(filter.urls).toEqual([...BLOCKED_REQUEST_PATTERNS]);
    expect(filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const callback = vi.fn();
    listener({ url: 'https://evil.example/upload' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
  });
});

describe('shell.openExternal allow-list', () => {
  it('starts with the pattern host only', () => {
    expect(EXTERNAL_HOSTS).toEqual(['www.gqt.org.cn']);
  });

  it.each([
    'http://www.gqt.org.cn/',
    'https://evil.example/',
    'https://www.gqt.org.cn.evil.example/',
    'https://evil.example/?www.gqt.org.cn',
    'https://user:pw@www.gqt.org.cn/',
    'https://www.gqt.org.cn:8443/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'smb://www.gqt.org.cn/share',
    'not a url',
  ])('refuses %s', async (url) => {
    const sh = shell();
    expect(isAllowedExternalUrl(url)).toBe(false);
    await expect(openExternalSafely(url, sh)).resolves.toBe(false);
    expect(sh.openExternal).not.toHaveBeenCalled();
  });

  it('opens an allow-listed https URL', async () => {
    const sh = shell();
    await expect(openExternalSafely('https://www.gqt.org.cn/a?b=1', sh)).resolves.toBe(true);
    expect(sh.openExternal).toHaveBeenCalledWith('https://www.gqt.org.cn/a?b=1');
  });
});

describe('web-contents-created', () => {
  function setup(allowDevTools: boolean) {
    const events = emitterOf();
    const app = { on: vi.fn((e: string, fn: (...a: unknown[]) => unknown) => events.add(e, fn)) };
    guardWebContentsCreation(app as unknown as App, shell(), { allowDevTools });
    return (type: string) => {
      const wc = fakeWebContents(type);
      events.emit('web-contents-created', {}, wc);
      return wc;
    };
  }

  it.each(['webview', 'browserView', 'offscreen', 'backgroundPage'])('closes %s contents that we did not create', (type) => {
    const wc = setup(true)(type);
    expect(wc.close).toHaveBeenCalled();
  });

  it('hardens our window contents as soon as they exist, and keeps them', () => {
    const wc = setup(false)('window');
    expect(wc.close).not.toHaveBeenCalled();
    expect(wc.setWindowOpenHandler).toHaveBeenCalled();
    const nav = navigation('https://evil.example/');
    wc.emit('will-navigate', ...nav.args);
    expect(nav.event.preventDefault).toHaveBeenCalled();
  });

  it('allows DevTools only in development', () => {
    expect(setup(true)('remote').close).not.toHaveBeenCalled();
    expect(setup(false)('remote').close).toHaveBeenCalled();
  });
});
