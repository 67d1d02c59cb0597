/** Run history: every run on disk, and the curves of the runs picked for overlay. */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EpochMetrics, RunSummary } from '#contract/engine';
import { useApi } from '../api';
import { pending } from './call';
import { epochOffsets, runLineage } from './run-lineage';

export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([]);
  const selected = ref<string[]>([]);
  const curves = shallowRef<Record<string, EpochMetrics[]>>({});
  const listing = pending();
  const loading = pending();
  /** Each "train again" run with its parent and how accuracy and data moved between them. */
  const lineage = computed(() => runLineage(runs.value));
  /** Epochs each run's starting weights already had: where a warm-started run's curve begins on the overlay. */
  const offsets = computed(() => epochOffsets(runs.value));

  async function refresh(): Promise<void> {
    const r = await listing.run(useApi().call('runs:list', undefined));
    if (r) runs.value = r;
  }

  async function load(id: string): Promise<void> {
    if (curves.value[id]) return;
    const m = await loading.run(useApi().call('runs:metrics', { runId: id }));
    if (m) curves.value = { ...curves.value, [id]: m.epochs };
  }

  async function toggle(id: string): Promise<void> {
    if (selected.value.includes(id)) {
      selected.value = selected.value.filter((s) => s !== id);
      return;
    }
    selected.value = [...selected.value, id];
    await load(id);
  }

  /** Overlay exactly these runs' curves (a run and its parent, in one click). */
  async function selectOnly(ids: string[]): Promise<void> {
    selected.value = [...ids];
    await Promise.all(ids.map(load));
  }

  /** The newest finished run: the default for evaluate, playground and export. */
  const latest = () => runs.value.find((r) => r.status === 'completed' || r.status === 'stopped') ?? null;

  return { runs, selected, curves, lineage, offsets, listing: listing.busy, error: listing.error, curveError: loading.error, refresh, toggle, selectOnly, latest };
});
