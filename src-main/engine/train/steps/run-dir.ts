/**
 * Job step 6: the run directory. A new run creates it (refusing one that holds a run, before writing anything);
 * a resumed one drops what a kill left half-written and loads its newest complete checkpoint, if any.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunPreprocess, TrainConfig } from '#contract/engine';
import type { JobData } from '../data';
import { cleanTemporary, completeCheckpointIds, createRunDir, files, loadCheckpoint, type CheckpointData } from '../run-dir';

export async function openRunDir(runDir: string, s: { resuming: boolean; cfg: TrainConfig; data: JobData; pre: RunPreprocess }): Promise<CheckpointData | null> {
  if (!s.resuming) {
    await createRunDir(runDir, { runId: path.basename(runDir), createdAt: new Date().toISOString(), config: s.cfg }, s.data.labels, s.pre);
    return null;
  }
  await cleanTemporary(runDir);
  await fs.rm(files(runDir).summary, { force: true }); // running again until this session ends
  const latest = (await completeCheckpointIds(runDir)).at(-1);
  return latest ? loadCheckpoint(runDir, latest.epoch, latest.batch) : null;
}
