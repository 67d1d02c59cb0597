/** Images → ±1 patterns: sharp decodes, greys and resizes to S×S; a global threshold binarises (bright = +1). */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HebbError } from '../core/errors';
import { openImage } from '../preprocess/open';
import type { Spins } from './hopfield';

export type Threshold = 'otsu' | 'mean';

export interface LoadOptions {
  /** Side of the square the image is stretched to (fit 'fill', so nothing is cropped away). */
  size: number;
  /**
   * 'otsu' picks the grey level that best separates dark from bright (maximal between-class variance), the
   * natural choice for drawings and digits; 'mean' splits at the mean grey, which always gives a roughly
   * balanced pattern. @default 'otsu'
   */
  threshold?: Threshold;
}

export interface LoadedPattern { name: string; file: string; pattern: Spins }

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp', '.pgm', '.ppm', '.tif', '.tiff', '.avif']);

/** Every image directly inside `dir` (sorted by name), as ±1 patterns. The folder is only read. */
export async function loadPatternDir(dir: string, opts: LoadOptions): Promise<LoadedPattern[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HebbError(code === 'ENOTDIR' ? 'NOT_A_DIRECTORY' : 'NOT_FOUND', `Cannot read pattern folder ${dir}: ${code ?? (err as Error).message}`, dir);
  }
  const files = names.filter((f) => IMAGE_EXT.has(path.extname(f).toLowerCase())).sort();
  if (files.length === 0) throw new HebbError('DATASET_EMPTY', `No images (${[...IMAGE_EXT].join(' ')}) in ${dir}`, dir);
  const out: LoadedPattern[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    out.push({ name: path.parse(f).name, file, pattern: await loadPattern(file, opts) });
  }
  return out;
}

/** One image file → ±1 pattern of size² neurons, row-major. */
export async function loadPattern(file: string, opts: LoadOptions): Promise<Spins> {
  const { size } = opts;
  if (!Number.isInteger(size) || size < 2 || size > 128) throw new HebbError('INVALID_ARGUMENT', `size must be an integer in 2..128, got ${size}`);
  let grey: Buffer;
  try {
    grey = await (await openImage(file, { limitInputPixels: 16_384 * 16_384, failOn: 'error' }))
      .autoOrient().flatten({ background: '#000' }).greyscale()
      .resize(size, size, { fit: 'fill' }).raw().toBuffer();
  } catch (err) {
    if (err instanceof HebbError) throw err; // already names the file and the reason (unreadable, bad BMP/PGM…)
    throw new HebbError('INVALID_IMAGE', `${file}: cannot decode (${(err as Error).message})`, file);
  }
  return binarise(grey, opts.threshold ?? 'otsu');
}

/** Grey bytes → ±1 with pixels strictly above the threshold as +1. */
export function binarise(grey: Uint8Array, method: Threshold): Spins {
  const t = method === 'mean' ? grey.reduce((a, b) => a + b, 0) / grey.length : otsu(grey);
  const s = new Int8Array(grey.length);
  for (let i = 0; i < grey.length; i++) s[i] = grey[i]! > t ? 1 : -1;
  return s;
}

/** Otsu's threshold over a 256-bin histogram: the level t maximising w0·w1·(μ0 − μ1)² (class "≤ t" vs "> t"). */
export function otsu(grey: Uint8Array): number {
  const hist = new Float64Array(256);
  for (const v of grey) hist[v]!++;
  const total = grey.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let w0 = 0, sum0 = 0, best = -1, bestT = 0;
  for (let t = 0; t < 256; t++) {
    w0 += hist[t]!;
    if (w0 === 0) continue;
    const w1 = total - w0;
    if (w1 === 0) break;
    sum0 += t * hist[t]!;
    const m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) ** 2;
    if (between > best) { best = between; bestT = t; }
  }
  return bestT;
}
