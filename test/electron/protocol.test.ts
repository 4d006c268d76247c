import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { CSP } from '../../electron/main/csp';
import { APP_SCHEME_REGISTRATION, createAppProtocolHandler, resolveAppPath, type ReadFileFn } from '../../electron/main/protocol';

let tmp: string;
let root: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yca-protocol-'));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>YCA</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  // a file right beside the renderer directory, one ".." away
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('CSP', () => {
  it('is the same policy the web edition sends', async () => {
    const serve = (await import(new URL('../../scripts/serve.mjs', import.meta.url).href)) as { CSP: string };
    expect(CSP).toBe(serve.CSP);
  });
});

describe('app:// scheme', () => {
  it('is registered as a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_REGISTRATION.scheme).toBe('app');
    expect(APP_SCHEME_REGISTRATION.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false });
  });
});

describe('protocol handler', () => {
  const get = (url: string, read = vi.fn<ReadFileFn>((file) => readFile(file))) => ({ read, response: createAppProtocolHandler(root, read)({ url, method: 'GET' }) });

  it('serves index.html with the CSP header', async () => {
    const { response } = get('app://yca/index.html');
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toContain('<title>YCA</title>');
  });

  it('serves assets with their type and nosniff', async () => {
    const res = await get('app://yca/assets/app.js').response;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });

  it.each([
    'app://yca/../../etc/passwd',
    'app://yca/../secret.txt',
    'app://yca/assets/../../secret.txt',
    'app://yca/..%2fsecret.txt',
    'app://yca/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://yca/%2e%2e/secret.txt',
    'app://yca/..%5csecret.txt',
    'app://yca/..\\secret.txt',
    'app://yca/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://yca/C:%5cWindows%5cwin.ini',
    'app://yca/index.html%00.js',
    'app://yca/%E0%A4%A',
  ])('refuses the traversal %s with 403 without touching the disk', async (url) => {
    const { read, response } = get(url);
    const res = await response;
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('SECRET');
    expect(read).not.toHaveBeenCalled();
  });

  it.each(['app://evil/index.html', 'app://yca.evil/index.html', 'app://yca:8080/index.html', 'https://yca/index.html', 'file:///etc/passwd'])(
    'refuses a request for another origin: %s',
    async (url) => {
      const { read, response } = get(url);
      expect((await response).status).toBe(403);
      expect(read).not.toHaveBeenCalled();
    },
  );

  it('also refuses traversal arriving as a real Request object', async () => {
    const handler = createAppProtocolHandler(root);
    const res = await handler(new Request('app://yca/..%2fsecret.txt'));
    expect(res.status).toBe(403);
  });

  it('answers client-side routes with the app shell, missing assets with 404', async () => {
    const route = await get('app://yca/ledger/2025').response;
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>YCA</title>');
    expect((await get('app://yca/assets/missing.js').response).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await createAppProtocolHandler(root)({ url: 'app://yca/index.html', method: 'POST' });
    expect(res.status).toBe(405);
  });

  it('resolves ordinary paths inside the root only', () => {
    expect(resolveAppPath('app://yca/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath('app://yca/assets/app.js?v=1#x', root)).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppPath('app://yca/%E4%B8%AD%E6%96%87.png', root)).toBe(path.join(root, '中文.png'));
    expect(resolveAppPath('app://yca/../secret.txt', root)).toBeNull();
  });
});
