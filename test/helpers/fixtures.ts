/**
 * Generated image fixtures for tests: sharp-drawn images, class trees, a crafted PNG whose header claims any size,
 * the salted bad-input tree, and a fingerprint of a whole tree (bytes, names, modes, mtimes) to prove read-only.
 */

import { promises as fsp, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

const made: string[] = [];

/** A fresh temp folder; `removeTmpDirs` (e.g. in afterAll) deletes every one this test file made. */
export async function tmpDir(prefix = 'hebb-test-'): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** tmpDir for synchronous setup code (module scope, describe bodies); removed by the same `removeTmpDirs`. */
export function tmpDirSync(prefix = 'hebb-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTmpDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => fsp.rm(d, { recursive: true, force: true })));
}

export interface ImageSpec {
  width?: number;
  height?: number;
  /** Any CSS colour; default grey. */
  color?: string;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. @default 3 */
  channels?: 1 | 2 | 3 | 4;
  /** @default from the file extension */
  format?: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff';
}

/** Write a solid-colour image (8×8 RGB PNG unless told otherwise). */
export async function writeImage(file: string, spec: ImageSpec = {}): Promise<void> {
  const { width = 8, height = 8, color = '#808080', channels = 3 } = spec;
  const format = spec.format ?? formatOf(file);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let img = sharp({ create: { width, height, channels: channels === 4 || channels === 2 ? 4 : 3, background: color } });
  if (channels <= 2) img = img.toColourspace('b-w');
  await img.toFormat(format).toFile(file);
}

function formatOf(file: string): NonNullable<ImageSpec['format']> {
  const ext = path.extname(file).toLowerCase().slice(1);
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  if (ext === 'tif') return 'tiff';
  return (['png', 'webp', 'gif', 'tiff'].includes(ext) ? ext : 'png') as NonNullable<ImageSpec['format']>;
}

/** A distinct colour per index so generated images are never byte-identical by accident. */
export function colorFor(i: number): string {
  return `#${((i * 2654435761) >>> 8 & 0xffffff).toString(16).padStart(6, '0')}`;
}

/** root/<class>/<class>_<i>.png for each class, `n` distinct images each. Returns the relative paths written. */
export async function makeClassTree(root: string, spec: Record<string, number>, image: ImageSpec = {}): Promise<string[]> {
  const written: string[] = [];
  let k = 0;
  for (const [cls, n] of Object.entries(spec)) {
    await fsp.mkdir(path.join(root, cls), { recursive: true });
    for (let i = 0; i < n; i++) {
      const rel = `${cls}/${cls}_${i}.png`;
      await writeImage(path.join(root, rel), { ...image, color: colorFor(++k + root.length) });
      written.push(rel);
    }
  }
  return written;
}

/**
 * A PNG from raw scanlines: IHDR, one IDAT, IEND. With `rows` smaller than `height` the header claims more than
 * the data holds — exactly what a decompression-bomb check must refuse without decoding.
 */
export function encodePng(o: { width: number; height: number; bitDepth?: number; colorType?: number; rows?: number; iend?: boolean; pixels?: Uint8Array }): Buffer {
  const { width, height, bitDepth = 8, colorType = 0, iend = true } = o;
  const bytesPerPixel = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType]! * (bitDepth / 8);
  const rows = Math.min(o.rows ?? height, height);
  const stride = width * bytesPerPixel;
  const raw = Buffer.alloc(rows * (1 + stride));
  // Filter byte 0 (none) per row, then the row's pixels when given.
  if (o.pixels) for (let y = 0; y < rows; y++) raw.set(o.pixels.subarray(y * stride, (y + 1) * stride), y * (1 + stride) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  const chunks = [chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw))];
  if (iend) chunks.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A noisy image, so that cutting its file short lands inside the compressed pixels, not the headers. */
export async function noisyImage(format: 'jpeg' | 'png' | 'webp', size = 64): Promise<Buffer> {
  const px = Buffer.alloc(size * size * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + (i >> 5) * 31) % 251;
  return sharp(px, { raw: { width: size, height: size, channels: 3 } }).toFormat(format).toBuffer();
}

/** A real JPEG whose frame header (SOF) is patched to claim `width`×`height`: a bomb by its header alone. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpg = Buffer.from(await noisyImage('jpeg', 16));
  for (let i = 2; i < jpg.length - 9; i++) {
    if (jpg[i] === 0xff && jpg[i + 1]! >= 0xc0 && jpg[i + 1]! <= 0xc2) {
      jpg.writeUInt16BE(height, i + 5);
      jpg.writeUInt16BE(width, i + 7);
      return jpg;
    }
  }
  throw new Error('no SOF marker in the generated JPEG');
}

/** Two-frame animated GIF (red then blue). */
export async function animatedGif(size = 8): Promise<Buffer> {
  const frame = (background: string) => sharp({ create: { width: size, height: size, channels: 3, background } }).png().toBuffer();
  return sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } }).gif().toBuffer();
}

export { fingerprintTree } from './tree-fingerprint';
export { buildBadInputTree, saltTree, type BadTree } from './bad-tree';
