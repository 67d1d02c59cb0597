/**
 * The batch stream: entries → cached uint8 pixels → (augmented) float32 batches in [0,1], one batch prepared
 * ahead of the consumer, so memory stays at about two batches however large the dataset is.
 */

import path from 'node:path';
import type { AugmentOptions, Batch, ImageEntry, PreprocessOptions, SplitName } from '#contract/dataset';
import { HebbError, toErrorData } from '../core/errors';
import { augmentInto, drawAugment, isAugmentActive, validateAugment } from './augment';
import { PreprocessCache } from './cache';
import type { PixelMemory } from './pixel-memory';
import { type Decoder, normalizePreprocess } from './decode';
import { hashSeed, mulberry32, permutation } from '../core/random';

/** Cache reads in flight per batch; beyond this, libuv's queue only grows. */
const MAX_READS = 64;

export interface BatchStreamOptions {
  /** Absolute dataset root; entry paths are relative to it. */
  root: string;
  entries: ImageEntry[];
  numClasses: number;
  preprocess: PreprocessOptions;
  batchSize: number;
  /** Reshuffle per epoch (seeded by seed + epoch). @default false */
  shuffle?: boolean;
  /** @default 42 */
  seed?: number;
  /** Selects the shuffle order and the augmentation draws. @default 0 */
  epoch?: number;
  /** Start at this 0-based batch of the epoch's order (a run resumed mid-epoch); earlier batches are not read. @default 0 */
  fromBatch?: number;
  /** Random transforms; training split only (refused when `split` is 'val' or 'test'). @default none */
  augment?: AugmentOptions;
  /** Which split these entries are, so augmentation can never leak into evaluation. @default 'train' */
  split?: SplitName;
  /** Cache root. @default cacheDir() */
  cacheDir?: string;
  /** A cache shared across epochs/streams (its stats then add up); built from cacheDir/decoder when absent. */
  cache?: PreprocessCache;
  /** Decoder used on cache misses. @default preprocessImage */
  decoder?: Decoder;
  /** Decodes at once on cache misses, for the cache this stream builds (sharp runs on libuv's 4 threads). @default 4 */
  concurrency?: number;
  /** Pixels kept in RAM across a job's epochs (checked before the on-disk cache). @default none */
  memory?: PixelMemory;
  /**
   * Entries (by relative path) whose pixels the consumer does not need: they are not read, and their rows of x stay 0
   * (a transfer job that already holds their backbone features). @default none
   */
  skipPixels?: (relPath: string) => boolean;
}

/** What the stream has done, for progress and for proving that memory stays bounded. */
export interface BatchStreamStats {
  /** Batches whose loading has started. */
  started: number;
  /** Batches handed to the consumer. */
  yielded: number;
  /** Most batches ever alive on the stream's side at once (started − yielded): 2 = the one being handed over + one prefetched. */
  maxAhead: number;
  imagesLoaded: number;
  /** Images left unread because skipPixels said so. */
  imagesSkipped: number;
}

export class BatchStream implements AsyncIterable<Batch> {
  readonly stats: BatchStreamStats = { started: 0, yielded: 0, maxAhead: 0, imagesLoaded: 0, imagesSkipped: 0 };
  readonly cache: PreprocessCache;
  readonly preprocess: PreprocessOptions;
  private readonly opts: BatchStreamOptions;
  private readonly order: ArrayLike<number>;

  constructor(opts: BatchStreamOptions) {
    this.preprocess = normalizePreprocess(opts.preprocess);
    validateStream(opts);
    this.opts = opts;
    this.cache = opts.cache ?? new PreprocessCache(this.preprocess, { dir: opts.cacheDir, decoder: opts.decoder, decodeConcurrency: opts.concurrency });
    const n = opts.entries.length;
    this.order = opts.shuffle ? permutation(n, hashSeed('shuffle', opts.seed ?? 42, opts.epoch ?? 0)) : identity(n);
  }

  /** Batches per epoch (the last one may be smaller). */
  get batchCount(): number {
    return Math.ceil(this.opts.entries.length / this.opts.batchSize);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    const total = this.batchCount;
    const from = this.opts.fromBatch ?? 0;
    if (from >= total) return;
    let next: Promise<Batch> | null = this.start(from);
    try {
      for (let b = from; b < total; b++) {
        const current: Batch = await next!;
        // Start the following batch before handing this one over, so its I/O and decodes overlap the consumer.
        next = b + 1 < total ? this.start(b + 1) : null;
        this.stats.yielded++;
        yield current;
      }
    } finally {
      // The consumer may stop early: let the in-flight batch settle so nothing runs on after us.
      if (next) await next.catch(() => undefined);
    }
  }

  private start(b: number): Promise<Batch> {
    this.stats.started++;
    this.stats.maxAhead = Math.max(this.stats.maxAhead, this.stats.started - this.stats.yielded);
    const p = this.build(b);
    p.catch(() => undefined); // surfaced when awaited; avoids an unhandled rejection if the consumer left
    return p;
  }

  private async build(b: number): Promise<Batch> {
    const { entries, batchSize, root } = this.opts;
    const lo = b * batchSize;
    const hi = Math.min(entries.length, lo + batchSize);
    const n = hi - lo;
    const { width, height, channels } = this.preprocess;
    const per = width * height * channels;
    const x = new Float32Array(n * per);
    const y = new Int32Array(n);
    const paths = new Array<string>(n);
    const augment = isAugmentActive(this.opts.augment) ? this.opts.augment! : null;
    // Every image of the batch is requested at once: hits are small reads, and the cache bounds the decodes.
    await forEachLimit(n, MAX_READS, async (i) => {
      const entry = entries[this.order[lo + i]!]!;
      y[i] = entry.label;
      paths[i] = entry.path;
      if (this.opts.skipPixels?.(entry.path)) { this.stats.imagesSkipped++; return; }
      const pixels = await this.loadPixels(path.resolve(root, entry.path), entry.path);
      this.stats.imagesLoaded++;
      if (augment) {
        const rand = mulberry32(hashSeed('augment', this.opts.seed ?? 42, this.opts.epoch ?? 0, entry.path));
        const draw = drawAugment(augment, height, width, rand);
        augmentInto(pixels, height, width, channels, draw, augment.fillMode ?? 'nearest', augment.cval ?? 0, x, i * per);
      } else {
        rescaleInto(pixels, x, i * per);
      }
    });
    return { x, y, n, height, width, channels, paths };
  }

  private async loadPixels(absPath: string, rel: string): Promise<Uint8Array> {
    const kept = this.opts.memory?.get(absPath);
    if (kept) return kept;
    try {
      const pixels = await this.cache.load(absPath);
      this.opts.memory?.set(absPath, pixels);
      return pixels;
    } catch (err) {
      if (err instanceof HebbError) throw err;
      const data = toErrorData(err);
      throw new HebbError(data.code, `${rel}: ${data.message}`, rel);
    }
  }
}

/** Stream one epoch of batches; see BatchStreamOptions for defaults. */
export function createBatchStream(opts: BatchStreamOptions): BatchStream {
  return new BatchStream(opts);
}

/** The 1/255 rescale on the batch: a native uint8→float32 copy, then one scaling pass (faster than a fused loop). */
export function rescaleInto(src: Uint8Array, out: Float32Array, offset: number): void {
  out.set(src, offset);
  const inv = 1 / 255;
  const end = offset + src.length;
  for (let k = offset; k < end; k++) out[k]! *= inv;
}

function validateStream(o: BatchStreamOptions): void {
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new HebbError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${o.batchSize}`);
  if (!Number.isInteger(o.numClasses) || o.numClasses < 1) throw new HebbError('INVALID_ARGUMENT', `numClasses must be a positive integer, got ${o.numClasses}`);
  if (o.concurrency !== undefined && (!Number.isInteger(o.concurrency) || o.concurrency < 1)) throw new HebbError('INVALID_ARGUMENT', `concurrency must be a positive integer, got ${o.concurrency}`);
  if (isAugmentActive(o.augment)) {
    if (o.split && o.split !== 'train') throw new HebbError('INVALID_ARGUMENT', `augmentation applies to the training split only, not '${o.split}'`);
    validateAugment(o.augment!);
  }
  for (const e of o.entries) {
    if (!Number.isInteger(e.label) || e.label < 0 || e.label >= o.numClasses) {
      throw new HebbError('INVALID_ARGUMENT', `${e.path}: label ${e.label} outside 0..${o.numClasses - 1}`, e.path);
    }
  }
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Run `fn(0..n-1)` with at most `limit` in flight; the first failure rejects after the running ones settle. */
async function forEachLimit(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (failure === null && nextIndex < n) {
      const i = nextIndex++;
      try {
        await fn(i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  if (failure !== null) throw failure;
}
