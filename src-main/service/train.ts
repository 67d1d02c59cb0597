/**
 * Training handlers: start a run in a worker thread (never on the event loop that serves the UI), pause, resume,
 * stop; every event the trainer emits is forwarded onto the bus tagged with its run id.
 */

import path from 'node:path';
import type { ApiHandlers, EventName } from '#contract/api';
import type { TrainConfig } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { HebbError } from '../core/errors';
import type { StartOptions, TrainingHandle } from '../engine/train/worker-client';
import type { ServiceContext } from './context';

export interface TrainState {
  active: Map<string, TrainingHandle>;
  createWorker?: StartOptions['createWorker'];
}

const EVENT_NAMES: Record<TrainerEvent['type'], EventName> = { batch: 'train:batch', epoch: 'train:epoch', histograms: 'train:histograms', status: 'train:status', end: 'train:end' };

export function trainHandlers(ctx: ServiceContext, state: TrainState): Pick<ApiHandlers, 'train:start' | 'train:pause' | 'train:resume' | 'train:stop'> {
  function run(runId: string): TrainingHandle {
    const h = state.active.get(runId);
    if (!h) throw new HebbError('UNKNOWN_RUN', `Run "${runId}" is not training (it may have finished).`);
    return h;
  }
  return {
    async 'train:start'({ datasetId, config }) {
      const ds = ctx.datasets.get(datasetId);
      const [{ startTrainingWorker }, { newRunId }] = await Promise.all([import('../engine/train/worker-client'), import('../engine/train/runs')]);
      const runDir = path.join(ctx.runsDir, newRunId(config.arch));
      const runId = path.basename(runDir);
      const forward = (ev: TrainerEvent) => {
        const { type, ...payload } = ev;
        ctx.events.emit(EVENT_NAMES[type], { ...payload, runId } as never);
      };
      const handle = startTrainingWorker({ ...config, data: ds.root } as TrainConfig, forward, { runDir, ...(state.createWorker ? { createWorker: state.createWorker } : {}) });
      state.active.set(runId, handle);
      void handle.done.finally(() => state.active.delete(runId));
      return { runId, runDir };
    },
    async 'train:pause'({ runId }) { run(runId).pause(); },
    async 'train:resume'({ runId }) { run(runId).resume(); },
    async 'train:stop'({ runId }) { run(runId).stop(); },
  };
}
