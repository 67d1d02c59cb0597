/**
 * Pushes the core's events to our windows. Epoch, status and end events always go out; batch events are
 * throttled per run (latest wins, with a trailing send) so a fast trainer cannot flood the renderer, and a
 * pending batch is flushed before its run's next epoch/end event so the charts never see them out of order.
 */

import type { EventMap, EventName } from '#contract/api';
import { EVENT_CHANNEL } from './channels';

export interface EventSource {
  onAny(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void;
}

/** The part of webContents used to push. */
export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface ForwardOptions {
  /** Most batch events per second per run. @default 20 */
  batchesPerSecond?: number;
  /** @default Date.now */
  now?: () => number;
}

export function forwardEvents(source: EventSource, targets: () => Iterable<PushTarget>, opts: ForwardOptions = {}): () => void {
  const gap = 1000 / (opts.batchesPerSecond ?? 20);
  const now = opts.now ?? Date.now;
  const runs = new Map<string, { last: number; pending: unknown | null; timer: ReturnType<typeof setTimeout> | null }>();

  const send = (event: string, payload: unknown) => {
    for (const t of targets()) if (!t.isDestroyed()) t.send(EVENT_CHANNEL, event, payload);
  };
  const flush = (runId: string) => {
    const r = runs.get(runId);
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    r.timer = null;
    if (r.pending !== null) { send('train:batch', r.pending); r.pending = null; r.last = now(); }
  };

  const off = source.onAny((event, payload) => {
    const runId = (payload as { runId?: string }).runId;
    if (event !== 'train:batch' || !runId) {
      if (runId) flush(runId);
      send(event, payload);
      if (event === 'train:end' && runId) runs.delete(runId);
      return;
    }
    let r = runs.get(runId);
    if (!r) runs.set(runId, (r = { last: -Infinity, pending: null, timer: null }));
    const t = now();
    if (t - r.last >= gap && r.pending === null) {
      r.last = t;
      send(event, payload);
      return;
    }
    r.pending = payload;
    r.timer ??= setTimeout(() => flush(runId), Math.max(0, gap - (t - r.last)));
  });

  return () => {
    off();
    for (const r of runs.values()) if (r.timer) clearTimeout(r.timer);
    runs.clear();
  };
}
