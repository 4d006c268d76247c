/**
 * Serves the built renderer (dist/renderer) at app://yca/ through `protocol.handle`.
 *
 * Policy: only files inside the renderer directory are ever served. A request path containing a
 * dot segment, an encoded separator, a backslash, a colon or a NUL is refused with 403 before the
 * filesystem is touched, and the resolved path is checked to stay inside the root as well.
 * Every response carries the same CSP as the web edition.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { CSP } from './csp';
import { APP_ORIGIN, APP_SCHEME } from './origin';

/**
 * standard + secure give the scheme a real origin (relative URLs, IndexedDB, localStorage);
 * supportFetchAPI/corsEnabled let Vite's module scripts and workers load. No service workers,
 * and CSP is never bypassed.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
  allowServiceWorkers: false,
  bypassCSP: false,
  stream: false,
} as const;

export const APP_SCHEME_REGISTRATION = { scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const PREFIX = `${APP_ORIGIN}/`;

/**
 * Maps a request URL to a file under `root`, or null when the request must be refused.
 * Works on the raw string (not only on a parsed URL) so a traversal that a URL parser would
 * silently normalise away is still recognised and refused.
 */
export function resolveAppPath(rawUrl: string, root: string): string | null {
  if (!rawUrl.startsWith(PREFIX)) return null;
  const rest = rawUrl.slice(PREFIX.length).split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of rest.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || /[\\/:\0]/.test(seg)) return null;
    segments.push(seg);
  }
  if (segments.length === 0 || rest.endsWith('/')) segments.push('index.html');
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const rel = path.relative(base, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

export interface ProtocolRequest {
  url: string;
  method: string;
}

export type ReadFileFn = (file: string) => Promise<Uint8Array>;

function headersFor(file: string): Record<string, string> {
  return {
    'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CSP } });
}

/** The handler given to `protocol.handle('app', …)`. */
export function createAppProtocolHandler(root: string, read: ReadFileFn = readFile) {
  const indexFile = path.join(path.resolve(root), 'index.html');
  return async (request: ProtocolRequest): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, '不支持的请求方法');
    const file = resolveAppPath(request.url, root);
    if (file === null) return plain(403, '拒绝访问');
    let served = file;
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      // Client-side routes (no extension) get the app shell, as the web server does; a missing
      // asset stays a 404 so a broken build is visible instead of executing HTML as script.
      if (path.extname(file) !== '') return plain(404, '未找到');
      try {
        body = await read(indexFile);
        served = indexFile;
      } catch {
        return plain(404, '未找到');
      }
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: headersFor(served) });
  };
}
