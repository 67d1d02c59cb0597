/**
 * Training handlers: start a run in a worker thread (never on the event loop that serves the UI), pause, resume,
 * stop; every event the trainer emits is forwarded onto the bus tagged with its run id.
 */

import path from 'node:path';
import type { ApiHandlers, EventName } from '#contract/api';
import type { TrainConfig } from '#contract/engine';
import type { ProjectRun } from '#contract/project';
import type { TrainerEvent } from '#contract/worker';
import { HebbError } from '../core/errors';
import { isRunDir } from '../engine/train/run-dir';
import type { StartOptions, TrainingHandle } from '../engine/train/worker-client';
import type { ServiceContext } from './context';

export interface TrainState {
  active: Map<string, TrainingHandle>;
  createWorker?: StartOptions['createWorker'];
}

const EVENT_NAMES: Record<TrainerEvent['type'], EventName> = { batch: 'train:batch', epoch: 'train:epoch', histograms: 'train:histograms', status: 'train:status', end: 'train:end' };

/**
 * A run on a project learns from a snapshot of its effective dataset as it is now (edits made while it trains do
 * not reach it), and the project lists the run with that dataset hash. Null for a plain folder.
 */
export async function projectData(ctx: ServiceContext, datasetId: string) {
  const owner = ctx.projects.byDataset(datasetId);
  if (!owner) return null;
  const { project } = owner;
  const { writeSnapshot } = await import('../project/index');
  const eff = await project.effective();
  const snapshot = await writeSnapshot(project.dir, eff);
  return {
    dir: project.dir, snapshot, datasetHash: eff.hash,
    record: (run: ProjectRun) => project.recordRun(run),
    forget: (runId: string) => project.forgetRun(runId),
  };
}

export function trainHandlers(ctx: ServiceContext, state: TrainState): Pick<ApiHandlers, 'train:start' | 'train:pause' | 'train:resume' | 'train:stop'> {
  function run(runId: string): TrainingHandle {
    const h = state.active.get(runId);
    if (!h) throw new HebbError('UNKNOWN_RUN', `Run "${runId}" is not training (it may have finished).`);
    return h;
  }
  return {
    async 'train:start'({ datasetId, config }) {
      const ds = ctx.datasets.get(datasetId);
      const [{ startTrainingWorker }, { newRunId, parentOf, requireRetrainParent }, { normalizeConfig }] = await Promise.all([import('../engine/train/worker-client'), import('../engine/train/runs'), import('../engine/train/config')]);
      // Values the registries decide (architecture, optimizer, schedule, loss) are refused here, before a worker starts.
      normalizeConfig({ ...config, data: ds.root });
      if (config.retrainOf) await requireRetrainParent(ctx.runsDir, config.retrainOf);
      const runDir = path.join(ctx.runsDir, newRunId(config.arch));
      const runId = path.basename(runDir);
      const forward = (ev: TrainerEvent) => {
        const { type, ...payload } = ev;
        ctx.events.emit(EVENT_NAMES[type], { ...payload, runId } as never);
      };
      const data = await projectData(ctx, datasetId);
      const handle = startTrainingWorker({ ...config, data: data?.snapshot ?? ds.root, ...(data ? { project: data.dir, datasetHash: data.datasetHash } : {}) } as TrainConfig, forward, { runDir, ...(state.createWorker ? { createWorker: state.createWorker } : {}) });
      state.active.set(runId, handle);
      if (data) await data.record({ runId, runDir, datasetHash: data.datasetHash, createdAt: new Date().toISOString(), ...parentOf(config) });
      void handle.done
        // Refused before its folder existed (a warm start whose classes no longer match): listed at start, forgotten now.
        .then(async (end) => { if (data && end.status === 'failed' && !isRunDir(runDir)) await data.forget(runId); })
        .catch(() => undefined)
        .finally(() => state.active.delete(runId));
      return { runId, runDir };
    },
    async 'train:pause'({ runId }) { run(runId).pause(); },
    async 'train:resume'({ runId }) { run(runId).resume(); },
    async 'train:stop'({ runId }) { run(runId).stop(); },
  };
}
