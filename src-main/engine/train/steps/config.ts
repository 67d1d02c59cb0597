/**
 * Job step 1: the config of this session: a new run's (defaults filled, validated) or the one a resumed run saved;
 * and, once the data is known, the epochs a small set needs when the caller left them to the architecture.
 */

import type { TrainConfig, RunTarget } from '#contract/engine';
import { HebbError } from '../../../core/errors';
import { findArchitecture } from '../../arch/registry';
import { epochsForSteps, normalizeConfig, type TrainInput } from '../config';
import { LabelsFile } from '#contract/run-files';
import { files, readChecked, readRunConfig } from '../run-dir';

export interface SessionConfig {
  cfg: TrainConfig;
  /** The class names a resumed run trained with (its data must still have exactly these). */
  labels?: string[];
  resuming: boolean;
}

/** A resumed run keeps its saved config; only the backend may be chosen anew (another machine, a missing GPU). */
export async function sessionConfig(input: TrainInput, target: RunTarget & { runDir: string }): Promise<SessionConfig> {
  if (!target.resume) return { cfg: normalizeConfig(input), resuming: false };
  const saved = await readRunConfig(target.runDir).catch(() => {
    throw new HebbError('NOT_FOUND', `${target.runDir} is not a run directory that can be resumed (no readable config.json)`, target.runDir);
  });
  const labels = await readChecked(files(target.runDir).labels, LabelsFile);
  return { cfg: { ...saved.config, backend: input.backend ?? saved.config.backend }, labels, resuming: true };
}

/** A new run without explicit epochs trains at least its architecture's minimum of optimizer steps; says so in `note`. */
export function fitEpochs(input: TrainInput, s: SessionConfig, trainImages: number, note: (text: string) => void): TrainConfig {
  const epochs = s.resuming ? null : epochsForSteps(input, s.cfg, trainImages);
  if (epochs === null) return s.cfg;
  const perEpoch = Math.ceil(trainImages / s.cfg.batchSize);
  note(`${epochs} epochs instead of ${s.cfg.epochs}: ${s.cfg.arch} trains for at least ${findArchitecture(s.cfg.arch)?.defaults?.minSteps} optimizer steps, and ${trainImages} training images at batch ${s.cfg.batchSize} make ${perEpoch} per epoch (set epochs to choose).`);
  return { ...s.cfg, epochs };
}
