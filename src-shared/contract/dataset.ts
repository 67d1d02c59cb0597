/** Dataset shapes: what a scan of an ImageFolder-style tree reports, and how it is split (options as zod schemas). */

import { z } from 'zod';

/**
 * Names that are images: torchvision's IMG_EXTENSIONS (0.14), matched case-insensitively on the name's end, plus
 * .gif (first frame). The scanner and the browser upload both sort files by it.
 */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp', '.gif'] as const;

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export const SplitName = z.enum(SPLIT_NAMES);
export type SplitName = z.infer<typeof SplitName>;

export interface InvalidFile {
  /** Path relative to the dataset root; a folder (symlink loop, unlistable, non-UTF-8 name) ends with '/'. */
  path: string;
  /** Plain words, e.g. "empty file (0 bytes)", "truncated PNG (no IEND chunk at the end)". */
  reason: string;
}

export type WarningKind =
  | 'empty-class'
  | 'single-class'
  | 'imbalance'
  | 'duplicate-across-classes'
  | 'duplicate-across-splits'
  | 'tiny-images'
  | 'mixed-channels';

export interface DatasetWarning {
  kind: WarningKind;
  message: string;
  /** Relative paths or class names the warning is about (at most 100; the message gives the full count). */
  items?: string[];
}

/** One usable image, as the scan found it (header only, never decoded). */
export interface ImageEntry {
  /** Path relative to the dataset root (forward slashes). */
  path: string;
  /** Index into `classes`. */
  label: number;
  /** The folder split it came from, when the dataset has train/val/test folders. */
  split?: SplitName;
  width: number;
  height: number;
  /** Channels as stored (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA/CMYK). */
  channels: number;
  format: string;
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  root: string;
  classes: string[];
  counts: Record<string, number>;
  /** Number of usable images. */
  images: number;
  invalid: InvalidFile[];
  ignored: string[];
  warnings: DatasetWarning[];
  /** The splits present as folders (`train`, `val`, `test`), empty for a flat class tree. */
  splits: SplitName[];
  /** True when every usable image is greyscale (1 or 2 channels). */
  greyscale: boolean;
  entries: ImageEntry[];
}

const share = z.number().min(0).max(1);

export const SplitOptions = z.strictObject({
  /** Share of images for validation. */
  val: share.default(0.2),
  /** Share of images for test. */
  test: share.default(0),
  seed: z.number().int().default(42),
});
export type SplitOptions = z.output<typeof SplitOptions>;

export const FIT_MODES = ['cover', 'contain', 'fill'] as const;
export const FitMode = z.enum(FIT_MODES);
export type FitMode = z.infer<typeof FitMode>;

export const Channels = z.union([z.literal(1), z.literal(3)]);

export const PreprocessOptions = z.strictObject({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  fit: FitMode,
  channels: Channels,
});
export type PreprocessOptions = z.infer<typeof PreprocessOptions>;

export const FillMode = z.enum(['nearest', 'constant', 'reflect']);
export type FillMode = z.infer<typeof FillMode>;

const finite = z.number().finite();
/** Keras ImageDataGenerator-style augmentation; every field is optional and off by default. */
export const AugmentOptions = z.strictObject({
  rotationRange: finite.min(0).optional(),
  widthShiftRange: finite.min(0).optional(),
  heightShiftRange: finite.min(0).optional(),
  shearRange: finite.min(0).optional(),
  zoomRange: finite.min(0).lt(1).optional(),
  horizontalFlip: z.boolean().optional(),
  verticalFlip: z.boolean().optional(),
  brightnessRange: z.tuple([finite, finite]).optional(),
  fillMode: FillMode.optional(),
  /** Fill value for fillMode 'constant', 0–255. @default 0 */
  cval: finite.min(0).max(255).optional(),
});
export type AugmentOptions = z.infer<typeof AugmentOptions>;

/** Result of `splitDataset`: every entry lands in exactly one split. */
export interface SplitResult<E = ImageEntry> {
  train: E[];
  val: E[];
  test: E[];
  /** 'folders' when the dataset's own train/val/test folders decided; 'seeded' when the seeded hash split did. */
  source: 'folders' | 'seeded';
}

/**
 * One batch of preprocessed images, ready for the engine: plain typed arrays, never tensors.
 * `x` is N×H×W×C float32 in [0,1] (rescale 1/255 is applied on the batch); `y` holds class indices.
 */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  n: number;
  height: number;
  width: number;
  channels: number;
  /** Dataset-relative paths, aligned with `y`. */
  paths: string[];
}
