// Every API channel, through both transports (the IPC handlers and the web mode's HTTP route), fed null, {},
// wrong types, extra fields and megabyte strings: the answer is INVALID_ARGUMENT naming the field, never INTERNAL,
// and the service keeps answering.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '#contract/api';
import type { Result } from '#contract/errors';
import { api } from '#contract/api';
import { CHANNELS, invokeChannel } from '../../src-main/ipc/channels';
import { registerApi, type InvokeEvent, type IpcMainLike } from '../../src-main/ipc/register';
import { startServer, type RunningServer } from '../../src-main/server/index';
import { createService, type Service } from '../../src-main/service/index';
import { makeClassTree, removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

/** Each channel's request schema as the contract declares it (the service adds the registries' lists on top). */
const requestSchemas = Object.fromEntries(Object.entries(api).map(([c, s]) => [c, s.req])) as unknown as Record<Channel, z.ZodType>;
const tmp = tmpDirSync('hebb-fuzz-');
const previousHome = process.env.HEBB_HOME;
process.env.HEBB_HOME = path.join(tmp, 'home');
const MB = 'x'.repeat(1 << 20);

let service: Service;
let server: RunningServer;
let datasetId: string;
const ipcHandlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();

beforeAll(async () => {
  service = createService({ runsDir: path.join(tmp, 'runs') });
  await makeClassTree(path.join(tmp, 'data'), { red: 3, blue: 3 });
  writeFileSync(path.join(tmp, 'index.html'), '<!doctype html>');
  server = await startServer({ service, staticDir: tmp, port: 0 });
  const ipc: IpcMainLike = { handle: (c, fn) => { ipcHandlers.set(c, fn); }, removeHandler: (c) => { ipcHandlers.delete(c); } };
  registerApi(ipc, service.handlers, () => true);
  const opened = await service.call('dataset:open', { path: path.join(tmp, 'data') });
  if (!opened.ok) throw new Error(opened.error.message);
  datasetId = opened.value.id;
});

afterAll(async () => {
  await server.close();
  await service.dispose();
  process.env.HEBB_HOME = previousHome;
  await removeTmpDirs();
});

type Transport = (channel: Channel, body: unknown) => Promise<Result<unknown>>;
const transports: Record<string, Transport> = {
  ipc: async (channel, body) => ipcHandlers.get(invokeChannel(channel))!({ sender: { id: 1 } }, body) as Promise<Result<unknown>>,
  http: async (channel, body) => {
    const r = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }, body: JSON.stringify(body ?? null),
    });
    return (await r.json()) as Result<unknown>;
  },
};

/** A value of the wrong type for a field: a number where text is expected, text everywhere else. */
function wrongFor(schema: z.ZodType): unknown {
  return schema.safeParse(12345).success ? 'not-a-number' : 12345;
}

/** Bad payloads for one channel: the same shapes for all, then per field a wrong type and a megabyte string. */
function payloads(channel: Channel): unknown[] {
  const schema = requestSchemas[channel];
  const all: unknown[] = [null, {}, 42, 'text', [], true, { notAField: 1 }, MB, { [MB.slice(0, 5000)]: 1 }];
  if (schema instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      all.push({ [key]: wrongFor(field) }, { [key]: MB }, { [key]: [MB] }, { [key]: { nested: MB } });
    }
  }
  return all;
}

function fieldsOf(channel: Channel): string[] {
  const schema = requestSchemas[channel];
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

describe.each(Object.keys(transports))('fuzz over %s', (name) => {
  const call = transports[name]!;

  it('covers every channel the service has', () => {
    expect(new Set(CHANNELS)).toEqual(new Set(Object.keys(service.handlers)));
    expect(new Set(CHANNELS)).toEqual(new Set(Object.keys(requestSchemas)));
  });

  it('answers every bad payload on every channel with INVALID_ARGUMENT naming the field, never INTERNAL', async () => {
    const failures: string[] = [];
    for (const channel of CHANNELS) {
      const fields = fieldsOf(channel);
      for (const body of payloads(channel)) {
        const r = await call(channel, body);
        const shown = JSON.stringify(body)?.slice(0, 60);
        if (r.ok) {
          // Only a payload its schema accepts may get through (a no-argument channel given null or {}).
          if (!requestSchemas[channel].safeParse(body).success) failures.push(`${channel} ${shown}: accepted`);
          continue;
        }
        if (r.error.code === 'INTERNAL') failures.push(`${channel} ${shown}: INTERNAL ${r.error.message.slice(0, 120)}`);
        if (requestSchemas[channel].safeParse(body).success) continue; // a well-formed request refused for its values
        if (r.error.code !== 'INVALID_ARGUMENT') failures.push(`${channel} ${shown}: ${r.error.code}`);
        if (!r.error.message.startsWith(`${channel}: `)) failures.push(`${channel} ${shown}: message does not name the channel: ${r.error.message.slice(0, 80)}`);
        const field = (r.error.detail as { fields?: string[] } | undefined)?.fields?.[0];
        if (fields.length > 0 && body !== null && typeof body === 'object' && !Array.isArray(body)) {
          if (!field) failures.push(`${channel} ${shown}: no field named`);
          else if (!r.error.message.includes(field)) failures.push(`${channel} ${shown}: message does not name ${field}`);
        }
        if (r.error.message.length > 1000) failures.push(`${channel}: a ${r.error.message.length}-character message`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('still answers afterwards', async () => {
    const r = await call('app:info', undefined);
    expect(r.ok).toBe(true);
  });
});

describe('what the fields say', () => {
  const config = {
    arch: 'mlp', imageWidth: 8, imageHeight: 8, fit: 'cover', channels: 3, epochs: 1, batchSize: 4, optimizer: 'adam',
    learningRate: 0.001, schedule: 'constant', warmupEpochs: 0, loss: 'categoricalCrossentropy', labelSmoothing: 0, l2: 0,
    seed: 1, classWeights: 'none', earlyStoppingPatience: 0, split: { val: 0.2, test: 0, seed: 1 }, augment: {},
  };
  const start = (c: Record<string, unknown>) => service.call('train:start', { datasetId, config: c } as never);

  it('refuses a learning rate that cannot train before any worker starts, naming config.learningRate', async () => {
    for (const learningRate of [0, -1, 'fast', null]) {
      const r = await start({ ...config, learningRate });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', detail: { fields: ['config.learningRate'] } } });
    }
    expect(await service.call('runs:list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('names the allowed values of a choice', async () => {
    const fit = await start({ ...config, fit: 'stretch' });
    expect(fit.ok || fit.error.message).toMatch(/config\.fit: must be one of "cover", "contain", "fill"/);
    const opt = await start({ ...config, optimizer: 'nadam' });
    expect(opt.ok || opt.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(opt.ok || opt.error.message).toMatch(/optimizer.*adam/);
    const arch = await start({ ...config, arch: 'no-such-arch' });
    expect(arch.ok || arch.error.message).toMatch(/config\.arch.*cnn-small/);
  });

  it('names an unknown field and a missing one', async () => {
    const extra = await service.call('eval:run', { runId: 'r', datasetId, colour: 'red' } as never);
    expect(extra.ok || extra.error).toMatchObject({ message: 'eval:run: colour: unknown field (not allowed)', detail: { fields: ['colour'] } });
    const missing = await service.call('memory:recall', {} as never);
    expect(missing.ok || missing.error.detail).toMatchObject({ fields: expect.arrayContaining(['memoryId']) });
  });
});
