// The guarded IPC wrapper: only our windows showing our page may call; answers are Result data.
import { describe, expect, it, vi } from 'vitest';
import { HebbError } from '../../src-main/core/errors';
import { CHANNELS } from '../../src-main/ipc/channels';
import { guardedHandle, ourSenders, registerApi, type IpcMainLike } from '../../src-main/ipc/register';
import { appUrlMatcher } from '../../src-main/window';
import type { ApiHandlers } from '#contract/api';

const PAGE = 'file:///app/out/renderer/index.html';

function fakeIpc() {
  const handlers = new Map<string, (event: any, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = { handle: (c, fn) => { handlers.set(c, fn); }, removeHandler: (c) => { handlers.delete(c); } };
  return { ipc, handlers };
}

const guard = ourSenders(() => [7], appUrlMatcher(PAGE));
const ours = { sender: { id: 7 }, senderFrame: { url: `${PAGE}#/data` } };

describe('sender guard', () => {
  it('accepts our window on our page only', () => {
    expect(guard(ours)).toBe(true);
    expect(guard({ sender: { id: 8 }, senderFrame: { url: PAGE } })).toBe(false); // another webContents
    expect(guard({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } })).toBe(false); // navigated away / iframe
    expect(guard({ sender: { id: 7 }, senderFrame: null })).toBe(false); // frame gone
    expect(guard({ sender: { id: 7 } })).toBe(false);
  });

  it('refuses foreign senders without running the handler, and turns throws into error data', async () => {
    const { ipc, handlers } = fakeIpc();
    const fn = vi.fn(async (x: number) => x * 2);
    guardedHandle(ipc, 'hebb:test', guard, fn);
    const h = handlers.get('hebb:test')!;
    expect(await h({ sender: { id: 9 }, senderFrame: { url: PAGE } }, 2)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(fn).not.toHaveBeenCalled();
    expect(await h(ours, 2)).toEqual({ ok: true, value: 4 });
    guardedHandle(ipc, 'hebb:boom', guard, () => { throw new HebbError('NOT_FOUND', 'gone', '/x'); });
    expect(await handlers.get('hebb:boom')!(ours)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', file: '/x' } });
  });
});

it('registers every API channel from the service handlers, and can remove them', async () => {
  const { ipc, handlers } = fakeIpc();
  const service = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async (req: unknown) => ({ channel: c, req }))])) as unknown as ApiHandlers;
  const off = registerApi(ipc, service, guard);
  expect([...handlers.keys()].sort()).toEqual(CHANNELS.map((c) => `hebb:${c}`).sort());
  expect(await handlers.get('hebb:dataset:open')!(ours, { path: '/d' })).toEqual({ ok: true, value: { channel: 'dataset:open', req: { path: '/d' } } });
  expect(await handlers.get('hebb:runs:list')!({ sender: { id: 1 }, senderFrame: { url: PAGE } })).toMatchObject({ ok: false });
  off();
  expect(handlers.size).toBe(0);
});
