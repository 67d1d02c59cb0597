/** Job steps 7–8: keep the preprocessing cache within budget, and cache a frozen backbone's features where that applies. */

import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '#contract/engine';
import { isAugmentActive } from '../../../preprocess/augment';
import { cacheBudget, trimPreprocessCache } from '../../../preprocess/cache-admin';
import type { JobData } from '../data';
import { featureExtractor } from '../../ort/features';
import { featureCache, type FeatureCache } from '../feature-cache';

/** Concurrent with training: entries this run writes are the newest, so the last to go. */
export function trimCacheInBackground(cacheDir: string | undefined): void {
  void Promise.resolve().then(() => trimPreprocessCache(cacheBudget(), cacheDir)).catch(() => undefined);
}

/**
 * A frozen backbone never needs gradients: its features come from one onnxruntime graph (or tfjs) and only the head
 * trains. Without augmentation (an augmented image is a new image every epoch) they are computed once per image.
 */
export function featuresFor(model: tf.LayersModel, cfg: TrainConfig, data: JobData, o: { cache: boolean; cacheDir: string; fast: boolean }): Promise<FeatureCache | null> {
  return featureCache(model, {
    images: data.train.length + data.val.length, cache: o.cache && !isAugmentActive(cfg.augment), unfreeze: cfg.archOptions?.unfreeze,
    extractor: (f) => featureExtractor(f, { cacheDir: o.cacheDir, fast: o.fast }),
  });
}

/** What the Train view says about the backbone: where it runs, and whether its features are computed once. */
export function backboneNote(f: FeatureCache): string {
  const p = f.extractor.path;
  const where = p.runtime === 'onnxruntime' ? `on onnxruntime as one graph (${p.threads} thread${p.threads === 1 ? '' : 's'})` : `on tfjs (${p.reason ?? 'fallback'})`;
  return f.caching
    ? `The frozen backbone runs ${where}, once per image (first epoch); later epochs train only the head on its ${f.dim} cached features.`
    : `The frozen backbone runs ${where} on every batch (augmented images are new each epoch); only the head trains.`;
}
