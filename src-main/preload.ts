/**
 * The preload: the only bridge between the sandboxed page and main. It exposes `window.hebb` with one named
 * function per API action (plus a `call` that accepts only those same channels, for the shared client), `on`
 * for pushed events that drops Electron's event object and returns an unsubscribe, the image-protocol URL of
 * an image id, and the path of a dropped folder. ipcRenderer itself never reaches the page.
 */

import electron from 'electron';
import type { Channel, EventMap, EventName } from '#contract/api';
import type { Result } from '#contract/errors';
import { API_FUNCTIONS, EVENT_CHANNEL, EVENTS, IMAGE_SCHEME, SHELL_EVENTS, invokeChannel, type ShellEventMap } from './ipc/channels';

/** The parts of ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

type AllEvents = EventMap & ShellEventMap;
type Listener = (payload: unknown) => void;

export function buildBridge(ipc: IpcRendererLike, utils?: { getPathForFile(file: unknown): string }) {
  const known = new Set<string>([...EVENTS, ...SHELL_EVENTS]);
  const listeners = new Map<string, Set<Listener>>();
  let subscribed = false;

  const actions = Object.fromEntries(
    (Object.entries(API_FUNCTIONS) as [Channel, string][]).map(([channel, name]) => [name, (req?: unknown) => ipc.invoke(invokeChannel(channel), req)]),
  ) as Record<(typeof API_FUNCTIONS)[Channel], (req?: unknown) => Promise<Result<unknown>>>;

  function call(channel: Channel, req: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(API_FUNCTIONS, channel)) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown API channel "${String(channel).slice(0, 60)}"` } });
    }
    return actions[API_FUNCTIONS[channel]](req);
  }

  function on<E extends keyof AllEvents>(event: E, listener: (payload: AllEvents[E]) => void): () => void {
    if (!known.has(event) || typeof listener !== 'function') return () => {};
    if (!subscribed) {
      subscribed = true;
      // One IPC listener for all events; the Electron event object stops here.
      ipc.on(EVENT_CHANNEL, (_event, name, payload) => listeners.get(name as string)?.forEach((l) => l(payload)));
    }
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => { set!.delete(listener as Listener); };
  }

  return Object.freeze({
    ...actions,
    call: call as <C extends Channel>(channel: C, req: unknown) => Promise<Result<never>>,
    on: on as <E extends EventName | keyof ShellEventMap>(event: E, listener: (payload: AllEvents[E]) => void) => () => void,
    imageUrl: (imageId: string, size = 160) => `${IMAGE_SCHEME}://img/${encodeURIComponent(imageId)}?size=${Math.max(0, Math.floor(size))}`,
    /** Absolute path of a File dropped on the page (drag-and-drop of a dataset folder); '' if unknown. */
    pathForFile: (file: unknown) => { try { return utils?.getPathForFile(file) ?? ''; } catch { return ''; } },
    mode: 'electron' as const,
  });
}

export type PreloadBridge = ReturnType<typeof buildBridge>;

electron.contextBridge.exposeInMainWorld('hebb', buildBridge(electron.ipcRenderer, electron.webUtils));
