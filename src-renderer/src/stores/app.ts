/** App-wide state: which view is showing (kept in the URL hash), version, and the compute backend report. */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { BackendReport } from '#contract/engine';
import type { ErrorData } from '#contract/errors';
import { useApi } from '../api';
import { pending } from './call';

export const VIEWS = ['data', 'model', 'train', 'evaluate', 'playground', 'runs', 'export', 'memory'] as const;
export type ViewName = (typeof VIEWS)[number];

function fromHash(): ViewName {
  const h = location.hash.replace(/^#\/?/, '') as ViewName;
  return (VIEWS as readonly string[]).includes(h) ? h : 'data';
}

export const useAppStore = defineStore('app', () => {
  const view = ref<ViewName>(fromHash());
  const version = ref('');
  const platform = ref('');
  const backend = ref<BackendReport | null>(null);
  const backendCall = pending();

  watch(view, (v) => { if (location.hash !== `#/${v}`) history.replaceState(null, '', `#/${v}`); });
  window.addEventListener('hashchange', () => { view.value = fromHash(); });

  /** Set when the core cannot be reached or refuses us (web mode without the token): every page would fail. */
  const connection = ref<ErrorData | null>(null);

  async function load(): Promise<void> {
    const r = await useApi().call('app:info', undefined);
    if (r.ok) { version.value = r.value.version; platform.value = r.value.platform; backend.value = r.value.backend; connection.value = null; }
    else connection.value = r.error;
  }
  async function loadBackend(): Promise<void> {
    if (backend.value) return;
    backend.value = await backendCall.run(useApi().call('app:backend', undefined));
  }
  return { view, version, connection, platform, backend, backendBusy: backendCall.busy, backendError: backendCall.error, load, loadBackend };
});
