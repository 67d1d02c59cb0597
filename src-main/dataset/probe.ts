/** Check one file from its header and its last bytes, never decoding pixels unless its ending looks cut off. */

import sharp, { type Metadata } from 'sharp';
import type { ScanFs } from './io';
import { errnoReason } from './io';
import { describeNonImage, endingProblem, sniffFormat } from './sniff';

/**
 * Largest image (width × height) the scan accepts: 100 MP, about a 10000×10000 photo. The limit is checked on
 * the header's numbers, so a decompression bomb is refused before a single pixel is allocated. Preprocessing's
 * own decode limit is higher, so anything the scan lets through also decodes.
 */
export const MAX_PIXELS = 100_000_000;

export interface ImageInfo {
  width: number;
  height: number;
  channels: number;
  format: string;
  size: number;
  mtimeMs: number;
}

export type ProbeResult = { ok: true; info: ImageInfo } | { ok: false; reason: string };

const HEAD_BYTES = 512;
const TAIL_BYTES = 1024;

/** Probe a file the walk found under an image name: readable, non-empty, a known format, sane size, not cut off. */
export async function probeImage(abs: string, fs: ScanFs, maxPixels = MAX_PIXELS): Promise<ProbeResult> {
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'broken symbolic link (its target is missing)' : errnoReason(err) };
  }
  if (!st.isFile()) return { ok: false, reason: `not a regular file (${st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device'})` };
  if (st.size === 0) return { ok: false, reason: 'empty file (0 bytes)' };

  let head: Buffer, tail: Buffer;
  try {
    ({ head, tail } = await readEnds(abs, st.size, fs));
  } catch (err) {
    return { ok: false, reason: errnoReason(err) };
  }
  const sniffed = sniffFormat(head);
  if (!sniffed) return { ok: false, reason: describeNonImage(head) };
  if (sniffed === 'bmp' || sniffed === 'netpbm') {
    const name = sniffed === 'bmp' ? 'BMP' : 'PPM/PGM';
    return { ok: false, reason: `${name} images are not supported yet (our decoder, libvips via sharp, cannot read them): convert to PNG` };
  }

  let meta: Metadata;
  try {
    meta = await sharp(abs, { limitInputPixels: false }).metadata();
  } catch (err) {
    // A cut-off file often breaks the header parse too; its missing ending is the clearer reason.
    return { ok: false, reason: endingProblem(sniffed, head, tail, st.size) ?? `corrupt ${sniffed.toUpperCase()} header: ${firstLine(err)}` };
  }
  if (meta.format === 'heif' && meta.compression === 'hevc') return { ok: false, reason: 'HEIC photo (HEVC) is not supported: convert it to JPEG' };
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) return { ok: false, reason: `corrupt ${sniffed.toUpperCase()} header: no image size` };
  if (width * height > maxPixels) {
    const mp = Math.round((width * height) / 1e6);
    return { ok: false, reason: `image is ${width}×${height} = ${mp} MP, above the ${Math.round(maxPixels / 1e6)} MP limit (decompression bomb?)` };
  }

  const suspicion = endingProblem(sniffed, head, tail, st.size);
  if (suspicion && !(await decodes(abs, maxPixels))) return { ok: false, reason: suspicion };

  const info: ImageInfo = { width, height, channels: meta.channels ?? 3, format: meta.format ?? sniffed, size: st.size, mtimeMs: st.mtimeMs };
  return { ok: true, info };
}

/** The first HEAD_BYTES and last TAIL_BYTES of a file, in one open. */
async function readEnds(abs: string, size: number, fs: ScanFs): Promise<{ head: Buffer; tail: Buffer }> {
  const fh = await fs.open(abs, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await fh.read(head, 0, head.length, 0);
    const tailLen = Math.min(TAIL_BYTES, size);
    const tail = size <= HEAD_BYTES ? head.subarray(size - tailLen) : Buffer.alloc(tailLen);
    if (size > HEAD_BYTES) await fh.read(tail, 0, tailLen, size - tailLen);
    return { head, tail };
  } finally {
    await fh.close();
  }
}

/**
 * The rare file whose ending looks wrong (a motion photo with video appended after the JPEG, a writer that pads)
 * gets one real decode to settle it; libvips shrinks JPEGs on load, so this still reads far less than a full
 * decode, and only suspicious files ever pay it.
 */
async function decodes(abs: string, maxPixels: number): Promise<boolean> {
  try {
    await sharp(abs, { failOn: 'truncated', limitInputPixels: maxPixels }).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.replace(/^Input file has corrupt header: /, '');
}
