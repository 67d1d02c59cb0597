/** Serves the built renderer (a single-page app) from one folder, refusing anything outside it. */

import { promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.wasm': 'application/wasm',
};

/** The page's CSP: no eval, no third-party anything; sockets only back to this server. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MISSING = `<!doctype html><meta charset="utf-8"><title>Hebb Studio</title><body style="font:16px system-ui;margin:4rem">
<h1>Hebb Studio's page is not built yet</h1><p>Run <code>npm run build:web</code>, then start <code>hebb serve</code> again.</p>`;

export async function serveStatic(dir: string, urlPath: string, res: ServerResponse, headers: Record<string, string> = {}): Promise<void> {
  let rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  if (rel === '') rel = 'index.html';
  const root = path.resolve(dir);
  let file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) { res.writeHead(403).end('Forbidden'); return; }
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch {
    // Unknown paths without an extension are app routes: hand them the page.
    if (path.extname(rel)) { res.writeHead(404).end('Not found'); return; }
    file = path.join(root, 'index.html');
    try { data = await fs.readFile(file); } catch { res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' }).end(MISSING); return; }
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(file.endsWith('.html') ? { 'content-security-policy': CSP } : {}),
    ...headers,
  });
  res.end(data);
}
