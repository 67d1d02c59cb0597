/** Images for int8 export from a run's dataset (read-only): ~200 training images to calibrate, the validation split to score. */

import path from 'node:path';
import type { ExportPreprocess } from '#contract/export';
import type { TrainConfig } from '#contract/engine';
import { loadDataset } from '../../project/snapshot';
import { splitDataset } from '../../dataset/split';
import { preprocessImage } from '../../preprocess/decode';
import type { LabelledPixels, TfliteExtra } from './export';

/** @default 200, what the TFLite converter's docs suggest as a representative dataset. */
export const CALIBRATION_IMAGES = 200;

async function decode(root: string, entries: { path: string; label: number }[], pre: ExportPreprocess): Promise<LabelledPixels> {
  const pixels: number[] = [], labels: number[] = [];
  for (const e of entries) {
    const img = await preprocessImage(path.resolve(root, e.path), { width: pre.width, height: pre.height, fit: pre.fit, channels: pre.channels }).catch(() => null);
    if (!img) continue;
    for (const v of img) pixels.push(v);
    labels.push(e.label);
  }
  return { pixels: Float32Array.from(pixels), labels };
}

/**
 * The run's own train/validation split (same seed and shares as training), so calibration never sees a validation
 * image. Calibration images are spread evenly over the training list, not its first classes.
 */
export async function quantisationData(cfg: TrainConfig, labels: string[], pre: ExportPreprocess, n = CALIBRATION_IMAGES): Promise<Pick<TfliteExtra, 'calibration' | 'validation'>> {
  const scan = await loadDataset(cfg.data);
  const remap = scan.classes.map((c) => labels.indexOf(c));
  const entries = scan.entries.map((e) => ({ ...e, label: remap[e.label]! })).filter((e) => e.label >= 0);
  const split = splitDataset(entries, cfg.split);
  const step = Math.max(1, split.train.length / n);
  const picked = Array.from({ length: Math.min(n, split.train.length) }, (_, i) => split.train[Math.floor(i * step)]!);
  const calibration = (await decode(scan.root, picked, pre)).pixels;
  const validation = await decode(scan.root, split.val, pre);
  return { ...(calibration.length ? { calibration } : {}), ...(validation.labels.length ? { validation } : {}) };
}
