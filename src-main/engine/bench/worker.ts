/** Bench worker entry: runs one BenchJob (contract/worker.ts) in this fresh thread, posts one BenchReply, and ends. */

import { parentPort } from 'node:worker_threads';
import type { BenchJob, BenchReply } from '#contract/worker';
import { toResult } from '../../core/errors';
import { runBench } from './runner';
import { setUpBenchBackend } from './setup';

parentPort!.once('message', async (job: BenchJob) => {
  const reply: BenchReply = await toResult(async () => {
    await setUpBenchBackend({ backend: job.backend, wasmThreads: job.wasmThreads, nativeThreads: job.nativeThreads });
    return runBench({ models: [job.model], steps: job.steps, warmup: job.warmup });
  });
  parentPort!.postMessage(reply);
  parentPort!.close();
});
