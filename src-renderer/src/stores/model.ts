/** The model being designed: architecture choice (or custom layers), input size and hyperparameters. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { TRAIN_DEFAULTS, type Activation, type ArchitectureInfo, type LayerSpec, type TrainConfig, type TrainConfigInput } from '#contract/engine';
import { useApi } from '../api';
import { pending } from './call';
import { useDatasetStore } from './dataset';

export type Hyper = Pick<TrainConfig, 'epochs' | 'batchSize' | 'optimizer' | 'learningRate' | 'schedule' | 'warmupEpochs' | 'loss' | 'labelSmoothing' | 'l2' | 'seed' | 'classWeights' | 'earlyStoppingPatience'> & {
  /** null: the architecture's own choice. */
  dropout: number | null;
  activation: Activation | null;
};

/** The schema's defaults (contract/engine.ts TRAIN_DEFAULTS), never restated here. */
export const DEFAULT_HYPER: Hyper = {
  ...(Object.fromEntries((['epochs', 'batchSize', 'optimizer', 'learningRate', 'schedule', 'warmupEpochs', 'loss', 'labelSmoothing', 'l2', 'seed', 'classWeights', 'earlyStoppingPatience'] as const)
    .map((k) => [k, TRAIN_DEFAULTS[k]])) as Omit<Hyper, 'dropout' | 'activation'>),
  dropout: null, activation: null,
};

export const DEFAULT_CUSTOM: LayerSpec[] = [
  { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2 },
  { type: 'conv2d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'globalAveragePooling2d' },
  { type: 'dropout', rate: 0.25 },
];

export const useModelStore = defineStore('model', () => {
  const size = ref(64);
  const archs = ref<ArchitectureInfo[]>([]);
  const arch = ref<string>('');
  const layers = ref<LayerSpec[]>(DEFAULT_CUSTOM.map((l) => ({ ...l })));
  const described = ref<ArchitectureInfo | null>(null);
  const hyper = ref<Hyper>({ ...DEFAULT_HYPER });
  const listing = pending();
  const describing = pending();

  const input = computed(() => {
    const ds = useDatasetStore();
    return { width: size.value, height: size.value, channels: (ds.handle?.scan.greyscale ? 1 : 3) as 1 | 3, classes: Math.max(ds.classes.length, 2) };
  });

  // Answers can come back out of order (a big input size builds slower): only the latest request counts.
  let listSeq = 0;
  let describeSeq = 0;

  async function list(): Promise<void> {
    const seq = ++listSeq;
    const r = await listing.run(useApi().call('model:list', input.value));
    if (!r || seq !== listSeq) return;
    archs.value = r;
    if (!arch.value || !r.some((a) => a.id === arch.value)) arch.value = r[0]?.id ?? '';
    await describe();
  }

  async function describe(): Promise<void> {
    if (!arch.value) { described.value = null; return; }
    const seq = ++describeSeq;
    const req = { ...input.value, arch: arch.value, ...(arch.value === 'custom' ? { layers: layers.value } : {}) };
    const r = await describing.run(useApi().call('model:describe', req));
    if (seq === describeSeq) described.value = r;
  }

  async function choose(id: string): Promise<void> {
    arch.value = id;
    await describe();
  }

  /** Switch the input to `side`×`side` and pick `id` there: an architecture that could not take the old size. */
  async function pickAt(side: number, id: string): Promise<void> {
    size.value = side;
    arch.value = id;
    await list();
  }

  /** The training config the Train view sends (the dataset is named by id there). */
  const config = computed<Omit<TrainConfigInput, 'data'>>(() => {
    const ds = useDatasetStore();
    const { dropout, activation, ...h } = hyper.value;
    return {
      ...h, arch: arch.value, imageWidth: size.value, imageHeight: size.value, fit: 'cover', channels: null,
      ...(arch.value === 'custom' ? { layers: layers.value } : {}),
      archOptions: { ...(dropout != null ? { dropout } : {}), ...(activation ? { activation } : {}) }, split: ds.split, augment: ds.augment,
    };
  });

  return {
    size, archs, arch, layers, described, hyper, input, config, pickAt,
    listing: listing.busy, listError: listing.error, describing: describing.busy, describeError: describing.error,
    list, describe, choose,
  };
});
