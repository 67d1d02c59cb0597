/** Engine shapes: backends, architectures, training configuration and the events a run emits. */

import type { AugmentOptions, FitMode, SplitOptions } from './dataset';
import type { ErrorData } from './errors';
import type { StepCheckpointOptions } from './train-state';

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

export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'elu' | 'selu' | 'softmax' | 'linear';

/** One layer of a custom architecture, as the UI's layer editor produces it. */
export type LayerSpec =
  | { type: 'conv2d'; filters: number; kernelSize: number; strides?: number; padding?: 'same' | 'valid'; activation?: Activation }
  | { type: 'depthwiseConv2d'; kernelSize: number; strides?: number; padding?: 'same' | 'valid'; activation?: Activation }
  | { type: 'maxPooling2d' | 'averagePooling2d'; poolSize: number; strides?: number }
  | { type: 'globalAveragePooling2d' }
  | { type: 'batchNormalization' }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation?: Activation }
  | { type: 'activation'; activation: Activation };

export interface ArchitectureInfo {
  id: string;
  name: string;
  description: string;
  /** Parameter count for the input size it was asked about. */
  params: number;
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

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';
export type ScheduleName = 'constant' | 'step' | 'exponential' | 'cosine';
export type LossName = 'categoricalCrossentropy' | 'meanSquaredError';

export interface TrainConfig extends StepCheckpointOptions {
  /** A class folder tree, a project folder, or a project's dataset snapshot (what a run on a project trains on). */
  data: string;
  /** The project folder when the run trains on a project (data then names its snapshot). */
  project?: string;
  /** The effective dataset's hash (set by the job for a project or snapshot): which state of the data the run learned from. */
  datasetHash?: string;
  /** Optional separate held-out folder. */
  test?: string;
  /**
   * "Train again" from a previous run: its id (in the runs folder) or run directory. Its final weights are loaded
   * before the first epoch; the architecture, input size, channels and class list must match it.
   */
  warmStartFrom?: string;
  arch: string;
  /** Layers for arch 'custom'. */
  layers?: LayerSpec[];
  /** Architecture options, e.g. MLP hidden sizes and activation. */
  archOptions?: {
    hidden?: number[];
    activation?: Activation;
    dropout?: number;
    /** Transfer: folder with a tfjs LayersModel (model.json + shards) to use instead of the shipped MobileNetV2. */
    backbone?: string;
    /** Transfer: the backbone layer whose output is the features. @default 'out_relu' if present, else the last 4-D layer */
    backboneLayer?: string;
    /** Transfer: fine-tune the backbone's last N blocks (batch norms in inference mode) from the second epoch on. @default 0 */
    unfreeze?: number;
  };
  imageWidth: number;
  imageHeight: number;
  fit: FitMode;
  /** null: follow the data (greyscale data → 1). */
  channels: 1 | 3 | null;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  /** Warm-up epochs (linear ramp) before the schedule. @default 0 */
  warmupEpochs: number;
  loss: LossName;
  labelSmoothing: number;
  l2: number;
  seed: number;
  classWeights: 'none' | 'balanced';
  /** Epochs without val-loss improvement before stopping; 0 disables. */
  earlyStoppingPatience: number;
  split: SplitOptions;
  augment: AugmentOptions;
  backend?: 'auto' | BackendName;
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

export type RunStatus = 'completed' | 'stopped' | 'failed';

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
