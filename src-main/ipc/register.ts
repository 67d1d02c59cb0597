/**
 * Main's side of IPC: one guarded wrapper through which every handler is registered. A call from anything
 * but one of our own windows showing our own page is refused; every answer is a Result, so errors cross the
 * process boundary as data and the page switches on `code`.
 */

import type { ApiHandlers, Channel } from '#contract/api';
import type { Result } from '#contract/errors';
import { HebbError, toResult } from '../core/errors';
import { CHANNELS, invokeChannel } from './channels';

/** The parts of Electron's IpcMainInvokeEvent the guard reads. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame?: { url: string } | null;
}

/** The parts of Electron's ipcMain used here (the real one and the test fake both fit). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether an IPC message comes from us. */
export type SenderGuard = (event: InvokeEvent) => boolean;

/**
 * Trust a sender only if its webContents belongs to one of our windows AND the frame that sent it shows our
 * page (so a window that was somehow navigated elsewhere, or an embedded frame, cannot call in).
 */
export function ourSenders(webContentsIds: () => Iterable<number>, isAppUrl: (url: string) => boolean): SenderGuard {
  return (event) => {
    const url = event.senderFrame?.url;
    if (!url || !isAppUrl(url)) return false;
    for (const id of webContentsIds()) if (id === event.sender.id) return true;
    return false;
  };
}

/** Register one handler behind the guard; returns a function that removes it. */
export function guardedHandle<A extends unknown[], T>(
  ipc: IpcMainLike, channel: string, guard: SenderGuard, fn: (...args: A) => T | Promise<T>,
): () => void {
  ipc.handle(channel, (event, ...args): Promise<Result<Awaited<T>>> => {
    if (!guard(event)) {
      return Promise.resolve({ ok: false, error: { code: 'UNAUTHORIZED', message: `IPC call "${channel}" refused: it did not come from a Hebb Studio window.` } });
    }
    return toResult(() => fn(...(args as A))) as Promise<Result<Awaited<T>>>;
  });
  return () => ipc.removeHandler(channel);
}

/** Every API channel of the service, each as `hebb:<channel>` behind the guard. Returns an unregister function. */
export function registerApi(ipc: IpcMainLike, handlers: ApiHandlers, guard: SenderGuard): () => void {
  const offs = CHANNELS.map((channel: Channel) => guardedHandle(ipc, invokeChannel(channel), guard, (req: unknown) => {
    const fn = handlers[channel] as ((r: unknown) => Promise<unknown>) | undefined;
    if (typeof fn !== 'function') throw new HebbError('INTERNAL', `No handler for "${channel}"`);
    return fn(req);
  }));
  return () => offs.forEach((off) => off());
}
