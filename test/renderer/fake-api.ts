// A fake StudioClient for store and component tests: canned answers per channel, recorded calls, emit-able events.
import type { Channel, EventMap, EventName, Req, Res } from '#contract/api';
import type { ErrorData, Result } from '#contract/errors';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { setApi, type StudioClient } from '../../src-renderer/src/api';
import { setLocale } from '../../src-renderer/src/i18n';

type Answer<C extends Channel> = Res<C> | ErrorData | ((req: Req<C>) => Res<C> | Promise<Res<C>>);

export interface FakeApi extends StudioClient {
  calls: { channel: Channel; req: unknown }[];
  answer<C extends Channel>(channel: C, value: Answer<C>, asError?: boolean): void;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

export function fakeApi(): FakeApi {
  const answers = new Map<Channel, { value: unknown; error: boolean }>();
  const listeners = new Map<EventName, Set<(p: never) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    mode: 'test',
    answer(channel, value, asError = false) { answers.set(channel, { value, error: asError }); },
    async call(channel, req) {
      calls.push({ channel, req });
      const a = answers.get(channel);
      if (!a) return { ok: false, error: { code: 'INTERNAL', message: `no fake answer for ${channel}` } } as Result<never>;
      if (a.error) return { ok: false, error: a.value as ErrorData } as Result<never>;
      const value = typeof a.value === 'function' ? await (a.value as (r: unknown) => unknown)(req) : a.value;
      return { ok: true, value } as Result<never>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as never);
      return () => set!.delete(listener as never);
    },
    emit(event, payload) { listeners.get(event)?.forEach((l) => l(payload as never)); },
    imageUrl: (id, size = 160) => `fake://image/${id}?size=${size}`,
  };
}

/**
 * A fresh studio for one component test: a new active Pinia, a fake API installed as the client, English, and an
 * empty localStorage (stores remember choices there).
 */
export function freshStudio(): { api: FakeApi; pinia: Pinia } {
  const pinia = createPinia();
  setActivePinia(pinia);
  const api = fakeApi();
  setApi(api);
  localStorage.clear();
  setLocale('en');
  return { api, pinia };
}
