// Event forwarding to windows: everything passes, batch events are throttled per run and never overtake epochs.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createEventBus } from '../../src-main/service/events';
import { forwardEvents } from '../../src-main/ipc/events';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

function setup() {
  const bus = createEventBus();
  const sent: [string, string, any][] = [];
  const target = { send: (c: string, e: string, p: unknown) => { sent.push([c, e, p]); }, isDestroyed: () => false };
  const off = forwardEvents(bus, () => [target, { send: () => { throw new Error('destroyed window must be skipped'); }, isDestroyed: () => true }], { batchesPerSecond: 10, now: () => Date.now() });
  return { bus, sent, off };
}

it('throttles batch events to the rate, keeps the latest, and flushes before the epoch', () => {
  const { bus, sent } = setup();
  for (let b = 0; b < 50; b++) { bus.emit('train:batch', { runId: 'r', batch: b } as never); vi.advanceTimersByTime(2); }
  // 100 ms of batches at 10/s: the first goes at once, then one trailing send when the gap has passed.
  const batches = () => sent.filter((s) => s[1] === 'train:batch').map((s) => s[2].batch);
  expect(batches()).toEqual([0, 49]);
  for (let b = 50; b < 55; b++) bus.emit('train:batch', { runId: 'r', batch: b } as never);
  bus.emit('train:epoch', { runId: 'r', epoch: 1 } as never);
  expect(sent.slice(-2).map((s) => [s[1], s[2].batch ?? s[2].epoch])).toEqual([['train:batch', 54], ['train:epoch', 1]]);
  expect(sent.every((s) => s[0] === 'hebb:event')).toBe(true);
});

it('passes other events straight through and stops on unsubscribe', () => {
  const { bus, sent, off } = setup();
  bus.emit('scan:progress', { done: 1, total: 2 });
  bus.emit('train:end', { runId: 'r', status: 'completed' } as never);
  expect(sent.map((s) => s[1])).toEqual(['scan:progress', 'train:end']);
  off();
  bus.emit('scan:progress', { done: 2, total: 2 });
  expect(sent).toHaveLength(2);
});
