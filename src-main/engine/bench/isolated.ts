/**
 * One model's bench in a fresh worker thread, as every training run gets its own worker. In one long-lived process
 * the mlp ran ~10% slower after the CNN than before it (3 of 3 rounds here: 36.2k → 33.7k, 38.2k → 34.4k, 34.0k →
 * 30.3k samples/s), an artefact of the order that no training run sees.
 */

import { fileURLToPath } from 'node:url';
import type { BenchJob, BenchReply, BenchResult } from '#contract/worker';
import { HebbError } from '../../core/errors';
import { nodeWorker } from '../train/worker-client';

const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));

export function benchInWorker(job: BenchJob): Promise<BenchResult> {
  const worker = nodeWorker<BenchJob, BenchReply>(ENTRY);
  return new Promise((resolve, reject) => {
    let replied = false;
    worker.on('message', (r) => {
      replied = true;
      void worker.terminate();
      if (r.ok) resolve(r.value);
      else reject(new HebbError(r.error.code, `bench worker (${job.model}): ${r.error.message}`));
    });
    worker.on('error', (e) => reject(new HebbError('INTERNAL', `bench worker (${job.model}) crashed: ${e.message}`)));
    worker.on('exit', (code) => { if (!replied) reject(new HebbError('INTERNAL', `bench worker (${job.model}) exited with code ${code} before answering`)); });
    worker.postMessage(job);
  });
}
