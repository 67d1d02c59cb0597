/** The typed messages between a training worker (worker_thread or Electron utilityProcess) and its parent: plain data only. */

import type { BackendReport, BatchMetrics, EpochMetrics, HistogramSet, RunTarget, TrainConfig, TrainEnd } from './engine';

/** One event the trainer emits, tagged by kind (numbers, never tensors). */
export type TrainerEvent =
  | ({ type: 'batch' } & BatchMetrics)
  | ({ type: 'epoch' } & EpochMetrics)
  | ({ type: 'histograms' } & HistogramSet)
  | { type: 'status'; state: 'starting' | 'running' | 'paused' | 'stopping'; backend?: BackendReport }
  | ({ type: 'end' } & TrainEnd);

/** Parent → worker. */
export type ToWorker =
  | { kind: 'start'; config: TrainConfig; target: RunTarget & { runDir: string } }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' };

/** Worker → parent. */
export type FromWorker =
  | { kind: 'event'; event: TrainerEvent }
  | { kind: 'log'; level: 'info' | 'warn'; message: string };
