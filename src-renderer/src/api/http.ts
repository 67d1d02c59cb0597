/** The web-mode transport: POST /api/<channel> for calls, one WebSocket at /ws for events, /image/<id> for pictures. */
import type { ApiClient, EventMap, EventName } from '#contract/api';
import type { Result } from '#contract/errors';
import type { StudioClient } from './types';

type Listener = (payload: never) => void;

export function httpClient(token: string | null, base = ''): StudioClient {
  const listeners = new Map<EventName, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retry = 500;

  function open(): void {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${proto}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`);
    socket.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: EventName; payload: never };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onopen = () => { retry = 500; };
    // The server restarting must not leave the page deaf: reconnect with backoff.
    socket.onclose = () => { socket = null; setTimeout(open, (retry = Math.min(retry * 2, 10_000))); };
  }

  const call: ApiClient['call'] = async (channel, req) => {
    try {
      const res = await fetch(`${base}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(req ?? null),
      });
      return (await res.json()) as Result<never>;
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: `Cannot reach the Hebb server (${(err as Error).message}). Is \`hebb serve\` still running?` } };
    }
  };

  return {
    call,
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      if (!socket) open();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set!.delete(listener as Listener);
    },
    imageUrl: (id, size = 160) => `${base}/image/${encodeURIComponent(id)}?size=${size}${token ? `&token=${encodeURIComponent(token)}` : ''}`,
    mode: 'web',
  };
}
