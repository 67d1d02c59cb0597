/**
 * The engine worker's entry. A training worker receives one 'start' message, runs the job, and posts every trainer
 * event back as plain data; a task worker answers 'task' messages (evaluate, predict, export) with typed results.
 * The same file runs as a node worker_thread (parentPort) or an Electron utilityProcess (process.parentPort, whose
 * messages arrive as { data }); the port is abstracted so the job never knows which.
 */

import { parentPort } from 'node:worker_threads';
import { ToWorkerSchema, type FromWorker, type ToWorker } from '#contract/worker';
import { toErrorData, toResult } from '../core/errors';
import { validate } from '../core/validate';
import { runEngineTask } from './tasks';
import { TrainController } from '../engine/train/control';
import { runTrainingJob } from '../engine/train/job';

export interface WorkerPort {
  post(msg: FromWorker): void;
  onMessage(fn: (msg: ToWorker) => void): void;
}

/** The port of whatever process model we are in, or null when run as a plain script. */
export function detectPort(): WorkerPort | null {
  if (parentPort) {
    const p = parentPort;
    return { post: (m) => p.postMessage(m), onMessage: (fn) => p.on('message', fn) };
  }
  const electron = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(ev: 'message', fn: (e: { data: ToWorker }) => void): void } }).parentPort;
  if (electron) return { post: (m) => electron.postMessage(m), onMessage: (fn) => electron.on('message', (e) => fn(e.data)) };
  return null;
}

/** Serve one training job over `port` (start once, then pause / resume / stop until the end event) and any engine tasks, one at a time. */
export function serveTraining(port: WorkerPort): void {
  const control = new TrainController();
  let started = false;
  let tasks: Promise<void> = Promise.resolve();
  port.onMessage((raw) => {
    let msg: ToWorker;
    try { msg = validate(ToWorkerSchema, raw, 'message to the training worker') as ToWorker; } catch (err) {
      const error = toErrorData(err);
      const id = (raw as { kind?: unknown; id?: unknown } | null)?.id;
      if (typeof id === 'number') port.post({ kind: 'task-result', id, result: { ok: false, error } });
      else if ((raw as { kind?: unknown } | null)?.kind === 'start' && !started) {
        started = true;
        const runDir = String((raw as { target?: { runDir?: unknown } }).target?.runDir ?? '');
        port.post({ kind: 'event', event: { type: 'end', status: 'failed', runDir, epochsDone: 0, backend: 'cpu', valAccuracy: null, testAccuracy: null, imagesPerSecond: 0, error } });
      } else port.post({ kind: 'log', level: 'warn', message: error.message });
      return;
    }
    if (msg.kind === 'task') {
      // Queued: tfjs work in one thread is sequential anyway, and the order of results then matches the requests.
      tasks = tasks.then(async () => port.post({ kind: 'task-result', id: msg.id, result: await toResult(() => runEngineTask(msg.request)) }));
      return;
    }
    if (msg.kind === 'pause') control.pause();
    else if (msg.kind === 'resume') control.resume();
    else if (msg.kind === 'stop') control.stop();
    else if (msg.kind === 'start' && !started) {
      started = true;
      runTrainingJob(msg.config, { ...msg.target, control, onEvent: (event) => port.post({ kind: 'event', event }) })
        .catch((err) => port.post({ kind: 'log', level: 'warn', message: toErrorData(err).message }));
    }
  });
}

const port = detectPort();
if (port) serveTraining(port);
