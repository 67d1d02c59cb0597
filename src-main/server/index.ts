/**
 * The loopback web mode: the built renderer, the typed API as `POST /api/<channel>` → Result JSON, events over
 * a WebSocket at /ws, and dataset thumbnails at /image/<id>. Everything but the page itself needs the token.
 */

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Channel } from '#contract/api';
import type { ErrorData, Result } from '#contract/errors';
import { MAX_REQUEST_BYTES } from '#contract/project';
import { toErrorData } from '../core/errors';
import type { Service } from '../service/index';
import { authorized, newToken, sessionCookie } from './auth';
import { serveStatic } from './static';

export interface ServerOptions {
  service: Service;
  /** Folder holding the built renderer (index.html + assets/). */
  staticDir: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default a fresh random token */
  token?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** JSON bodies up to the contract's cap: a dropped photo travels as base64 to the playground. */
const MAX_BODY = MAX_REQUEST_BYTES;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function refuse(res: ServerResponse): void {
  const error: ErrorData = { code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that `hebb serve` printed.' };
  sendJson(res, 401, { ok: false, error } satisfies Result<never>);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('Request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { service, staticDir } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname;
    if (p.startsWith('/api/')) {
      if (!authorized(req, url, token)) return refuse(res);
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Use POST' } });
      let body: unknown;
      try { body = await readBody(req); } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        return sendJson(res, status, { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Bad request body: ${(err as Error).message}` } });
      }
      return sendJson(res, 200, await service.call(p.slice(5) as Channel, body as never));
    }
    if (p.startsWith('/image/')) {
      if (!authorized(req, url, token)) return refuse(res);
      try {
        const size = url.searchParams.has('size') ? Number(url.searchParams.get('size')) : undefined;
        const img = await service.image(decodeURIComponent(p.slice(7)), Number.isFinite(size) ? size : undefined);
        res.writeHead(200, { 'content-type': img.mime, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' }).end(img.data);
      } catch (err) {
        const e = toErrorData(err);
        sendJson(res, e.code === 'PERMISSION_DENIED' ? 403 : e.code === 'INVALID_IMAGE' ? 415 : 404, { ok: false, error: e });
      }
      return;
    }
    // The page: a valid token in the URL becomes a session cookie, so it can leave the address bar.
    const extra: Record<string, string> = url.searchParams.get('token') && authorized(req, url, token) ? { 'set-cookie': sessionCookie(token) } : {};
    return serveStatic(staticDir, p, res, extra);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => { if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(err) }); else res.end(); });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    // A page from another origin must not ride on the session cookie (cross-site WebSocket hijacking).
    const origin = req.headers.origin;
    const foreign = origin !== undefined && origin !== `http://${req.headers.host}`;
    if (url.pathname !== '/ws' || foreign || !authorized(req, url, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = service.events.onAny((event, payload) => {
        // A slow client must not pile up memory: drop batch updates while its buffer is full (epochs always go).
        if (event === 'train:batch' && ws.bufferedAmount > 1 << 20) return;
        ws.send(JSON.stringify({ event, payload }));
      });
      ws.on('close', off);
      ws.on('error', off);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
