// The web mode's transport: token guard on API, images and socket; Result JSON; events pushed over /ws; static page.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HebbError } from '../../src-main/core/errors';
import { startServer, type RunningServer } from '../../src-main/server/index';
import type { Service } from '../../src-main/service/index';
import { createEventBus } from '../../src-main/service/events';
import { toResult } from '../../src-main/core/errors';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const events = createEventBus();
const fakeService: Service = {
  handlers: {} as Service['handlers'],
  events,
  call: (channel, req) => toResult(async () => {
    if (channel === 'app:info') return { version: 'test', platform: 'x', backend: null } as never;
    if (channel === 'dataset:open') throw new HebbError('NOT_FOUND', 'no such folder', (req as { path: string }).path);
    throw new HebbError('INVALID_ARGUMENT', `Unknown API channel "${channel}"`);
  }),
  image: async (id) => {
    if (id === 'abcd1234.0') return { mime: 'image/webp', data: Buffer.from('img') };
    throw new HebbError('NOT_FOUND', 'Not an image id');
  },
  dispose: async () => undefined,
};

let server: RunningServer;
let base: string;
beforeAll(async () => {
  const web = tmpDirSync('hebb-web-');
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>studio</title>');
  server = await startServer({ service: fakeService, staticDir: web, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('hebb serve transport', () => {
  it('binds loopback and prints a URL carrying the token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(24);
  });

  it('refuses API calls without or with a wrong token (401)', async () => {
    const none = await post('app:info', null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await post('app:info', null, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('answers with Result JSON when the token is given', async () => {
    const ok = await post('app:info', null, { authorization: `Bearer ${server.token}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, value: { version: 'test', platform: 'x', backend: null } });
    const err = await (await fetch(`${base}/api/dataset:open?token=${server.token}`, { method: 'POST', body: JSON.stringify({ path: '/nope' }) })).json();
    expect(err).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such folder', file: '/nope' } });
  });

  it('guards images with the token and refuses paths instead of ids', async () => {
    expect((await fetch(`${base}/image/abcd1234.0`)).status).toBe(401);
    const img = await fetch(`${base}/image/abcd1234.0?token=${server.token}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/webp');
    const trav = await fetch(`${base}/image/..%2F..%2Fetc%2Fpasswd?token=${server.token}`);
    expect(trav.status).toBe(404);
  });

  it('turns the token into a session cookie that authenticates later calls', async () => {
    const page = await fetch(`${base}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect((await post('app:info', null, { cookie })).status).toBe(200);
    expect((await fetch(`${base}/`)).headers.get('set-cookie')).toBeNull();
  });

  it('never serves files outside the page folder', async () => {
    const r = await fetch(`${base}/..%2F..%2Fetc%2Fpasswd.txt`);
    expect([403, 404]).toContain(r.status);
  });

  it('refuses a socket without the token and pushes events to one with it', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const foreign = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { origin: 'http://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(foreign).toBe(401);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((r) => ws.once('message', (m) => r(JSON.parse(String(m)))));
    events.emit('scan:progress', { done: 3, total: 9 });
    expect(await got).toEqual({ event: 'scan:progress', payload: { done: 3, total: 9 } });
    ws.close();
  });
});
