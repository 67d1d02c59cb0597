/** The data side of a job: scan, split, the optional separate test folder, and batch-stream factories. */

import type { Batch, ImageEntry, PreprocessOptions } from '#contract/dataset';
import { splitDataset } from '../../dataset/split';
import { scanDataset } from '../../dataset/scan';
import { loadDataset } from '../../project/snapshot';
import { createBatchStream } from '../../preprocess/batches';
import type { PixelMemory } from '../../preprocess/pixel-memory';
import type { TrainConfig } from '#contract/engine';
import { HebbError } from '../../core/errors';

export interface JobData {
  /** The folder entry paths are relative to (the data folder, or a project's folder). */
  root: string;
  /** The effective dataset's hash when the data is a project or its snapshot. */
  datasetHash?: string;
  /** How many images the scanned dataset held (its entries, before the split). */
  images?: number;
  labels: string[];
  channels: 1 | 3;
  train: ImageEntry[];
  val: ImageEntry[];
  /** Test images and the root they are relative to (the --test folder, or the data folder's test split). */
  test: { root: string; entries: ImageEntry[] };
  /** Things the user should know that do not stop the job (an empty class folder in the test set). */
  warnings: string[];
}

export async function loadJobData(cfg: TrainConfig, knownLabels?: string[]): Promise<JobData> {
  const scan = await loadDataset(cfg.data);
  if (scan.classes.length < 2) throw new HebbError('DATASET_EMPTY', `${cfg.data}: a classifier needs at least 2 class folders with images (found ${scan.classes.length})`, cfg.data);
  if (scan.entries.length === 0) throw new HebbError('DATASET_EMPTY', `${cfg.data}: no usable images`, cfg.data);
  const labels = knownLabels ?? scan.classes;
  if (knownLabels && knownLabels.join('\n') !== scan.classes.join('\n')) {
    throw new HebbError('INVALID_ARGUMENT', `${cfg.data}: the class folders changed since this run started (${scan.classes.join(', ')} vs ${knownLabels.join(', ')})`, cfg.data);
  }
  const split = splitDataset(scan.entries, cfg.split);
  let test = { root: scan.root, entries: split.test };
  let greyscale = scan.greyscale;
  const warnings: string[] = [];
  if (cfg.test) {
    const t = await scanDataset(cfg.test);
    const map = t.classes.map((c) => {
      const i = labels.indexOf(c);
      // An empty folder holds no test image of a class the model lacks: nothing to mismatch, only to mention.
      if (i < 0 && !t.counts[c]) {
        warnings.push(`${cfg.test}: class folder "${c}" is empty and not one of the training classes: ignored`);
        return -1;
      }
      if (i < 0) throw new HebbError('INVALID_ARGUMENT', `${cfg.test}: class "${c}" is not one of the training classes (${labels.join(', ')})`, cfg.test);
      return i;
    });
    test = { root: cfg.test, entries: t.entries.map((e) => ({ ...e, label: map[e.label]! })) };
    greyscale = greyscale && t.greyscale;
  }
  if (split.train.length === 0) throw new HebbError('DATASET_EMPTY', `${cfg.data}: no images left for training after the split`, cfg.data);
  return { root: scan.root, ...(scan.datasetHash ? { datasetHash: scan.datasetHash } : {}), images: scan.entries.length, labels, channels: cfg.channels ?? (greyscale ? 1 : 3), train: split.train, val: split.val, test, warnings };
}

export interface StreamFactory {
  root: string;
  numClasses: number;
  preprocess: PreprocessOptions;
  batchSize: number;
  seed: number;
  cacheDir?: string;
  /** Decoded pixels kept in RAM for the whole job. @default none */
  memory?: PixelMemory;
  /** Entries whose pixels no one needs (see BatchStreamOptions.skipPixels). @default none */
  skipPixels?: (relPath: string) => boolean;
}

/** A fresh batch stream per call; training batches are shuffled per epoch and augmented, others are not. */
export function streams(f: StreamFactory) {
  const make = (entries: ImageEntry[], split: 'train' | 'val' | 'test', epoch = 0, augment?: TrainConfig['augment'], root = f.root, fromBatch = 0): AsyncIterable<Batch> =>
    createBatchStream({ root, entries, numClasses: f.numClasses, preprocess: f.preprocess, batchSize: f.batchSize, shuffle: split === 'train', seed: f.seed, epoch, fromBatch, augment: split === 'train' ? augment : undefined, split, cacheDir: f.cacheDir, memory: f.memory, skipPixels: f.skipPixels });
  return make;
}
