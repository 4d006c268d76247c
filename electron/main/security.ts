/**
 * Web-content security policy of the desktop edition (Electron security checklist).
 *
 * - The renderer may only ever show app://yca/: other navigations and redirects are cancelled.
 * - No new windows (`window.open` is denied; an allow-listed https link opens in the system browser).
 * - No <webview>, no permission prompts (camera, notifications, …: every request and check is denied).
 * - No network: the app is offline by design, so the session cancels every http(s)/ws(s)/ftp/file
 *   request. Data cannot leave the machine through the renderer even if the CSP were bypassed.
 * - Web contents we did not create are closed as soon as they appear.
 * - `shell.openExternal` accepts only https URLs on EXTERNAL_HOSTS.
 */
import type { App, Session, Shell, WebContents } from 'electron';
import { isAppUrl } from './origin';

/** Hosts the app may open in the system browser (https only, default port). */
export const EXTERNAL_HOSTS: readonly string[] = ['www.gqt.org.cn'];

/** Requests the session refuses: everything that would reach a network or the local disk. */
export const BLOCKED_REQUEST_PATTERNS: readonly string[] = [
  'http://*/*',
  'https://*/*',
  'ws://*/*',
  'wss://*/*',
  'ftp://*/*',
  'file:///*',
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    EXTERNAL_HOSTS.includes(url.hostname)
  );
}

/** Opens an allow-listed URL in the system browser; returns false (and does nothing) otherwise. */
export async function openExternalSafely(raw: string, shell: Pick<Shell, 'openExternal'>): Promise<boolean> {
  if (!isAllowedExternalUrl(raw)) return false;
  // hand over the parser's serialisation, not the caller's string, so what we checked is what opens
  await shell.openExternal(new URL(raw).href);
  return true;
}

interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/** Applied to every web contents as it is created, before it can load anything. */
export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  const stayHome = (event: NavigationEvent, legacyUrl?: string) => {
    if (!isAppUrl(event.url ?? legacyUrl ?? '')) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternalSafely(url, shell);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest({ urls: [...BLOCKED_REQUEST_PATTERNS] }, (_details, callback) => callback({ cancel: true }));
}

/**
 * Our web contents are the app window(s) ('window'); in development also DevTools ('remote').
 * Anything else (webview, browserView, offscreen, background page) was not created by us.
 */
export function isOurWebContents(contents: Pick<WebContents, 'getType'>, allowDevTools: boolean): boolean {
  const type = contents.getType();
  return type === 'window' || (allowDevTools && type === 'remote');
}

export function guardWebContentsCreation(
  app: Pick<App, 'on'>,
  shell: Pick<Shell, 'openExternal'>,
  options: { allowDevTools: boolean },
): void {
  app.on('web-contents-created', (_event, contents) => {
    if (!isOurWebContents(contents, options.allowDevTools)) {
      hardenWebContents(contents, shell);
      contents.close();
      return;
    }
    // DevTools is Chromium's own UI on devtools://: it must not be held to our navigation rules
    if (contents.getType() === 'window') hardenWebContents(contents, shell);
  });
}
