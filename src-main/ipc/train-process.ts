/**
 * Engine workers in an Electron utilityProcess: training runs and the evaluate / predict / export task worker use
 * the same entry the clients run as a worker_thread under `hebb serve`, here forked by Chromium's service launcher so
 * a crash or a busy CPU never touches main or the page. Adapts the UtilityProcess to the clients' WorkerLike
 * (message / error / exit / terminate).
 */

import path from 'node:path';
import type { WorkerLike } from '../engine/train/worker-client';

/** The UtilityProcess surface used (Electron's class and the test fake both fit). */
export interface UtilityChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
  kill(): boolean;
}

export interface UtilityForker {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: NodeJS.ProcessEnv }): UtilityChild;
}


/** The built worker next to the built main entry: out/main/train-worker.js (electron.vite.config.ts names it). */
export function builtWorkerEntry(mainDir: string): string {
  return path.join(mainDir, 'train-worker.js');
}

/**
 * A `createWorker` for the training and task clients that forks `entry` (the built worker, whatever source path the
 * client passes) as a utilityProcess. HEBB_HOME and the rest of the environment are inherited, so the worker
 * writes runs where the app reads them.
 */
export function utilityWorkerFactory(forker: UtilityForker, entry: string): (sourceEntry: string) => WorkerLike {
  return () => {
    const child = forker.fork(entry, [], { serviceName: 'Hebb Studio engine', stdio: 'inherit', env: process.env });
    let exited = false;
    child.on('exit', () => { exited = true; });
    return {
      postMessage: (msg) => { if (!exited) child.postMessage(msg); },
      on(ev: 'message' | 'error' | 'exit', fn: (arg: never) => void) {
        if (ev === 'message') child.on('message', (m) => fn(m as never));
        else if (ev === 'exit') child.on('exit', (code) => fn(code as never));
        else child.on('error', (type, location) => fn(new Error(`${type} at ${location}`) as never));
      },
      terminate: () => (exited ? false : child.kill()),
    } as WorkerLike;
  };
}
