/** Training configuration defaults and validation: every field a user may leave out gets a Keras-like default. */

import { MAX_IMAGE_SIDE, TRAIN_DEFAULTS, type TrainConfig } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { findArchitecture, requireArchitecture } from '../arch/registry';
import { losses } from './losses/registry';
import { optimizers } from './optimizers/registry';
import { schedules } from './schedules/registry';

/** The schema's defaults (contract/engine.ts), under the name the engine has always used. */
export const DEFAULTS = TRAIN_DEFAULTS;

/** What a caller gives: the data and the architecture, and any field it wants other than the default. */
export type TrainInput = Partial<TrainConfig> & Pick<TrainConfig, 'data' | 'arch'>;

/** Fill defaults (split.seed follows seed) and reject values that cannot train, naming the field. */
export function normalizeConfig(c: TrainInput): TrainConfig {
  const seed = c.seed ?? DEFAULTS.seed;
  const own = findArchitecture(c.arch)?.defaults;
  const cfg: TrainConfig = { ...DEFAULTS, ...(own?.learningRate ? { learningRate: own.learningRate } : {}), ...c, seed, split: { ...DEFAULTS.split, seed, ...c.split }, augment: { ...c.augment } };
  const bad = (field: string, why: string) => new HebbError('INVALID_ARGUMENT', `${field} ${why}`);
  const int = (v: number, min: number) => Number.isInteger(v) && v >= min;
  requireArchitecture(cfg.arch);
  if (cfg.arch === 'custom' && !cfg.layers) throw bad('layers', "are required for architecture 'custom': a JSON list of layers (hebb train --layers FILE|JSON)");
  if (!int(cfg.epochs, 1)) throw bad('epochs', `must be a whole number ≥ 1 (got ${cfg.epochs})`);
  if (!int(cfg.batchSize, 1)) throw bad('batch size', `must be a whole number ≥ 1 (got ${cfg.batchSize})`);
  if (!int(cfg.imageWidth, 1) || !int(cfg.imageHeight, 1)) throw bad('image size', `must be whole numbers ≥ 1 (got ${cfg.imageWidth}×${cfg.imageHeight})`);
  if (Math.max(cfg.imageWidth, cfg.imageHeight) > MAX_IMAGE_SIDE) throw bad('image size', `may be at most ${MAX_IMAGE_SIDE} pixels a side (got ${cfg.imageWidth}×${cfg.imageHeight})`);
  if (!(cfg.learningRate > 0) || !Number.isFinite(cfg.learningRate)) throw bad('learning rate', `must be > 0 (got ${cfg.learningRate})`);
  optimizers.require(cfg.optimizer, 'optimizer');
  schedules.require(cfg.schedule, 'schedule');
  losses.require(cfg.loss, 'loss');
  if (!(cfg.labelSmoothing >= 0 && cfg.labelSmoothing < 1)) throw bad('label smoothing', `must be in [0, 1) (got ${cfg.labelSmoothing})`);
  if (!(cfg.l2 >= 0)) throw bad('L2', `must be ≥ 0 (got ${cfg.l2})`);
  if (!(cfg.warmupEpochs >= 0)) throw bad('warm-up epochs', `must be ≥ 0 (got ${cfg.warmupEpochs})`);
  if (!int(cfg.earlyStoppingPatience, 0)) throw bad('early-stopping patience', `must be a whole number ≥ 0 (got ${cfg.earlyStoppingPatience})`);
  if (!['none', 'balanced'].includes(cfg.classWeights)) throw bad('class weights', `must be none or balanced (got ${cfg.classWeights})`);
  if (cfg.channels !== null && cfg.channels !== 1 && cfg.channels !== 3) throw bad('channels', `must be 1 or 3 (got ${cfg.channels})`);
  if (!int(cfg.checkpointEverySteps ?? 0, 0)) throw bad('checkpoint every steps', `must be a whole number ≥ 0 (got ${cfg.checkpointEverySteps})`);
  if (!((cfg.checkpointEverySeconds ?? 0) >= 0)) throw bad('checkpoint every seconds', `must be ≥ 0 (got ${cfg.checkpointEverySeconds})`);
  if (!Number.isInteger(cfg.seed)) throw bad('seed', `must be a whole number (got ${cfg.seed})`);
  return cfg;
}

/**
 * Epochs for a run whose caller gave none: the default, or more where the architecture asks for a minimum number
 * of optimizer steps and the training set is small. `null` when nothing changes.
 */
export function epochsForSteps(input: TrainInput, cfg: TrainConfig, trainImages: number): number | null {
  const minSteps = findArchitecture(cfg.arch)?.defaults?.minSteps;
  if (input.epochs !== undefined || !minSteps) return null;
  const epochs = Math.max(cfg.epochs, Math.ceil(minSteps / Math.ceil(trainImages / cfg.batchSize)));
  return epochs > cfg.epochs ? epochs : null;
}
