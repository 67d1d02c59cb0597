/** Job steps 7–8: keep the preprocessing cache within budget, and cache a frozen backbone's features where that applies. */

import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '#contract/engine';
import { isAugmentActive } from '../../../preprocess/augment';
import { cacheBudget, trimPreprocessCache } from '../../../preprocess/cache-admin';
import type { JobData } from '../data';
import { featureCache, type FeatureCache } from '../feature-cache';

/** Concurrent with training: entries this run writes are the newest, so the last to go. */
export function trimCacheInBackground(cacheDir: string | undefined): void {
  void Promise.resolve().then(() => trimPreprocessCache(cacheBudget(), cacheDir)).catch(() => undefined);
}

/** Transfer models without augmentation (an augmented image is a new image every epoch): features once per image. */
export function featuresFor(model: tf.LayersModel, cfg: TrainConfig, data: JobData, enabled = true): FeatureCache | null {
  if (!enabled || isAugmentActive(cfg.augment)) return null;
  return featureCache(model, { images: data.train.length + data.val.length });
}
