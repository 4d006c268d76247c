/**
 * Content-Security-Policy for everything served at app://yca/.
 *
 * Policy: the desktop and the web edition send the same CSP, so a page that works in the browser
 * test suite works in Electron and vice versa. This string is a copy of `CSP` in scripts/serve.mjs
 * (the main bundle cannot import a build script); test/electron/protocol.test.ts fails if they drift.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
