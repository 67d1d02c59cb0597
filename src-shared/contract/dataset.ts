/** Dataset shapes: what a scan of an ImageFolder-style tree reports, and how it is split. */

export type SplitName = 'train' | 'val' | 'test';

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

export interface SplitOptions {
  /** Share of images for validation. @default 0.2 */
  val: number;
  /** Share of images for test. @default 0 */
  test: number;
  /** @default 42 */
  seed: number;
}

export type FitMode = 'cover' | 'contain' | 'fill';

export interface PreprocessOptions {
  width: number;
  height: number;
  /** @default 'cover' */
  fit: FitMode;
  /** @default 3 */
  channels: 1 | 3;
}

export type FillMode = 'nearest' | 'constant' | 'reflect';

/** Keras ImageDataGenerator-style augmentation; every field is optional and off by default. */
export interface AugmentOptions {
  rotationRange?: number;
  widthShiftRange?: number;
  heightShiftRange?: number;
  shearRange?: number;
  zoomRange?: number;
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  brightnessRange?: [number, number];
  fillMode?: FillMode;
  /** Fill value for fillMode 'constant', 0–255. @default 0 */
  cval?: number;
}

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
