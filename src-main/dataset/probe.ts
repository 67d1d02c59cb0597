/** Check one file from its header and its last bytes, never decoding pixels unless its ending looks cut off. */

import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import sharp, { type Metadata } from 'sharp';
import type { ImageEntry } from '#contract/dataset';
import type { ScanFs } from './io';
import { errnoReason } from './io';
import { probeRaw } from './probe-raw';
import { describeNonImage, endingProblem, sniffFormat } from '../image-format/sniff';

/**
 * Largest image (width × height) the scan accepts: 100 MP, about a 10000×10000 photo. The limit is checked on
 * the header's numbers, so a decompression bomb is refused before a single pixel is allocated. Preprocessing's
 * own decode limit is higher, so anything the scan lets through also decodes.
 */
export const MAX_PIXELS = 100_000_000;

/** What a probe learns of one file: the header and stat fields of the contract's ImageEntry. */
export type ImageInfo = Pick<ImageEntry, 'width' | 'height' | 'channels' | 'format' | 'size' | 'mtimeMs'>;

/**
 * `quickKey` hashes the bytes already read (head and tail): files that differ there differ, so duplicate search
 * only re-reads files whose quick keys collide, and not even those when head and tail cover the whole file.
 */
export type ProbeResult = { ok: true; info: ImageInfo; quickKey: QuickKey } | { ok: false; reason: string };

export interface QuickKey {
  key: string;
  /** True when the key hashes the whole file (small files are read whole), so equal keys mean equal files. */
  complete: boolean;
}

const HEAD_BYTES = 512;
const TAIL_BYTES = 1024;

/** Probe a file the walk found under an image name: readable, non-empty, a known format, sane size, not cut off. */
export async function probeImage(abs: string, fs: ScanFs, maxPixels = MAX_PIXELS): Promise<ProbeResult> {
  let ends: Ends;
  try {
    ends = await readEnds(abs, fs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'broken symbolic link (its target is missing)' };
    if (code === 'ENXIO') return { ok: false, reason: 'not a regular file (a socket)' };
    return { ok: false, reason: errnoReason(err) };
  }
  const { st, head, tail, whole } = ends;
  if (!st.isFile()) return { ok: false, reason: `not a regular file (${st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device'})` };
  if (st.size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const sniffed = sniffFormat(head);
  if (!sniffed) return { ok: false, reason: describeNonImage(head) };
  if (sniffed === 'bmp' || sniffed === 'netpbm') {
    const r = await probeRaw(abs, fs, sniffed, st.size, whole, maxPixels);
    if (!r.ok) return r;
    const info: ImageInfo = { width: r.width, height: r.height, channels: r.channels, format: r.format, size: st.size, mtimeMs: st.mtimeMs };
    return { ok: true, info, quickKey: quickKey(whole ?? Buffer.concat([head, tail]), st.size) };
  }

  let meta: Metadata;
  try {
    meta = await sharp(whole ?? abs, { limitInputPixels: false }).metadata();
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
  // A pre-allocated download that never finished ends in zeros, which decoders happily read as image data.
  if (suspicion && tail.every((b) => b === 0)) return { ok: false, reason: `${suspicion}: it ends in zero bytes, an unfinished download?` };
  if (suspicion && !(await decodes(whole ?? abs, maxPixels))) return { ok: false, reason: suspicion };

  const info: ImageInfo = { width, height, channels: meta.channels ?? 3, format: meta.format ?? sniffed, size: st.size, mtimeMs: st.mtimeMs };
  return { ok: true, info, quickKey: quickKey(whole ?? Buffer.concat([head, tail]), st.size) };
}

interface Ends {
  st: Stats;
  head: Buffer;
  tail: Buffer;
  /** The whole file when it is small enough to read in one go (then sharp parses this buffer, not the path). */
  whole?: Buffer;
}

/** Files up to this size are read whole in one call: cheaper than a head and a tail read plus sharp reopening it. */
const WHOLE_FILE_BYTES = 64 * 1024;

/**
 * The file's stat, its first HEAD_BYTES and last TAIL_BYTES, in one open. O_NONBLOCK makes opening a named pipe
 * return at once (a blocking open would wait forever for a writer); fstat then rejects anything not a file.
 */
async function readEnds(abs: string, fs: ScanFs): Promise<Ends> {
  const fd = await fs.open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fs.fstat(fd);
    const size = st.isFile() ? st.size : 0;
    if (size <= WHOLE_FILE_BYTES) {
      const whole = Buffer.alloc(size);
      const got = size ? await fs.read(fd, whole, 0, size, 0) : 0;
      const data = whole.subarray(0, got);
      return { st, head: data.subarray(0, HEAD_BYTES), tail: data.subarray(Math.max(0, got - TAIL_BYTES)), whole: data };
    }
    const head = Buffer.alloc(HEAD_BYTES);
    const tail = Buffer.alloc(TAIL_BYTES);
    await fs.read(fd, head, 0, HEAD_BYTES, 0);
    await fs.read(fd, tail, 0, TAIL_BYTES, size - TAIL_BYTES);
    return { st, head, tail };
  } finally {
    await fs.close(fd);
  }
}

function quickKey(bytes: Buffer, size: number): QuickKey {
  return { key: createHash('sha1').update(bytes).digest('base64'), complete: bytes.length === size };
}

/**
 * The rare file whose ending looks wrong (a motion photo with video appended after the JPEG, a writer that pads)
 * gets one real decode to settle it; libvips shrinks JPEGs on load, so this still reads far less than a full
 * decode, and only suspicious files ever pay it.
 */
async function decodes(input: string | Buffer, maxPixels: number): Promise<boolean> {
  try {
    await sharp(input, { failOn: 'truncated', limitInputPixels: maxPixels }).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.replace(/^Input file has corrupt header: /, '');
}
