/** Engine shapes: backends, architectures, training configuration and the events a run emits. */

import { z } from 'zod';
import { AugmentOptions, Channels, FitMode, SplitOptions } from './dataset';
import type { ErrorData } from './errors';

export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Why each rung of the backend ladder was or was not taken, in words a user can act on. */
export interface BackendReport {
  active: BackendName;
  attempts: { backend: BackendName; ok: boolean; reason: string }[];
}

/**
 * The largest image side a model may take. A 32-image batch at 1024×1024×3 is already 400 MB of float32; larger
 * sides fail deep inside tfjs ("Invalid typed array length"), so they are refused up front with this number.
 */
export const MAX_IMAGE_SIDE = 1024;

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softmax', 'linear'] as const;
export const Activation = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof Activation>;

const count = z.number().int().min(1);
const padding = z.enum(['same', 'valid']).optional();
/** One layer of a custom architecture, as the UI's layer editor produces it. */
export const LayerSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('conv2d'), filters: count, kernelSize: count, strides: count.optional(), padding, activation: Activation.optional() }),
  z.strictObject({ type: z.literal('depthwiseConv2d'), kernelSize: count, strides: count.optional(), padding, activation: Activation.optional() }),
  z.strictObject({ type: z.enum(['maxPooling2d', 'averagePooling2d']), poolSize: count, strides: count.optional() }),
  z.strictObject({ type: z.literal('globalAveragePooling2d') }),
  z.strictObject({ type: z.literal('batchNormalization') }),
  z.strictObject({ type: z.literal('dropout'), rate: z.number().min(0).lt(1) }),
  z.strictObject({ type: z.literal('flatten') }),
  z.strictObject({ type: z.literal('dense'), units: count, activation: Activation.optional() }),
  z.strictObject({ type: z.literal('activation'), activation: Activation }),
]);
export type LayerSpec = z.infer<typeof LayerSpec>;

/** An architecture described for one input; its name and description are the catalogues' words for `arch.<id>`. */
export interface ArchitectureInfo {
  id: string;
  /** Parameter count for the input size it was asked about; -1 when it cannot take that input. */
  params: number;
  /** Why it cannot take that input (the engine's words, as the CLI prints them); absent when it can. */
  unavailable?: string;
  /** Parameters the optimizer updates (less than params when a pretrained backbone is frozen). */
  trainableParams?: number;
  /** What input the architecture needs or prefers; absent = any size and channels. */
  input?: {
    /** [width, height] the trainer's preprocessing should use by default (e.g. 224×224 for the pretrained backbone). */
    recommended?: [number, number];
    /** Smallest side that builds. */
    minimum?: number;
    /** Pixel range the weights expect. */
    range?: [number, number];
    pretrained?: boolean;
  };
  layers: { name: string; type: string; outputShape: (number | null)[]; params: number }[];
}

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine'] as const;
export const LOSSES = ['categoricalCrossentropy', 'meanSquaredError'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type ScheduleName = (typeof SCHEDULES)[number];
export type LossName = (typeof LOSSES)[number];
export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly ('auto' | BackendName)[];

/** A folder path as a request carries it (long enough for any real path, short enough to refuse garbage). */
export const PathString = z.string().min(1).max(4096);
/** A run's id: its folder's name under the runs folder (never a path). */
export const RunId = z.string().min(1).max(256).regex(/^[^/\\]+$/, 'a run id (the run folder\'s name), not a path');
const nonNegative = z.number().finite().min(0);

/**
 * Every training option with its default, declared once: the engine (train/config.ts), the Model store and the
 * CLI's option defaults all read TRAIN_DEFAULTS below. Checkpoint cadence: see StepCheckpointOptions.
 */
export const TrainConfigSchema = z.strictObject({
  /** A class folder tree, a project folder, or a project's dataset snapshot (what a run on a project trains on). */
  data: PathString,
  /** The project folder when the run trains on a project (data then names its snapshot). */
  project: PathString.optional(),
  /** The effective dataset's hash (set by the job for a project or snapshot): which state of the data the run learned from. */
  datasetHash: z.string().max(128).optional(),
  /** How many images that dataset held (set by the job with datasetHash): lets the Runs view say "+12 images". */
  datasetImages: z.number().int().min(0).optional(),
  /** Optional separate held-out folder. */
  test: PathString.optional(),
  /**
   * "Train again" from a previous run: its id (in the runs folder) or run directory. Its final weights are loaded
   * before the first epoch; the architecture, input size, channels and class list must match it.
   */
  warmStartFrom: PathString.optional(),
  /**
   * Set by the job on a warm start: how many epochs the weights it loaded had been trained, over the whole chain of
   * warm starts (see epochsBehind). The Runs view continues this run's curve from there, parent gone or not.
   */
  warmStartEpochs: z.number().int().min(0).optional(),
  /**
   * "Train again" from scratch: the id of the run this one retrains (nothing is loaded from it). Recorded so the Runs
   * view can show how accuracy moved between the two, as it does for warmStartFrom. Absent for a fresh run.
   */
  retrainOf: RunId.optional(),
  arch: z.string().min(1).max(100),
  /** Layers for arch 'custom'. */
  layers: z.array(LayerSpec).max(200).optional(),
  /** Architecture options, e.g. MLP hidden sizes and activation. */
  archOptions: z.strictObject({
    hidden: z.array(count).max(64).optional(),
    activation: Activation.optional(),
    dropout: z.number().min(0).lt(1).optional(),
    /** Transfer: folder with a tfjs LayersModel (model.json + shards) to use instead of the shipped MobileNetV2. */
    backbone: PathString.optional(),
    /** Transfer: the backbone layer whose output is the features. @default 'out_relu' if present, else the last 4-D layer */
    backboneLayer: z.string().max(200).optional(),
    /** Transfer: fine-tune the backbone's last N blocks (batch norms in inference mode) from the second epoch on. @default 0 */
    unfreeze: z.number().int().min(0).optional(),
  }).optional(),
  imageWidth: count.max(MAX_IMAGE_SIDE).default(32),
  imageHeight: count.max(MAX_IMAGE_SIDE).default(32),
  fit: FitMode.default('cover'),
  /** null: follow the data (greyscale data → 1). */
  channels: Channels.nullable().default(null),
  epochs: count.default(10),
  batchSize: count.default(32),
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learningRate: z.number().finite().positive().default(0.001),
  schedule: z.enum(SCHEDULES).default('constant'),
  /** Warm-up epochs (linear ramp) before the schedule. */
  warmupEpochs: nonNegative.default(0),
  loss: z.enum(LOSSES).default('categoricalCrossentropy'),
  labelSmoothing: z.number().min(0).lt(1).default(0),
  l2: nonNegative.default(0),
  seed: z.number().int().default(42),
  classWeights: z.enum(['none', 'balanced']).default('none'),
  /** Epochs without val-loss improvement before stopping; 0 disables. */
  earlyStoppingPatience: z.number().int().min(0).default(0),
  split: SplitOptions.prefault({}),
  augment: AugmentOptions.prefault({}),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
  /** Also checkpoint after every N batches; 0 disables. */
  checkpointEverySteps: z.number().int().min(0).default(0),
  /** Also checkpoint when this many seconds passed since the last one (Keras BackupAndRestore's save_freq); 0 disables. */
  checkpointEverySeconds: nonNegative.default(60),
});
export type TrainConfig = z.output<typeof TrainConfigSchema>;
/** What a caller may send: data and arch, every other field optional (its default applies). */
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;

/** The defaults, derived from the schema (never written out by hand). */
export const TRAIN_DEFAULTS: Omit<TrainConfig, 'data' | 'arch'> = (() => {
  const { data: _d, arch: _a, ...rest } = TrainConfigSchema.parse({ data: '-', arch: '-' });
  return rest;
})();

/** The lists the main side's registries decide (app:choices serves them; validation names them). */
export interface Choices {
  arch: string[];
  optimizer: string[];
  schedule: string[];
  loss: string[];
  exportFormat: string[];
  activation: string[];
}
export const ChoicesSchema = z.strictObject({
  arch: z.array(z.string()), optimizer: z.array(z.string()), schedule: z.array(z.string()),
  loss: z.array(z.string()), exportFormat: z.array(z.string()), activation: z.array(z.string()),
});

/** `z.enum` over a registry's list, still typed as the static union so parsed configs keep their types. */
export function oneOf<T extends string>(values: readonly string[]): z.ZodType<T> {
  return z.enum(values as [T, ...T[]]) as unknown as z.ZodType<T>;
}

/** The TrainConfig schema with the registries' lists: an unknown arch or optimizer names the allowed ones. */
export function trainConfigSchema(c: Choices) {
  return TrainConfigSchema.extend({
    arch: oneOf<string>(c.arch),
    optimizer: oneOf<OptimizerName>(c.optimizer).default('adam'),
    schedule: oneOf<ScheduleName>(c.schedule).default('constant'),
    loss: oneOf<LossName>(c.loss).default('categoricalCrossentropy'),
  });
}

export interface BatchMetrics {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  imagesPerSecond: number;
}

export interface EpochMetrics {
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  learningRate: number;
  imagesPerSecond: number;
  /** Seconds left for the run, estimated from the epochs so far. */
  etaSeconds: number;
  seconds: number;
}

export interface HistogramSet {
  epoch: number;
  layers: { name: string; kind: 'weights' | 'gradients'; min: number; max: number; counts: number[] }[];
}

export const RUN_STATUSES = ['completed', 'stopped', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A live run's state, as train:status events report it. */
export const LIVE_STATES = ['starting', 'running', 'paused', 'stopping'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export interface TrainEnd {
  status: RunStatus;
  runDir: string;
  epochsDone: number;
  backend: BackendName;
  valAccuracy: number | null;
  testAccuracy: number | null;
  imagesPerSecond: number;
  error?: { code: string; message: string };
}

export interface PerClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Mistake {
  path: string;
  trueLabel: string;
  predictedLabel: string;
  probability: number;
}

export interface EvalReport {
  accuracy: number;
  topKAccuracy: { k: number; accuracy: number };
  labels: string[];
  /** rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
  perClass: PerClassMetrics[];
  mistakes: Mistake[];
}

export interface Prediction {
  file: string;
  label: string;
  probabilities: number[];
}

/** A file `hebb predict` could not classify: the rest of the batch still gets its predictions. */
export interface PredictionError {
  file: string;
  error: ErrorData;
}

/** Per file of a batch: its prediction, or why there is none. */
export type PredictionOutcome = Prediction | PredictionError;

/** One image's prediction with its best classes and, when asked for, a saliency map (PNG bytes). */
export interface ImagePrediction extends Prediction {
  topK: { label: string; probability: number }[];
  saliencyPng?: Uint8Array | null;
}

export interface RunSummary {
  id: string;
  runDir: string;
  createdAt: string;
  config: TrainConfig;
  status: RunStatus | 'running';
  final: EpochMetrics | null;
  /**
   * The epoch whose weights the run's saved model holds, when that is not `final`'s: an early stop restored its best
   * epoch. What a run warm-started from this one continues from. Absent when the model is the last epoch's.
   */
  weightsEpoch?: number;
}

/**
 * Epochs behind a run's saved model, its warm-start ancestors' included: where a run warm-started from it continues.
 * Runs trained before warmStartEpochs was recorded count only their own epochs (the Runs view walks their chain).
 */
export function epochsBehind(run: Pick<RunSummary, 'config' | 'final' | 'weightsEpoch'>): number {
  return (run.config.warmStartEpochs ?? 0) + (run.weightsEpoch ?? run.final?.epoch ?? 0);
}

/** Where a run's files live and whether it continues an earlier one (CLI `--out` / `--resume`). */
export interface RunTarget {
  /** Run directory; created when absent. @default runsDir()/<runId> */
  runDir?: string;
  /** Continue the run in `runDir` from its last complete checkpoint. @default false */
  resume?: boolean;
}

/** The preprocessing a run trained with, saved as preprocess.json so eval/predict decode identically. */
export interface RunPreprocess {
  width: number;
  height: number;
  fit: FitMode;
  channels: 1 | 3;
  /** Pixels are scaled by this before the model sees them. */
  rescale: number;
}
