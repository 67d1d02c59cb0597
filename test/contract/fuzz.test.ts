// Every API channel, through IPC (registerApi with a fake ipcMain) and the real HTTP server: garbage requests are
// INVALID_ARGUMENT naming the field, never INTERNAL, before any work starts; the service answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, type Channel } from '#contract/api';
import type { Result } from '#contract/errors';
import { registerApi, type IpcMainLike } from '../../src-main/ipc/register';
import { invokeChannel } from '../../src-main/ipc/channels';
import { startServer, type RunningServer } from '../../src-main/server/index';
import { createService, type Service } from '../../src-main/service/index';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

const CHANNELS = Object.keys(api) as Channel[];
const HUGE = 'x'.repeat(1024 * 1024);
const WRONG: unknown[] = ['x', 12345, true, [], { a: 1 }, -1.5];

interface Case { name: string; payload: unknown; field?: string }

/** The cases for one channel: whole-value garbage, then per field a wrong type, an extra field and a huge string. */
function cases(channel: Channel): Case[] {
  const schema = api[channel].req as z.ZodType & { shape?: Record<string, z.ZodType> };
  // No request: null/undefined are the valid forms, anything else is refused as a whole.
  if (!schema.shape) return [{ name: 'object', payload: { bogusField: 1 }, field: 'takes no request' }, { name: 'number', payload: 7, field: 'takes no request' }];
  const out: Case[] = [{ name: 'extra field', payload: { bogusField: 1 }, field: 'bogusField' }, { name: 'number', payload: 7 }, { name: 'null', payload: null }, { name: '{}', payload: {} }];
  for (const [key, field] of Object.entries(schema.shape)) {
    const bad = WRONG.find((v) => !field.safeParse(v).success);
    out.push({ name: `${key} wrong type`, payload: { [key]: bad }, field: key });
    if (field.safeParse('x').success && !field.safeParse(HUGE).success) out.push({ name: `${key} 1 MB`, payload: { [key]: HUGE }, field: key });
  }
  return out;
}

function expectInvalid(r: Result<unknown>, c: Case): void {
  expect(r.ok, c.name).toBe(false);
  if (r.ok) return;
  expect(r.error.code, `${c.name}: ${r.error.message}`).toBe('INVALID_ARGUMENT');
  if (c.field) expect(r.error.message, c.name).toContain(c.field);
  expect(r.error.message.length).toBeLessThan(4000);
}

let service: Service;
let server: RunningServer;
let runsDir: string;
beforeAll(async () => {
  runsDir = tmpDirSync('hebb-fuzz-');
  service = createService({ runsDir });
  server = await startServer({ service, port: 0, token: 'fuzz-token' } as never);
});
afterAll(async () => { await server.close(); await service.dispose(); removeTmpDirs(); });

describe('IPC', () => {
  it('refuses every bad request on every channel with INVALID_ARGUMENT naming the field', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = { handle: (c, fn) => { handlers.set(c, fn as never); }, removeHandler: (c) => { handlers.delete(c); } };
    registerApi(ipc, service.handlers, () => true);
    const event = { sender: { id: 1 }, senderFrame: { url: 'app://x' } };
    for (const channel of CHANNELS) {
      for (const c of cases(channel)) expectInvalid(await handlers.get(invokeChannel(channel))!(event, c.payload) as Result<unknown>, { ...c, name: `${channel} ${c.name}` });
    }
    const info = await handlers.get(invokeChannel('app:info'))!(event) as Result<{ version: string }>;
    expect(info.ok).toBe(true);
  });
});

describe('HTTP', () => {
  const post = async (channel: string, body: unknown): Promise<Result<unknown>> => {
    const res = await fetch(`${server.url.split('/?')[0]}/api/${channel}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer fuzz-token' }, body: JSON.stringify(body),
    });
    return (await res.json()) as Result<unknown>;
  };
  it('refuses every bad request on every channel with INVALID_ARGUMENT naming the field', async () => {
    for (const channel of CHANNELS) for (const c of cases(channel)) expectInvalid(await post(channel, c.payload), { ...c, name: `${channel} ${c.name}` });
    expect((await post('app:info', null)).ok).toBe(true);
  });
  it('fails train:start at once on a bad learning rate, naming the field and the bound', async () => {
    for (const learningRate of [0, -1, 'fast']) {
      const r = await post('train:start', { datasetId: 'd', config: { arch: 'cnn-small', learningRate } });
      expectInvalid(r, { name: `lr ${String(learningRate)}`, payload: null, field: 'config.learningRate' });
    }
    const r = await post('train:start', { datasetId: 'd', config: { arch: 'no-such-arch' } });
    expectInvalid(r, { name: 'arch', payload: null, field: 'cnn-small' });
  });
});
