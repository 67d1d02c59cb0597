/** Preprocessing and batches: sharp decode, on-disk cache, augmentation, the batch stream and the preview. */

export { preprocessImage, preprocessBytes, normalizePreprocess, lumaPIL, MAX_INPUT_PIXELS, FLATTEN_BACKGROUND, type Decoder } from './decode';
export { PreprocessCache, CACHE_FORMAT_VERSION, type CacheOptions, type CacheStats } from './cache';
export { createBatchStream, BatchStream, rescaleInto, type BatchStreamOptions, type BatchStreamStats } from './batches';
export { drawAugment, augmentInto, inverseMatrix, isAugmentActive, validateAugment, type AugmentDraw } from './augment';
export { renderAugmentPreview, type PreviewOptions } from './preview';
export { hashSeed, mulberry32, permutation } from '../core/random';
export type { Batch } from '#contract/dataset';
export { cacheBudget, cacheUsage, clearPreprocessCache, parseSize, pruneOrphanTemps, trimPreprocessCache, type CacheUsage, type TrimResult } from './cache-admin';
