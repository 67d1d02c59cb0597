/** A typed event bus for the core's pushes (EventMap): the service emits, every transport subscribes. */

import { EventEmitter } from 'node:events';
import type { EventMap, EventName } from '#contract/api';

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Every event, for transports that forward them all (WebSocket, IPC). */
  onAny(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  // Many windows/sockets may subscribe; the default limit of 10 would only produce a false leak warning.
  emitter.setMaxListeners(0);
  return {
    emit(event, payload) {
      emitter.emit(event, payload);
      emitter.emit('*', event, payload);
    },
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    onAny(listener) {
      const l = (event: EventName, payload: unknown) => listener(event, payload as never);
      emitter.on('*', l);
      return () => emitter.off('*', l);
    },
  };
}
