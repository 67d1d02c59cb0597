/**
 * Transfer learning with a frozen backbone: its features depend only on the image, so they are computed once per
 * image (first epoch) and kept in memory; every later step trains the head alone. The head shares its layers and
 * weights with the full model, so training it trains the model. Only without augmentation (an augmented image is a
 * new image every epoch) and when the features fit the memory budget.
 */

import * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import { transferParts } from '../arch/index';

export interface FeatureCache {
  /** The trainable head: features → class probabilities. Train this instead of the full model. */
  head: tf.LayersModel;
  /** Features per image. */
  dim: number;
  /** The same batches with images replaced by their backbone features (computed on first sight, then reused). */
  wrap(batches: AsyncIterable<Batch>): AsyncIterable<Batch>;
  readonly stats: { computed: number; reused: number };
  /** Whether `path`'s features are held (its pixels are then not needed). */
  has(path: string): boolean;
  /** Frees the cached features (the models belong to the full model and stay). */
  clear(): void;
}

export interface FeatureCacheOptions {
  /** Images that will pass through (train + validation): with `dim` it decides whether the cache fits. */
  images: number;
  /** @default 1 GiB */
  maxBytes?: number;
}

/** A cache for a model made of a frozen feature extractor and a head (transferParts), or null when it does not apply. */
export function featureCache(model: tf.LayersModel, opts: FeatureCacheOptions): FeatureCache | null {
  const parts = transferParts(model);
  if (!parts || parts.features.trainableWeights.length > 0) return null;
  const dim = (parts.features.outputs[0]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  if (opts.images * dim * 4 > (opts.maxBytes ?? 2 ** 30)) return null;
  const cached = new Map<string, Float32Array>();
  const stats = { computed: 0, reused: 0 };

  function featuresOf(b: Batch): Float32Array {
    const x = new Float32Array(b.n * dim);
    const had = b.paths.map((p) => cached.has(p));
    if (had.includes(false)) {
      // Inference mode: the frozen backbone's batch norm uses its moving statistics either way (pinFrozenBatchNorm).
      const out = tf.tidy(() => (parts!.features.predict(tf.tensor4d(b.x, [b.n, b.height, b.width, b.channels])) as tf.Tensor).dataSync() as Float32Array);
      b.paths.forEach((p, i) => { if (!cached.has(p)) { cached.set(p, out.slice(i * dim, (i + 1) * dim)); stats.computed++; } });
    }
    b.paths.forEach((p, i) => {
      x.set(cached.get(p)!, i * dim);
      if (had[i]) stats.reused++;
    });
    return x;
  }

  return {
    head: parts.head,
    dim,
    stats,
    has: (p) => cached.has(p),
    async *wrap(batches) {
      for await (const b of batches) yield { ...b, x: featuresOf(b), height: 1, width: 1, channels: dim };
    },
    clear: () => cached.clear(),
  };
}
