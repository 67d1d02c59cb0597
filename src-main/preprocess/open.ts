/** The one way Hebb opens an image for sharp: formats libvips here cannot read (BMP, PGM/PPM) are decoded first. */

import { promises as fs } from 'node:fs';
import sharp, { type FailOnOptions, type Sharp } from 'sharp';
import { HebbError, toErrorData } from '../core/errors';
import { sniffFormat } from '../image-format/sniff';
import { decodeBmp, readBmpHeader } from '../image-format/bmp';
import { decodePnm, kind, readPnmHeader } from '../image-format/netpbm';

export interface OpenOptions {
  /** Refuse images with more pixels than this, from the header, before decoding (default 16384², sharp's own default is ~268 MP). */
  limitInputPixels?: number;
  /** sharp's failOn for formats it decodes itself (default 'truncated'); BMP and PGM/PPM always fail on damage. */
  failOn?: FailOnOptions;
}

const DEFAULT_LIMIT = 16_384 * 16_384;

/**
 * Read the file (when given a path) and return a sharp pipeline over it. BMP and Netpbm bytes are decoded here to
 * raw 8-bit pixels (their header's size is checked against the pixel limit first, so a bomb is refused unread);
 * everything else goes to sharp as encoded bytes. Errors: NOT_FOUND / PERMISSION_DENIED for unreadable files,
 * INVALID_IMAGE naming the file for bad BMP/PGM/PPM data (sharp's own errors surface when the pipeline runs).
 */
export async function openImage(input: string | Buffer, options: OpenOptions = {}, name = typeof input === 'string' ? input : 'image'): Promise<Sharp> {
  let bytes: Buffer;
  if (typeof input === 'string') {
    try {
      bytes = await fs.readFile(input);
    } catch (err) {
      const data = toErrorData(err);
      throw new HebbError(data.code, `${input}: ${data.message}`, input);
    }
  } else bytes = input;
  return openBytes(bytes, options, name);
}

/** The synchronous half of openImage, for bytes already in memory. */
export function openBytes(bytes: Buffer, options: OpenOptions = {}, name = 'image'): Sharp {
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT;
  const format = sniffFormat(bytes.subarray(0, 32));
  if (format !== 'bmp' && format !== 'netpbm') return sharp(bytes, { limitInputPixels: limit, failOn: options.failOn ?? 'truncated' });
  try {
    const head = format === 'bmp' ? readBmpHeader(bytes) : readPnmHeader(bytes);
    if (head.width * head.height > limit) {
      const what = format === 'bmp' ? 'BMP' : kind(bytes.toString('latin1', 0, 2));
      throw new HebbError('INVALID_IMAGE', `${what} is ${head.width}×${head.height}, above the ${Math.round(limit / 1e6)} MP decode limit`);
    }
    const raw = format === 'bmp' ? decodeBmp(bytes) : decodePnm(bytes);
    return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels }, limitInputPixels: limit });
  } catch (err) {
    if (err instanceof HebbError) throw new HebbError(err.code, `${name}: ${err.message}`, name);
    throw err;
  }
}
