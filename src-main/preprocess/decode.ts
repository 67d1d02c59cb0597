/** Decode one image file with sharp into the model's input: upright, resized, RGB or grey, uint8 HWC. */

import { promises as fs, readFileSync, statSync } from 'node:fs';
import type { OutputInfo } from 'sharp';
import type { PreprocessOptions } from '#contract/dataset';
import { HebbError, toErrorData } from '../core/errors';
import { openBytes } from './open';
import { decodePngFast } from './png-fast';

/**
 * Largest image we agree to decode (width × height), at least the scan's own limit so whatever the scan accepted
 * decodes. sharp reads the header first and refuses bigger inputs before allocating anything, so a decompression
 * bomb costs milliseconds, never gigabytes.
 */
export const MAX_INPUT_PIXELS = 16_384 * 16_384;

/**
 * Alpha is flattened onto black, the same colour the contain-mode letterbox uses, so a transparent icon and its
 * padding look alike to the network. (PIL's convert('RGB') drops alpha instead; for the usual fully transparent
 * pixels stored as 0,0,0,0 the two agree.) png-fast.ts reproduces libvips's flatten onto black only; its tests
 * compare it with sharp and would catch a change here.
 */
export const FLATTEN_BACKGROUND = { r: 0, g: 0, b: 0 };

/** Files up to this size are read with one blocking call (see preprocessImage). */
const SYNC_READ_MAX_BYTES = 1 << 20;

/** Turns a file into `width*height*channels` bytes; injectable so tests can count decodes. */
export type Decoder = (absPath: string, opts: PreprocessOptions) => Promise<Uint8Array>;

/** Fill in PreprocessOptions defaults (fit 'cover', channels 3) and reject nonsense sizes. */
export function normalizePreprocess(opts: Partial<PreprocessOptions> & Pick<PreprocessOptions, 'width' | 'height'>): PreprocessOptions {
  const p: PreprocessOptions = { width: opts.width, height: opts.height, fit: opts.fit ?? 'cover', channels: opts.channels ?? 3 };
  for (const k of ['width', 'height'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1 || p[k] > 4096) {
      throw new HebbError('INVALID_ARGUMENT', `preprocess ${k} must be an integer in 1..4096, got ${p[k]}`);
    }
  }
  if (p.channels !== 1 && p.channels !== 3) throw new HebbError('INVALID_ARGUMENT', `preprocess channels must be 1 or 3, got ${p.channels}`);
  if (!['cover', 'contain', 'fill'].includes(p.fit)) throw new HebbError('INVALID_ARGUMENT', `unknown fit mode '${p.fit}'`);
  return p;
}

/**
 * sharp pipeline: EXIF auto-orient → flatten alpha → resize (cover = centre crop, contain = black letterbox,
 * fill = stretch) → sRGB → 8-bit raw (→ PIL-style luma for greyscale). CMYK and 16-bit inputs are converted by
 * libvips on the way; animated GIF/WebP give their first frame (sharp reads page 0 unless told otherwise);
 * BMP and PGM/PPM are decoded to raw pixels first (open.ts), since this libvips build cannot read them.
 * Cost (bench/preprocess.ts, 640×480 JPEG → 64×64): ~2.6–3.5 CPU ms per image, about half of it sharp/libvips's
 * fixed cost per call (a 16×16 JPEG costs ~1.5 ms); kernel, cache, sequentialRead, failOn and libvips threads
 * change it by less than the noise, and shrink-on-load already decodes at 1/4 scale. That fixed cost (~0.9 ms even
 * for a bare 28×28 PNG → raw) is why plain PNGs already at the target size take png-fast.ts instead (~0.1 ms).
 */
export const preprocessImage: Decoder = async (absPath, options) => {
  let input: Buffer;
  try {
    // Reading the bytes ourselves is measurably cheaper than letting libvips open the file (bench/preprocess.ts),
    // and an unreadable file fails with its own reason (NOT_FOUND, PERMISSION_DENIED), not as a bad image.
    // Small files are read synchronously: promise readFile costs ~4 thread-pool round trips, 0.12–0.26 CPU ms per
    // file against ~0.02 ms, more than the PNG fast path's whole decode; a ≤1 MB read blocks for well under 1 ms.
    input = statSync(absPath).size <= SYNC_READ_MAX_BYTES ? readFileSync(absPath) : await fs.readFile(absPath);
  } catch (err) {
    const data = toErrorData(err);
    // Node's own text ("ENOENT: no such file or directory, stat '/the/path'") would name the file a second time.
    throw new HebbError(data.code, `${absPath}: ${UNREADABLE[data.code] ?? data.message}`, absPath);
  }
  return preprocessBytes(input, options, absPath);
};

const UNREADABLE: Partial<Record<string, string>> = { NOT_FOUND: 'no such file', PERMISSION_DENIED: 'permission denied', NOT_A_DIRECTORY: 'a parent is not a folder' };

/** libvips repeats its warnings once per scanline pass ("premature end of JPEG image" ×3): each distinct line once. */
export function libvipsReason(err: unknown): string {
  const lines = String((err as Error)?.message ?? err).split('\n').map((l) => l.trim()).filter(Boolean);
  return [...new Set(lines)].join('; ');
}

/**
 * The same pipeline on encoded bytes already in memory (an uploaded or pasted image); `name` labels errors.
 * failOn 'truncated' is the scan's own policy, so every image the scan accepted also decodes here.
 */
export async function preprocessBytes(input: Buffer, options: PreprocessOptions, name = 'image'): Promise<Uint8Array> {
  const opts = normalizePreprocess(options);
  // sharp's own words for this ("Input Buffer is empty") name no file and read like our bug.
  if (input.length === 0) throw new HebbError('INVALID_IMAGE', `${name}: empty file (0 bytes)`, name);
  // PNGs already at the target size skip libvips's ~1 ms fixed cost per call (png-fast.ts); same bytes out.
  const rgb = decodePngFast(input, opts.width, opts.height) ?? (await decodeWithSharp(input, opts, name));
  return opts.channels === 1 ? lumaPIL(rgb) : rgb;
}

/** The sharp pipeline itself (RGB out), for every image the fast path declines. */
export async function decodeWithSharp(input: Buffer, opts: PreprocessOptions, name = 'image'): Promise<Uint8Array> {
  const pipeline = openBytes(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' }, name)
    .autoOrient()
    .flatten({ background: FLATTEN_BACKGROUND })
    // fastShrinkOnLoad (sharp's default, spelled out): a JPEG is decoded at 1/2, 1/4 or 1/8 scale by DCT scaling straight
    // towards the model size, so a 4000×3000 photo never exists at full size (bench/preprocess.ts, BENCH_PHOTO=4000x3000).
    .resize(opts.width, opts.height, { fit: opts.fit, position: 'centre', background: { ...FLATTEN_BACKGROUND, alpha: 1 }, fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' });
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new HebbError('INVALID_IMAGE', `${name}: cannot decode (${libvipsReason(err)})`, name);
  }
  const { info, data } = out;
  if (info.width !== opts.width || info.height !== opts.height || info.channels !== 3) {
    throw new HebbError('INTERNAL', `${name}: decoded to ${info.width}×${info.height}×${info.channels}, expected ${opts.width}×${opts.height}×3`, name);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/**
 * Greyscale as PIL's convert('L') and torchvision's Grayscale compute it (ITU-R 601-2 luma on the encoded
 * values, same fixed-point rounding), not libvips's linear-light version: a model trained here must see the
 * same pixels as one fed by a PIL/torchvision pipeline at inference time.
 */
export function lumaPIL(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = (rgb[j]! * 19595 + rgb[j + 1]! * 38470 + rgb[j + 2]! * 7471 + 0x8000) >> 16;
  }
  return out;
}
