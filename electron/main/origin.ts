/**
 * The renderer's one origin. Chromium keys IndexedDB (all user data) by origin, so changing the
 * scheme or host below would make existing installations look empty: never change them.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'yca';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on our origin (exact scheme and host, no port, no credentials). */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // `app:` is not a special scheme for WHATWG URL, so `url.origin` is "null"; compare parts instead.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}
