/** The typed messages between a training worker (worker_thread or Electron utilityProcess) and its parent: plain data only. */

import { z } from 'zod';
import { SplitName } from './dataset';
import { TrainConfigSchema, type BackendName, type BackendReport, type LiveState, type BatchMetrics, type EpochMetrics, type EvalReport, type HistogramSet, type ImagePrediction, type RunTarget, type TrainConfig, type TrainEnd } from './engine';
import type { BackbonePath } from './backbone';
import type { LayerActivations } from './activations';
import type { Result } from './errors';
import { ExportFormat, TfliteQuantize, type ExportResult } from './export';

/** One event the trainer emits, tagged by kind (numbers, never tensors). */
export type TrainerEvent =
  | ({ type: 'batch' } & BatchMetrics)
  | ({ type: 'epoch' } & EpochMetrics)
  | ({ type: 'histograms' } & HistogramSet)
  | { type: 'status'; state: LiveState; backend?: BackendReport; /** Something the run does that the user should know (e.g. cached transfer features). */ note?: string; /** Where a transfer model's frozen backbone runs. */ backbone?: BackbonePath }
  | ({ type: 'end' } & TrainEnd);

/** Engine work besides training that the service hands to a worker, so a long evaluation never pauses the UI. */
export type EngineTask =
  | { task: 'evaluate'; runDir: string; dataRoot: string; split?: SplitName }
  | { task: 'predict'; runDir: string; file?: string; bytes?: Uint8Array; topK?: number; saliency?: boolean }
  | { task: 'activations'; runDir: string; file?: string; bytes?: Uint8Array }
  | { task: 'export'; runDir: string; format: ExportFormat; outDir: string; quantize?: TfliteQuantize };

/** What each task resolves with. */
export interface EngineTaskResults {
  evaluate: EvalReport;
  predict: ImagePrediction;
  activations: LayerActivations;
  export: ExportResult;
}

/** Parent → worker. */
export type ToWorker =
  | { kind: 'start'; config: TrainConfig; target: RunTarget & { runDir: string } }
  | { kind: 'task'; id: number; request: EngineTask }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' };

/** Worker → parent. */
export type FromWorker =
  | { kind: 'event'; event: TrainerEvent }
  | { kind: 'task-result'; id: number; result: Result<EngineTaskResults[EngineTask['task']]> }
  | { kind: 'log'; level: 'info' | 'warn'; message: string };

/**
 * The envelopes both sides check on receipt (a worker is another process or thread: its messages are data from
 * outside). Payloads we produce ourselves (metrics, reports) are checked for their kind, not field by field.
 */
const runDir = z.string().min(1).max(4096);
const EngineTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('evaluate'), runDir, dataRoot: runDir, split: SplitName.optional() }),
  z.strictObject({ task: z.literal('predict'), runDir, file: runDir.optional(), bytes: z.instanceof(Uint8Array).optional(), topK: z.number().int().min(1).optional(), saliency: z.boolean().optional() }),
  z.strictObject({ task: z.literal('export'), runDir, format: ExportFormat, outDir: runDir, quantize: TfliteQuantize.optional() }),
  z.strictObject({ task: z.literal('activations'), runDir, file: runDir.optional(), bytes: z.instanceof(Uint8Array).optional() }),
]);
export const ToWorkerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('start'), config: TrainConfigSchema, target: z.strictObject({ runDir, resume: z.boolean().optional() }) }),
  z.strictObject({ kind: z.literal('task'), id: z.number().int(), request: EngineTaskSchema }),
  z.strictObject({ kind: z.enum(['pause', 'resume', 'stop']) }),
]);
export const FromWorkerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: z.looseObject({ type: z.enum(['batch', 'epoch', 'histograms', 'status', 'end']) }) }),
  z.strictObject({ kind: z.literal('task-result'), id: z.number().int(), result: z.looseObject({ ok: z.boolean() }) }),
  z.strictObject({ kind: z.literal('log'), level: z.enum(['info', 'warn']), message: z.string() }),
]);

/** Training speed of one bench run: samples per wall-clock second, and per second of process CPU time. */
export interface BenchResult {
  backend: string;
  cnn_img_s: number | null;
  mlp_samples_s: number | null;
  /** Samples per second of process CPU time: robust to other processes on the machine (load shows in wall time only). */
  cnn_img_cpu_s?: number | null;
  mlp_samples_cpu_s?: number | null;
}

/**
 * Parent → bench worker: one reference model's bench in a fresh worker thread (its own JS heap, tfjs and wasm
 * memory), as each training run gets its own worker. The worker answers with one BenchReply and exits.
 */
export interface BenchJob {
  backend: 'auto' | BackendName;
  model: 'cnn' | 'mlp';
  /** @default the runner's per-model defaults */
  steps?: number;
  warmup?: number;
  /** XNNPACK threads (1 = the single-threaded build). @default 1 */
  wasmThreads?: number;
  /** onnxruntime threads for large ops. @default one per core */
  nativeThreads?: number;
}

export type BenchReply = Result<BenchResult>;
