/**
 * Job step "train again": start from a previous run's final weights instead of a fresh initialisation. The
 * previous run must have the same architecture, input (size, channels) and classes, so every weight fits.
 */

import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { epochsBehind, type RunPreprocess, type TrainConfig } from '#contract/engine';
import { HebbError } from '../../../core/errors';
import { loadModelDir } from '../model-io';
import { LabelsFile, PreprocessFile } from '#contract/run-files';
import { files, readChecked, readRunConfig } from '../run-dir';
import { readRun } from '../runs';

/** A run id names a folder of the runs directory; anything with a separator is a run directory itself. */
export function warmStartDir(from: string, runsDir: string): string {
  return /[\\/]/.test(from) ? path.resolve(from) : path.join(runsDir, from);
}

/**
 * Copy the previous run's weights into `model`; refuses (naming the difference) when they do not fit. Resolves to
 * the epochs those weights had been trained (epochsBehind), which the job records as warmStartEpochs.
 */
export async function warmStart(model: tf.LayersModel, fromDir: string, cfg: TrainConfig, labels: string[], pre: RunPreprocess): Promise<number> {
  const f = files(fromDir);
  const prev = await readRunConfig(path.dirname(f.config));
  const prevLabels = await readChecked(f.labels, LabelsFile);
  const prevPre = await readChecked(f.preprocess, PreprocessFile);
  const refuse = (what: string) => {
    throw new HebbError('INVALID_ARGUMENT', `warmStartFrom: run ${path.basename(fromDir)} has ${what}; train from scratch instead`, fromDir, { field: 'warmStartFrom' });
  };
  if (prev.config.arch !== cfg.arch) refuse(`architecture ${prev.config.arch}, not ${cfg.arch}`);
  if (prevPre.width !== pre.width || prevPre.height !== pre.height || prevPre.channels !== pre.channels) {
    refuse(`input ${prevPre.width}×${prevPre.height}×${prevPre.channels}, not ${pre.width}×${pre.height}×${pre.channels}`);
  }
  if (JSON.stringify(prevLabels) !== JSON.stringify(labels)) refuse(`classes [${prevLabels.join(', ')}], not [${labels.join(', ')}]`);
  const source = await loadModelDir(f.model);
  try {
    const from = source.getWeights();
    const to = model.getWeights();
    if (from.length !== to.length || from.some((w, i) => w.shape.join('x') !== to[i]!.shape.join('x'))) refuse('weights of other shapes (its layers differ)');
    model.setWeights(from);
  } finally {
    source.dispose();
  }
  const parent = await readRun(fromDir);
  return parent ? epochsBehind(parent) : 0;
}
