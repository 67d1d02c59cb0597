/** Augmentation preview: one image, preprocessed, drawn several times with seeded transforms, as a PNG grid. */

import sharp from 'sharp';
import type { AugmentOptions, PreprocessOptions } from '#contract/dataset';
import { augmentInto, drawAugment, validateAugment } from './augment';
import { type Decoder, normalizePreprocess, preprocessImage } from './decode';
import { hashSeed, mulberry32 } from '../core/random';

export interface PreviewOptions {
  /** Augmented tiles to draw. @default 8 */
  count?: number;
  /** @default 42 */
  seed?: number;
  /** Put the unaugmented image first, for comparison. @default true */
  includeOriginal?: boolean;
  /** Tiles smaller than this (px) are enlarged by an integer factor, nearest-neighbour, so pixels stay honest. @default 96 */
  minTile?: number;
  /** @default preprocessImage */
  decoder?: Decoder;
}

const GAP = 2;

/** A PNG grid (near-square, white gaps) of `count` augmentations of `absPath` at the model's input size. */
export async function renderAugmentPreview(
  absPath: string, preprocess: PreprocessOptions, augment: AugmentOptions, options: PreviewOptions = {},
): Promise<Buffer> {
  const p = normalizePreprocess(preprocess);
  validateAugment(augment);
  const { count = 8, seed = 42, includeOriginal = true, minTile = 96 } = options;
  const pixels = await (options.decoder ?? preprocessImage)(absPath, p);
  const { width: w, height: h, channels: c } = p;
  const tiles: Uint8Array[] = includeOriginal ? [pixels] : [];
  const scratch = new Float32Array(w * h * c);
  for (let i = 0; i < count; i++) {
    const draw = drawAugment(augment, h, w, mulberry32(hashSeed('preview', seed, i)));
    augmentInto(pixels, h, w, c, draw, augment.fillMode ?? 'nearest', augment.cval ?? 0, scratch, 0);
    const tile = new Uint8Array(scratch.length);
    for (let k = 0; k < scratch.length; k++) tile[k] = Math.round(scratch[k]! * 255);
    tiles.push(tile);
  }
  const cols = Math.max(1, Math.ceil(Math.sqrt(tiles.length)));
  const rows = Math.max(1, Math.ceil(tiles.length / cols));
  const gridW = cols * w + (cols - 1) * GAP, gridH = rows * h + (rows - 1) * GAP;
  const grid = new Uint8Array(gridW * gridH * c).fill(255);
  tiles.forEach((tile, t) => {
    const x0 = (t % cols) * (w + GAP), y0 = Math.floor(t / cols) * (h + GAP);
    for (let r = 0; r < h; r++) grid.set(tile.subarray(r * w * c, (r + 1) * w * c), ((y0 + r) * gridW + x0) * c);
  });
  const scale = Math.max(1, Math.ceil(minTile / Math.max(w, h)));
  return sharp(grid, { raw: { width: gridW, height: gridH, channels: c } })
    .resize(gridW * scale, gridH * scale, { kernel: 'nearest' })
    .png()
    .toBuffer();
}
