/**
 * The core as one service: per-feature handler sets composed into the typed `ApiHandlers` the IPC and HTTP
 * transports wrap, plus the event bus they forward. `call` is the single boundary where throws become Result data.
 */

import { api, type ApiHandlers, type Channel, type Req, type Res } from '#contract/api';
import { trainConfigSchema } from '#contract/engine';
import { z } from 'zod';
import { validate } from '../core/validate';
import { choices } from './choices';
import type { Result } from '#contract/errors';
import { createTaskRunner } from '../engine/task-client';
import type { StartOptions } from '../engine/train/worker-client';
import { runsDir as defaultRunsDir } from '../core/paths';
import { HebbError, toResult } from '../core/errors';
import { appHandlers } from './app';
import type { ServiceContext } from './context';
import { datasetHandlers, readThumbnail } from './dataset';
import { createDatasetRegistry } from './datasets';
import { projectHandlers } from './project';
import { createProjectRegistry } from './projects';
import { evaluateHandlers } from './evaluate';
import { createEventBus, type EventBus } from './events';
import { exportHandlers } from './export';
import { memoryHandlers } from './memory';
import { modelHandlers } from './model';
import { runsHandlers } from './runs';
import { trainHandlers, type TrainState } from './train';

export interface ServiceOptions {
  /** Where runs are written and listed. @default runsDir() (under HEBB_HOME / the app-data folder) */
  runsDir?: string;
  /** How training and engine-task workers are spawned (Electron passes a utilityProcess factory). @default a Node worker_thread */
  createWorker?: StartOptions['createWorker'];
}

export interface Service {
  handlers: ApiHandlers;
  events: EventBus;
  /** Call one channel with errors turned into data; unknown channels are refused. */
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>>;
  /** A thumbnail (or the whole image when size is 0) of a dataset image id, for the image route/protocol. */
  image(imageId: string, size?: number): Promise<{ mime: string; data: Buffer }>;
  /** Stop every training run and the engine-task worker (on shutdown). */
  dispose(): Promise<void>;
}

/** How long dispose() lets running trainings stop at a batch boundary before ending their workers. */
const STOP_GRACE_MS = 100;

export function createService(opts: ServiceOptions = {}): Service {
  const datasets = createDatasetRegistry();
  const ctx: ServiceContext = {
    datasets, projects: createProjectRegistry(datasets), events: createEventBus(), runsDir: opts.runsDir ?? defaultRunsDir(),
    tasks: createTaskRunner(opts.createWorker),
  };
  const train: TrainState = { active: new Map(), createWorker: opts.createWorker };
  const raw: ApiHandlers = {
    ...appHandlers(),
    ...datasetHandlers(ctx),
    ...modelHandlers(),
    ...trainHandlers(ctx, train),
    ...runsHandlers(ctx),
    ...evaluateHandlers(ctx),
    ...exportHandlers(ctx),
    ...memoryHandlers(ctx),
    ...projectHandlers(ctx),
  };
  const handlers = checked(raw);
  return {
    handlers,
    events: ctx.events,
    call(channel, req) {
      return toResult(() => {
        if (!Object.hasOwn(handlers, channel)) throw new HebbError('INVALID_ARGUMENT', `Unknown API channel "${String(channel).slice(0, 60)}"`);
        return (handlers[channel] as (r: unknown) => Promise<Res<typeof channel>>)(req);
      });
    },
    image: (imageId, size) => readThumbnail(ctx, imageId, size),
    async dispose() {
      const runs = [...train.active.values()];
      for (const h of runs) h.stop();
      // A stop lands at the next batch boundary, seconds away on a big batch: wait a moment for a clean end, then
      // end the workers (atomic writes: the last checkpoint stays resumable), so SIGTERM and quit are prompt.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(runs.map((h) => h.done)), new Promise((r) => { timer = setTimeout(r, STOP_GRACE_MS); })]);
      clearTimeout(timer);
      for (const h of runs) h.terminate();
      await Promise.allSettled(ctx.projects.all().map((p) => p.store.close())); // pending autosaves are written
      await ctx.tasks.dispose();
    },
  };
}

/** The request schemas, with the registries' lists where a field names one (arch, optimizer, export format…). */
function requestSchemas(): { [C in Channel]: z.ZodType } {
  const c = choices();
  const schemas: { [C in Channel]: z.ZodType } = Object.fromEntries(Object.entries(api).map(([k, v]) => [k, v.req])) as never;
  schemas['train:start'] = z.strictObject({ datasetId: api['train:start'].req.shape.datasetId, config: trainConfigSchema(c).omit({ data: true }) });
  return schemas;
}

/** Every handler behind the request check: IPC (which registers these) and HTTP (through call) both get it. */
function checked(raw: ApiHandlers): ApiHandlers {
  const schemas = requestSchemas();
  return Object.fromEntries((Object.keys(raw) as Channel[]).map((channel) => [channel,
    (req: unknown) => {
      const parsed = validate(schemas[channel], req, channel);
      return (raw[channel] as (r: unknown) => Promise<unknown>)(parsed);
    }])) as unknown as ApiHandlers;
}
