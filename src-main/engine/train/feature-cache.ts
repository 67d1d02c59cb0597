/**
 * Transfer learning with a frozen backbone: every step trains the head alone on the backbone's features, which a
 * FeatureExtractor computes (one onnxruntime graph, or tfjs as the fallback). The features depend only on the
 * image, so without augmentation (an augmented image is a new image every epoch) and when they fit the memory
 * budget they are computed once per image (first epoch) and kept. The head shares its layers and weights with the
 * full model, so training it trains the model.
 */

import * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import { transferParts } from '../arch/index';
import { fineTuneParts } from '../arch/fine-tune';
import { featureExtractor, type FeatureExtractor } from '../ort/features';

export interface FeatureCache {
  /** The trainable head: features → class probabilities. Train this instead of the full model. */
  head: tf.LayersModel;
  /** Features per image. */
  dim: number;
  /** Backbone layers inside the head (archOptions.unfreeze), still frozen until the job makes them trainable. */
  unfrozen: tf.layers.Layer[];
  /** Whether features are kept after their first computation. */
  readonly caching: boolean;
  /** Computes the features (onnxruntime or tfjs; its `path` says which). */
  readonly extractor: FeatureExtractor;
  /**
   * The same batches with images replaced by their backbone features (computed on first sight, then reused when
   * caching). `keep: false` neither reads nor fills the cache (a test set, whose relative paths may repeat others').
   */
  wrap(batches: AsyncIterable<Batch>, keep?: boolean): AsyncIterable<Batch>;
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
  /** false: compute every batch's features afresh (augmentation). @default true */
  cache?: boolean;
  /** Fine-tune the backbone's last N blocks: the features are then the feature map entering them. @default 0 */
  unfreeze?: number;
  /** Computes features from a batch's pixels. @default tfjs's forward pass of the model's own feature extractor */
  extractor?: (features: tf.LayersModel) => Promise<FeatureExtractor>;
}

/** The frozen feature extractor of a model made of one and a head (transferParts), or null when there is none. */
export function frozenFeatures(model: tf.LayersModel): ReturnType<typeof transferParts> {
  const parts = transferParts(model);
  return parts && parts.features.trainableWeights.length === 0 ? parts : null;
}

/** Feature-level training for a model made of a frozen feature extractor and a head, or null when it does not apply. */
export async function featureCache(model: tf.LayersModel, opts: FeatureCacheOptions): Promise<FeatureCache | null> {
  const pooled = frozenFeatures(model);
  if (!pooled) return null;
  const parts = opts.unfreeze ? fineTuneParts(model, opts.unfreeze) : { ...pooled, unfrozen: [] };
  // The head's input: [1, 1, dim] for pooled features, the feature map's own [h, w, c] before unfrozen blocks.
  const shape = parts.features.outputs[0]!.shape.slice(1) as number[];
  const [fh, fw, fc] = shape.length === 3 ? shape : [1, 1, shape[0]!];
  const extractor = await (opts.extractor ?? ((f) => featureExtractor(f, { cacheDir: '', fast: false })))(parts.features);
  const dim = extractor.dim;
  const caching = opts.cache !== false && opts.images * dim * 4 <= (opts.maxBytes ?? 2 ** 30);
  const cached = new Map<string, Float32Array>();
  const stats = { computed: 0, reused: 0 };

  async function featuresOf(b: Batch, keep: boolean): Promise<Float32Array> {
    if (!caching || !keep) {
      stats.computed += b.n;
      return extractor.extract(b.x, b.n);
    }
    const x = new Float32Array(b.n * dim);
    const had = b.paths.map((p) => cached.has(p));
    if (had.includes(false)) {
      // Inference mode: the frozen backbone's batch norm uses its moving statistics either way (pinFrozenBatchNorm).
      const out = await extractor.extract(b.x, b.n);
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
    unfrozen: parts.unfrozen,
    caching,
    stats,
    extractor,
    has: (p) => caching && cached.has(p),
    async *wrap(batches, keep = true) {
      for await (const b of batches) yield { ...b, x: await featuresOf(b, keep), height: fh!, width: fw!, channels: fc! };
    },
    clear: () => cached.clear(),
  };
}
