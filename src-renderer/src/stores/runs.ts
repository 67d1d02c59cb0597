/** Run history: every run on disk, and the curves of the runs picked for overlay. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EpochMetrics, RunSummary } from '#contract/engine';
import { useApi } from '../api';
import { pending } from './call';

export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([]);
  const selected = ref<string[]>([]);
  const curves = shallowRef<Record<string, EpochMetrics[]>>({});
  const listing = pending();
  const loading = pending();

  async function refresh(): Promise<void> {
    const r = await listing.run(useApi().call('runs:list', undefined));
    if (r) runs.value = r;
  }

  async function toggle(id: string): Promise<void> {
    if (selected.value.includes(id)) {
      selected.value = selected.value.filter((s) => s !== id);
      return;
    }
    selected.value = [...selected.value, id];
    if (!curves.value[id]) {
      const m = await loading.run(useApi().call('runs:metrics', { runId: id }));
      if (m) curves.value = { ...curves.value, [id]: m.epochs };
    }
  }

  /** The newest finished run: the default for evaluate, playground and export. */
  const latest = () => runs.value.find((r) => r.status === 'completed' || r.status === 'stopped') ?? null;

  return { runs, selected, curves, listing: listing.busy, error: listing.error, curveError: loading.error, refresh, toggle, latest };
});
