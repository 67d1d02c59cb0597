/** Check BMP and PGM/PPM files from their own headers (libvips here cannot read them; preprocess/open.ts decodes them). */

import { constants } from 'node:fs';
import { HebbError } from '../core/errors';
import { bmpTruncation, decodeBmp, readBmpHeader } from '../image-format/bmp';
import { decodePnm, kind, readPnmHeader, truncatedReason } from '../image-format/netpbm';
import type { ScanFs } from './io';

export type RawProbe = { ok: true; width: number; height: number; channels: 1 | 3; format: 'bmp' | 'pgm' | 'ppm' } | { ok: false; reason: string };

/** Header, masks and a 256-colour palette fit in this; so does any PGM/PPM header short of a novel in comments. */
const HEADER_BYTES = 4096;

/**
 * Read the header, refuse bombs by their numbers, and check the length the header promises against the file's.
 * Only files whose length cannot be known from the header (plain-text PGM/PPM, RLE-compressed BMP, both rare and
 * small) are decoded whole to settle it.
 */
export async function probeRaw(abs: string, fs: ScanFs, format: 'bmp' | 'netpbm', size: number, whole: Buffer | undefined, maxPixels: number): Promise<RawProbe> {
  try {
    const head = whole ?? (await readStart(abs, fs, HEADER_BYTES));
    const h = format === 'bmp' ? readBmpHeader(head) : readPnmHeader(head);
    const name = format === 'bmp' ? 'BMP' : kind(head.toString('latin1', 0, 2));
    if (h.width * h.height > maxPixels) {
      const mp = Math.round((h.width * h.height) / 1e6);
      return { ok: false, reason: `image is ${h.width}×${h.height} = ${mp} MP, above the ${Math.round(maxPixels / 1e6)} MP limit (decompression bomb?)` };
    }
    if ('bitsPerPixel' in h) {
      const cut = bmpTruncation(h, size);
      if (cut) return { ok: false, reason: cut };
      if (!h.rasterBytes) decodeBmp(whole ?? (await readStart(abs, fs, size)));
    } else if (h.binary) {
      if (size < h.dataOffset + h.rasterBytes) return { ok: false, reason: truncatedReason(h, size) };
    } else {
      decodePnm(whole ?? (await readStart(abs, fs, size)));
    }
    return { ok: true, width: h.width, height: h.height, channels: h.channels, format: name === 'BMP' ? 'bmp' : name === 'PGM' ? 'pgm' : 'ppm' };
  } catch (err) {
    if (err instanceof HebbError) return { ok: false, reason: err.message };
    throw err;
  }
}

async function readStart(abs: string, fs: ScanFs, bytes: number): Promise<Buffer> {
  const fd = await fs.open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(bytes);
    const got = await fs.read(fd, buf, 0, bytes, 0);
    return buf.subarray(0, got);
  } finally {
    await fs.close(fd);
  }
}
