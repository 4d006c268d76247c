#!/usr/bin/env node
// The web edition: serves dist/renderer on 127.0.0.1 only (never on other interfaces).
// Port from PORT (default 5173). Sends the same Content-Security-Policy as the desktop edition.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer');
export const DEFAULT_PORT = 5173;
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function startServer(port = Number(process.env.PORT ?? DEFAULT_PORT), host = '127.0.0.1') {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error('未找到网页版构建结果（dist/renderer）。请先运行 npm run build。');
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        // single-page app: unknown paths get the shell
        fs.readFile(path.join(root, 'index.html'), (err2, html) => {
          if (err2) return res.writeHead(404).end();
          res.writeHead(200, { 'content-type': TYPES['.html'], 'content-security-policy': CSP, 'cache-control': 'no-store' });
          res.end(html);
        });
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const server = await startServer();
  const { port } = server.address();
  console.log(`YCA Desk 网页版已启动：http://127.0.0.1:${port}/ （按 Ctrl+C 停止）`);
}
