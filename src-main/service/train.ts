/**
 * Training handlers: start a run in a worker (never on the event loop that serves the UI), pause, resume,
 * stop; every event the trainer emits is forwarded onto the bus tagged with its run id.
 */

import type { ApiHandlers, EventMap } from '../contract/api';
import type { TrainConfig } from '../contract/engine';
import { HebbError } from '../core/errors';
import type { ServiceContext } from './context';
import { loadModule } from './modules';

/** One event from the worker client, as D2's trainer emits it. */
export type TrainerEvent =
  | ({ type: 'batch' } & Omit<EventMap['train:batch'], 'runId'>)
  | ({ type: 'epoch' } & Omit<EventMap['train:epoch'], 'runId'>)
  | ({ type: 'histograms' } & Omit<EventMap['train:histograms'], 'runId'>)
  | ({ type: 'status' } & Omit<EventMap['train:status'], 'runId'>)
  | ({ type: 'end' } & Omit<EventMap['train:end'], 'runId'>);

export interface TrainingHandle {
  runId: string;
  runDir: string;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<unknown>;
}

interface WorkerClientModule {
  startTrainingWorker(config: TrainConfig, onEvent: (ev: TrainerEvent) => void): TrainingHandle | Promise<TrainingHandle>;
}

export interface TrainState {
  active: Map<string, TrainingHandle>;
}

const EVENT_NAMES = { batch: 'train:batch', epoch: 'train:epoch', histograms: 'train:histograms', status: 'train:status', end: 'train:end' } as const;

export function trainHandlers(ctx: ServiceContext, state: TrainState): Pick<ApiHandlers, 'train:start' | 'train:pause' | 'train:resume' | 'train:stop'> {
  function run(runId: string): TrainingHandle {
    const h = state.active.get(runId);
    if (!h) throw new HebbError('UNKNOWN_RUN', `Run "${runId}" is not training (it may have finished).`);
    return h;
  }
  return {
    async 'train:start'({ datasetId, config }) {
      const ds = ctx.datasets.get(datasetId);
      const { startTrainingWorker } = await loadModule<WorkerClientModule>('Training', 'engine/train/worker-client');
      let runId = '';
      const early: TrainerEvent[] = [];
      const forward = (ev: TrainerEvent) => {
        if (!runId) { early.push(ev); return; }
        const { type, ...payload } = ev;
        const name = EVENT_NAMES[type];
        if (!name) return;
        ctx.events.emit(name, { ...payload, runId } as never);
        if (type === 'end') state.active.delete(runId);
      };
      const handle = await startTrainingWorker({ ...config, data: ds.root } as TrainConfig, forward);
      runId = handle.runId;
      state.active.set(runId, handle);
      handle.done.catch(() => undefined).finally(() => state.active.delete(runId));
      for (const ev of early.splice(0)) forward(ev);
      return { runId, runDir: handle.runDir };
    },
    async 'train:pause'({ runId }) { run(runId).pause(); },
    async 'train:resume'({ runId }) { run(runId).resume(); },
    async 'train:stop'({ runId }) { run(runId).stop(); },
  };
}
