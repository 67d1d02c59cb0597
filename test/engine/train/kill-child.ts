/**
 * A training job in a process of its own that kills itself with SIGKILL (no cleanup, as kill -9) when it reaches a
 * given batch: the exact-resume test needs the kill at a known place. Args: one JSON object (see Args).
 */

import { runTrainingJob } from '../../../src-main/engine/train/job';
import type { TrainInput } from '../../../src-main/engine/train/config';

interface Args { config: TrainInput; runDir: string; cacheDir: string; resume?: boolean; killAt?: { epoch: number; batch: number } }

const a = JSON.parse(process.argv[2]!) as Args;
const end = await runTrainingJob(a.config, {
  runDir: a.runDir, resume: a.resume, cacheDir: a.cacheDir, maxBatchEventsPerSecond: 1e9,
  onEvent: (e) => {
    // Batch events go out before the checkpoint callback runs for that batch: the kill lands after the previous batch's checkpoint.
    if (a.killAt && e.type === 'batch' && e.epoch === a.killAt.epoch && e.batch === a.killAt.batch) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(JSON.stringify(end) + '\n');
