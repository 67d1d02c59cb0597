/** The open dataset: scan summary, thumbnails, split and augmentation choices that training will use. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetHandle } from '#contract/api';
import type { AugmentOptions, SplitOptions } from '#contract/dataset';
import { useApi } from '../api';
import { pending } from './call';

export const useDatasetStore = defineStore('dataset', () => {
  const path = ref(localStorage.getItem('hebb-last-folder') ?? '');
  const handle = ref<DatasetHandle | null>(null);
  const progress = ref<{ done: number; total: number } | null>(null);
  const split = ref<SplitOptions>({ val: 0.2, test: 0, seed: 42 });
  const augment = ref<AugmentOptions>({});
  const preview = ref<string | null>(null);
  const opening = pending();
  const previewCall = pending();

  const classes = computed(() => handle.value?.scan.classes ?? []);
  const counts = computed(() => handle.value?.scan.counts ?? {});
  /** Images per split, per class, as the seeded split will make them (rounded like the splitter does). */
  const splitCounts = computed(() => classes.value.map((c) => {
    const n = counts.value[c] ?? 0;
    const val = Math.round(n * split.value.val);
    const test = Math.round(n * split.value.test);
    return { label: c, train: n - val - test, val, test };
  }));

  async function open(p = path.value): Promise<boolean> {
    path.value = p;
    progress.value = { done: 0, total: 0 };
    const off = useApi().on('scan:progress', (e) => { progress.value = e; });
    const h = await opening.run(useApi().call('dataset:open', { path: p }));
    off();
    progress.value = null;
    if (!h) return false;
    handle.value = h;
    localStorage.setItem('hebb-last-folder', p);
    return true;
  }

  /** The first sample image, augmented `count` times with the current settings. */
  async function refreshPreview(size: number): Promise<void> {
    const h = handle.value;
    const first = h && Object.values(h.samples).find((s) => s.length)?.[0];
    if (!h || !first) return;
    const r = await previewCall.run(useApi().call('dataset:augmentPreview', {
      datasetId: h.id, imageId: first, augment: augment.value, count: 8, seed: 1,
      preprocess: { width: size, height: size, fit: 'cover', channels: h.scan.greyscale ? 1 : 3 },
    }));
    preview.value = r ? `data:image/png;base64,${r.pngBase64}` : null;
  }

  return {
    path, handle, progress, split, augment, preview, classes, counts, splitCounts,
    opening: opening.busy, error: opening.error, previewBusy: previewCall.busy, previewError: previewCall.error,
    open, refreshPreview,
  };
});
