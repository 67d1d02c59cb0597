/** Job step 1: the config of this session: a new run's (defaults filled, validated) or the one a resumed run saved. */

import type { TrainConfig, RunTarget } from '#contract/engine';
import { HebbError } from '../../../core/errors';
import { normalizeConfig, type TrainInput } from '../config';
import { files, readJson, type RunConfigFile } from '../run-dir';

export interface SessionConfig {
  cfg: TrainConfig;
  /** The class names a resumed run trained with (its data must still have exactly these). */
  labels?: string[];
  resuming: boolean;
}

/** A resumed run keeps its saved config; only the backend may be chosen anew (another machine, a missing GPU). */
export async function sessionConfig(input: TrainInput, target: RunTarget & { runDir: string }): Promise<SessionConfig> {
  if (!target.resume) return { cfg: normalizeConfig(input), resuming: false };
  const saved = await readJson<RunConfigFile>(files(target.runDir).config).catch(() => {
    throw new HebbError('NOT_FOUND', `${target.runDir} is not a run directory that can be resumed (no readable config.json)`, target.runDir);
  });
  const labels = await readJson<string[]>(files(target.runDir).labels);
  return { cfg: { ...saved.config, backend: input.backend ?? saved.config.backend }, labels, resuming: true };
}
