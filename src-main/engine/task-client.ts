/**
 * The service's side of engine tasks: one long-lived worker (spawned on first use, like a training worker) runs
 * evaluate / predict / export, so their tfjs work never pauses the event loop that serves the UI. Loaded models stay
 * cached in that worker between calls. Failures come back as typed data and are thrown here as HebbError.
 */

import { fileURLToPath } from 'node:url';
import { FromWorkerSchema, type EngineTask, type EngineTaskResults, type FromWorker } from '#contract/worker';
import { HebbError } from '../core/errors';
import { nodeWorker, WORKER_ENTRY, type StartOptions, type WorkerLike } from './train/worker-client';

export interface TaskRunner {
  run<T extends EngineTask>(request: T): Promise<EngineTaskResults[T['task']]>;
  /** End the worker; pending tasks fail with CANCELLED. */
  dispose(): Promise<void>;
}

interface Pending { resolve(v: unknown): void; reject(e: Error): void }

export function createTaskRunner(createWorker: StartOptions['createWorker'] = nodeWorker): TaskRunner {
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (err: HebbError) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  function spawn(): WorkerLike {
    const w = createWorker(fileURLToPath(WORKER_ENTRY));
    w.on('message', (raw: unknown) => {
      const checked = FromWorkerSchema.safeParse(raw);
      if (!checked.success) {
        const id = (raw as { id?: unknown } | null)?.id;
        const p = typeof id === 'number' ? pending.get(id) : undefined;
        if (p) { pending.delete(id as number); p.reject(new HebbError('INTERNAL', `the engine worker sent a malformed answer: ${checked.error.issues[0]?.message ?? 'unknown shape'}`)); }
        return;
      }
      const msg = raw as FromWorker;
      if (msg.kind !== 'task-result') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.result.ok) p.resolve(msg.result.value);
      else p.reject(new HebbError(msg.result.error.code, msg.result.error.message, msg.result.error.file, msg.result.error.detail));
    });
    // A crashed worker is replaced on the next call; the calls it held fail with a reason.
    const lost = (why: string) => { if (worker === w) worker = null; failAll(new HebbError('INTERNAL', `the engine worker ${why}`)); };
    w.on('error', (err) => lost(`crashed: ${err.message}`));
    w.on('exit', (code) => lost(`exited (code ${code})`));
    return w;
  }
  return {
    run(request) {
      worker ??= spawn();
      const id = nextId++;
      const w = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        w.postMessage({ kind: 'task', id, request });
      });
    },
    async dispose() {
      const w = worker;
      worker = null;
      failAll(new HebbError('CANCELLED', 'the engine worker was shut down'));
      if (w) await w.terminate();
    },
  };
}
