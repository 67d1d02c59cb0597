/**
 * Start a training run in a worker thread so the process serving the UI never blocks; events arrive as plain
 * data. Electron's main process may pass `createWorker` to run the same entry in a utilityProcess instead.
 */

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainConfig, TrainEnd } from '#contract/engine';
import { FromWorkerSchema, type FromWorker, type ToWorker, type TrainerEvent } from '#contract/worker';
import { runsDir } from '../../core/paths';
import { newRunId } from './runs';

/** What the client needs from a worker: a message pipe, and a way to end it. */
export interface WorkerLike<In = ToWorker, Out = FromWorker> {
  postMessage(msg: In): void;
  on(ev: 'message', fn: (msg: Out) => void): void;
  on(ev: 'error', fn: (err: Error) => void): void;
  on(ev: 'exit', fn: (code: number) => void): void;
  terminate(): unknown;
}

export interface StartOptions {
  /** @default runsDir()/<new run id> */
  runDir?: string;
  /** Continue the run in runDir. @default false */
  resume?: boolean;
  /** Spawn the worker for this entry file. @default a node worker_thread running it through tsx */
  createWorker?: (entry: string) => WorkerLike;
}

export interface TrainingHandle {
  runId: string;
  runDir: string;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Ends the worker now (shutdown after a grace for stop()); the run keeps its last checkpoint, resumable. */
  terminate(): void;
  /** Resolves with the end record (failed when the worker crashed); never rejects. */
  done: Promise<TrainEnd>;
}

export const WORKER_ENTRY = new URL('../../worker/train-worker.ts', import.meta.url);

/**
 * A worker_thread that registers tsx itself before importing the TypeScript entry: `--import tsx` in a worker's
 * execArgv does not reach its module loader on Node 20, and there is no build step for the CLI or tests.
 */
export function nodeWorker<In = ToWorker, Out = FromWorker>(entry: string): WorkerLike<In, Out> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`;
  return new Worker(boot, { eval: true }) as unknown as WorkerLike<In, Out>;
}

export function startTrainingWorker(config: TrainConfig, onEvent: (ev: TrainerEvent) => void, opts: StartOptions = {}): TrainingHandle {
  const runDir = path.resolve(opts.runDir ?? path.join(runsDir(), newRunId(config.arch)));
  const worker = (opts.createWorker ?? nodeWorker)(fileURLToPath(WORKER_ENTRY));
  let finished = false;
  const done = new Promise<TrainEnd>((resolve) => {
    const fail = (message: string) => {
      if (finished) return;
      const end: TrainEnd = { status: 'failed', runDir, epochsDone: 0, backend: 'cpu', valAccuracy: null, testAccuracy: null, imagesPerSecond: 0, error: { code: 'TRAINING_FAILED', message } };
      finished = true;
      onEvent({ type: 'end', ...end });
      resolve(end);
    };
    worker.on('message', (raw) => {
      const checked = FromWorkerSchema.safeParse(raw);
      if (!checked.success) { fail(`the training worker sent a malformed message (${checked.error.issues[0]?.message ?? 'unknown shape'})`); void worker.terminate(); return; }
      const msg = raw as FromWorker;
      if (msg.kind !== 'event') return;
      onEvent(msg.event);
      if (msg.event.type === 'end' && !finished) {
        finished = true;
        const { type: _t, ...end } = msg.event;
        resolve(end);
        void worker.terminate();
      }
    });
    worker.on('error', (err) => { fail(`the training worker crashed: ${err.message}`); void worker.terminate(); });
    worker.on('exit', (code) => fail(`the training worker exited (code ${code}) before finishing`));
  });
  worker.postMessage({ kind: 'start', config, target: { runDir, resume: opts.resume ?? false } });
  const send = (msg: ToWorker) => { if (!finished) worker.postMessage(msg); };
  return { runId: path.basename(runDir), runDir, pause: () => send({ kind: 'pause' }), resume: () => send({ kind: 'resume' }), stop: () => send({ kind: 'stop' }), terminate: () => { void worker.terminate(); }, done };
}
